package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

// FindManufacturers returns manufacturers with their aliases and model and
// device counts, ordered by name; only unresolved ones when unresolvedOnly.
func (db *DB) FindManufacturers(ctx context.Context, unresolvedOnly bool) ([]ward.Manufacturer, error) {
	var out []ward.Manufacturer
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT m.id, m.name, m.status,
			(SELECT COUNT(*) FROM models WHERE manufacturer_id = m.id),
			(SELECT COUNT(*) FROM devices WHERE manufacturer_id = m.id)
			FROM manufacturers m`
		if unresolvedOnly {
			q += ` WHERE m.status = 'unresolved'`
		}
		rows, err := tx.query(q + ` ORDER BY m.name_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[int64]int{}
		for rows.Next() {
			var m ward.Manufacturer
			if err := rows.Scan(&m.ID, &m.Name, &m.Status, &m.Models, &m.Devices); err != nil {
				return err
			}
			m.Aliases = []string{}
			byID[m.ID] = len(out)
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.eachAlias(func(mid int64, alias string) {
			if i, ok := byID[mid]; ok && alias != out[i].Name {
				out[i].Aliases = append(out[i].Aliases, alias)
			}
		})
	})
	return out, err
}

func (tx *Tx) eachAlias(fn func(manufacturerID int64, alias string)) error {
	rows, err := tx.query(`SELECT manufacturer_id, alias FROM manufacturer_aliases ORDER BY alias_key`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a string
		if err := rows.Scan(&id, &a); err != nil {
			return err
		}
		fn(id, a)
	}
	return rows.Err()
}

// ResolveManufacturer returns the manufacturer whose name or alias matches
// name after normalisation, trying the parts of a multi-vendor string
// ("Silex Technology and GE Healthcare") only when the whole does not match.
// It returns ENOTFOUND when nothing matches.
func (db *DB) ResolveManufacturer(ctx context.Context, name string) (*ward.Manufacturer, error) {
	var m *ward.Manufacturer
	err := db.view(ctx, func(tx *Tx) (err error) {
		m, err = tx.resolveManufacturer(name)
		return err
	})
	return m, err
}

func (tx *Tx) resolveManufacturer(name string) (*ward.Manufacturer, error) {
	m := &ward.Manufacturer{}
	err := tx.queryRow(`SELECT m.id, m.name, m.status FROM manufacturer_aliases a
		JOIN manufacturers m ON m.id = a.manufacturer_id WHERE a.alias_key = ?`, names.Key(name)).
		Scan(&m.ID, &m.Name, &m.Status)
	if err != nil {
		return nil, notFound(err, "no manufacturer is known as %q", name)
	}
	return m, nil
}

// createManufacturer inserts a manufacturer and its name as its first alias.
func (tx *Tx) createManufacturer(name, status, source string) (int64, error) {
	key := names.Key(name)
	if key == "" {
		return 0, ward.Errorf(ward.EINVALID, "manufacturer name %q has no letters or digits", name)
	}
	id, err := tx.insertID(`INSERT INTO manufacturers (name, name_key, status, created_at) VALUES (?, ?, ?, ?)`,
		strings.TrimSpace(name), key, status, tx.ts(tx.now))
	if err != nil {
		return 0, err
	}
	_, err = tx.exec(`INSERT INTO manufacturer_aliases (manufacturer_id, alias, alias_key, source) VALUES (?, ?, ?, ?)`,
		id, strings.TrimSpace(name), key, source)
	return id, err
}

