package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"ward"
)

// storedFinding is a finding row as ReplaceFindings compares it.
type storedFinding struct {
	id                       int64
	status, confidence, cves string
	evidence                 string
	firstSeen                time.Time
}

type findingKey struct {
	group    ward.GroupKey
	advisory int64
}

// ReplaceFindings makes findings the stored findings within scope. See
// ward.MatchStore.
func (db *DB) ReplaceFindings(ctx context.Context, scope ward.FindingScope, findings []ward.GroupFinding) (*ward.FindingChanges, error) {
	ch := &ward.FindingChanges{}
	err := db.update(ctx, func(tx *Tx) error {
		old, err := tx.findingsInScope(scope)
		if err != nil {
			return err
		}
		ins := newBatchInsert(tx, "findings", `model_id, software_version, device_id, advisory_id, status, confidence,
			cves, evidence, first_seen, updated_at`, 10)
		defer ins.close()
		var upd *preparedStmt
		for _, f := range findings {
			cves, _ := json.Marshal(nonNilStrings(f.CVEs))
			ev, _ := json.Marshal(f.Evidence)
			k := findingKey{f.GroupKey, f.AdvisoryID}
			o, ok := old[k]
			switch {
			case !ok:
				ch.Added++
				if err := ins.add(f.ModelID, f.SoftwareVersion, idArg(f.DeviceID), f.AdvisoryID, f.Status, f.Confidence,
					string(cves), string(ev), tx.ts(tx.now), tx.ts(tx.now)); err != nil {
					return err
				}
			case o.status == f.Status && o.confidence == f.Confidence && o.cves == string(cves) && o.evidence == string(ev):
				ch.Unchanged++
			default:
				ch.Updated++
				if upd == nil {
					if upd, err = tx.prepareStmt(`UPDATE findings SET status = ?, confidence = ?, cves = ?, evidence = ?,
						updated_at = ? WHERE id = ?`); err != nil {
						return err
					}
					defer upd.close()
				}
				if err := upd.exec(f.Status, f.Confidence, string(cves), string(ev), tx.ts(tx.now), o.id); err != nil {
					return err
				}
			}
			delete(old, k)
		}
		if err := ins.flush(); err != nil {
			return err
		}
		var gone []int64
		for _, o := range old {
			gone = append(gone, o.id)
		}
		slices.Sort(gone)
		ch.Removed = len(gone)
		for _, chunk := range chunks(gone, 500) {
			if _, err := tx.exec(`DELETE FROM findings WHERE id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
				return err
			}
		}
		return tx.markMatched(scope)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// findingsInScope loads the stored findings scope covers.
func (tx *Tx) findingsInScope(scope ward.FindingScope) (map[findingKey]storedFinding, error) {
	out := map[findingKey]storedFinding{}
	const cols = `SELECT id, model_id, software_version, COALESCE(device_id, 0), advisory_id, status, confidence, cves,
		evidence, first_seen FROM findings`
	load := func(q string, args ...any) error {
		rows, err := tx.query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k findingKey
			var s storedFinding
			if err := rows.Scan(&s.id, &k.group.ModelID, &k.group.SoftwareVersion, &k.group.DeviceID, &k.advisory,
				&s.status, &s.confidence, &s.cves, &s.evidence, timeCol{&s.firstSeen}); err != nil {
				return err
			}
			out[k] = s
		}
		return rows.Err()
	}
	if scope.All {
		return out, load(cols)
	}
	for _, chunk := range chunks(scope.AdvisoryIDs, 500) {
		if err := load(cols+` WHERE advisory_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
			return nil, err
		}
	}
	for _, g := range scope.Groups {
		var err error
		if g.DeviceID != 0 {
			err = load(cols+` WHERE device_id = ?`, g.DeviceID)
		} else {
			err = load(cols+` WHERE device_id IS NULL AND model_id = ? AND software_version = ?`, g.ModelID, g.SoftwareVersion)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// markMatched records the groups of scope as matched.
func (tx *Tx) markMatched(scope ward.FindingScope) error {
	if scope.All {
		// Groups without units stay: a full match covered them too.
		now := "?" // PostgreSQL cannot infer a select-list parameter's type
		if tx.db.engine == Postgres {
			now = "CAST(? AS TIMESTAMPTZ)"
		}
		_, err := tx.exec(`INSERT INTO matched_groups (model_id, software_version, matched_at)
			SELECT DISTINCT model_id, software_version, `+now+` FROM devices WHERE true
			ON CONFLICT (model_id, software_version) DO UPDATE SET matched_at = excluded.matched_at`, tx.ts(tx.now))
		return err
	}
	for _, g := range scope.Groups {
		if g.DeviceID != 0 {
			continue
		}
		if _, err := tx.exec(`INSERT INTO matched_groups (model_id, software_version, matched_at) VALUES (?, ?, ?)
			ON CONFLICT (model_id, software_version) DO UPDATE SET matched_at = excluded.matched_at`,
			g.ModelID, g.SoftwareVersion, tx.ts(tx.now)); err != nil {
			return err
		}
	}
	return nil
}
