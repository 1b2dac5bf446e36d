package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"ward"
	"ward/patchplan"
	"ward/version"
)

// A VEX export reads one inventory group: its model, its units' count, its
// group findings (findings_group: model, version, advisory) with their
// triage decisions, and the model's catalog patches. Every read is by
// index and bounded by the group, whatever the size of the inventory.

const vexFindings = `SELECT f.id, f.advisory_id, a.source, a.tracking_id, a.title, a.revision, f.status, f.confidence, f.cves,
	f.evidence, f.first_seen, f.updated_at, t.id, t.status, t.justification, t.comment, t.expires, t.advisory_revision,
	t.actor, t.at, ` + effectiveStatus + `
	FROM findings f JOIN advisories a ON a.id = f.advisory_id
	LEFT JOIN triage t ON t.model_id = f.model_id AND t.software_version = f.software_version AND t.advisory_id = f.advisory_id
	WHERE f.model_id = ? AND f.software_version = ? AND f.device_id IS NULL
	ORDER BY a.tracking_key, a.source, f.id`

// FindVEX returns what a VEX export of one model and version rests on.
// See ward.VEXService.
func (db *DB) FindVEX(ctx context.Context, f ward.VEXFilter) (*ward.VEXReport, error) {
	f.Version = strings.TrimSpace(f.Version)
	if f.Version == "" {
		return nil, ward.Errorf(ward.EINVALID, "a VEX export needs the software version it speaks about")
	}
	if f.ModelID == 0 && (strings.TrimSpace(f.Manufacturer) == "" || strings.TrimSpace(f.Model) == "") {
		return nil, ward.Errorf(ward.EINVALID, "a VEX export needs a model: its ID, or its manufacturer and name")
	}
	rep := &ward.VEXReport{Statements: []ward.VEXStatement{}}
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.vexProduct(f, &rep.Product); err != nil {
			return err
		}
		if err := tx.vexStatements(&rep.Product, &rep.Statements); err != nil {
			return err
		}
		if rep.Product.Devices == 0 && len(rep.Statements) == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no unit of %s %s runs version %q, and Ward has no findings for it",
				rep.Product.Manufacturer, rep.Product.Model, f.Version)
		}
		return tx.vexPatches(&rep.Product, rep.Statements)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// vexProduct resolves the model and counts its active units at the version.
func (tx *Tx) vexProduct(f ward.VEXFilter, p *ward.VEXProduct) error {
	pt := ward.Patch{ModelID: f.ModelID, Manufacturer: strings.TrimSpace(f.Manufacturer), Model: strings.TrimSpace(f.Model)}
	if err := tx.resolvePatchModel(&pt); err != nil {
		return err
	}
	p.ManufacturerID, p.Manufacturer, p.ModelID, p.Model, p.Version = pt.ManufacturerID, pt.Manufacturer, pt.ModelID, pt.Model, f.Version
	if err := tx.queryRow(`SELECT COALESCE(dt.name, '') FROM models m LEFT JOIN device_types dt ON dt.id = m.device_type_id
		WHERE m.id = ?`, p.ModelID).Scan(&p.DeviceType); err != nil {
		return err
	}
	p.ModelNumbers = []string{}
	err := eachRow(tx, `SELECT id, number FROM model_numbers WHERE model_id = ? ORDER BY number_key`, []any{p.ModelID},
		func(_ int64, n string) { p.ModelNumbers = append(p.ModelNumbers, n) })
	if err != nil {
		return err
	}
	return tx.queryRow(`SELECT COUNT(*) FROM devices d WHERE d.model_id = ? AND d.software_version = ? AND `+activeDevice,
		p.ModelID, p.Version).Scan(&p.Devices)
}

// vexStatements reads the group findings with their triage decisions.
func (tx *Tx) vexStatements(p *ward.VEXProduct, out *[]ward.VEXStatement) error {
	today := ward.DateOf(tx.now)
	rows, err := tx.query(vexFindings, today.String(), p.ModelID, p.Version)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		s := ward.VEXStatement{Patches: []ward.Patch{}}
		if err := scanVEXStatement(rows, &s, today); err != nil {
			return err
		}
		*out = append(*out, s)
	}
	return rows.Err()
}

// scanVEXStatement reads one row of vexFindings and dates its triage
// decision as of today, as finding listings do.
func scanVEXStatement(rows *sql.Rows, s *ward.VEXStatement, today ward.Date) error {
	var cves, evidence string
	var tID sql.NullInt64
	var tStatus, tJust, tComment, tRev, tActor sql.NullString
	var t ward.Triage
	if err := rows.Scan(&s.FindingID, &s.AdvisoryID, &s.Source, &s.AdvisoryRef, &s.AdvisoryTitle, &s.AdvisoryRevision,
		&s.ComputedStatus, &s.Confidence, &cves, &evidence, timeCol{&s.FirstSeen}, timeCol{&s.UpdatedAt}, &tID, &tStatus,
		&tJust, &tComment, dateCol{&t.Expires}, &tRev, &tActor, timeCol{&t.At}, &s.Status); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(cves), &s.CVEs); err != nil {
		return err
	}
	if s.CVEs == nil {
		s.CVEs = []string{}
	}
	var ev ward.Evidence
	if err := json.Unmarshal([]byte(evidence), &ev); err != nil {
		return err
	}
	s.Explanation = ev.Explain("", "")
	if !tID.Valid {
		return nil
	}
	t.ID, t.Status, t.Justification, t.Comment, t.AdvisoryRevision = tID.Int64, tStatus.String, tJust.String, tComment.String, tRev.String
	t.AdvisoryID, t.Actor, t.State = s.AdvisoryID, ward.Actor(tActor.String), ward.TriageCurrent
	if !t.Expires.IsZero() && t.Expires.Before(today) {
		t.State = ward.TriageExpired
		s.Explanation += fmt.Sprintf("; triage %s by %s expired on %s", t.Status, t.Actor, t.Expires)
	}
	if t.AdvisoryRevision != s.AdvisoryRevision {
		t.State = ward.TriageReopened
		s.Explanation += "; triage reopened: the advisory was revised since"
	}
	s.Triage = &t
	return nil
}

// vexPatches adds to each statement the model's catalog patches that
// apply to the version and fix its finding, any validation status.
func (tx *Tx) vexPatches(p *ward.VEXProduct, stmts []ward.VEXStatement) error {
	if len(stmts) == 0 {
		return nil
	}
	stored, err := tx.patchesOf([]int64{p.ModelID})
	if err != nil {
		return err
	}
	for _, pt := range stored {
		r := patchplan.Compile(pt)
		if ok, _ := r.Applies(p.Version); !ok {
			continue
		}
		for i := range stmts {
			if _, ok := r.Fixes(stmts[i].AdvisoryRef, stmts[i].CVEs); ok {
				stmts[i].Patches = append(stmts[i].Patches, *pt)
			}
		}
	}
	for i := range stmts {
		sortPatches(stmts[i].Patches)
	}
	return nil
}

// sortPatches puts validated patches first, then the highest installed
// version, then the oldest entry: the order a technician would pick in.
func sortPatches(ps []ward.Patch) {
	rank := func(s string) int { return slices.Index(ward.PatchStatuses, s) }
	slices.SortFunc(ps, func(a, b ward.Patch) int {
		return cmp.Or(cmp.Compare(rank(a.Status), rank(b.Status)), -version.Compare(a.InstallsVersion, b.InstallsVersion),
			cmp.Compare(a.ID, b.ID))
	})
}
