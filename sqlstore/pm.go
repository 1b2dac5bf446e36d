package sqlstore

import (
	"context"
	"strconv"

	"ward"
	"ward/names"
)

// pmScheduleSelect reads schedules with their model's names; the counts
// come from pmCounts.
const pmScheduleSelect = `SELECT s.id, s.model_id, mf.name, m.name, COALESCE(t.name, ''), s.task, s.interval_months,
	s.interval_days, s.estimated_hours, s.active, s.created_at, s.updated_at
	FROM pm_schedules s JOIN models m ON m.id = s.model_id JOIN manufacturers mf ON mf.id = m.manufacturer_id
	LEFT JOIN device_types t ON t.id = m.device_type_id`

func scanPMSchedule(rows interface{ Scan(...any) error }, s *ward.PMSchedule) error {
	return rows.Scan(&s.ID, &s.ModelID, &s.Manufacturer, &s.Model, &s.DeviceType, &s.Task, &s.IntervalMonths,
		&s.IntervalDays, &s.EstimatedHours, &s.Active, timeCol{&s.CreatedAt}, timeCol{&s.UpdatedAt})
}

// findPMSchedule reads one schedule with its counts.
func (tx *Tx) findPMSchedule(id int64, s *ward.PMSchedule) error {
	if err := scanPMSchedule(tx.queryRow(pmScheduleSelect+` WHERE s.id = ?`, id), s); err != nil {
		return notFound(err, "no maintenance schedule %d", id)
	}
	ss := []ward.PMSchedule{*s}
	if err := tx.pmCounts(ss); err != nil {
		return err
	}
	*s = ss[0]
	return nil
}

// pmCounts fills the in-service devices and open orders of schedules with
// two grouped queries: the open orders from the partial index of open
// maintenance orders, the devices by model.
func (tx *Tx) pmCounts(ss []ward.PMSchedule) error {
	if len(ss) == 0 {
		return nil
	}
	models := make([]int64, 0, len(ss))
	for _, s := range ss {
		models = append(models, s.ModelID)
	}
	devices, open := map[int64]int64{}, map[int64]int64{}
	if err := eachCount(tx, `SELECT model_id, COUNT(*) FROM devices WHERE status = 'in_service' AND model_id IN (`+
		placeholders(len(models))+`) GROUP BY model_id`, int64Args(models), devices); err != nil {
		return err
	}
	q, args := `SELECT pm_schedule_id, COUNT(*) FROM work_orders WHERE pm_schedule_id IS NOT NULL AND status IN `+
		woOpenStatuses, []any{}
	if len(ss) == 1 {
		q, args = q+` AND pm_schedule_id = ?`, append(args, ss[0].ID)
	}
	if err := eachCount(tx, q+` GROUP BY pm_schedule_id`, args, open); err != nil {
		return err
	}
	for i := range ss {
		ss[i].Devices, ss[i].OpenOrders = devices[ss[i].ModelID], open[ss[i].ID]
	}
	return nil
}

// eachCount reads (id, count) rows into out.
func eachCount(tx *Tx, q string, args []any, out map[int64]int64) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
	}
	return rows.Err()
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
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.pmCounts(out)
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
		return tx.findPMSchedule(id, &s)
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
		if err := tx.findPMSchedule(id, s); err != nil {
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
		if err := tx.findPMSchedule(id, &old); err != nil {
			return err
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
		if err := tx.findPMSchedule(id, &out); err != nil {
			return err
		}
		return tx.audit("pm_schedule.update", "pm_schedule", strconv.FormatInt(id, 10), old, out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
