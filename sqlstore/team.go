package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

// FindTeams returns every team with the number of devices it owns, either
// directly or through the responsibility matrix.
func (db *DB) FindTeams(ctx context.Context) ([]ward.Team, error) {
	var out []ward.Team
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT id, name, kind, email FROM teams ORDER BY name_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t ward.Team
			if err := rows.Scan(&t.ID, &t.Name, &t.Kind, &t.Email); err != nil {
				return err
			}
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		counts, err := tx.ownerCounts()
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Devices = counts[out[i].ID]
		}
		return nil
	})
	return out, err
}

// FindTeamByName returns a team by name, ignoring case; ENOTFOUND if none.
func (db *DB) FindTeamByName(ctx context.Context, name string) (*ward.Team, error) {
	var t ward.Team
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT id, name, kind, email FROM teams WHERE name_key = ?`, names.Key(name)).
			Scan(&t.ID, &t.Name, &t.Kind, &t.Email)
		return notFound(err, "no team named %q", name)
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// CreateTeam adds a team; EINVALID for a bad kind or empty name, ECONFLICT
// when the name is taken.
func (db *DB) CreateTeam(ctx context.Context, t *ward.Team) error {
	t.Name, t.Email = strings.TrimSpace(t.Name), strings.TrimSpace(t.Email)
	if names.Key(t.Name) == "" {
		return ward.Errorf(ward.EINVALID, "team name %q has no letters or digits", t.Name)
	}
	if t.Kind == "" {
		t.Kind = ward.TeamOther
	}
	if !slices.Contains(ward.TeamKinds, t.Kind) {
		return ward.Errorf(ward.EINVALID, "team kind %q is not one of %s", t.Kind, strings.Join(ward.TeamKinds, ", "))
	}
	return db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE name_key = ?`, names.Key(t.Name)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ward.Errorf(ward.ECONFLICT, "a team named %q exists", t.Name)
		}
		var err error
		t.ID, err = tx.insertID(`INSERT INTO teams (name, name_key, kind, email, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.Name, names.Key(t.Name), t.Kind, t.Email, tx.ts(tx.now))
		if err != nil {
			return err
		}
		return tx.audit("team.create", "team", strconv.FormatInt(t.ID, 10), nil,
			map[string]any{"name": t.Name, "kind": t.Kind, "email": t.Email})
	})
}

// FindDeviceTypes returns every device type with its device count (by the
// device's own type, else its model's).
func (db *DB) FindDeviceTypes(ctx context.Context) ([]ward.DeviceType, error) {
	var out []ward.DeviceType
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT t.id, t.name, COALESCE(c.n, 0) FROM device_types t
			LEFT JOIN (SELECT COALESCE(d.device_type_id, m.device_type_id) AS tid, COUNT(*) AS n
				FROM devices d JOIN models m ON m.id = d.model_id GROUP BY 1) c ON c.tid = t.id
			ORDER BY t.name_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t ward.DeviceType
			if err := rows.Scan(&t.ID, &t.Name, &t.Devices); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// deviceTypeID returns the ID of the device type named name, creating it
// when create is set; 0 for an empty name.
func (tx *Tx) deviceTypeID(name string, create bool) (int64, error) {
	key := names.Key(name)
	if key == "" {
		return 0, nil
	}
	var id int64
	err := tx.queryRow(`SELECT id FROM device_types WHERE name_key = ?`, key).Scan(&id)
	if err == sql.ErrNoRows && create {
		return tx.insertID(`INSERT INTO device_types (name, name_key) VALUES (?, ?)`, strings.TrimSpace(name), key)
	}
	if err == sql.ErrNoRows {
		return 0, ward.Errorf(ward.ENOTFOUND, "no device type named %q", name)
	}
	return id, err
}
