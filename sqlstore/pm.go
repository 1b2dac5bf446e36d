package sqlstore

import (
	"context"
	"strconv"

	"ward"
	"ward/names"
)

// pmScheduleSelect reads schedules with their model's names, the number
// of in-service units they cover and their open orders.
const pmScheduleSelect = `SELECT s.id, s.model_id, mf.name, m.name, COALESCE(t.name, ''), s.task, s.interval_months,
	s.interval_days, s.estimated_hours, s.active, s.created_at, s.updated_at,
	(SELECT COUNT(*) FROM devices d WHERE d.model_id = s.model_id AND d.status = 'in_service'),
	(SELECT COUNT(*) FROM work_orders w WHERE w.pm_schedule_id = s.id AND w.status IN ` + woOpenStatuses + `)
	FROM pm_schedules s JOIN models m ON m.id = s.model_id JOIN manufacturers mf ON mf.id = m.manufacturer_id
	LEFT JOIN device_types t ON t.id = m.device_type_id`

func scanPMSchedule(rows interface{ Scan(...any) error }, s *ward.PMSchedule) error {
	return rows.Scan(&s.ID, &s.ModelID, &s.Manufacturer, &s.Model, &s.DeviceType, &s.Task, &s.IntervalMonths,
		&s.IntervalDays, &s.EstimatedHours, &s.Active, timeCol{&s.CreatedAt}, timeCol{&s.UpdatedAt}, &s.Devices,
		&s.OpenOrders)
}

// FindPMSchedules returns the schedules, of one model when modelID is not
// 0, by manufacturer, model and task, with their device and open order
// counts.
func (db *DB) FindPMSchedules(ctx context.Context, modelID int64) ([]ward.PMSchedule, error) {
	out := []ward.PMSchedule{}
	err := db.view(ctx, func(tx *Tx) error {
		q, args := pmScheduleSelect, []any{}
		if modelID != 0 {
			q, args = q+` WHERE s.model_id = ?`, append(args, modelID)
		}
		rows, err := tx.query(q+` ORDER BY mf.name_key, m.name, s.task_key`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s ward.PMSchedule
			if err := scanPMSchedule(rows, &s); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindPMSchedule returns one schedule; ENOTFOUND if none.
func (db *DB) FindPMSchedule(ctx context.Context, id int64) (*ward.PMSchedule, error) {
	var s ward.PMSchedule
	err := db.view(ctx, func(tx *Tx) error {
		return notFound(scanPMSchedule(tx.queryRow(pmScheduleSelect+` WHERE s.id = ?`, id), &s), "no maintenance schedule %d", id)
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// CreatePMSchedule adds a schedule and fills s as stored; EINVALID for bad
// values, ENOTFOUND for an unknown model, ECONFLICT when the model has a
// schedule with the same task.
func (db *DB) CreatePMSchedule(ctx context.Context, s *ward.PMSchedule) error {
	if err := s.Normalize(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM models WHERE id = ?`, s.ModelID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no model %d", s.ModelID)
		}
		id, err := tx.insertID(`INSERT INTO pm_schedules (model_id, task, task_key, interval_months, interval_days,
			estimated_hours, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ModelID, s.Task, names.Key(s.Task), s.IntervalMonths, s.IntervalDays, s.EstimatedHours, true,
			tx.ts(tx.now), tx.ts(tx.now))
		if err != nil {
			return conflictOr(err, "model %d already has a maintenance schedule %q", s.ModelID, s.Task)
		}
		if err := scanPMSchedule(tx.queryRow(pmScheduleSelect+` WHERE s.id = ?`, id), s); err != nil {
			return err
		}
		return tx.audit("pm_schedule.create", "pm_schedule", strconv.FormatInt(id, 10), nil, s)
	})
}

// UpdatePMSchedule changes a schedule; ENOTFOUND for an unknown one,
// EINVALID for bad values, ECONFLICT for a task the model has already.
func (db *DB) UpdatePMSchedule(ctx context.Context, id int64, upd ward.PMScheduleUpdate) (*ward.PMSchedule, error) {
	var out ward.PMSchedule
	err := db.update(ctx, func(tx *Tx) error {
		var old ward.PMSchedule
		if err := scanPMSchedule(tx.queryRow(pmScheduleSelect+` WHERE s.id = ?`, id), &old); err != nil {
			return notFound(err, "no maintenance schedule %d", id)
		}
		s := old
		if upd.Task != nil {
			s.Task = *upd.Task
		}
		if upd.IntervalMonths != nil || upd.IntervalDays != nil {
			// A new interval replaces the old one whichever unit it is in.
			s.IntervalMonths, s.IntervalDays = 0, 0
			if upd.IntervalMonths != nil {
				s.IntervalMonths = *upd.IntervalMonths
			}
			if upd.IntervalDays != nil {
				s.IntervalDays = *upd.IntervalDays
			}
		}
		if upd.EstimatedHours != nil {
			s.EstimatedHours = *upd.EstimatedHours
		}
		if upd.Active != nil {
			s.Active = *upd.Active
		}
		if err := s.Normalize(); err != nil {
			return err
		}
		_, err := tx.exec(`UPDATE pm_schedules SET task = ?, task_key = ?, interval_months = ?, interval_days = ?,
			estimated_hours = ?, active = ?, updated_at = ? WHERE id = ?`, s.Task, names.Key(s.Task), s.IntervalMonths,
			s.IntervalDays, s.EstimatedHours, s.Active, tx.ts(tx.now), id)
		if err != nil {
			return conflictOr(err, "model %d already has a maintenance schedule %q", s.ModelID, s.Task)
		}
		if err := scanPMSchedule(tx.queryRow(pmScheduleSelect+` WHERE s.id = ?`, id), &out); err != nil {
			return err
		}
		return tx.audit("pm_schedule.update", "pm_schedule", strconv.FormatInt(id, 10), old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

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
// last completed one, and whether one is open; each is an index probe.
const pmUnitsQuery = `SELECT d.id, d.acquisition_date,
	(SELECT MAX(o.due_date) FROM work_orders o WHERE o.pm_schedule_id = ? AND o.device_id = d.id
		AND o.status IN ('completed', 'cancelled')),
	(SELECT MAX(o.completed_date) FROM work_orders o WHERE o.pm_schedule_id = ? AND o.device_id = d.id
		AND o.status = 'completed'),
	(SELECT COUNT(*) FROM work_orders o WHERE o.device_id = d.id AND o.pm_schedule_id = ? AND o.status IN ` + woOpenStatuses + `)
	FROM devices d WHERE d.model_id = ? AND d.status = 'in_service' ORDER BY d.id`

func (tx *Tx) pmUnits(s *ward.PMSchedule) ([]pmUnit, error) {
	rows, err := tx.query(pmUnitsQuery, s.ID, s.ID, s.ID, s.ModelID)
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
