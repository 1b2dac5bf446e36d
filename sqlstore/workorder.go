package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"ward"
)

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

const workOrderFrom = ` FROM work_orders w JOIN devices d ON d.id = w.device_id JOIN models m ON m.id = d.model_id`

// workOrderSelect reads an order with its device's names, its explicit
// team, the matrix's team for its task and its effective team (which
// tell the team's source apart).
var workOrderSelect = `SELECT w.id, w.number, w.type, w.status, w.priority, w.title, w.description, w.device_id,
	d.asset_tag, m.name, ` + woTypeExpr + `, d.facility_id, w.pm_schedule_id, w.team_id, ` +
	matrixTeamExpr("w.task_type", woTypeExpr) + `, ` + workOrderTeamExpr + `, w.assignee, w.target_version, w.scheduled_date, w.due_date, w.started_date,
	w.completed_date, w.estimated_hours, w.labour_hours, w.downtime_hours, w.parts, w.parts_cost, w.labour_cost,
	w.cost, w.notes, w.created_at, w.created_by, w.updated_at, w.updated_by` + workOrderFrom

// woOpenStatuses is the SQL list of the statuses of open orders.
const woOpenStatuses = `('open', 'scheduled', 'in_progress', 'on_hold')`

// woNames names the small reference tables a work order listing shows:
// loaded once per query instead of joined per row.
type woNames struct {
	teams, types, facilities map[int64]string
}

func (tx *Tx) workOrderNames() (*woNames, error) {
	n := &woNames{}
	for _, t := range []struct {
		dst *map[int64]string
		q   string
	}{
		{&n.teams, `SELECT id, name FROM teams`}, {&n.types, `SELECT id, name FROM device_types`},
		{&n.facilities, `SELECT id, name FROM facilities`},
	} {
		*t.dst = map[int64]string{}
		if err := eachRow(tx, t.q, nil, func(id int64, name string) { (*t.dst)[id] = name }); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// woText scans a nullable text column, NULL being "".
type woText struct{ s *string }

// Scan implements sql.Scanner.
func (c woText) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return ward.Errorf(ward.EINTERNAL, "cannot scan %T into text", src)
	}
	return nil
}

// scanWorkOrder reads a row of workOrderSelect; today decides Overdue.
func scanWorkOrder(rows interface{ Scan(...any) error }, wo *ward.WorkOrder, names *woNames, today ward.Date) error {
	var typeID, facID, schedID, explicit, matrix, team sql.NullInt64
	var parts, createdBy, updatedBy string
	err := rows.Scan(&wo.ID, &wo.Number, &wo.Type, &wo.Status, woText{&wo.Priority}, woText{&wo.Title},
		woText{&wo.Description}, &wo.DeviceID, &wo.AssetTag, &wo.Model, &typeID, &facID, &schedID, &explicit, &matrix, &team,
		woText{&wo.Assignee}, woText{&wo.TargetVersion}, dateCol{&wo.Scheduled}, dateCol{&wo.Due},
		dateCol{&wo.Started}, dateCol{&wo.Completed}, &wo.EstimatedHours, &wo.LabourHours, &wo.DowntimeHours,
		woText{&parts}, &wo.PartsCost, &wo.LabourCost, &wo.Cost, woText{&wo.Notes}, timeCol{&wo.CreatedAt},
		&createdBy, timeCol{&wo.UpdatedAt}, &updatedBy)
	if err != nil {
		return err
	}
	wo.CreatedBy, wo.UpdatedBy = ward.Actor(createdBy), ward.Actor(updatedBy)
	wo.DeviceType, wo.FacilityID, wo.Facility = names.types[typeID.Int64], facID.Int64, names.facilities[facID.Int64]
	wo.ScheduleID, wo.TeamID, wo.Team = schedID.Int64, team.Int64, names.teams[team.Int64]
	switch {
	case explicit.Valid:
		wo.TeamSource = ward.TeamFromWorkOrder
	case matrix.Valid:
		wo.TeamSource = ward.TeamFromMatrix
	case team.Valid:
		wo.TeamSource = ward.TeamFromOwner
	default:
		wo.TeamSource = ""
	}
	wo.Overdue = !ward.FinalStatus(wo.Status) && !wo.Due.IsZero() && wo.Due.Before(today)
	wo.Parts = []ward.Part{}
	if parts != "" {
		if err := json.Unmarshal([]byte(parts), &wo.Parts); err != nil {
			return err
		}
	}
	wo.Links = []ward.WorkOrderLink{}
	return nil
}

