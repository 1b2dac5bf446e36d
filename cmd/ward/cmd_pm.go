package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"ward"
)

const pmUsage = `list|create|update|generate …
  ward workorders pm [list] [--manufacturer M --model X] [--format …]
  ward workorders pm create --manufacturer M --model X --task TEXT --interval 12m [--hours H]
  ward workorders pm update ID [--task TEXT] [--interval 6m] [--hours H] [--active=false]
  ward workorders pm generate [--until YYYY-MM-DD | --days N]`

func cmdPM(ctx context.Context, e *env, args []string) error {
	verbs := map[string]func(context.Context, *env, []string) error{
		"list": cmdPMList, "create": cmdPMCreate, "update": cmdPMUpdate, "generate": cmdPMGenerate,
	}
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		fn, ok := verbs[args[0]]
		if !ok {
			fmt.Fprintf(e.stderr, "ward: unknown pm command %q\nUsage: ward workorders pm %s\n", args[0], pmUsage)
			return errUsage
		}
		return fn(ctx, e, args[1:])
	}
	return cmdPMList(ctx, e, args)
}

func cmdPMList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders pm list", "[--manufacturer M --model X] [--format …]")
	manufacturer := fs.String("manufacturer", "", "only the schedules of this manufacturer's --model")
	model := fs.String("model", "", "only the schedules of this model")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	var modelID int64
	if *model != "" {
		m, err := findModel(ctx, db, *manufacturer, *model)
		if err != nil {
			return err
		}
		modelID = m.ID
	}
	scheds, err := db.FindPMSchedules(ctx, modelID)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"id", "manufacturer", "model", "device_type", "task", "interval", "hours",
		"active", "devices", "open_orders"})
	for i := range scheds {
		s := &scheds[i]
		w.row([]string{strconv.FormatInt(s.ID, 10), s.Manufacturer, s.Model, s.DeviceType, s.Task, s.Interval(),
			ward.FormatHours(s.EstimatedHours), strconv.FormatBool(s.Active), thousands(s.Devices), thousands(s.OpenOrders)}, s, nil)
	}
	return w.close()
}

func cmdPMCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders pm create", "--manufacturer M --model X --task TEXT --interval 12m [--hours H]")
	manufacturer := fs.String("manufacturer", "", "the model's manufacturer (required)")
	model := fs.String("model", "", "the model (required)")
	task := fs.String("task", "", `what is done, e.g. "Annual PM and electrical safety test" (required)`)
	interval := fs.String("interval", "", "how often: 6m, 12 months, 90d, 2y, quarterly, annual (required)")
	hours := fs.String("hours", "", "hours each occurrence takes")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *model == "" || *task == "" || *interval == "" {
		return usageError(e, fs, "pm create needs --manufacturer, --model, --task and --interval")
	}
	months, days, err := ward.ParseInterval(*interval)
	if err != nil {
		return err
	}
	h, err := ward.ParseHours(*hours)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	m, err := findModel(ctx, db, *manufacturer, *model)
	if err != nil {
		return err
	}
	s := &ward.PMSchedule{ModelID: m.ID, Task: *task, IntervalMonths: months, IntervalDays: days, EstimatedHours: h}
	if err := db.CreatePMSchedule(ctx, s); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created schedule %d: %s %s, %s every %s, covering %s devices\n", s.ID, s.Manufacturer, s.Model,
		s.Task, s.Interval(), thousands(s.Devices))
	return nil
}

func cmdPMUpdate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders pm update", "ID [--task TEXT] [--interval 6m] [--hours H] [--active=false]")
	task := fs.String("task", "", "what is done")
	interval := fs.String("interval", "", "how often: 6m, 12 months, 90d")
	hours := fs.String("hours", "", "hours each occurrence takes")
	active := fs.Bool("active", true, "false stops the schedule generating orders")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "pm update needs one schedule ID")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageError(e, fs, "%q is not a schedule ID", pos[0])
	}
	var upd ward.PMScheduleUpdate
	setFlags := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setFlags[f.Name] = true })
	if setFlags["task"] {
		upd.Task = task
	}
	if setFlags["interval"] {
		months, days, err := ward.ParseInterval(*interval)
		if err != nil {
			return err
		}
		upd.IntervalMonths, upd.IntervalDays = &months, &days
	}
	if setFlags["hours"] {
		h, err := ward.ParseHours(*hours)
		if err != nil {
			return err
		}
		upd.EstimatedHours = &h
	}
	if setFlags["active"] {
		upd.Active = active
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	s, err := db.UpdatePMSchedule(ctx, id, upd)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "schedule %d: %s every %s, active %v\n", s.ID, s.Task, s.Interval(), s.Active)
	return nil
}

func cmdPMGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders pm generate", "[--until YYYY-MM-DD | --days N]")
	until := fs.String("until", "", "create the orders falling due on or before this day")
	days := fs.Int("days", 30, "without --until: the orders falling due within N days")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	end := ward.DateOf(time.Now().UTC()).AddInterval(0, *days)
	if *until != "" {
		var err error
		if end, err = ward.ParseDate(*until); err != nil {
			return err
		}
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	res, err := db.GeneratePM(ctx, end)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "preventive maintenance due by %s: %s orders created (%s schedules, %s devices; %s already open, %s not yet due)\n",
		res.Until, thousands(int64(res.Created)), thousands(int64(res.Schedules)), thousands(int64(res.Devices)),
		thousands(int64(res.AlreadyOpen)), thousands(int64(res.NotDue)))
	return nil
}
