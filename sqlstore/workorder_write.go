package sqlstore

import (
	"encoding/json"
	"time"

	"ward"
)

// woColumns are the columns a new work order row is written with.
const woColumns = `id, number, number_key, type, task_type, status, priority, title, description, device_id,
	pm_schedule_id, team_id, assignee, target_version, scheduled_date, due_date, started_date, completed_date,
	estimated_hours, labour_hours, downtime_hours, parts, parts_cost, labour_cost, cost, notes, created_at,
	created_by, updated_at, updated_by`

const woColumnCount = 30

// woWriter writes new work orders in bulk (multi-row INSERTs on SQLite,
// COPY on PostgreSQL) with their links and history entries. IDs are
// handed out before the rows are written, so links and history need no
// read-back; links and history are written after the orders they name.
type woWriter struct {
	tx      *Tx
	orders  *batchInsert
	links   *batchInsert
	changes *batchInsert
	pending struct {
		links, changes [][]any
	}
	lastID int64   // SQLite: the highest ID handed out
	ids    []int64 // PostgreSQL: IDs reserved from the sequence, not used yet
}

func newWOWriter(tx *Tx) (*woWriter, error) {
	w := &woWriter{
		tx:      tx,
		orders:  newBatchInsert(tx, "work_orders", woColumns, woColumnCount),
		links:   newBatchInsert(tx, "work_order_links", "work_order_id, kind, ref_id, reference", 4),
		changes: newBatchInsert(tx, "work_order_changes", "work_order_id, at, actor, field, old_value, new_value", 6),
	}
	if tx.db.engine != Postgres {
		// SQLite has one writer, so the highest ID stays ours.
		if err := tx.queryRow(`SELECT COALESCE(MAX(id), 0) FROM work_orders`).Scan(&w.lastID); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// nextID returns an unused work order ID.
func (w *woWriter) nextID() (int64, error) {
	if w.tx.db.engine != Postgres {
		w.lastID++
		return w.lastID, nil
	}
	if len(w.ids) == 0 {
		if err := w.reserve(1); err != nil {
			return 0, err
		}
	}
	id := w.ids[0]
	w.ids = w.ids[1:]
	return id, nil
}

// reserve takes n IDs from PostgreSQL's sequence in one query, for the
// next n calls of nextID; asking for what a batch needs keeps the
// sequence, and so the numbers of new orders, without gaps. SQLite needs
// no reservation.
func (w *woWriter) reserve(n int) error {
	if w.tx.db.engine != Postgres || n <= len(w.ids) {
		return nil
	}
	rows, err := w.tx.query(`SELECT nextval(pg_get_serial_sequence('work_orders', 'id')) FROM generate_series(1, ?)`, n-len(w.ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		w.ids = append(w.ids, id)
	}
	return rows.Err()
}

// insert queues a new order. wo must be normalised and carry its ID and
// number; created is its creation time and by its creator.
func (w *woWriter) insert(wo *ward.WorkOrder, created time.Time, by ward.Actor) error {
	tx := w.tx
	parts, err := woPartsJSON(wo.Parts)
	if err != nil {
		return err
	}
	now, actor := tx.ts(tx.now), string(ward.ActorFrom(tx.ctx))
	if err := w.orders.add(wo.ID, wo.Number, ward.WorkOrderNumberKey(wo.Number), wo.Type, ward.WorkOrderTask(wo.Type),
		wo.Status, textArg(wo.Priority), textArg(wo.Title), textArg(wo.Description), wo.DeviceID, idArg(wo.ScheduleID),
		idArg(wo.ExplicitTeam()), textArg(wo.Assignee), textArg(wo.TargetVersion), tx.date(wo.Scheduled),
		tx.date(wo.Due), tx.date(wo.Started), tx.date(wo.Completed), wo.EstimatedHours, wo.LabourHours,
		wo.DowntimeHours, parts, int64(wo.PartsCost), int64(wo.LabourCost), int64(wo.Cost), textArg(wo.Notes),
		tx.ts(created), string(by), now, actor); err != nil {
		return err
	}
	w.addLinks(wo.ID, wo.Links)
	return nil
}

func (w *woWriter) addLinks(id int64, links []ward.WorkOrderLink) {
	for _, l := range links {
		w.pending.links = append(w.pending.links, []any{id, l.Kind, idArg(l.ID), l.Ref})
	}
}

// addChanges queues history entries of order id, made now by the
// transaction's actor unless they carry their own time and actor.
func (w *woWriter) addChanges(id int64, changes []ward.WorkOrderChange) {
	for _, c := range changes {
		at, actor := c.At, c.Actor
		if at.IsZero() {
			at = w.tx.now
		}
		if actor == "" {
			actor = ward.ActorFrom(w.tx.ctx)
		}
		w.pending.changes = append(w.pending.changes, []any{id, w.tx.ts(at), string(actor), c.Field, c.Old, c.New})
	}
}

// flush writes every queued row: orders first, so that the links and
// history naming them find them.
func (w *woWriter) flush() error {
	if err := w.orders.flush(); err != nil {
		return err
	}
	for _, p := range []struct {
		rows *[][]any
		b    *batchInsert
	}{{&w.pending.links, w.links}, {&w.pending.changes, w.changes}} {
		for _, r := range *p.rows {
			if err := p.b.add(r...); err != nil {
				return err
			}
		}
		*p.rows = (*p.rows)[:0]
		if err := p.b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *woWriter) close() {
	w.orders.close()
	w.links.close()
	w.changes.close()
}

// woPartsJSON encodes parts for storage: NULL when there are none.
func woPartsJSON(parts []ward.Part) (any, error) {
	if len(parts) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(parts)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// woUpdater rewrites stored orders with one prepared statement.
type woUpdater struct {
	tx   *Tx
	stmt *preparedStmt
}

const woUpdateSQL = `UPDATE work_orders SET type = ?, task_type = ?, status = ?, priority = ?, title = ?,
	description = ?, device_id = ?, pm_schedule_id = ?, team_id = ?, assignee = ?, target_version = ?,
	scheduled_date = ?, due_date = ?, started_date = ?, completed_date = ?, estimated_hours = ?, labour_hours = ?,
	downtime_hours = ?, parts = ?, parts_cost = ?, labour_cost = ?, cost = ?, notes = ?, updated_at = ?,
	updated_by = ? WHERE id = ?`

// update rewrites the mutable columns of a stored order and, when they
// changed, its links.
func (u *woUpdater) update(wo *ward.WorkOrder, linksChanged bool) error {
	tx := u.tx
	parts, err := woPartsJSON(wo.Parts)
	if err != nil {
		return err
	}
	if u.stmt == nil {
		if u.stmt, err = tx.prepareStmt(woUpdateSQL); err != nil {
			return err
		}
	}
	err = u.stmt.exec(wo.Type, ward.WorkOrderTask(wo.Type), wo.Status, textArg(wo.Priority), textArg(wo.Title),
		textArg(wo.Description), wo.DeviceID, idArg(wo.ScheduleID), idArg(wo.ExplicitTeam()), textArg(wo.Assignee),
		textArg(wo.TargetVersion), tx.date(wo.Scheduled), tx.date(wo.Due), tx.date(wo.Started), tx.date(wo.Completed),
		wo.EstimatedHours, wo.LabourHours, wo.DowntimeHours, parts, int64(wo.PartsCost), int64(wo.LabourCost),
		int64(wo.Cost), textArg(wo.Notes), tx.ts(tx.now), string(ward.ActorFrom(tx.ctx)), wo.ID)
	if err != nil || !linksChanged {
		return err
	}
	if _, err := tx.exec(`DELETE FROM work_order_links WHERE work_order_id = ?`, wo.ID); err != nil {
		return err
	}
	for _, l := range wo.Links {
		if _, err := tx.exec(`INSERT INTO work_order_links (work_order_id, kind, ref_id, reference) VALUES (?, ?, ?, ?)`,
			wo.ID, l.Kind, idArg(l.ID), l.Ref); err != nil {
			return err
		}
	}
	return nil
}

func (u *woUpdater) close() {
	if u.stmt != nil {
		u.stmt.close()
	}
}

// cloneWorkOrder copies wo deeply enough to change the copy.
func cloneWorkOrder(wo *ward.WorkOrder) ward.WorkOrder {
	c := *wo
	c.Parts = append([]ward.Part(nil), wo.Parts...)
	c.Links = append([]ward.WorkOrderLink(nil), wo.Links...)
	return c
}
