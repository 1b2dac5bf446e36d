package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"ward"
	"ward/patchplan"
)

// The patch-ready queue is computed in three steps, none of which reads a
// table whole:
//
//  1. The open group findings that validated patches name: from the few
//     patch_fixes rows of validated patches, through the advisories (by
//     tracking ID) or advisory_cves (by CVE) they name, to the findings of
//     those advisories (findings_advisory) of the patches' models. Its
//     cost follows the catalog and the findings per advisory, not the
//     devices: findings are stored once per (model, software version).
//  2. In Go, per group: the version engine decides which patches apply to
//     the group's version, and patchplan.Choose picks one (readyOffers).
//  3. The devices of the ready groups, joined on the covering index
//     devices_patch_ready (model_id, software_version, facility_id, status,
//     location_id, team_id, device_type_id), so a listing for one facility
//     reads exactly that facility's units of the ready groups, and the
//     grouped queue reads them from the index alone (readyDevices).

// readyCandidates is step 1: the open findings validated patches name.
const readyCandidates = `SELECT x.patch_id, f.id, f.model_id, f.software_version, COALESCE(f.device_id, 0), f.cves, a.tracking_id
	FROM (SELECT pf.patch_id, a2.id AS advisory_id FROM patch_fixes pf
			JOIN advisories a2 ON a2.source IN ('csaf', 'nvd', 'cve5') AND a2.tracking_key = pf.ref_key
			WHERE pf.kind = 'advisory' AND pf.patch_id IN (SELECT id FROM patches WHERE status = 'validated')
		UNION
		SELECT pf.patch_id, ac.advisory_id FROM patch_fixes pf JOIN advisory_cves ac ON ac.cve = pf.ref_key
			WHERE pf.kind = 'cve' AND pf.patch_id IN (SELECT id FROM patches WHERE status = 'validated')) x
	JOIN patches p ON p.id = x.patch_id
	JOIN findings f ON f.advisory_id = x.advisory_id AND f.model_id = p.model_id
	JOIN advisories a ON a.id = f.advisory_id
	LEFT JOIN triage t ON t.model_id = f.model_id AND t.software_version = f.software_version AND t.advisory_id = f.advisory_id
	WHERE ` + effectiveStatus + ` IN ('affected', 'under_investigation')`

// patchTeamExpr is the SQL for the team doing a device's patch work, given
// the device as d and its model as m: the matrix's patch rule for its
// type, else the patch rule for any type, else the device's owner.
const patchTeamExpr = `COALESCE(
	(SELECT r.team_id FROM responsibilities r WHERE r.task_type = 'patch' AND r.device_type_id = COALESCE(d.device_type_id, m.device_type_id)),
	(SELECT w.team_id FROM responsibilities w WHERE w.task_type = 'patch' AND w.device_type_id IS NULL), ` + ownerExpr + `)`

// activeDevice excludes units that are no longer in the fleet.
const activeDevice = `d.status NOT IN ('retired', 'disposed')`

// openPatchWork is the condition on work orders w that are patch work not
// yet finished.
const openPatchWork = `w.type = 'patch' AND w.status IN ('open', 'scheduled', 'in_progress', 'on_hold')`

// openPatchOf is the condition on work orders w that are open patch work
// on the device d, in the terms of the partial index work_orders_open_patch
// (device_id, number), which holds only open patch orders: a ready device
// with none costs one probe of a small index, however long the CMMS
// history of work orders.
const openPatchOf = `w.device_id = d.id AND ` + openPatchWork

// readyGroup is a group (a model at a version, or one device with an SBOM
// of its own) and the patch offered to it.
type readyGroup struct {
	model    int64
	version  string
	device   int64
	offer    patchplan.Offer
	findings []patchplan.Finding
}

