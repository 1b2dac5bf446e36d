package sqlstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"
	"slices"

	"ward"
)

// storedFinding is what ReplaceFindings compares of a stored finding.
type storedFinding struct {
	id     int64
	digest int64
	group  ward.GroupKey // a device's finding moves with the device's version
}

// findingKey identifies a finding: a device's own (DeviceID set, the model
// and version left zero, since the device may have changed version) or a
// model and version's.
type findingKey struct {
	group    ward.GroupKey
	advisory int64
}

func keyOf(g ward.GroupKey, advisory int64) findingKey {
	if g.DeviceID != 0 {
		g = ward.GroupKey{DeviceID: g.DeviceID}
	}
	return findingKey{g, advisory}
}

// ReplaceFindings makes the findings src yields the stored findings
// within scope. See ward.MatchStore.
func (db *DB) ReplaceFindings(ctx context.Context, scope ward.FindingScope, src ward.FindingSource) (*ward.FindingChanges, error) {
	ch := &ward.FindingChanges{}
	err := db.update(ctx, func(tx *Tx) error {
		w, err := newFindingWriter(tx, ch)
		if err != nil {
			return err
		}
		defer w.close()
		summary := map[string]any{"scope": "all"}
		if len(scope.AdvisoryIDs) > 0 {
			err = w.replaceAdvisories(scope.AdvisoryIDs, src)
			summary = map[string]any{"scope": "advisories", "advisories": len(scope.AdvisoryIDs)}
		} else {
			err = w.replaceGroups(src)
		}
		if err != nil {
			return err
		}
		// One summary entry per match run, however many findings it
		// wrote: findings are derived data, recomputable from the
		// audited inputs.
		summary["added"], summary["updated"], summary["removed"], summary["unchanged"] = ch.Added, ch.Updated, ch.Removed, ch.Unchanged
		return tx.audit("match.run", "finding", "", nil, summary)
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// replaceGroups replaces, batch by batch, the findings of the groups each
// batch lists, so memory holds one batch and its groups' stored findings.
// A group whose findings hash to the digest stored when they were last
// written is unchanged and not read at all.
func (w *findingWriter) replaceGroups(src ward.FindingSource) error {
	stored, err := w.tx.groupDigests()
	if err != nil {
		return err
	}
	for {
		b, err := src.Next()
		if errors.Is(err, io.EOF) {
			return w.flush()
		}
		if err != nil {
			return err
		}
		digests := make([]int64, len(b.Groups))
		fs := b.Findings
		for i, g := range b.Groups {
			n := 0
			for n < len(fs) && fs[n].GroupKey == g {
				n++
			}
			digests[i] = groupDigest(g, fs[:n])
			if d, ok := stored[g]; ok && d == digests[i] {
				w.ch.Unchanged += n
			} else {
				old := map[findingKey]storedFinding{}
				if err := w.loadGroup(g, old); err != nil {
					return err
				}
				if err := w.apply(fs[:n], old); err != nil {
					return err
				}
			}
			fs = fs[n:]
		}
		if len(fs) > 0 {
			return ward.Errorf(ward.EINTERNAL, "finding batch: findings of group %+v out of order", fs[0].GroupKey)
		}
		if err := w.markMatched(b.Groups, digests); err != nil {
			return err
		}
	}
}

// groupDigest hashes a group's findings, in the matcher's order, with the
// group's key (a device's findings carry its model and version).
func groupDigest(g ward.GroupKey, fs []ward.GroupFinding) int64 {
	h := fnv.New64a()
	var buf [8]byte
	put := func(n uint64) {
		binary.LittleEndian.PutUint64(buf[:], n)
		h.Write(buf[:])
	}
	put(uint64(g.ModelID))
	h.Write([]byte(g.SoftwareVersion))
	put(uint64(g.DeviceID))
	for i := range fs {
		put(uint64(fs[i].AdvisoryID))
		put(fs[i].Digest())
	}
	if d := int64(h.Sum64()); d != 0 {
		return d
	}
	return 1
}

// replaceAdvisories replaces the findings of the listed advisories in
// every group.
func (w *findingWriter) replaceAdvisories(ids []int64, src ward.FindingSource) error {
	old := map[findingKey]storedFinding{}
	for _, chunk := range chunks(ids, 500) {
		if err := w.load(` WHERE advisory_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk), old); err != nil {
			return err
		}
	}
	var all []ward.GroupFinding
	for {
		b, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		all = append(all, b.Findings...)
	}
	touched := map[ward.GroupKey]bool{}
	for _, f := range all {
		touched[f.GroupKey] = true
	}
	for _, o := range old {
		touched[o.group] = true
	}
	if err := w.apply(all, old); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	// The groups' stored digests no longer describe all their findings.
	return w.tx.forgetDigests(touched)
}

// findingWriter applies finding changes within one transaction.
type findingWriter struct {
	tx      *Tx
	ch      *ward.FindingChanges
	ins     *batchInsert
	upd     *preparedStmt
	byGroup *preparedStmt
	byDev   *preparedStmt
	gone    []int64
}

func newFindingWriter(tx *Tx, ch *ward.FindingChanges) (*findingWriter, error) {
	w := &findingWriter{tx: tx, ch: ch, ins: newBatchInsert(tx, "findings", `model_id, software_version, device_id,
		advisory_id, status, confidence, cves, evidence, digest, first_seen, updated_at`, 11)}
	var err error
	if w.byGroup, err = tx.prepareStmt(findingCols + ` WHERE device_id IS NULL AND model_id = ? AND software_version = ?`); err != nil {
		return nil, err
	}
	if w.byDev, err = tx.prepareStmt(findingCols + ` WHERE device_id = ?`); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *findingWriter) close() {
	w.ins.close()
	for _, s := range []*preparedStmt{w.upd, w.byGroup, w.byDev} {
		if s != nil {
			s.close()
		}
	}
}

const findingCols = `SELECT id, model_id, software_version, COALESCE(device_id, 0), advisory_id, digest FROM findings`

// loadGroup adds a group's stored findings to old.
func (w *findingWriter) loadGroup(g ward.GroupKey, old map[findingKey]storedFinding) error {
	var rows rowsScanner
	var err error
	if g.DeviceID != 0 {
		rows, err = w.byDev.query(g.DeviceID)
	} else {
		rows, err = w.byGroup.query(g.ModelID, g.SoftwareVersion)
	}
	if err != nil {
		return err
	}
	return scanStored(rows, old)
}

// load adds the stored findings a WHERE clause selects to old.
func (w *findingWriter) load(where string, args []any, old map[findingKey]storedFinding) error {
	rows, err := w.tx.query(findingCols+where, args...)
	if err != nil {
		return err
	}
	return scanStored(rows, old)
}

// rowsScanner is the part of *sql.Rows scanStored needs.
type rowsScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

func scanStored(rows rowsScanner, old map[findingKey]storedFinding) error {
	defer rows.Close()
	for rows.Next() {
		var g ward.GroupKey
		var adv int64
		var s storedFinding
		if err := rows.Scan(&s.id, &g.ModelID, &g.SoftwareVersion, &g.DeviceID, &adv, &s.digest); err != nil {
			return err
		}
		s.group = g
		old[keyOf(g, adv)] = s
	}
	return rows.Err()
}

// apply inserts the new findings, updates the changed ones and queues the
// rest of old for deletion.
func (w *findingWriter) apply(findings []ward.GroupFinding, old map[findingKey]storedFinding) error {
	now := w.tx.ts(w.tx.now)
	for i := range findings {
		f := &findings[i]
		k := keyOf(f.GroupKey, f.AdvisoryID)
		digest := int64(f.Digest())
		o, ok := old[k]
		delete(old, k)
		switch {
		case ok && o.digest == digest && o.group == f.GroupKey:
			w.ch.Unchanged++
		case ok:
			w.ch.Updated++
			if err := w.update(o.id, f, digest, now); err != nil {
				return err
			}
		default:
			w.ch.Added++
			cves, ev := findingJSON(f)
			if err := w.ins.add(f.ModelID, f.SoftwareVersion, idArg(f.DeviceID), f.AdvisoryID, f.Status, f.Confidence,
				cves, ev, digest, now, now); err != nil {
				return err
			}
		}
	}
	for _, o := range old {
		w.gone = append(w.gone, o.id)
	}
	if len(w.gone) >= 500 {
		return w.deleteGone()
	}
	return nil
}

func (w *findingWriter) update(id int64, f *ward.GroupFinding, digest int64, now any) error {
	if w.upd == nil {
		var err error
		if w.upd, err = w.tx.prepareStmt(`UPDATE findings SET model_id = ?, software_version = ?, status = ?,
			confidence = ?, cves = ?, evidence = ?, digest = ?, updated_at = ? WHERE id = ?`); err != nil {
			return err
		}
	}
	cves, ev := findingJSON(f)
	return w.upd.exec(f.ModelID, f.SoftwareVersion, f.Status, f.Confidence, cves, ev, digest, now, id)
}

func findingJSON(f *ward.GroupFinding) (cves, evidence string) {
	c, _ := json.Marshal(nonNilStrings(f.CVEs))
	e, _ := json.Marshal(f.Evidence)
	return string(c), string(e)
}

func (w *findingWriter) deleteGone() error {
	slices.Sort(w.gone)
	w.ch.Removed += len(w.gone)
	for _, chunk := range chunks(w.gone, 500) {
		if _, err := w.tx.exec(`DELETE FROM findings WHERE id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
			return err
		}
	}
	w.gone = w.gone[:0]
	return nil
}

func (w *findingWriter) flush() error {
	if err := w.ins.flush(); err != nil {
		return err
	}
	return w.deleteGone()
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
