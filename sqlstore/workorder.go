package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"ward"
)

const workOrderFrom = ` FROM work_orders w JOIN devices d ON d.id = w.device_id JOIN models m ON m.id = d.model_id`

// workOrderSelect reads an order with its device's names and what decides
// its team (its own team, its task, the device's type and team), which
// woTeams resolves in memory: a listing runs no subquery per row.
var workOrderSelect = workOrderColumns + workOrderFrom

const workOrderColumns = `SELECT w.id, w.number, w.type, w.status, w.priority, w.title, w.description, w.device_id,
	d.asset_tag, m.name, ` + woTypeExpr + `, d.facility_id, w.pm_schedule_id, w.team_id, w.task_type, d.team_id, w.assignee,
	w.target_version, w.scheduled_date, w.due_date, w.started_date, w.completed_date, w.estimated_hours, w.labour_hours,
	w.downtime_hours, w.parts, w.parts_cost, w.labour_cost, w.cost, w.notes, w.created_at, w.created_by, w.updated_at,
	w.updated_by`

// woOpenStatuses is the SQL list of the statuses of open orders.
const woOpenStatuses = `('open', 'scheduled', 'in_progress', 'on_hold')`

// woNames names the small reference tables a work order listing shows,
// and holds the responsibility matrix: loaded once per query instead of
// joined per row.
type woNames struct {
	teams, types, facilities map[int64]string
	matrix                   *teamMatrix
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
	var err error
	n.matrix, err = tx.teamMatrix()
	return n, err
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
	var typeID, facID, schedID, explicit, deviceTeam sql.NullInt64
	var task, parts, createdBy, updatedBy string
	err := rows.Scan(&wo.ID, &wo.Number, &wo.Type, &wo.Status, woText{&wo.Priority}, woText{&wo.Title},
		woText{&wo.Description}, &wo.DeviceID, &wo.AssetTag, &wo.Model, &typeID, &facID, &schedID, &explicit, &task, &deviceTeam,
		woText{&wo.Assignee}, woText{&wo.TargetVersion}, dateCol{&wo.Scheduled}, dateCol{&wo.Due},
		dateCol{&wo.Started}, dateCol{&wo.Completed}, &wo.EstimatedHours, &wo.LabourHours, &wo.DowntimeHours,
		woText{&parts}, &wo.PartsCost, &wo.LabourCost, &wo.Cost, woText{&wo.Notes}, timeCol{&wo.CreatedAt},
		&createdBy, timeCol{&wo.UpdatedAt}, &updatedBy)
	if err != nil {
		return err
	}
	wo.CreatedBy, wo.UpdatedBy = ward.Actor(createdBy), ward.Actor(updatedBy)
	wo.DeviceType, wo.FacilityID, wo.Facility = names.types[typeID.Int64], facID.Int64, names.facilities[facID.Int64]
	wo.ScheduleID = schedID.Int64
	wo.TeamID, wo.TeamSource = names.matrix.resolve(explicit.Int64, task, typeID.Int64, deviceTeam.Int64)
	wo.Team = names.teams[wo.TeamID]
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
	at := make(map[int64]int, len(orders))
	ids := make([]int64, len(orders))
	for i := range orders {
		at[orders[i].ID], ids[i] = i, orders[i].ID
	}
	// Chunks keep the IN list under the engines' bound-parameter limits
	// (32,766 for SQLite, 65,535 for PostgreSQL) for bulk creations.
	const chunk = 5000
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		if err := tx.loadLinkChunk(orders, at, ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func (tx *Tx) loadLinkChunk(orders []ward.WorkOrder, at map[int64]int, ids []int64) error {
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

// woNeedsDevice reports whether f's conditions read the device or model.
func woNeedsDevice(f *ward.WorkOrderFilter) bool {
	return len(f.FacilityIDs) > 0 || f.TeamID != 0 || f.Unowned
}

// woCursorKey is the sort key of wo for a cursor.
func woCursorKey(wo *ward.WorkOrder, sort string) []string {
	if sort == ward.WorkOrderSortDue {
		return []string{wo.Due.String()}
	}
	return []string{strconv.FormatInt(wo.ID, 10)}
}

// workOrderWhere builds the conditions of f. Only the facility and team
// conditions read the device (d) and model (m); see woNeedsDevice.
func (tx *Tx) workOrderWhere(f *ward.WorkOrderFilter) ([]string, []any, error) {
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
		m, err := tx.teamMatrix()
		if err != nil {
			return nil, nil, err
		}
		cond, cargs := m.unownedCond("w.task_type", woTypeExpr, "d.team_id")
		where = append(where, "w.status IN "+woOpenStatuses, "w.team_id IS NULL", cond)
		args = append(args, cargs...)
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
	return where, args, nil
}
