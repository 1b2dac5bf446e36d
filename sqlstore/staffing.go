package sqlstore

import (
	"context"
	"database/sql"

	"ward"
)

// SetTeamCapacity records a team's capacity, replacing the last; ENOTFOUND
// for an unknown team, EINVALID for bad values.
func (db *DB) SetTeamCapacity(ctx context.Context, c *ward.TeamCapacity) error {
	if err := c.Normalize(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.queryRow(`SELECT name FROM teams WHERE id = ?`, c.TeamID).Scan(&c.Team); err != nil {
			return notFound(err, "no team %d", c.TeamID)
		}
		var before *ward.TeamCapacity
		var old ward.TeamCapacity
		err := tx.queryRow(`SELECT technicians, hours_per_week FROM team_capacity WHERE team_id = ?`, c.TeamID).
			Scan(&old.Technicians, &old.HoursPerWeek)
		switch {
		case err == nil:
			before = &old
		case err != sql.ErrNoRows:
			return err
		}
		c.UpdatedAt = tx.now
		if _, err := tx.exec(`INSERT INTO team_capacity (team_id, technicians, hours_per_week, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id) DO UPDATE SET technicians = excluded.technicians,
			hours_per_week = excluded.hours_per_week, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			c.TeamID, c.Technicians, c.HoursPerWeek, tx.ts(tx.now), string(ward.ActorFrom(ctx))); err != nil {
			return err
		}
		return tx.audit("team_capacity.set", "team", c.Team, before, c)
	})
}

// FindTeamCapacities lists the recorded capacities by team name.
func (db *DB) FindTeamCapacities(ctx context.Context) ([]ward.TeamCapacity, error) {
	out := []ward.TeamCapacity{}
	err := db.view(ctx, func(tx *Tx) (err error) {
		out, err = tx.teamCapacities()
		return err
	})
	return out, err
}

func (tx *Tx) teamCapacities() ([]ward.TeamCapacity, error) {
	rows, err := tx.query(`SELECT c.team_id, t.name, c.technicians, c.hours_per_week, c.updated_at
		FROM team_capacity c JOIN teams t ON t.id = c.team_id ORDER BY t.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ward.TeamCapacity{}
	for rows.Next() {
		var c ward.TeamCapacity
		if err := rows.Scan(&c.TeamID, &c.Team, &c.Technicians, &c.HoursPerWeek, timeCol{&c.UpdatedAt}); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Staffing reports each team's workload over the period against its
// capacity (see ward.TeamStaffing); EINVALID for a bad period. Every
// aggregate groups orders or devices by the few values that decide their
// team first, and resolves the team once per group.
func (db *DB) Staffing(ctx context.Context, opts ward.StaffingOptions) (*ward.StaffingReport, error) {
	var rep *ward.StaffingReport
	err := db.view(ctx, func(tx *Tx) error {
		if err := opts.Normalize(ward.DateOf(tx.now)); err != nil {
			return err
		}
		teams, err := tx.teams()
		if err != nil {
			return err
		}
		caps, err := tx.teamCapacities()
		if err != nil {
			return err
		}
		avg, err := tx.averageLabour(opts.From)
		if err != nil {
			return err
		}
		open, pmOpen, err := tx.openLoads(opts, avg)
		if err != nil {
			return err
		}
		pm, err := tx.pmForecast(opts, avg, pmOpen)
		if err != nil {
			return err
		}
		unplanned, err := tx.unplannedForecast(opts)
		if err != nil {
			return err
		}
		rep = ward.BuildStaffing(opts, teams, caps, append(append(open, pm...), unplanned...))
		return nil
	})
	return rep, err
}

// teams lists every team.
func (tx *Tx) teams() ([]ward.Team, error) {
	rows, err := tx.query(`SELECT id, name, kind FROM teams`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ward.Team
	for rows.Next() {
		var t ward.Team
		if err := rows.Scan(&t.ID, &t.Name, &t.Kind); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// averageLabour returns the hours an order of each type needs: the mean
// labour of the type's latest completed orders (at most labourSample) in
// the year before from, else ward.DefaultWorkHours. Each type is one
// range of the (type, completed_date) index, however large the history.
func (tx *Tx) averageLabour(from ward.Date) (map[string]float64, error) {
	avg := map[string]float64{}
	for _, t := range ward.WorkOrderTypes {
		var h sql.NullFloat64
		err := tx.queryRow(`SELECT AVG(x.h) FROM (SELECT w.labour_hours h FROM work_orders w WHERE w.type = ?
			AND w.completed_date >= ? AND w.completed_date <= ? AND `+completedOnly+` AND w.labour_hours > 0
			ORDER BY w.completed_date DESC LIMIT ?) x`, t, tx.date(from.AddInterval(-12, 0)), tx.date(from), labourSample).Scan(&h)
		if err != nil {
			return nil, err
		}
		avg[t] = ward.DefaultWorkHours[t]
		if h.Valid {
			avg[t] = h.Float64
		}
	}
	return avg, nil
}

// labourSample is how many of a type's latest orders its average takes.
const labourSample = 2000

// completedOnly selects completed orders without offering SQLite the
// status index: with most orders completed, that index walks nearly the
// whole table, where the (type, completed_date) index reads only the
// year asked for.
const completedOnly = `w.status || '' = 'completed'`

// groupTeamExpr resolves the team of a group g of orders with the columns
// wteam (the orders' own team), task, tid (device type) and dteam.
var groupTeamExpr = `COALESCE(g.wteam, ` + taskTeamExpr("g.task", "g.tid", "g.dteam") + `)`

// pmKey is a schedule and a team.
type pmKey struct{ schedule, team int64 }

// openLoads returns the open orders' remaining hours per team and type,
// and the open maintenance orders due in the period per schedule and
// team, which the forecast does not count again.
func (tx *Tx) openLoads(opts ward.StaffingOptions, avg map[string]float64) ([]ward.StaffingLoad, map[pmKey]float64, error) {
	rows, err := tx.query(`SELECT `+groupTeamExpr+`, g.type, COALESCE(g.sched, 0), g.n, g.remaining, g.unestimated,
		g.overdue, g.due_in_period FROM (
		SELECT w.team_id wteam, w.task_type task, `+woTypeExpr+` tid, d.team_id dteam, w.type, w.pm_schedule_id sched,
			COUNT(*) n,
			SUM(CASE WHEN w.estimated_hours > w.labour_hours THEN w.estimated_hours - w.labour_hours ELSE 0 END) remaining,
			SUM(CASE WHEN w.estimated_hours = 0 THEN 1 ELSE 0 END) unestimated,
			SUM(CASE WHEN w.due_date < ? THEN 1 ELSE 0 END) overdue,
			SUM(CASE WHEN w.due_date <= ? THEN 1 ELSE 0 END) due_in_period`+workOrderFrom+`
		WHERE w.status IN `+woOpenStatuses+`
		GROUP BY w.team_id, w.task_type, `+woTypeExpr+`, d.team_id, w.type, w.pm_schedule_id) g`,
		tx.date(opts.From), tx.date(opts.Until()))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []ward.StaffingLoad
	pmOpen := map[pmKey]float64{}
	for rows.Next() {
		var team sql.NullInt64
		var typ string
		var sched, n, unestimated, overdue, inPeriod int64
		var remaining float64
		if err := rows.Scan(&team, &typ, &sched, &n, &remaining, &unestimated, &overdue, &inPeriod); err != nil {
			return nil, nil, err
		}
		out = append(out, ward.StaffingLoad{TeamID: team.Int64, Type: typ, Orders: float64(n),
			Hours: remaining + float64(unestimated)*avg[typ], Overdue: overdue})
		if sched != 0 {
			pmOpen[pmKey{sched, team.Int64}] += float64(inPeriod)
		}
	}
	return out, pmOpen, rows.Err()
}

// pmForecast returns the maintenance the active schedules bring due in the
// period: per schedule and team, the in-service units times the
// occurrences of the interval in the period, less the orders already open
// for it, at the schedule's estimate (or the average).
func (tx *Tx) pmForecast(opts ward.StaffingOptions, avg map[string]float64, pmOpen map[pmKey]float64) ([]ward.StaffingLoad, error) {
	rows, err := tx.query(`SELECT g.sid, g.months, g.days, g.hours, `+
		taskTeamExpr(`'preventive_maintenance'`, "g.tid", "g.dteam")+`, g.n FROM (
		SELECT s.id sid, s.interval_months months, s.interval_days days, s.estimated_hours hours, `+woTypeExpr+` tid,
			d.team_id dteam, COUNT(*) n
		FROM pm_schedules s JOIN devices d ON d.model_id = s.model_id JOIN models m ON m.id = d.model_id
		WHERE s.active = ? AND d.status = 'in_service'
		GROUP BY s.id, s.interval_months, s.interval_days, s.estimated_hours, `+woTypeExpr+`, d.team_id) g`, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ward.StaffingLoad
	for rows.Next() {
		var sid, n int64
		var months, days int
		var hours float64
		var team sql.NullInt64
		if err := rows.Scan(&sid, &months, &days, &hours, &team, &n); err != nil {
			return nil, err
		}
		k := pmKey{sid, team.Int64}
		orders := float64(n) * ward.PMOccurrences(months, days, opts.Weeks)
		taken := min(orders, pmOpen[k])
		pmOpen[k] -= taken
		orders -= taken
		if hours == 0 {
			hours = avg[ward.WorkOrderPM]
		}
		out = append(out, ward.StaffingLoad{TeamID: team.Int64, Type: ward.WorkOrderPM, Forecast: true, PM: true,
			Orders: orders, Hours: orders * hours})
	}
	return out, rows.Err()
}

// unplannedForecast returns the labour of the last year's completed
// orders other than maintenance, per team and type, scaled to the period:
// the repairs, patches and recalls the period can expect.
func (tx *Tx) unplannedForecast(opts ward.StaffingOptions) ([]ward.StaffingLoad, error) {
	yearAgo := opts.From.AddInterval(-12, 0)
	days := float64(opts.From.Time().Sub(yearAgo.Time()).Hours() / 24)
	scale := float64(7*opts.Weeks) / days
	rows, err := tx.query(`SELECT `+groupTeamExpr+`, g.type, g.n, g.hours FROM (
		SELECT w.team_id wteam, w.task_type task, `+woTypeExpr+` tid, d.team_id dteam, w.type, COUNT(*) n,
			SUM(w.labour_hours) hours`+workOrderFrom+`
		WHERE w.type IN (`+placeholders(len(unplannedTypes))+`) AND `+completedOnly+`
			AND w.completed_date >= ? AND w.completed_date < ?
		GROUP BY w.team_id, w.task_type, `+woTypeExpr+`, d.team_id, w.type) g`,
		append(stringArgs(unplannedTypes), tx.date(yearAgo), tx.date(opts.From))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ward.StaffingLoad
	for rows.Next() {
		var team sql.NullInt64
		var typ string
		var n int64
		var hours float64
		if err := rows.Scan(&team, &typ, &n, &hours); err != nil {
			return nil, err
		}
		out = append(out, ward.StaffingLoad{TeamID: team.Int64, Type: typ, Forecast: true, Orders: float64(n) * scale,
			Hours: hours * scale})
	}
	return out, rows.Err()
}

// unplannedTypes are the work order types other than maintenance.
var unplannedTypes = func() []string {
	var out []string
	for _, t := range ward.WorkOrderTypes {
		if t != ward.WorkOrderPM {
			out = append(out, t)
		}
	}
	return out
}()
