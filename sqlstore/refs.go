package sqlstore

import (
	"database/sql"

	"ward"
)

// refs resolves the small tables a device row points at (models,
// manufacturers, locations, device types, teams, the ownership rules) into
// names. Lookups are batched per page of devices and cached for the
// transaction, so streaming a million devices costs a few hundred queries
// rather than several per device.
type refs struct {
	tx            *Tx
	models        map[int64]*modelRef
	manufacturers map[int64]string
	locations     map[int64]*ward.Location
	types         map[int64]string
	teams         map[int64]string
	ownerByType   map[int64]int64 // device type ID → owning team
	ownerAny      int64           // owner of types without a rule
}

type modelRef struct {
	name        string
	typeID      int64
	criticality string
}

func newRefs(tx *Tx) (*refs, error) {
	r := &refs{
		tx:            tx,
		models:        map[int64]*modelRef{},
		manufacturers: map[int64]string{},
		locations:     map[int64]*ward.Location{},
		types:         map[int64]string{},
		teams:         map[int64]string{},
		ownerByType:   map[int64]int64{},
	}
	for _, q := range []struct {
		sql string
		fn  func(id int64, s string, n sql.NullInt64)
	}{
		{`SELECT id, name, NULL FROM device_types`, func(id int64, s string, _ sql.NullInt64) { r.types[id] = s }},
		{`SELECT id, name, NULL FROM teams`, func(id int64, s string, _ sql.NullInt64) { r.teams[id] = s }},
		{`SELECT team_id, task_type, device_type_id FROM responsibilities WHERE task_type = 'owner'`, func(team int64, _ string, typ sql.NullInt64) {
			if typ.Valid {
				r.ownerByType[typ.Int64] = team
			} else {
				r.ownerAny = team
			}
		}},
	} {
		rows, err := tx.query(q.sql)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var s string
			var n sql.NullInt64
			if err := rows.Scan(&id, &s, &n); err != nil {
				rows.Close()
				return nil, err
			}
			q.fn(id, s, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// preload fetches every model, manufacturer and location. Streaming scans
// call it first: PostgreSQL cannot run a query on a connection while
// another query's rows are still being read.
func (r *refs) preload() error {
	if err := r.loadModels(nil); err != nil {
		return err
	}
	if err := eachRow(r.tx, `SELECT id, name FROM manufacturers`, nil, func(id int64, s string) { r.manufacturers[id] = s }); err != nil {
		return err
	}
	return r.loadLocations(nil)
}

// load fetches the models, manufacturers and locations of devs not yet cached.
func (r *refs) load(devs []deviceRow) error {
	var models, mfrs, locs []int64
	seen := map[int64]bool{}
	for i := range devs {
		d := &devs[i]
		if _, ok := r.models[d.ModelID]; !ok && !seen[d.ModelID] {
			seen[d.ModelID] = true
			models = append(models, d.ModelID)
		}
		if _, ok := r.manufacturers[d.ManufacturerID]; !ok && !seen[-d.ManufacturerID] {
			seen[-d.ManufacturerID] = true
			mfrs = append(mfrs, d.ManufacturerID)
		}
		if _, ok := r.locations[d.LocationID]; !ok && d.LocationID != 0 && !seen[1<<40+d.LocationID] {
			seen[1<<40+d.LocationID] = true
			locs = append(locs, d.LocationID)
		}
	}
	if len(models) > 0 {
		if err := r.loadModels(models); err != nil {
			return err
		}
	}
	if len(mfrs) > 0 {
		err := eachRow(r.tx, `SELECT id, name FROM manufacturers WHERE id IN (`+placeholders(len(mfrs))+`)`, int64Args(mfrs),
			func(id int64, s string) { r.manufacturers[id] = s })
		if err != nil {
			return err
		}
	}
	if len(locs) > 0 {
		return r.loadLocations(locs)
	}
	return nil
}

// loadModels fetches the given models, or all when ids is nil.
func (r *refs) loadModels(ids []int64) error {
	q := `SELECT m.id, m.name, m.device_type_id, m.product_code, COALESCE(p.life_sustaining, FALSE),
		m.life_sustaining, m.patient_connected
		FROM models m LEFT JOIN fda_product_codes p ON p.product_code = m.product_code`
	if ids != nil {
		q += ` WHERE m.id IN (` + placeholders(len(ids)) + `)`
	}
	rows, err := r.tx.query(q, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m ward.Model
		var typeID sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Name, &typeID, &m.ProductCode, &m.FDALifeSustain,
			boolPtrCol{&m.LifeSustaining}, &m.PatientConnected); err != nil {
			return err
		}
		r.models[m.ID] = &modelRef{name: m.Name, typeID: typeID.Int64, criticality: m.DefaultCriticality()}
	}
	return rows.Err()
}

// loadLocations fetches the given locations, or all when ids is nil.
func (r *refs) loadLocations(ids []int64) error {
	q := `SELECT l.id, l.facility_id, f.name, l.building, l.floor, l.department, l.room
		FROM locations l JOIN facilities f ON f.id = l.facility_id`
	if ids != nil {
		q += ` WHERE l.id IN (` + placeholders(len(ids)) + `)`
	}
	rows, err := r.tx.query(q, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l ward.Location
		if err := rows.Scan(&l.ID, &l.FacilityID, &l.Facility, &l.Building, &l.Floor, &l.Department, &l.Room); err != nil {
			return err
		}
		r.locations[l.ID] = &l
	}
	return rows.Err()
}

// fill completes a device from its row and the cached references.
func (r *refs) fill(row *deviceRow, d *ward.Device) {
	*d = row.Device
	d.Manufacturer = r.manufacturers[row.ManufacturerID]
	typeID := row.typeID
	if m := r.models[row.ModelID]; m != nil {
		d.Model = m.name
		d.Criticality = m.criticality
		if typeID == 0 {
			typeID = m.typeID
		}
	}
	d.DeviceType = r.types[typeID]
	if d.CriticalityOverride != "" {
		d.Criticality = d.CriticalityOverride
	}
	if l := r.locations[row.LocationID]; l != nil {
		d.Facility, d.Building, d.Floor, d.Department, d.Room = l.Facility, l.Building, l.Floor, l.Department, l.Room
	}
	switch {
	case row.teamID != 0:
		d.TeamID, d.OwnerSource = row.teamID, "device"
	case r.ownerByType[typeID] != 0:
		d.TeamID, d.OwnerSource = r.ownerByType[typeID], "matrix"
	case r.ownerAny != 0:
		d.TeamID, d.OwnerSource = r.ownerAny, "matrix"
	}
	d.Team = r.teams[d.TeamID]
}
