package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

const modelColumns = `m.id, m.manufacturer_id, mf.name, m.name, COALESCE(t.name, ''), m.product_code,
	COALESCE(p.device_class, ''), COALESCE(p.life_sustaining, FALSE), m.life_sustaining, m.patient_connected,
	COALESCE(m.expected_life_years, 0), m.end_of_sale, m.end_of_support, m.parts, m.cpe, COALESCE(m.replacement_cost, 0),
	mf.name_key, m.name_key`

const modelFrom = ` FROM models m
	JOIN manufacturers mf ON mf.id = m.manufacturer_id
	LEFT JOIN device_types t ON t.id = m.device_type_id
	LEFT JOIN fda_product_codes p ON p.product_code = m.product_code`

func scanModel(rows interface{ Scan(...any) error }, m *ward.Model, keys *[2]string) error {
	return rows.Scan(&m.ID, &m.ManufacturerID, &m.Manufacturer, &m.Name, &m.DeviceType, &m.ProductCode,
		&m.DeviceClass, &m.FDALifeSustain, boolPtrCol{&m.LifeSustaining}, &m.PatientConnected,
		&m.ExpectedLifeYears, dateCol{&m.EndOfSale}, dateCol{&m.EndOfSupport}, &m.Parts, &m.CPE, &m.ReplacementCost, &keys[0], &keys[1])
}

// FindModels returns a page of models ordered by manufacturer and name, with
// aliases, model numbers and unit counts.
func (db *DB) FindModels(ctx context.Context, f ward.ModelFilter) (*ward.Page[ward.Model], error) {
	cur, err := decodeCursor(f.After, "model", 2)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Model]{Items: []ward.Model{}}
	err = db.view(ctx, func(tx *Tx) error {
		var where []string
		var args []any
		if f.ManufacturerID != 0 {
			where, args = append(where, "m.manufacturer_id = ?"), append(args, f.ManufacturerID)
		}
		if f.DeviceType != "" {
			where, args = append(where, "t.name_key = ?"), append(args, names.Key(f.DeviceType))
		}
		if f.Name != "" {
			where = append(where, `m.id IN (SELECT model_id FROM model_aliases WHERE alias_key = ?)`)
			args = append(args, names.Key(f.Name))
		}
		if k := names.Key(f.Q); k != "" {
			where = append(where, `(m.id IN (SELECT model_id FROM model_aliases WHERE alias_key LIKE ?)
				OR m.id IN (SELECT model_id FROM model_numbers WHERE number_key LIKE ?) OR mf.name_key LIKE ?)`)
			args = append(args, "%"+k+"%", "%"+k+"%", "%"+k+"%")
		}
		if cur != nil {
			where = append(where, "(mf.name_key, m.name_key, m.id) > (?, ?, ?)")
			args = append(args, cur.Keys[0], cur.Keys[1], cur.ID)
		}
		q := "SELECT " + modelColumns + modelFrom
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		rows, err := tx.query(q+" ORDER BY mf.name_key, m.name_key, m.id LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var keys [2]string
		for rows.Next() {
			var m ward.Model
			if err := scanModel(rows, &m, &keys); err != nil {
				return err
			}
			if len(page.Items) == limit {
				last := page.Items[limit-1]
				page.NextCursor = cursor{Sort: "model", Keys: []string{names.Key(last.Manufacturer), names.Key(last.Name)}, ID: last.ID}.encode()
				break
			}
			page.Items = append(page.Items, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillModelDetails(page.Items)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// FindModel returns a model by ID; ENOTFOUND if there is none.
func (db *DB) FindModel(ctx context.Context, id int64) (*ward.Model, error) {
	var m ward.Model
	err := db.view(ctx, func(tx *Tx) error {
		var keys [2]string
		if err := scanModel(tx.queryRow("SELECT "+modelColumns+modelFrom+" WHERE m.id = ?", id), &m, &keys); err != nil {
			return notFound(err, "no model %d", id)
		}
		ms := []ward.Model{m}
		err := tx.fillModelDetails(ms)
		m = ms[0]
		return err
	})
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// fillModelDetails loads aliases, model numbers and unit counts for models
// in three queries, whatever their number.
func (tx *Tx) fillModelDetails(ms []ward.Model) error {
	if len(ms) == 0 {
		return nil
	}
	idx := make(map[int64]*ward.Model, len(ms))
	ids := make([]any, len(ms))
	for i := range ms {
		ms[i].Aliases, ms[i].ModelNumbers = []string{}, []string{}
		idx[ms[i].ID] = &ms[i]
		ids[i] = ms[i].ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	err := eachRow(tx, `SELECT model_id, alias FROM model_aliases WHERE model_id IN `+in+` ORDER BY alias_key`, ids, func(id int64, s string) {
		if m := idx[id]; s != m.Name {
			m.Aliases = append(m.Aliases, s)
		}
	})
	if err != nil {
		return err
	}
	err = eachRow(tx, `SELECT model_id, number FROM model_numbers WHERE model_id IN `+in+` ORDER BY number_key`, ids, func(id int64, s string) {
		idx[id].ModelNumbers = append(idx[id].ModelNumbers, s)
	})
	if err != nil {
		return err
	}
	return eachRow(tx, `SELECT model_id, COUNT(*) FROM devices WHERE model_id IN `+in+` GROUP BY model_id`, ids, func(id int64, s string) {
		idx[id].Devices, _ = strconv.ParseInt(s, 10, 64)
	})
}

// eachRow runs a query returning (id, text) rows and calls fn for each.
func eachRow(tx *Tx, q string, args []any, fn func(int64, string)) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return err
		}
		fn(id, s)
	}
	return rows.Err()
}

// createModel inserts a model with its name as first alias and, when
// given, its model number.
func (tx *Tx) createModel(manufacturerID int64, name, number string, typeID int64, source string) (int64, error) {
	name = strings.TrimSpace(name)
	key := names.Key(name)
	id, err := tx.insertID(`INSERT INTO models (manufacturer_id, name, name_key, device_type_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, manufacturerID, name, key, idArg(typeID), tx.ts(tx.now), tx.ts(tx.now))
	if err != nil {
		return 0, err
	}
	if err := tx.addModelAlias(id, manufacturerID, name, source); err != nil {
		return 0, err
	}
	if number != "" {
		return id, tx.addModelNumber(id, manufacturerID, number)
	}
	return id, nil
}

func (tx *Tx) addModelAlias(modelID, manufacturerID int64, alias, source string) error {
	_, err := tx.exec(`INSERT INTO model_aliases (model_id, manufacturer_id, alias, alias_key, source) VALUES (?, ?, ?, ?, ?)`,
		modelID, manufacturerID, strings.TrimSpace(alias), names.Key(alias), source)
	return err
}

func (tx *Tx) addModelNumber(modelID, manufacturerID int64, number string) error {
	_, err := tx.exec(`INSERT INTO model_numbers (model_id, manufacturer_id, number, number_key) VALUES (?, ?, ?, ?)`,
		modelID, manufacturerID, strings.TrimSpace(number), names.Key(number))
	return err
}

// modelOwning returns the model of a manufacturer that has key as an alias
// (table model_aliases) or number (model_numbers), or 0.
func (tx *Tx) modelOwning(table, column string, manufacturerID int64, key string) (int64, error) {
	var id int64
	err := tx.queryRow(`SELECT model_id FROM `+table+` WHERE manufacturer_id = ? AND `+column+` = ?`, manufacturerID, key).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, err
}
