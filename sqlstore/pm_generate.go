package sqlstore

import (
	"context"
	"strconv"

	"ward"
)

// pmUnit is one in-service device under a schedule, with what its order
// history says about the next due date.
type pmUnit struct {
	deviceID          int64
	acquired          ward.Date
	lastDue, lastDone ward.Date
	open              bool
}

// pmUnitsQuery lists a model's in-service units with, under one schedule,
// the due date of their last closed order, the completion date of their
// last completed one, and how many are open: one pass over the
// schedule's orders (by the work_orders_pm_history index, in device
// order) grouped by device, joined to the units.
const pmUnitsQuery = `SELECT d.id, d.acquisition_date, x.due, x.done, COALESCE(x.open, 0)
	FROM devices d LEFT JOIN (SELECT o.device_id,
		MAX(CASE WHEN o.status IN ('completed', 'cancelled') THEN o.due_date END) due,
		MAX(CASE WHEN o.status = 'completed' THEN o.completed_date END) done,
		SUM(CASE WHEN o.status IN ` + woOpenStatuses + ` THEN 1 ELSE 0 END) open
		FROM work_orders o WHERE o.pm_schedule_id = ? GROUP BY o.device_id) x ON x.device_id = d.id
	WHERE d.model_id = ? AND d.status = 'in_service' ORDER BY d.id`

func (tx *Tx) pmUnits(s *ward.PMSchedule) ([]pmUnit, error) {
	rows, err := tx.query(pmUnitsQuery, s.ID, s.ModelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []pmUnit
	for rows.Next() {
		var u pmUnit
		var open int
		if err := rows.Scan(&u.deviceID, dateCol{&u.acquired}, dateCol{&u.lastDue}, dateCol{&u.lastDone}, &open); err != nil {
			return nil, err
		}
		u.open = open > 0
		out = append(out, u)
	}
	return out, rows.Err()
}

// GeneratePM creates, for every active schedule and every in-service unit
// of its model without an open order under it, the next order when it
// falls due on or before until (see ward.NextPMDue). A schedule's units
// are read and written a schedule at a time; the orders are written in
// bulk. Running it again adds nothing: a unit with an open order is
// skipped, and the database refuses a second open order.
func (db *DB) GeneratePM(ctx context.Context, until ward.Date) (*ward.PMResult, error) {
	res := &ward.PMResult{Until: until}
	err := db.update(ctx, func(tx *Tx) error {
		today := ward.DateOf(tx.now)
		if until.IsZero() {
			res.Until, until = today, today
		}
		var schedules []ward.PMSchedule
		rows, err := tx.query(pmScheduleSelect+` WHERE s.active = ? ORDER BY s.id`, true)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s ward.PMSchedule
			if err := scanPMSchedule(rows, &s); err != nil {
				rows.Close()
				return err
			}
			schedules = append(schedules, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		w, err := newWOWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		by := ward.ActorFrom(ctx)
		for i := range schedules {
			if err := tx.generateSchedule(w, &schedules[i], today, until, by, res); err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		res.Schedules = len(schedules)
		if res.Created == 0 {
			return nil
		}
		return tx.audit("pm.generate", "pm_schedule", "", nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (tx *Tx) generateSchedule(w *woWriter, s *ward.PMSchedule, today, until ward.Date, by ward.Actor, res *ward.PMResult) error {
	units, err := tx.pmUnits(s)
	if err != nil {
		return err
	}
	desc := "Preventive maintenance every " + s.Interval() + " (schedule " + strconv.FormatInt(s.ID, 10) + ")"
	var due []ward.WorkOrder
	for _, u := range units {
		res.Devices++
		if u.open {
			res.AlreadyOpen++
			continue
		}
		next := ward.NextPMDue(s, u.lastDue, u.lastDone, u.acquired, today)
		if until.Before(next) {
			res.NotDue++
			continue
		}
		due = append(due, ward.WorkOrder{Type: ward.WorkOrderPM, Status: ward.WorkOrderOpen, Title: s.Task,
			Description: desc, DeviceID: u.deviceID, ScheduleID: s.ID, Due: next, EstimatedHours: s.EstimatedHours})
	}
	for _, batch := range chunks(due, importBatch) {
		if err := w.number(batch); err != nil {
			return err
		}
		for i := range batch {
			if err := w.insert(&batch[i], tx.now, by); err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		res.Created += len(batch)
	}
	return nil
}
