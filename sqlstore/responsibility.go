package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"ward"
)

// ownerExpr is the SQL for a device's effective owner team, given the
// device as d and its model as m: the device's own team, else the matrix
// rule for its type, else the matrix rule for any type.
const ownerExpr = `COALESCE(d.team_id,
	(SELECT r.team_id FROM responsibilities r WHERE r.task_type = 'owner' AND r.device_type_id = COALESCE(d.device_type_id, m.device_type_id)),
	(SELECT w.team_id FROM responsibilities w WHERE w.task_type = 'owner' AND w.device_type_id IS NULL))`

// unownedCond is "ownerExpr IS NULL" written so that the engines can
// decide most of it once per query: when a rule for any device type
// exists, no device is unowned and the condition is false before any row
// is read, instead of after a walk of every device.
const unownedCond = `(d.team_id IS NULL
	AND NOT EXISTS (SELECT 1 FROM responsibilities w WHERE w.task_type = 'owner' AND w.device_type_id IS NULL)
	AND (COALESCE(d.device_type_id, m.device_type_id) IS NULL OR COALESCE(d.device_type_id, m.device_type_id) NOT IN
		(SELECT r.device_type_id FROM responsibilities r WHERE r.task_type = 'owner' AND r.device_type_id IS NOT NULL)))`

// FindResponsibilities returns the whole responsibility matrix, ordered by
// device type ("" for any type, first) and task type.
func (db *DB) FindResponsibilities(ctx context.Context) ([]ward.Responsibility, error) {
	var out []ward.Responsibility
	err := db.view(ctx, func(tx *Tx) (err error) {
		out, err = tx.responsibilities()
		return err
	})
	return out, err
}

func (tx *Tx) responsibilities() ([]ward.Responsibility, error) {
	rows, err := tx.query(`SELECT r.id, COALESCE(t.name, ''), r.task_type, r.team_id, tm.name
		FROM responsibilities r
		LEFT JOIN device_types t ON t.id = r.device_type_id
		JOIN teams tm ON tm.id = r.team_id
		ORDER BY COALESCE(t.name_key, ''), r.task_type`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ward.Responsibility
	for rows.Next() {
		var r ward.Responsibility
		if err := rows.Scan(&r.ID, &r.DeviceType, &r.TaskType, &r.TeamID, &r.Team); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetResponsibility assigns (deviceType, taskType) to a team, replacing any
// earlier assignment. An empty deviceType means any type without a more
// specific rule. EINVALID for an unknown task type, ENOTFOUND for an unknown
// team or device type (so a misspelt type is not silently a rule that
// matches nothing).
func (db *DB) SetResponsibility(ctx context.Context, deviceType, taskType string, teamID int64) (*ward.Responsibility, error) {
	if !slices.Contains(ward.TaskTypes, taskType) {
		return nil, ward.Errorf(ward.EINVALID, "task type %q is not one of %s", taskType, strings.Join(ward.TaskTypes, ", "))
	}
	r := &ward.Responsibility{DeviceType: strings.TrimSpace(deviceType), TaskType: taskType, TeamID: teamID}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.queryRow(`SELECT name FROM teams WHERE id = ?`, teamID).Scan(&r.Team); err != nil {
			return notFound(err, "no team %d", teamID)
		}
		typeID, err := tx.deviceTypeID(r.DeviceType, false)
		if err != nil {
			return err
		}
		if typeID != 0 {
			if err := tx.queryRow(`SELECT name FROM device_types WHERE id = ?`, typeID).Scan(&r.DeviceType); err != nil {
				return err
			}
		}
		before, err := tx.responsibilityTeam(typeID, taskType)
		if err != nil {
			return err
		}
		if err := tx.deleteResponsibility(typeID, taskType); err != nil {
			return err
		}
		r.ID, err = tx.insertID(`INSERT INTO responsibilities (device_type_id, task_type, team_id) VALUES (?, ?, ?)`,
			idArg(typeID), taskType, teamID)
		if err != nil {
			return err
		}
		return tx.audit("responsibility.set", "responsibility", responsibilityKey(r.DeviceType, taskType), before,
			map[string]any{"team_id": teamID, "team": r.Team, "device_type": r.DeviceType})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// DeleteResponsibility removes the assignment of (deviceType, taskType);
// ENOTFOUND if there is none.
func (db *DB) DeleteResponsibility(ctx context.Context, deviceType, taskType string) error {
	return db.update(ctx, func(tx *Tx) error {
		typeID, err := tx.deviceTypeID(deviceType, false)
		if err != nil {
			return err
		}
		before, err := tx.responsibilityTeam(typeID, taskType)
		if err != nil {
			return err
		}
		if before == nil {
			return ward.Errorf(ward.ENOTFOUND, "no %s rule for device type %q", taskType, deviceType)
		}
		if err := tx.deleteResponsibility(typeID, taskType); err != nil {
			return err
		}
		return tx.audit("responsibility.delete", "responsibility", responsibilityKey(before["device_type"].(string), taskType),
			before, nil)
	})
}

// responsibilityTeam returns the team a rule assigns, as the audit trail
// records it, or nil when there is no such rule.
func (tx *Tx) responsibilityTeam(typeID int64, taskType string) (map[string]any, error) {
	q := `SELECT r.team_id, tm.name, COALESCE(t.name, '') FROM responsibilities r JOIN teams tm ON tm.id = r.team_id
		LEFT JOIN device_types t ON t.id = r.device_type_id WHERE r.task_type = ? AND `
	args := []any{taskType}
	if typeID == 0 {
		q += `r.device_type_id IS NULL`
	} else {
		q, args = q+`r.device_type_id = ?`, append(args, typeID)
	}
	var id int64
	var team, deviceType string
	err := tx.queryRow(q, args...).Scan(&id, &team, &deviceType)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"team_id": id, "team": team, "device_type": deviceType}, nil
}

// responsibilityKey names a rule in the audit trail: "owner/Infusion
// Pump", or "owner/*" for the rule for any type.
func responsibilityKey(deviceType, taskType string) string {
	if deviceType == "" {
		deviceType = "*"
	}
	return taskType + "/" + deviceType
}

func (tx *Tx) deleteResponsibility(typeID int64, taskType string) error {
	var err error
	if typeID == 0 {
		_, err = tx.exec(`DELETE FROM responsibilities WHERE device_type_id IS NULL AND task_type = ?`, taskType)
	} else {
		_, err = tx.exec(`DELETE FROM responsibilities WHERE device_type_id = ? AND task_type = ?`, typeID, taskType)
	}
	return err
}

// ownerCounts returns the number of devices each team owns.
func (tx *Tx) ownerCounts() (map[int64]int64, error) {
	rows, err := tx.query(`SELECT owner, COUNT(*) FROM (SELECT ` + ownerExpr + ` AS owner
		FROM devices d JOIN models m ON m.id = d.model_id) o WHERE owner IS NOT NULL GROUP BY owner`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[int64]int64{}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		counts[id] = n
	}
	return counts, rows.Err()
}
