package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"ward"
)

// readyRow is one row of the grouped step-3 query: the units of one ready
// group in one department with one patch team.
type readyRow struct {
	offer   int
	g       ward.PatchReadyGroup
	count   int
	ordered int
}

// readyAggregate folds step-3 rows into queue lines: one per model,
// facility, department (compared without case) and team, whatever the
// versions and patches of its units.
type readyAggregate struct {
	groups []*readyGroup
	lines  map[readyKey]*ward.PatchReadyGroup
}

type readyKey struct {
	model, facility, team int64
	department            string
}

func newReadyAggregate(groups []*readyGroup) *readyAggregate {
	return &readyAggregate{groups: groups, lines: map[readyKey]*ward.PatchReadyGroup{}}
}

func (a *readyAggregate) add(r *readyRow) {
	g := a.groups[r.offer]
	k := readyKey{r.g.ModelID, r.g.FacilityID, r.g.TeamID, strings.ToLower(strings.TrimSpace(r.g.Department))}
	line := a.lines[k]
	if line == nil {
		line = &r.g
		line.Versions, line.Patches, line.Advisories, line.CVEs = []string{}, []ward.PatchOffer{}, []string{}, []string{}
		a.lines[k] = line
	}
	p := g.offer.Patch
	line.Devices += r.count
	line.Ordered += r.ordered
	line.Versions = appendNew(line.Versions, g.version)
	line.Advisories = appendNew(line.Advisories, g.offer.Advisories...)
	line.CVEs = appendNew(line.CVEs, g.offer.CVEs...)
	line.InstallMinutes += r.count * p.InstallMinutes
	line.RequiresDowntime = line.RequiresDowntime || p.RequiresDowntime
	i := slices.IndexFunc(line.Patches, func(o ward.PatchOffer) bool { return o.PatchID == p.ID })
	if i < 0 {
		line.Patches = append(line.Patches, ward.PatchOffer{PatchID: p.ID, InstallsVersion: p.InstallsVersion})
		i = len(line.Patches) - 1
	}
	line.Patches[i].Devices += r.count
}

// result returns the queue lines ordered by facility, department,
// manufacturer and model, then team.
func (a *readyAggregate) result() []ward.PatchReadyGroup {
	out := make([]ward.PatchReadyGroup, 0, len(a.lines))
	for _, l := range a.lines {
		slices.Sort(l.Versions)
		slices.Sort(l.Advisories)
		slices.Sort(l.CVEs)
		slices.SortFunc(l.Patches, func(x, y ward.PatchOffer) int { return cmp.Compare(x.PatchID, y.PatchID) })
		out = append(out, *l)
	}
	slices.SortFunc(out, func(x, y ward.PatchReadyGroup) int {
		return cmp.Or(cmp.Compare(x.Facility, y.Facility), cmp.Compare(strings.ToLower(x.Department), strings.ToLower(y.Department)),
			cmp.Compare(x.Manufacturer, y.Manufacturer), cmp.Compare(x.Model, y.Model), cmp.Compare(x.Team, y.Team),
			cmp.Compare(x.FacilityID, y.FacilityID), cmp.Compare(x.TeamID, y.TeamID))
	})
	return out
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// EachPatchReadyDevice streams the devices of the patch-ready queue with
// the patch chosen for each and its care unit's fleet of the model. See
// ward.PatchService.
func (db *DB) EachPatchReadyDevice(ctx context.Context, f ward.PatchReadyFilter, fn func(*ward.PatchReadyDevice) error) error {
	if err := validatePatchReady(f); err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		groups, err := tx.readyOffers(f)
		if err != nil || len(groups) == 0 {
			return err
		}
		fleet, err := tx.unitFleets(groups, f.FacilityIDs)
		if err != nil {
			return err
		}
		const sel = `d.offer, d.id, d.asset_tag, d.model_id, mf.name, m.name, COALESCE(dt.name, ''), d.software_version,
			COALESCE(d.facility_id, 0), COALESCE(fa.name, ''), COALESCE(d.location_id, 0), COALESCE(l.department, ''),
			COALESCE(d.team, 0), COALESCE(tm.name, ''), d.work_order`
		const tail = `ORDER BY mf.name_key, m.name_key, d.model_id, fa.name, d.facility_id, l.department, d.tag_key, d.id`
		return tx.readyDevices(groups, f, readyPerDevice, sel, tail, func(rows *sql.Rows) error {
			var d ward.PatchReadyDevice
			var offer int
			if err := rows.Scan(&offer, &d.DeviceID, &d.AssetTag, &d.ModelID, &d.Manufacturer, &d.Model, &d.DeviceType,
				&d.SoftwareVersion, &d.FacilityID, &d.Facility, &d.LocationID, &d.Department, &d.TeamID, &d.Team, &d.WorkOrder); err != nil {
				return err
			}
			g := groups[offer]
			p := g.offer.Patch
			d.PatchID, d.InstallsVersion, d.InstallMinutes, d.RequiresDowntime = p.ID, p.InstallsVersion, p.InstallMinutes, p.RequiresDowntime
			d.FindingIDs, d.Advisories, d.CVEs = g.offer.FindingIDs, g.offer.Advisories, g.offer.CVEs
			d.UnitFleet = fleet[unitFleetKey{d.ModelID, d.FacilityID, strings.ToLower(strings.TrimSpace(d.Department))}]
			return fn(&d)
		})
	})
}

type unitFleetKey struct {
	model, facility int64
	department      string
}

// unitFleets counts the active units of the ready groups' models in each
// care unit (of the given facilities, or all), ready or not, reaching them
// by the group index's model prefix.
func (tx *Tx) unitFleets(groups []*readyGroup, facilities []int64) (map[unitFleetKey]int, error) {
	var models []int64
	for _, g := range groups {
		if !slices.Contains(models, g.model) {
			models = append(models, g.model)
		}
	}
	// Counting by location first and naming departments after keeps the
	// walk inside devices_patch_ready; the unary plus keeps SQLite from
	// walking a facility's every device instead (a facility holds far
	// more devices than a few models do within it).
	q := `SELECT u.model_id, u.facility_id, COALESCE(l.department, ''), SUM(u.n) FROM (
		SELECT d.model_id, COALESCE(d.facility_id, 0) AS facility_id, d.location_id, COUNT(*) AS n FROM devices d
		WHERE d.model_id IN (` + placeholders(len(models)) + `) AND ` + activeDevice
	args := int64Args(models)
	if len(facilities) > 0 {
		q, args = q+" AND +d.facility_id IN ("+placeholders(len(facilities))+")", append(args, int64Args(facilities)...)
	}
	q += ` GROUP BY d.model_id, d.facility_id, d.location_id) u LEFT JOIN locations l ON l.id = u.location_id`
	rows, err := tx.query(q+" GROUP BY u.model_id, u.facility_id, l.department", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[unitFleetKey]int{}
	for rows.Next() {
		var k unitFleetKey
		var n int
		if err := rows.Scan(&k.model, &k.facility, &k.department, &n); err != nil {
			return nil, err
		}
		k.department = strings.ToLower(strings.TrimSpace(k.department))
		out[k] += n
	}
	return out, rows.Err()
}
