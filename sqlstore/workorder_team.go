package sqlstore

import (
	"slices"
	"strings"

	"ward"
)

// A work order's team: the team assigned on the order, else the
// responsibility matrix's rule for its task and the device's type, else
// the rule for the task and any type, else the device's owner (its own
// team, else the owner rule for its type, else for any type). The SQL
// form serves filters and reports; listings resolve the same rule in
// memory with teamMatrix, so they run no subquery per row.

// taskTeamExpr is the SQL for the team that does task on a device, given
// SQL expressions for the task, the device's type and the device's own
// team: the matrix rule for the task and the type, else for the task and
// any type, else the device's owner (its own team, else the owner rule
// for its type, else for any type). NULL when no team answers.
func taskTeamExpr(task, typeID, deviceTeam string) string {
	return `COALESCE(` + matrixTeamExpr(task, typeID) + `, ` + deviceTeam + `, ` + matrixTeamExpr(`'owner'`, typeID) + `)`
}

// matrixTeamExpr is the SQL for the matrix's team for task on a device of
// typeID: the rule for the type, else the rule for any type.
func matrixTeamExpr(task, typeID string) string {
	return `COALESCE((SELECT r.team_id FROM responsibilities r WHERE r.task_type = ` + task + ` AND r.device_type_id = ` + typeID + `),
	(SELECT r.team_id FROM responsibilities r WHERE r.task_type = ` + task + ` AND r.device_type_id IS NULL))`
}

// woTypeExpr is the device type of the order's device, given the device
// as d and its model as m.
const woTypeExpr = `COALESCE(d.device_type_id, m.device_type_id)`

// workOrderTeamExpr is the SQL for a work order's effective team, given
// the order as w, its device as d and the device's model as m: the team
// assigned on the order, else taskTeamExpr for the order's task.
var workOrderTeamExpr = `COALESCE(w.team_id, ` + taskTeamExpr("w.task_type", woTypeExpr, "d.team_id") + `)`

// teamMatrix is the responsibility matrix in memory.
type teamMatrix struct {
	byType  map[string]map[int64]int64 // task → device type → team
	anyType map[string]int64           // task → team of the rule for any type
}

// teamMatrix reads the whole matrix: a few hundred rules at most.
func (tx *Tx) teamMatrix() (*teamMatrix, error) {
	m := &teamMatrix{byType: map[string]map[int64]int64{}, anyType: map[string]int64{}}
	rows, err := tx.query(`SELECT COALESCE(device_type_id, 0), task_type, team_id FROM responsibilities`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var typeID, team int64
		var task string
		if err := rows.Scan(&typeID, &task, &team); err != nil {
			return nil, err
		}
		if typeID == 0 {
			m.anyType[task] = team
			continue
		}
		if m.byType[task] == nil {
			m.byType[task] = map[int64]int64{}
		}
		m.byType[task][typeID] = team
	}
	return m, rows.Err()
}

// rule returns the matrix's team for task on a device of typeID, 0 for
// none.
func (m *teamMatrix) rule(task string, typeID int64) int64 {
	if t := m.byType[task][typeID]; t != 0 && typeID != 0 {
		return t
	}
	return m.anyType[task]
}

// resolve returns the team of an order with its own team explicit (0 for
// none) for task on a device of typeID with its own team deviceTeam, and
// where the team comes from ("" when no team answers).
func (m *teamMatrix) resolve(explicit int64, task string, typeID, deviceTeam int64) (int64, string) {
	if explicit != 0 {
		return explicit, ward.TeamFromWorkOrder
	}
	if t := m.rule(task, typeID); t != 0 {
		return t, ward.TeamFromMatrix
	}
	if deviceTeam != 0 {
		return deviceTeam, ward.TeamFromOwner
	}
	if t := m.rule(ward.TaskOwner, typeID); t != 0 {
		return t, ward.TeamFromOwner
	}
	return 0, ""
}

// unownedCond returns an SQL condition, with its arguments, true for
// work of the task in taskCol on a device of the type in typeCol with its
// own team in deviceTeamCol that no team answers for, when the order has
// no team of its own. It is the resolve rule turned round: no rule for
// the task (for the type or any type), no device team and no owner rule.
// Written out from the matrix, it needs no subquery per row.
func (m *teamMatrix) unownedCond(taskCol, typeCol, deviceTeamCol string) (string, []any) {
	if m.anyType[ward.TaskOwner] != 0 {
		return "1 = 0", nil
	}
	var alts []string
	var args []any
	for _, task := range ward.TaskTypes {
		if task == ward.TaskOwner || m.anyType[task] != 0 {
			continue
		}
		covered := map[int64]bool{}
		for id := range m.byType[task] {
			covered[id] = true
		}
		for id := range m.byType[ward.TaskOwner] {
			covered[id] = true
		}
		alt := taskCol + " = ?"
		args = append(args, task)
		if len(covered) > 0 {
			ids := make([]int64, 0, len(covered))
			for id := range covered {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			alt += " AND (" + typeCol + " IS NULL OR " + typeCol + " NOT IN (" + placeholders(len(ids)) + "))"
			args = append(args, int64Args(ids)...)
		}
		alts = append(alts, "("+alt+")")
	}
	if len(alts) == 0 {
		return "1 = 0", nil
	}
	return deviceTeamCol + " IS NULL AND (" + strings.Join(alts, " OR ") + ")", args
}
