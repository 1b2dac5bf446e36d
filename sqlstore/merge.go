package sqlstore

import (
	"ward"
)

// mergeManufacturer folds the unresolved manufacturer from into into: models
// move (or merge with a same-named model of into), devices follow, and
// every moved device records the change in its history. All set-based, so a
// merge touching a hundred thousand devices is a handful of statements.
func (tx *Tx) mergeManufacturer(from, into *ward.Manufacturer) error {
	actor := string(ward.ActorFrom(tx.ctx))
	if _, err := tx.exec(`INSERT INTO device_changes (device_id, at, actor, field, old_value, new_value)
		SELECT id, ?, ?, 'manufacturer', ?, ? FROM devices WHERE manufacturer_id = ?`,
		tx.ts(tx.now), actor, from.Name, into.Name, from.ID); err != nil {
		return err
	}
	type model struct {
		id      int64
		nameKey string
	}
	var models []model
	rows, err := tx.query(`SELECT id, name_key FROM models WHERE manufacturer_id = ?`, from.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m model
		if err := rows.Scan(&m.id, &m.nameKey); err != nil {
			rows.Close()
			return err
		}
		models = append(models, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range models {
		var twin int64
		err := tx.queryRow(`SELECT model_id FROM model_aliases WHERE manufacturer_id = ? AND alias_key = ?`, into.ID, m.nameKey).Scan(&twin)
		switch {
		case err == nil:
			if err := tx.mergeModel(m.id, twin); err != nil {
				return err
			}
		case ward.IsNotFound(mapError(err)):
			if err := tx.moveModel(m.id, into.ID); err != nil {
				return err
			}
		default:
			return err
		}
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE devices SET manufacturer_id = ?, updated_at = ? WHERE manufacturer_id = ?`, []any{into.ID, tx.ts(tx.now), from.ID}},
		{`UPDATE manufacturer_aliases SET manufacturer_id = ?, source = 'user' WHERE manufacturer_id = ?`, []any{into.ID, from.ID}},
		{`DELETE FROM manufacturers WHERE id = ?`, []any{from.ID}},
	}
	for _, s := range stmts {
		if _, err := tx.exec(s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// moveModel gives a model to another manufacturer, dropping the aliases and
// model numbers the new manufacturer already uses for other models.
func (tx *Tx) moveModel(modelID, manufacturerID int64) error {
	for _, s := range []string{
		`DELETE FROM model_aliases WHERE model_id = ? AND alias_key IN (SELECT alias_key FROM model_aliases WHERE manufacturer_id = ?)`,
		`DELETE FROM model_numbers WHERE model_id = ? AND number_key IN (SELECT number_key FROM model_numbers WHERE manufacturer_id = ?)`,
	} {
		if _, err := tx.exec(s, modelID, manufacturerID); err != nil {
			return err
		}
	}
	for _, s := range []string{
		`UPDATE model_aliases SET manufacturer_id = ? WHERE model_id = ?`,
		`UPDATE model_numbers SET manufacturer_id = ? WHERE model_id = ?`,
		`UPDATE models SET manufacturer_id = ? WHERE id = ?`,
	} {
		if _, err := tx.exec(s, manufacturerID, modelID); err != nil {
			return err
		}
	}
	return nil
}

// mergeModel folds model from into model into (which may belong to another
// manufacturer): its devices, aliases and numbers move, then it is deleted.
func (tx *Tx) mergeModel(from, into int64) error {
	var fromName, intoName string
	var intoMfr int64
	if err := tx.queryRow(`SELECT name FROM models WHERE id = ?`, from).Scan(&fromName); err != nil {
		return err
	}
	if err := tx.queryRow(`SELECT name, manufacturer_id FROM models WHERE id = ?`, into).Scan(&intoName, &intoMfr); err != nil {
		return err
	}
	if fromName != intoName {
		if _, err := tx.exec(`INSERT INTO device_changes (device_id, at, actor, field, old_value, new_value)
			SELECT id, ?, ?, 'model', ?, ? FROM devices WHERE model_id = ?`,
			tx.ts(tx.now), string(ward.ActorFrom(tx.ctx)), fromName, intoName, from); err != nil {
			return err
		}
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`UPDATE devices SET model_id = ?, manufacturer_id = ?, updated_at = ? WHERE model_id = ?`, []any{into, intoMfr, tx.ts(tx.now), from}},
		{`DELETE FROM model_aliases WHERE model_id = ? AND alias_key IN (SELECT alias_key FROM model_aliases WHERE manufacturer_id = ? AND model_id <> ?)`, []any{from, intoMfr, from}},
		{`DELETE FROM model_numbers WHERE model_id = ? AND number_key IN (SELECT number_key FROM model_numbers WHERE manufacturer_id = ? AND model_id <> ?)`, []any{from, intoMfr, from}},
		{`UPDATE model_aliases SET model_id = ?, manufacturer_id = ? WHERE model_id = ?`, []any{into, intoMfr, from}},
		{`UPDATE model_numbers SET model_id = ?, manufacturer_id = ? WHERE model_id = ?`, []any{into, intoMfr, from}},
		{`DELETE FROM models WHERE id = ?`, []any{from}},
	}
	for _, s := range stmts {
		if _, err := tx.exec(s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}
