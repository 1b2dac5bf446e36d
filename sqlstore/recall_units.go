package sqlstore

import (
	"context"
	"strings"

	"ward"
)

// RecallModels returns the catalog models of the manufacturers with their
// names, aliases, numbers and product codes. See ward.RecallMatchStore.
func (db *DB) RecallModels(ctx context.Context, manufacturerIDs []int64) ([]ward.Model, error) {
	var out []ward.Model
	err := db.view(ctx, func(tx *Tx) error {
		at := map[int64]int{}
		for _, c := range chunks(manufacturerIDs, 500) {
			in, args := "("+placeholders(len(c))+")", int64Args(c)
			rows, err := tx.query(`SELECT id, manufacturer_id, name, product_code FROM models WHERE manufacturer_id IN `+in+` ORDER BY id`, args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var m ward.Model
				if err := rows.Scan(&m.ID, &m.ManufacturerID, &m.Name, &m.ProductCode); err != nil {
					rows.Close()
					return err
				}
				at[m.ID] = len(out)
				out = append(out, m)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if err := eachRow(tx, `SELECT model_id, alias FROM model_aliases WHERE manufacturer_id IN `+in, args, func(id int64, s string) {
				if i, ok := at[id]; ok {
					out[i].Aliases = append(out[i].Aliases, s)
				}
			}); err != nil {
				return err
			}
			if err := eachRow(tx, `SELECT model_id, number FROM model_numbers WHERE manufacturer_id IN `+in, args, func(id int64, s string) {
				if i, ok := at[id]; ok {
					out[i].ModelNumbers = append(out[i].ModelNumbers, s)
				}
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// unitChunk bounds the values of one device query, under both engines'
// limits on bound parameters.
const unitChunk = 2000

// EachRecallUnit streams the devices f selects, each once. See
// ward.RecallMatchStore.
func (db *DB) EachRecallUnit(ctx context.Context, f ward.RecallUnitFilter, fn func(*ward.RecallUnit) error) error {
	return db.view(ctx, func(tx *Tx) error {
		seen := map[int64]bool{}
		parts := []struct {
			col  string
			args []any
		}{{"model_id", int64Args(f.ModelIDs)}, {"udi_di", stringArgs(f.UDIDIs)}, {"id", int64Args(f.DeviceIDs)}}
		for _, p := range parts {
			for _, c := range chunks(p.args, unitChunk) {
				q := `SELECT id, model_id, manufacturer_id, COALESCE(serial, ''), COALESCE(udi, ''), COALESCE(udi_di, ''),
					acquisition_date FROM devices WHERE ` + p.col + ` IN (` + placeholders(len(c)) + `) ORDER BY id`
				if err := tx.eachUnit(q, c, seen, fn); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (tx *Tx) eachUnit(q string, args []any, seen map[int64]bool, fn func(*ward.RecallUnit) error) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var u ward.RecallUnit
		if err := rows.Scan(&u.DeviceID, &u.ModelID, &u.ManufacturerID, &u.Serial, &u.UDI, &u.UDIDI,
			dateCol{&u.AcquisitionDate}); err != nil {
			return err
		}
		if seen[u.DeviceID] {
			continue
		}
		seen[u.DeviceID] = true
		if err := fn(&u); err != nil {
			return err
		}
	}
	return rows.Err()
}

// recallUDIs replaces the UDI device identifiers a recall lists, by
// which a device-side match finds the recall.
func (tx *Tx) recallUDIs(recallID int64, dis []string) error {
	if _, err := tx.exec(`DELETE FROM recall_udi_dis WHERE recall_id = ?`, recallID); err != nil {
		return err
	}
	seen := map[string]bool{}
	var args []any
	for _, di := range dis {
		if di = strings.TrimSpace(di); di != "" && !seen[di] {
			seen[di] = true
			args = append(args, recallID, di)
		}
	}
	for _, c := range chunks(args, 2*unitChunk) {
		rows := strings.Repeat("(?, ?), ", len(c)/2)
		if _, err := tx.exec(`INSERT INTO recall_udi_dis (recall_id, udi_di) VALUES `+rows[:len(rows)-2], c...); err != nil {
			return err
		}
	}
	return nil
}
