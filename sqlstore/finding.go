package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"ward"
)

// Findings are stored per group and listed per device: the listing joins
// devices on the group's model and version (or the device of a
// device-level finding; a device with its own SBOM gets only those), the
// advisory, and the triage decision, whose effect on the status
// (effectiveStatus) is computed in SQL so that status filters and
// pagination agree.

const findingSelect = `SELECT f.id, d.id, d.asset_tag, COALESCE(d.recorded_manufacturer, ''), COALESCE(d.recorded_model, ''),
	f.model_id, f.software_version, f.advisory_id, a.source, a.tracking_id, a.title, a.revision, f.status, f.confidence,
	f.cves, f.evidence, f.first_seen, f.updated_at, t.id, t.status, t.justification, t.comment, t.expires,
	t.advisory_revision, t.actor, t.at, ` + riskDeviceColumns + `, `

// findingSelectBrief has the columns of findingSelect, with the recorded
// names, the title and the evidence left empty: a brief listing (risk
// ranking) reads neither.
const findingSelectBrief = `SELECT f.id, d.id, d.asset_tag, '', '',
	f.model_id, f.software_version, f.advisory_id, a.source, a.tracking_id, '', a.revision, f.status, f.confidence,
	f.cves, '', f.first_seen, f.updated_at, t.id, t.status, t.justification, t.comment, t.expires,
	t.advisory_revision, t.actor, t.at, ` + riskDeviceColumns + `, `

// effectiveStatus is the SQL for a finding's status after triage: a
// current decision (same advisory revision, not expired) replaces the
// computed status, except a risk acceptance, which keeps it.
const effectiveStatus = `CASE WHEN t.id IS NOT NULL AND t.advisory_revision = a.revision
	AND (t.expires IS NULL OR t.expires >= ?) AND t.status <> 'risk_accepted' THEN t.status ELSE f.status END`

// kevCondition narrows a KEV-only listing by indexes before the exact
// test. The exact test must read the finding's own CVEs (findings.cves, a
// JSON array): a finding names only those of its advisory's CVEs that
// concern the device (the others may be fixed or not affected in its
// version, or answered by VEX), so an advisory that names a KEV CVE may
// have findings that do not. Alone, that test parses the CVEs of every
// finding the other conditions leave, and probes kev for each: linear in
// the findings. A finding's CVEs are among its advisory's, so this
// condition is implied by it and loses nothing; it starts from the KEV
// catalog (about 1,400 CVEs), finds the advisories that name them by
// advisory_cves' cve index, and their findings by findings_advisory, so
// only the findings of those few advisories are parsed, however many
// findings there are.
// Selecting the findings' ids (not their advisories) keeps the walk in id
// order, so a page is not a sort of every KEV finding's devices.
const kevCondition = `f.id IN (SELECT kf.id FROM findings kf WHERE kf.advisory_id IN (
	SELECT ac.advisory_id FROM kev k JOIN advisory_cves ac ON ac.cve = k.cve))`

