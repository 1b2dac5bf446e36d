package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"ward"
)

func init() {
	register("staffing", "workload per team (open and forecast work) against capacity; set team capacity", cmdStaffing)
	register("exceptions", "the exception queue: work orders, recalls and findings no team answers for", cmdExceptions)
}

func cmdStaffing(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "capacity" {
		return cmdCapacity(ctx, e, args[1:])
	}
	fs := newFlags(e, "staffing", "[--weeks N] [--from YYYY-MM-DD] [--format …] | capacity [set --team NAME --technicians N [--hours H]]")
	weeks := fs.Int("weeks", 13, "length of the period, in weeks (1–104)")
	from := fs.String("from", "", "first day of the period (default today)")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	if *weeks < 1 || *weeks > 104 {
		return usageError(e, fs, "--weeks must be 1 to 104")
	}
	opts := ward.StaffingOptions{Weeks: *weeks}
	if *from != "" {
		var err error
		if opts.From, err = ward.ParseDate(*from); err != nil {
			return err
		}
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	rep, err := db.Staffing(ctx, opts)
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, rep)
	}
	if *format == formatTable {
		fmt.Fprintf(e.stdout, "Workload %s to %s (%d weeks) against capacity\n\n", rep.From, rep.Until, rep.Weeks)
	}
	w := newListWriter(e.stdout, *format, []string{"team", "technicians", "capacity_hours", "open_orders", "open_hours",
		"forecast_pm_hours", "forecast_unplanned_hours", "workload_hours", "utilisation", "status", "technicians_needed", "overdue_orders"})
	rows := append(rep.Teams, rep.Unowned)
	for i := range rows {
		t := &rows[i]
		if t.TeamID == 0 && t.WorkloadHours == 0 {
			continue // no work without a team: nothing to show
		}
		w.row([]string{t.Team, num(t.Technicians), num(t.CapacityHours), num(t.Open.Orders), num(t.Open.Hours),
			num(t.ForecastPM.Hours), num(t.ForecastOther.Hours), num(t.WorkloadHours), pct(t.Utilisation, t.CapacityHours),
			t.Status, num(t.NeededStaff), strconv.FormatInt(t.OverdueOrders, 10)}, t, nil)
	}
	return w.close()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func pct(u, capacity float64) string {
	if capacity == 0 {
		return ""
	}
	return strconv.FormatFloat(u*100, 'f', 1, 64) + "%"
}

func cmdCapacity(ctx context.Context, e *env, args []string) error {
	set := len(args) > 0 && args[0] == "set"
	if set {
		args = args[1:]
	}
	fs := newFlags(e, "staffing capacity", "[--format …] | set --team NAME --technicians N [--hours H]")
	team := fs.String("team", "", "team name")
	techs := fs.Float64("technicians", 0, "technicians (full-time equivalents, e.g. 4.5)")
	hours := fs.Float64("hours", ward.DefaultHoursPerWeek, "hours each technician has for work orders in a week")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if set {
		if *team == "" {
			return usageError(e, fs, "capacity set needs --team")
		}
		t, err := db.FindTeamByName(ctx, *team)
		if err != nil {
			return err
		}
		c := &ward.TeamCapacity{TeamID: t.ID, Technicians: *techs, HoursPerWeek: *hours}
		if err := db.SetTeamCapacity(ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s technicians × %s hours a week = %s hours a week\n", c.Team, num(c.Technicians),
			num(c.HoursPerWeek), num(c.Technicians*c.HoursPerWeek))
		return nil
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	caps, err := db.FindTeamCapacities(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"team", "technicians", "hours_per_week", "updated_at"})
	for i := range caps {
		c := &caps[i]
		w.row([]string{c.Team, num(c.Technicians), num(c.HoursPerWeek), c.UpdatedAt.UTC().Format("2006-01-02 15:04")}, c, nil)
	}
	return w.close()
}

func cmdExceptions(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "exceptions", "[--kind work_order,recall,finding] [--count] [--format …]")
	kinds := fs.String("kind", "", "kinds, comma-separated: "+strings.Join(ward.ExceptionKinds, ", "))
	count := fs.Bool("count", false, "print the size of the queue per kind")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if *count {
		counts, err := db.CountExceptions(ctx)
		if err != nil {
			return err
		}
		w := newListWriter(e.stdout, *format, []string{"kind", "items"})
		for i := range counts {
			w.row([]string{counts[i].Kind, strconv.FormatInt(counts[i].Items, 10)}, counts[i], nil)
		}
		return w.close()
	}
	w := newListWriter(e.stdout, *format, []string{"kind", "reference", "asset_tag", "devices", "device_type", "task",
		"status", "title", "reason"})
	f := ward.ExceptionFilter{Kinds: splitList(*kinds), Limit: 1000}
	for {
		page, err := db.FindExceptions(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			x := &page.Items[i]
			w.row([]string{x.Kind, x.Reference, x.AssetTag, strconv.FormatInt(x.Devices, 10), x.DeviceType, x.Task, x.Status,
				x.Title, x.Reason}, x, nil)
		}
		if page.NextCursor == "" {
			return w.close()
		}
		f.After = page.NextCursor
	}
}