// AddManufacturerAlias makes alias resolve to target, merging an unresolved
// manufacturer spelled like alias into target, and returns target as
// listed. See ward.ManufacturerService.
func (db *DB) AddManufacturerAlias(ctx context.Context, target, alias string) (*ward.Manufacturer, error) {
	var m *ward.Manufacturer
	err := db.update(ctx, func(tx *Tx) (err error) {
		m, err = tx.resolveManufacturer(target)
		if err != nil {
			return err
		}
		if m.Status != ward.ManufacturerKnown {
			return ward.Errorf(ward.EINVALID, "%q is itself unresolved: confirm it first or map it to a known manufacturer", m.Name)
		}
		// Who held the alias before tells the audit trail whether this
		// merged an unresolved manufacturer.
		holder, err := tx.resolveManufacturer(alias)
		if err != nil && !ward.IsNotFound(err) {
			return err
		}
		if err := tx.addManufacturerAlias(m, alias, "user"); err != nil {
			return err
		}
		if err := tx.auditAlias(m, alias, holder); err != nil {
			return err
		}
		// The alias may make advisory vendors resolve to this
		// manufacturer: its groups must be matched again.
		err = tx.staleModels(`model_id IN (SELECT id FROM models WHERE manufacturer_id = ?)`, m.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.findManufacturer(ctx, m.ID)
}

// findManufacturer returns one manufacturer with its aliases and counts.
func (db *DB) findManufacturer(ctx context.Context, id int64) (*ward.Manufacturer, error) {
	var m ward.Manufacturer
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT m.id, m.name, m.status, (SELECT COUNT(*) FROM models WHERE manufacturer_id = m.id),
			(SELECT COUNT(*) FROM devices WHERE manufacturer_id = m.id) FROM manufacturers m WHERE m.id = ?`, id).
			Scan(&m.ID, &m.Name, &m.Status, &m.Models, &m.Devices)
		if err != nil {
			return notFound(err, "no manufacturer %d", id)
		}
		m.Aliases = []string{}
		return eachRow(tx, `SELECT manufacturer_id, alias FROM manufacturer_aliases WHERE manufacturer_id = ? ORDER BY alias_key`,
			[]any{id}, func(_ int64, a string) {
				if a != m.Name {
					m.Aliases = append(m.Aliases, a)
				}
			})
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// addManufacturerAlias adds alias to m, merging an unresolved holder of the
// alias into m. It refuses to take an alias from another known manufacturer.
func (tx *Tx) addManufacturerAlias(m *ward.Manufacturer, alias, source string) error {
	key := names.Key(alias)
	if key == "" {
		return ward.Errorf(ward.EINVALID, "alias %q has no letters or digits", alias)
	}
	holder, err := tx.resolveManufacturer(alias)
	switch {
	case ward.IsNotFound(err):
		_, err = tx.exec(`INSERT INTO manufacturer_aliases (manufacturer_id, alias, alias_key, source) VALUES (?, ?, ?, ?)`,
			m.ID, strings.TrimSpace(alias), key, source)
		return err
	case err != nil:
		return err
	case holder.ID == m.ID:
		return nil
	case holder.Status == ward.ManufacturerKnown:
		return ward.Errorf(ward.ECONFLICT, "%q already names %s", alias, holder.Name)
	default:
		return tx.mergeManufacturer(holder, m)
	}
}

// ConfirmManufacturer marks an unresolved manufacturer as known.
func (db *DB) ConfirmManufacturer(ctx context.Context, name string) (*ward.Manufacturer, error) {
	var m *ward.Manufacturer
	err := db.update(ctx, func(tx *Tx) (err error) {
		m, err = tx.resolveManufacturer(name)
		if err != nil {
			return err
		}
		if m.Status == ward.ManufacturerKnown {
			return nil
		}
		m.Status = ward.ManufacturerKnown
		if _, err = tx.exec(`UPDATE manufacturers SET status = 'known' WHERE id = ?`, m.ID); err != nil {
			return err
		}
		return tx.audit("manufacturer.confirm", "manufacturer", strconv.FormatInt(m.ID, 10),
			map[string]any{"name": m.Name, "status": ward.ManufacturerUnresolved}, map[string]any{"name": m.Name, "status": m.Status})
	})
	if err != nil {
		return nil, err
	}
	return db.findManufacturer(ctx, m.ID)
}

// manufacturerName returns the display name of a manufacturer ID.
func (tx *Tx) manufacturerName(id int64) (string, error) {
	var n string
	err := tx.queryRow(`SELECT name FROM manufacturers WHERE id = ?`, id).Scan(&n)
	if err == sql.ErrNoRows {
		return "", ward.Errorf(ward.ENOTFOUND, "no manufacturer %d", id)
	}
	return n, err
}
