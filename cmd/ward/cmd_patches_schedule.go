package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"ward"
	"ward/app"
	"ward/patchplan"
)

var scheduleColumns = []string{"wave", "start", "end", "asset_tag", "facility", "department", "model", "installs_version", "work_order"}

// scheduleRow is one planned device as JSONL writes it.
type scheduleRow struct {
	Wave      int       `json:"wave"`
	Start     ward.Date `json:"start"`
	End       ward.Date `json:"end"`
	WorkOrder string    `json:"work_order,omitempty"`
	patchplan.Device
}

func cmdPatchSchedule(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "patches schedule", "[--facility F] [--manufacturer M --model X] [--team T] [--max-share 0.25] [--window-days 7] [--start DATE] [--dry-run] [--format …]")
	var rf readyFlags
	rf.register(fs)
	share := fs.Float64("max-share", patchplan.DefaultMaxShare, "largest share of a care unit's units of one model out for patching at once, in (0, 1]")
	window := fs.Int("window-days", app.DefaultWindowDays, "length of a patch window in days; each wave gets one window")
	start := fs.String("start", "", "first day of the first window (YYYY-MM-DD; default tomorrow)")
	dryRun := fs.Bool("dry-run", false, "show the plan, create nothing")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseList(e, fs, args, format); err != nil {
		return err
	}
	if *share <= 0 || *share > 1 || *window < 1 {
		return usageError(e, fs, "--max-share must be in (0, 1] and --window-days at least 1")
	}
	from, err := ward.ParseDate(*start)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f, err := rf.filter(ctx, db)
	if err != nil {
		return err
	}
	res, err := (&app.App{Store: db}).SchedulePatches(ctx, app.PatchScheduleRequest{Filter: f, MaxShare: *share, Start: from,
		WindowDays: *window, DryRun: *dryRun})
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, res)
	}
	summary := e.stderr
	if *format == formatTable {
		summary = e.stdout
		printLimits(summary, res.Plan)
	}
	if err := printSchedule(e, *format, res); err != nil {
		return err
	}
	printScheduleSummary(summary, res)
	return nil
}

// printLimits says how each model in each care unit is spread.
func printLimits(w io.Writer, p *patchplan.Plan) {
	for _, l := range p.Limits {
		fmt.Fprintln(w, l.String())
	}
	if len(p.Limits) > 0 {
		fmt.Fprintln(w)
	}
}

// printSchedule writes one row per planned device, with its work order
// when one was created (created orders follow the plan's order).
func printSchedule(e *env, format string, res *app.PatchScheduleResult) error {
	w := newListWriter(e.stdout, format, scheduleColumns)
	i := 0
	for _, wave := range res.Plan.Waves {
		for _, d := range wave.Devices {
			row := scheduleRow{Wave: wave.Number, Start: wave.Start, End: wave.End, Device: d}
			if i < len(res.WorkOrders) {
				row.WorkOrder = res.WorkOrders[i]
			}
			i++
			if err := w.row([]string{strconv.Itoa(wave.Number), wave.Start.String(), wave.End.String(), d.AssetTag, d.Facility,
				d.Department, d.Model, d.InstallsVersion, row.WorkOrder}, row, nil); err != nil {
				return err
			}
		}
	}
	return w.close()
}

func printScheduleSummary(w io.Writer, res *app.PatchScheduleResult) {
	planned := 0
	for _, wave := range res.Plan.Waves {
		planned += len(wave.Devices)
	}
	fmt.Fprintf(w, "%s devices planned in %d wave(s) of %d days from %s, at most %s of a care unit's units of a model at once",
		thousands(int64(planned)), len(res.Plan.Waves), res.Plan.WindowDays, res.Plan.Start, shareText(res.Plan.MaxShare))
	if res.AlreadyOrdered > 0 {
		fmt.Fprintf(w, "; %s already have an open patch work order", thousands(int64(res.AlreadyOrdered)))
	}
	if res.DryRun {
		fmt.Fprintln(w, "; dry run: no work order created")
		return
	}
	fmt.Fprintf(w, "; %s patch work orders created\n", thousands(int64(res.Created)))
}

func shareText(s float64) string {
	return strconv.FormatFloat(s*100, 'f', -1, 64) + "%"
}
