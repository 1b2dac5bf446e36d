package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

// FindFacilities returns every facility with its device count, by name.
func (db *DB) FindFacilities(ctx context.Context) ([]ward.Facility, error) {
	var out []ward.Facility
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT f.id, f.code, f.name, COALESCE(c.n, 0) FROM facilities f
			LEFT JOIN (SELECT facility_id, COUNT(*) AS n FROM devices GROUP BY facility_id) c ON c.facility_id = f.id
			ORDER BY f.name_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f ward.Facility
			if err := rows.Scan(&f.ID, &f.Code, &f.Name, &f.Devices); err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}

// FindFacility returns a facility by ID; ENOTFOUND if there is none.
func (db *DB) FindFacility(ctx context.Context, id int64) (*ward.Facility, error) {
	var f ward.Facility
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT id, code, name, (SELECT COUNT(*) FROM devices WHERE facility_id = ?) FROM facilities WHERE id = ?`, id, id).
			Scan(&f.ID, &f.Code, &f.Name, &f.Devices)
		return notFound(err, "no facility %d", id)
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// FindFacilityByName returns the facility whose code or name equals name,
// ignoring case and punctuation; ENOTFOUND if there is none.
func (db *DB) FindFacilityByName(ctx context.Context, name string) (*ward.Facility, error) {
	var f ward.Facility
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT id, code, name FROM facilities WHERE name_key = ? OR (code <> '' AND UPPER(code) = ?)
			ORDER BY id LIMIT 1`, names.Key(name), strings.ToUpper(strings.TrimSpace(name))).
			Scan(&f.ID, &f.Code, &f.Name)
		return notFound(err, "no facility named %q", name)
	})
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// CreateFacility adds a facility; EINVALID without a name, ECONFLICT when
// the name or code is taken.
func (db *DB) CreateFacility(ctx context.Context, f *ward.Facility) error {
	return db.update(ctx, func(tx *Tx) (err error) {
		if f.ID, err = tx.createFacility(f.Code, f.Name); err != nil {
			return err
		}
		f.Code, f.Name = strings.TrimSpace(f.Code), strings.TrimSpace(f.Name)
		return tx.audit("facility.create", "facility", strconv.FormatInt(f.ID, 10), nil,
			map[string]any{"code": f.Code, "name": f.Name})
	})
}

func (tx *Tx) createFacility(code, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if names.Key(name) == "" {
		return 0, ward.Errorf(ward.EINVALID, "facility name %q has no letters or digits", name)
	}
	var taken int
	if err := tx.queryRow(`SELECT COUNT(*) FROM facilities WHERE name_key = ? OR (code <> '' AND code = ?)`,
		names.Key(name), strings.TrimSpace(code)).Scan(&taken); err != nil {
		return 0, err
	}
	if taken > 0 {
		return 0, ward.Errorf(ward.ECONFLICT, "a facility named %q or with code %q exists", name, code)
	}
	return tx.insertID(`INSERT INTO facilities (code, name, name_key, created_at) VALUES (?, ?, ?, ?)`,
		strings.TrimSpace(code), name, names.Key(name), tx.ts(tx.now))
}

// FindLocations returns the locations of a facility; ENOTFOUND for an
// unknown facility.
func (db *DB) FindLocations(ctx context.Context, facilityID int64) ([]ward.Location, error) {
	var out []ward.Location
	err := db.view(ctx, func(tx *Tx) error {
		var fname string
		if err := tx.queryRow(`SELECT name FROM facilities WHERE id = ?`, facilityID).Scan(&fname); err != nil {
			return notFound(err, "no facility %d", facilityID)
		}
		rows, err := tx.query(`SELECT id, building, floor, department, room FROM locations
			WHERE facility_id = ? ORDER BY loc_key`, facilityID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			l := ward.Location{FacilityID: facilityID, Facility: fname}
			if err := rows.Scan(&l.ID, &l.Building, &l.Floor, &l.Department, &l.Room); err != nil {
				return err
			}
			out = append(out, l)
		}
		return rows.Err()
	})
	return out, err
}

// locationDisplay joins the non-empty parts of a location with " / ".
func locationDisplay(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " / ")
}
