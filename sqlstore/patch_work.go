package sqlstore

import (
	"context"
	"strings"

	"ward"
)

// FindPatchWorkLoad counts the open patch work orders of the given models'
// units by care unit and scheduled day, so a patch schedule counts the
// units already ordered out of service. It starts from the open work
// orders (work_orders_status_due), which stay few however large the
// inventory. See ward.PatchService.
func (db *DB) FindPatchWorkLoad(ctx context.Context, modelIDs, facilityIDs []int64) ([]ward.PatchWorkLoad, error) {
	out := []ward.PatchWorkLoad{}
	if len(modelIDs) == 0 {
		return out, nil
	}
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT d.model_id, COALESCE(d.facility_id, 0), COALESCE(l.department, ''), w.scheduled_date, COUNT(*)
			FROM work_orders w JOIN devices d ON d.id = w.device_id LEFT JOIN locations l ON l.id = d.location_id
			WHERE ` + openPatchWork + ` AND d.model_id IN (` + placeholders(len(modelIDs)) + `)`
		args := int64Args(modelIDs)
		if len(facilityIDs) > 0 {
			q += ` AND d.facility_id IN (` + placeholders(len(facilityIDs)) + `)`
			args = append(args, int64Args(facilityIDs)...)
		}
		rows, err := tx.query(q+` GROUP BY d.model_id, d.facility_id, l.department, w.scheduled_date`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l ward.PatchWorkLoad
			if err := rows.Scan(&l.ModelID, &l.FacilityID, &l.Department, dateCol{&l.Scheduled}, &l.Devices); err != nil {
				return err
			}
			l.Department = strings.TrimSpace(l.Department)
			out = append(out, l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