// findingQuery builds the two halves of a listing (group findings joined
// on model and version, device findings joined on the device) with f's
// conditions, and their arguments.
func (tx *Tx) findingQuery(f ward.FindingFilter, cur *cursor) (string, []any, error) {
	today := ward.DateOf(tx.now).String()
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []string{ward.FindingAffected, ward.FindingUnderInvestigation}
	}
	var where []string
	var args []any
	where = append(where, effectiveStatus+" IN ("+placeholders(len(statuses))+")")
	args = append(append(args, today), stringArgs(statuses)...)
	if f.ID != 0 {
		where, args = append(where, "f.id = ?"), append(args, f.ID)
	}
	if f.AdvisoryID != 0 {
		where, args = append(where, "f.advisory_id = ?"), append(args, f.AdvisoryID)
	}
	if ref := strings.ToUpper(strings.TrimSpace(f.Advisory)); ref != "" {
		where = append(where, "(a.tracking_key = ? OR f.advisory_id IN (SELECT advisory_id FROM advisory_cves WHERE cve = ?))")
		args = append(args, ref, ref)
	}
	// "f.id IN (SELECT id …)" hands the walk over findings only the ids an
	// index finds, in id order, instead of every finding.
	if f.DeviceID != 0 {
		var model int64
		var version string
		err := tx.queryRow(`SELECT model_id, software_version FROM devices WHERE id = ?`, f.DeviceID).Scan(&model, &version)
		if err != nil {
			return "", nil, notFound(err, "no device %d", f.DeviceID)
		}
		where = append(where, "d.id = ?", `f.id IN (SELECT id FROM findings WHERE device_id IS NULL AND model_id = ?
			AND software_version = ? UNION ALL SELECT id FROM findings WHERE device_id = ?)`)
		args = append(args, f.DeviceID, model, version, f.DeviceID)
	}
	if f.ModelID != 0 {
		where = append(where, "f.id IN (SELECT id FROM findings WHERE model_id = ?)")
		args = append(args, f.ModelID)
	}
	if len(f.FacilityIDs) > 0 {
		// The listing walks findings in order and probes each group's
		// units in the facilities; facilities without devices would make
		// it walk them all for nothing.
		var has bool
		if err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM devices WHERE facility_id IN (`+
			placeholders(len(f.FacilityIDs))+`))`, int64Args(f.FacilityIDs)...).Scan(&has); err != nil {
			return "", nil, err
		}
		if !has {
			where = append(where, "1 = 0")
		}
		where = append(where, "d.facility_id IN ("+placeholders(len(f.FacilityIDs))+")")
		args = append(args, int64Args(f.FacilityIDs)...)
	}
	if f.KEV {
		where = append(where, kevCondition, "EXISTS (SELECT 1 FROM "+tx.jsonStrings("f.cves", "fc")+" JOIN kev k ON k.cve = fc.value)")
	}
	if cur != nil {
		fid, _ := strconv.ParseInt(cur.Keys[0], 10, 64)
		where, args = append(where, "(f.id, d.id) > (?, ?)"), append(args, fid, cur.ID)
	}
	cond := strings.Join(where, " AND ")
	const from = ` FROM findings f JOIN advisories a ON a.id = f.advisory_id
		LEFT JOIN triage t ON t.model_id = f.model_id AND t.software_version = f.software_version AND t.advisory_id = f.advisory_id`
	sel := findingSelect
	if f.Brief {
		sel = findingSelectBrief
	}
	// A device with an SBOM of its own is matched as its own group, on its
	// model's names and its components: its device findings replace those
	// of its model and version.
	//
	// Pages are ordered by finding, then device. The group half walks the
	// findings in that order and reaches each one's devices by index: on
	// SQLite, CROSS JOIN keeps that join order, which the planner would
	// otherwise give up for a facility index and a sort of every row. The
	// device half reaches the few device findings through their partial
	// index; "f.id IN (…)" keeps them in id order without scanning findings.
	join := " JOIN "
	if tx.db.engine == SQLite {
		join = " CROSS JOIN "
	}
	group := sel + effectiveStatus + from + join +
		`devices d ON d.model_id = f.model_id AND d.software_version = f.software_version` + riskDeviceJoin + ` WHERE f.device_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM sboms s WHERE s.device_id = d.id AND s.device_id IS NOT NULL) AND ` + cond
	device := sel + effectiveStatus + from + ` JOIN devices d ON d.id = f.device_id` + riskDeviceJoin + `
		WHERE f.id IN (SELECT id FROM findings WHERE device_id IS NOT NULL) AND ` + cond
	// The effective status appears in the select list and in the WHERE of
	// both halves: today's date is bound once for each.
	allArgs := append([]any{today}, args...)
	allArgs = append(allArgs, today)
	allArgs = append(allArgs, args...)
	return group + " UNION ALL " + device, allArgs, nil
}

// findingScan remembers the CVEs of the last finding read, so the rows
// of one finding (one per device) parse them once and share them.
type findingScan struct {
	today  ward.Date
	lastID int64
	cves   []string
	risk   riskScan
}

// scanFinding reads a row of findingQuery, and explains and dates its
// triage decision as of today.
func scanFinding(rows *sql.Rows, fd *ward.Finding, sc *findingScan) error {
	var cves, evidence, recMfr, recModel, revision string
	var tID sql.NullInt64
	var tStatus, tJust, tComment, tRev, tActor sql.NullString
	var t ward.Triage
	dest := []any{&fd.ID, &fd.DeviceID, &fd.AssetTag, &recMfr, &recModel, &fd.ModelID, &fd.SoftwareVersion,
		&fd.AdvisoryID, &fd.Source, &fd.AdvisoryRef, &fd.AdvisoryTitle, &revision, &fd.ComputedStatus, &fd.Confidence,
		&cves, &evidence, timeCol{&fd.FirstSeen}, timeCol{&fd.UpdatedAt}, &tID, &tStatus, &tJust, &tComment,
		dateCol{&t.Expires}, &tRev, &tActor, timeCol{&t.At}}
	dest = append(sc.risk.dest(dest), &fd.Status)
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	fd.RiskInput = sc.risk.input()
	if fd.ID != sc.lastID || sc.lastID == 0 {
		sc.cves = nil
		if err := json.Unmarshal([]byte(cves), &sc.cves); err != nil {
			return err
		}
		sc.lastID = fd.ID
	}
	fd.CVEs = sc.cves
	today := sc.today
	if evidence != "" {
		if err := json.Unmarshal([]byte(evidence), &fd.Evidence); err != nil {
			return err
		}
		fd.Explanation = fd.Evidence.Explain(recMfr, recModel)
	}
	if tID.Valid {
		t.ID, t.ModelID, t.SoftwareVersion, t.AdvisoryID = tID.Int64, fd.ModelID, fd.SoftwareVersion, fd.AdvisoryID
		t.Status, t.Justification, t.Comment, t.AdvisoryRevision = tStatus.String, tJust.String, tComment.String, tRev.String
		t.Actor = ward.Actor(tActor.String)
		t.State = ward.TriageCurrent
		expired := !t.Expires.IsZero() && t.Expires.Before(today)
		if expired {
			t.State = ward.TriageExpired
		}
		if t.AdvisoryRevision != revision {
			t.State = ward.TriageReopened
			fd.Explanation += "; triage reopened: the advisory was revised since"
		}
		if expired {
			fd.Explanation += fmt.Sprintf("; triage %s by %s expired on %s", t.Status, t.Actor, t.Expires)
		}
		fd.Triage = &t
		if t.State == ward.TriageCurrent {
			fd.RiskInput.TriageStatus, fd.RiskInput.TriageExpires = t.Status, t.Expires
		}
	}
	return nil
}

// findingChunk is how many rows a stream of findings reads before it
// looks up the KEV and EPSS entries of their CVEs.
const findingChunk = 1000

// EachFinding streams the per-device findings matching f, ordered by
// finding and device, with their KEV and EPSS fields.
func (db *DB) EachFinding(ctx context.Context, f ward.FindingFilter, fn func(*ward.Finding) error) error {
	if err := validateFindingFilter(f); err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		q, args, err := tx.findingQuery(f, nil)
		if err != nil {
			return err
		}
		// One query read in chunks: each chunk's CVEs are looked up with
		// one query between reads.
		st, err := tx.openStream("finding_stream", "SELECT * FROM ("+q+") x ORDER BY 1, 2", args...)
		if err != nil {
			return err
		}
		defer st.close()
		sc := &findingScan{today: ward.DateOf(tx.now)}
		chunk := make([]ward.Finding, 0, findingChunk)
		cache := map[string]cveIntel{}
		rc := newRiskCache()
		for {
			chunk = chunk[:0]
			n, err := st.next(findingChunk, func(rows *sql.Rows) error {
				chunk = append(chunk, ward.Finding{})
				return scanFinding(rows, &chunk[len(chunk)-1], sc)
			})
			if err != nil || n == 0 {
				return err
			}
			if err := tx.addFindingIntel(chunk, cache); err != nil {
				return err
			}
			if err := tx.addFindingRisk(chunk, rc); err != nil {
				return err
			}
			for i := range chunk {
				if err := fn(&chunk[i]); err != nil {
					return err
				}
			}
		}
	})
}

// FindFindings returns a page of per-device findings matching f, with
// their KEV and EPSS fields.
func (db *DB) FindFindings(ctx context.Context, f ward.FindingFilter) (*ward.Page[ward.Finding], error) {
	if err := validateFindingFilter(f); err != nil {
		return nil, err
	}
	cur, err := decodeCursor(f.After, "finding", 1)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Finding]{Items: []ward.Finding{}}
	err = db.view(ctx, func(tx *Tx) error {
		q, args, err := tx.findingQuery(f, cur)
		if err != nil {
			return err
		}
		rows, err := tx.query("SELECT * FROM ("+q+") x ORDER BY 1, 2 LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		sc := &findingScan{today: ward.DateOf(tx.now)}
		for rows.Next() {
			var fd ward.Finding
			if err := scanFinding(rows, &fd, sc); err != nil {
				rows.Close()
				return err
			}
			page.Items = append(page.Items, fd)
		}
		// The rows must be closed before the lookup: PostgreSQL runs one
		// query at a time on a connection.
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.NextCursor = cursor{Sort: "finding", Keys: []string{strconv.FormatInt(last.ID, 10)}, ID: last.DeviceID}.encode()
		}
		if err := tx.addFindingIntel(page.Items, map[string]cveIntel{}); err != nil {
			return err
		}
		return tx.addFindingRisk(page.Items, newRiskCache())
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

func validateFindingFilter(f ward.FindingFilter) error {
	for _, s := range f.Statuses {
		switch s {
		case ward.FindingAffected, ward.FindingUnderInvestigation, ward.FindingNotAffected, ward.FindingFixed:
		default:
			return ward.Errorf(ward.EINVALID, "finding status %q is not one of %s", s, strings.Join(ward.FindingStatuses, ", "))
		}
	}
	return nil
}
