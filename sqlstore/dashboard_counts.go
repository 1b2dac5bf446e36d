package sqlstore

import (
	"context"

	"ward"
)

// The dashboard's remediation tiles (app.DashboardCounter). They are read
// in the background every few minutes for each facility scope, so each is
// one set-based query, or, for the patch-ready queue, the queue's own
// grouped count. CountOverdueWorkOrders lives with the work orders.

// CountPatchReady counts the devices of the facilities (all when none)
// with an OEM-validated patch for an open finding: the devices of the
// patch-ready queue, which counts them per care unit from its covering
// index without reading device rows.
func (db *DB) CountPatchReady(ctx context.Context, facilityIDs []int64) (int64, error) {
	groups, err := db.FindPatchReady(ctx, ward.PatchReadyFilter{FacilityIDs: facilityIDs})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, g := range groups {
		n += int64(g.Devices)
	}
	return n, nil
}

// CountOpenRecalls counts the outstanding (device, recall) matches on
// devices of the facilities (all when none): open or in progress, as the
// recalls page lists them by default. The status is the effective one:
// a linked work order, else a user's status, else the matcher's.
func (db *DB) CountOpenRecalls(ctx context.Context, facilityIDs []int64) (int64, error) {
	for _, id := range facilityIDs {
		if id <= 0 {
			return 0, ward.Errorf(ward.EINVALID, "%d is not a facility ID", id)
		}
	}
	var where string
	args := []any{}
	if len(facilityIDs) > 0 {
		where = ` WHERE d.facility_id IN (` + placeholders(len(facilityIDs)) + `)`
		args = int64Args(facilityIDs)
	}
	// x carries what recallStatusExpr reads: the user's and the matcher's
	// statuses and the status-setting work order.
	q := `SELECT COUNT(*) FROM (SELECT m.user_status, m.computed_status, ` + recallLinkedOrder + ` AS wo_id
		FROM recall_matches m JOIN recalls r ON r.id = m.recall_id JOIN devices d ON d.id = m.device_id` + where + `) x` +
		recallStatusJoin + ` WHERE ` + recallStatusExpr + ` IN (?, ?)`
	args = append(args, ward.RecallOpen, ward.RecallInProgress)
	var n int64
	err := db.view(ctx, func(tx *Tx) error { return tx.queryRow(q, args...).Scan(&n) })
	return n, err
}

// FindTeamNames lists the teams by name without counting their devices:
// the choices of a page's team filter, which need no walk of the
// inventory.
func (db *DB) FindTeamNames(ctx context.Context) ([]ward.Team, error) {
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
		return rows.Err()
	})
	return out, err
}