// readyOffers runs steps 1 and 2: the groups a validated patch can fix now.
func (tx *Tx) readyOffers(f ward.PatchReadyFilter) ([]*readyGroup, error) {
	q, args := readyCandidates, []any{ward.DateOf(tx.now).String()}
	if f.ModelID != 0 {
		q, args = q+" AND p.model_id = ?", append(args, f.ModelID)
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	type key struct {
		model   int64
		version string
		device  int64
	}
	groups := map[key]*readyGroup{}
	var order []key
	patchIDs := map[int64]bool{}
	for rows.Next() {
		var k key
		var fd patchplan.Finding
		var cves string
		if err := rows.Scan(&fd.PatchID, &fd.ID, &k.model, &k.version, &k.device, &cves, &fd.AdvisoryRef); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(cves), &fd.CVEs); err != nil {
			rows.Close()
			return nil, err
		}
		g := groups[k]
		if g == nil {
			g = &readyGroup{model: k.model, version: k.version, device: k.device}
			groups[k] = g
			order = append(order, k)
		}
		g.findings = append(g.findings, fd)
		patchIDs[fd.PatchID] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rules, err := tx.patchRules(patchIDs)
	if err != nil {
		return nil, err
	}
	var out []*readyGroup
	for _, k := range order {
		g := groups[k]
		if o, ok := patchplan.Choose(g.version, g.findings, rules); ok {
			g.offer = o
			out = append(out, g)
		}
	}
	return out, nil
}

// patchRules reads and compiles the named catalog entries.
func (tx *Tx) patchRules(ids map[int64]bool) (map[int64]*patchplan.Rule, error) {
	rules := map[int64]*patchplan.Rule{}
	if len(ids) == 0 {
		return rules, nil
	}
	var args []any
	for id := range ids {
		args = append(args, id)
	}
	rows, err := tx.query(patchSelect+" WHERE p.id IN ("+placeholders(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys [2]string
	for rows.Next() {
		p := new(ward.Patch)
		if err := scanPatch(rows, p, &keys); err != nil {
			return nil, err
		}
		rules[p.ID] = patchplan.Compile(p)
	}
	return rules, rows.Err()
}

// readyChunk bounds the groups of one step-3 query, keeping its bound
// values well under both engines' limits.
const readyChunk = 2000

// readyShape is how step 3 reads the ready devices: cols is the select
// list over the device d (with the index of its ready group in offer),
// groupBy empty for one row per device (with
// its open patch order's number in work_order), or the columns one row
// stands for (with the devices' count n and the count of those with an
// open patch order in ordered). Both keep model_id, device_type_id and team_id, which the
// patch team is computed from.
type readyShape struct{ cols, groupBy string }

var (
	// readyPerDevice lists the devices one by one.
	readyPerDevice = readyShape{cols: `d.id, d.asset_tag, d.tag_key, d.model_id, d.software_version, d.facility_id, d.location_id,
		d.device_type_id, d.team_id, COALESCE((SELECT MIN(w.number) FROM work_orders w WHERE ` + openPatchOf + `), '') AS work_order`}
	// readyPerCell counts the devices sharing a model, care unit, type and
	// owner: it reads only the covering index devices_patch_ready, never
	// the devices' rows, and computes the patch team once per cell.
	readyPerCell = readyShape{cols: `d.model_id, d.facility_id, d.location_id, d.device_type_id, d.team_id, COUNT(*) AS n,
		SUM(CASE WHEN EXISTS (SELECT 1 FROM work_orders w WHERE ` + openPatchOf + `) THEN 1 ELSE 0 END) AS ordered`,
		groupBy: `d.model_id, d.facility_id, d.location_id, d.device_type_id, d.team_id`}
)

// readyDevices runs step 3 over the ready groups in chunks: sel is the
// select list (over the rows of shape as d, with d.offer and the patch
// team d.team, and m, mf, dt, l, fa, tm), tail what follows the WHERE
// clause (GROUP BY, ORDER BY); fn reads each row.
func (tx *Tx) readyDevices(groups []*readyGroup, f ward.PatchReadyFilter, shape readyShape, sel, tail string,
	fn func(*sql.Rows) error) error {
	for start := 0; start < len(groups); start += readyChunk {
		q, args := tx.readyDeviceQuery(groups[start:min(len(groups), start+readyChunk)], start, f, shape, sel, tail)
		rows, err := tx.query(q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := fn(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// readyDeviceQuery builds one step-3 query. Group findings reach the
// devices of their model and version that have no SBOM of their own,
// walking the ready groups and probing devices_patch_ready for each (on
// SQLite, CROSS JOIN keeps that order; PostgreSQL plans it freely); device
// findings reach their device. The patch team is computed over the rows
// of shape, then names are joined.
func (tx *Tx) readyDeviceQuery(groups []*readyGroup, base int, f ward.PatchReadyFilter, shape readyShape, sel, tail string) (string, []any) {
	var vals, devVals []string
	var args, devArgs []any // bound in the order of the CTEs, then the parts
	for i, g := range groups {
		if g.device == 0 {
			vals = append(vals, "(CAST(? AS BIGINT), ?, CAST(? AS BIGINT))")
			args = append(args, g.model, g.version, base+i)
		} else {
			devVals = append(devVals, "(CAST(? AS BIGINT), CAST(? AS BIGINT))")
			devArgs = append(devArgs, g.device, base+i)
		}
	}
	filter := " AND " + activeDevice
	var filterArgs []any
	if len(f.FacilityIDs) > 0 {
		filter += " AND d.facility_id IN (" + placeholders(len(f.FacilityIDs)) + ")"
		filterArgs = int64Args(f.FacilityIDs)
	}
	part := func(offer, from, where string) string {
		q := `SELECT ` + offer + `.offer, ` + shape.cols + ` FROM ` + from + ` WHERE ` + where + filter
		if shape.groupBy != "" {
			q += ` GROUP BY ` + offer + `.offer, ` + shape.groupBy
		}
		return q
	}
	var ctes, parts []string
	var all []any
	if len(vals) > 0 {
		ctes = append(ctes, "g (model_id, software_version, offer) AS (VALUES "+strings.Join(vals, ", ")+")")
		parts = append(parts, part("g", "g CROSS JOIN devices d", `d.model_id = g.model_id AND d.software_version = g.software_version
			AND NOT EXISTS (SELECT 1 FROM sboms s WHERE s.device_id = d.id AND s.device_id IS NOT NULL)`))
	}
	if len(devVals) > 0 {
		ctes = append(ctes, "gd (device, offer) AS (VALUES "+strings.Join(devVals, ", ")+")")
		parts = append(parts, part("gd", "gd JOIN devices d ON d.id = gd.device", "1 = 1"))
	}
	all = append(append(all, args...), devArgs...)
	for range parts {
		all = append(all, filterArgs...)
	}
	where := ""
	if f.TeamID != 0 {
		where, all = " WHERE d.team = ?", append(all, f.TeamID)
	}
	units := `SELECT d.*, ` + patchTeamExpr + ` AS team FROM (` + strings.Join(parts, " UNION ALL ") + `) d
		JOIN models m ON m.id = d.model_id`
	return `WITH ` + strings.Join(ctes, ", ") + ` SELECT ` + sel + ` FROM (` + units + `) d
		JOIN models m ON m.id = d.model_id
		JOIN manufacturers mf ON mf.id = m.manufacturer_id
		LEFT JOIN device_types dt ON dt.id = COALESCE(d.device_type_id, m.device_type_id)
		LEFT JOIN locations l ON l.id = d.location_id
		LEFT JOIN facilities fa ON fa.id = d.facility_id
		LEFT JOIN teams tm ON tm.id = d.team` + where + " " + tail, all
}

// validatePatchReady checks a queue filter.
func validatePatchReady(f ward.PatchReadyFilter) error {
	for _, id := range f.FacilityIDs {
		if id <= 0 {
			return ward.Errorf(ward.EINVALID, "%d is not a facility ID", id)
		}
	}
	if f.TeamID < 0 || f.ModelID < 0 {
		return ward.Errorf(ward.EINVALID, "team and model IDs must be positive")
	}
	return nil
}

// FindPatchReady returns the patch-ready queue grouped by model, facility
// and department, and patch team. See ward.PatchService.
func (db *DB) FindPatchReady(ctx context.Context, f ward.PatchReadyFilter) ([]ward.PatchReadyGroup, error) {
	if err := validatePatchReady(f); err != nil {
		return nil, err
	}
	var out []ward.PatchReadyGroup
	err := db.view(ctx, func(tx *Tx) error {
		groups, err := tx.readyOffers(f)
		if err != nil || len(groups) == 0 {
			return err
		}
		agg := newReadyAggregate(groups)
		const sel = `d.offer, d.model_id, mf.name, m.name, COALESCE(dt.name, ''), COALESCE(d.facility_id, 0), COALESCE(fa.name, ''),
			COALESCE(l.department, ''), COALESCE(d.team, 0), COALESCE(tm.name, ''), SUM(d.n), SUM(d.ordered)`
		const tail = `GROUP BY d.offer, d.model_id, mf.name, m.name, dt.name, d.facility_id, fa.name, l.department, d.team, tm.name`
		err = tx.readyDevices(groups, f, readyPerCell, sel, tail, func(rows *sql.Rows) error {
			var r readyRow
			if err := rows.Scan(&r.offer, &r.g.ModelID, &r.g.Manufacturer, &r.g.Model, &r.g.DeviceType, &r.g.FacilityID,
				&r.g.Facility, &r.g.Department, &r.g.TeamID, &r.g.Team, &r.count, &r.ordered); err != nil {
				return err
			}
			agg.add(&r)
			return nil
		})
		out = agg.result()
		return err
	})
	return out, err
}