// FindWorkOrder returns a work order by ID; ENOTFOUND if none.
func (db *DB) FindWorkOrder(ctx context.Context, id int64) (*ward.WorkOrder, error) {
	var wo *ward.WorkOrder
	err := db.view(ctx, func(tx *Tx) (err error) {
		wo, err = tx.findWorkOrder("w.id = ?", id)
		return err
	})
	return wo, err
}

// FindWorkOrderByNumber returns a work order by number, ignoring case;
// ENOTFOUND if none.
func (db *DB) FindWorkOrderByNumber(ctx context.Context, number string) (*ward.WorkOrder, error) {
	var wo *ward.WorkOrder
	err := db.view(ctx, func(tx *Tx) (err error) {
		wo, err = tx.findWorkOrder("w.number_key = ?", ward.WorkOrderNumberKey(number))
		return err
	})
	return wo, err
}

func (tx *Tx) findWorkOrder(cond string, arg any) (*ward.WorkOrder, error) {
	names, err := tx.workOrderNames()
	if err != nil {
		return nil, err
	}
	var wo ward.WorkOrder
	if err := scanWorkOrder(tx.queryRow(workOrderSelect+" WHERE "+cond, arg), &wo, names, ward.DateOf(tx.now)); err != nil {
		return nil, notFound(err, "no work order %v", arg)
	}
	orders := []ward.WorkOrder{wo}
	if err := tx.loadLinks(orders); err != nil {
		return nil, err
	}
	return &orders[0], nil
}

// loadLinks fills the links of orders with one query.
func (tx *Tx) loadLinks(orders []ward.WorkOrder) error {
	if len(orders) == 0 {
		return nil
	}
	at := make(map[int64]int, len(orders))
	ids := make([]int64, len(orders))
	for i := range orders {
		at[orders[i].ID], ids[i] = i, orders[i].ID
	}
	rows, err := tx.query(`SELECT work_order_id, kind, ref_id, reference FROM work_order_links
		WHERE work_order_id IN (`+placeholders(len(ids))+`) ORDER BY id`, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var woID int64
		var refID sql.NullInt64
		var l ward.WorkOrderLink
		if err := rows.Scan(&woID, &l.Kind, &refID, &l.Ref); err != nil {
			return err
		}
		l.ID = refID.Int64
		wo := &orders[at[woID]]
		wo.Links = append(wo.Links, l)
	}
	return rows.Err()
}

// woCursorKey is the sort key of wo for a cursor.
func woCursorKey(wo *ward.WorkOrder, sort string) []string {
	if sort == ward.WorkOrderSortDue {
		return []string{wo.Due.String()}
	}
	return []string{strconv.FormatInt(wo.ID, 10)}
}

// workOrderWhere builds the conditions of f.
func (tx *Tx) workOrderWhere(f *ward.WorkOrderFilter) ([]string, []any) {
	var where []string
	var args []any
	in := func(col string, vals []any) {
		where, args = append(where, col+" IN ("+placeholders(len(vals))+")"), append(args, vals...)
	}
	if len(f.Statuses) > 0 {
		in("w.status", stringArgs(f.Statuses))
	}
	if len(f.Types) > 0 {
		in("w.type", stringArgs(f.Types))
	}
	if len(f.FacilityIDs) > 0 {
		in("d.facility_id", int64Args(f.FacilityIDs))
	}
	for _, c := range []struct {
		cond string
		v    int64
	}{{"w.device_id = ?", f.DeviceID}, {"w.pm_schedule_id = ?", f.ScheduleID}, {workOrderTeamExpr + " = ?", f.TeamID}} {
		if c.v != 0 {
			where, args = append(where, c.cond), append(args, c.v)
		}
	}
	if f.Unowned {
		where = append(where, "w.status IN "+woOpenStatuses, workOrderTeamExpr+" IS NULL")
	}
	if f.Overdue {
		where = append(where, "w.status IN "+woOpenStatuses, "w.due_date < ?")
		args = append(args, tx.date(ward.DateOf(tx.now)))
	}
	if f.LinkKind != "" {
		cond := `w.id IN (SELECT work_order_id FROM work_order_links WHERE kind = ?`
		args = append(args, f.LinkKind)
		if f.LinkID != 0 {
			cond, args = cond+` AND ref_id = ?`, append(args, f.LinkID)
		}
		if ref := strings.TrimSpace(f.LinkRef); ref != "" {
			cond, args = cond+` AND reference = ?`, append(args, ref)
		}
		where = append(where, cond+")")
	}
	return where, args
}
