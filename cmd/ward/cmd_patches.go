package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/ingest/patches"
	"ward/sqlstore"
)

func init() {
	register("patches", "the OEM patch catalog: list, import, ready (the patch-ready queue), schedule (patch work orders)", cmdPatches)
}

func cmdPatches(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{
		"list": cmdPatchList, "import": cmdPatchImport, "ready": cmdPatchReady, "schedule": cmdPatchSchedule,
	}
	if len(args) > 0 && subs[args[0]] != nil {
		return subs[args[0]](ctx, e, args[1:])
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "Usage: ward patches [list|import|ready|schedule] [flags]\n")
		return errUsage
	}
	return cmdPatchList(ctx, e, args)
}

var patchColumns = []string{"id", "manufacturer", "model", "applies_to", "installs_version", "status", "date", "advisories",
	"cves", "install_minutes", "requires_downtime", "reference", "reference_sha256", "notes"}

func cmdPatchList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "patches list", "[--manufacturer M] [--model X] [--status S] [--fixes ID] [--format …]")
	mfr := fs.String("manufacturer", "", "manufacturer name or alias")
	model := fs.String("model", "", "model name, alias or number (with --manufacturer)")
	status := fs.String("status", "", "validated, pending or rejected")
	fixes := fs.String("fixes", "", "only patches fixing this advisory tracking ID or CVE ID")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseList(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f := ward.PatchFilter{Status: *status, Fixes: *fixes, Limit: 1000}
	switch {
	case *model != "":
		m, err := findModel(ctx, db, *mfr, *model)
		if err != nil {
			return err
		}
		f.ModelID = m.ID
	case *mfr != "":
		m, err := db.ResolveManufacturer(ctx, *mfr)
		if err != nil {
			return err
		}
		f.ManufacturerID = m.ID
	}
	w := newListWriter(e.stdout, *format, patchColumns)
	for {
		page, err := db.FindPatches(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			p := &page.Items[i]
			if err := w.row([]string{strconv.FormatInt(p.ID, 10), p.Manufacturer, p.Model, p.AppliesTo, p.InstallsVersion, p.Status,
				p.Date.String(), strings.Join(p.Advisories, " "), strings.Join(p.CVEs, " "), strconv.Itoa(p.InstallMinutes),
				strconv.FormatBool(p.RequiresDowntime), p.Reference, p.ReferenceSHA256, p.Notes}, p, nil); err != nil {
				return err
			}
		}
		if page.NextCursor == "" {
			break
		}
		f.After = page.NextCursor
	}
	return w.close()
}

// parseNone parses flags for a command that takes no argument.
func parseNone(e *env, fs *flag.FlagSet, args []string) error {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	return nil
}

// parseList is parseNone for a command writing a list in format.
func parseList(e *env, fs *flag.FlagSet, args []string, format *string) error {
	if err := parseNone(e, fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	return nil
}

func cmdPatchImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "patches import", "FILE [--skip-invalid] [--rejects FILE]")
	skip := fs.Bool("skip-invalid", false, "import the valid entries and write the refused ones to --rejects")
	rejects := fs.String("rejects", "", "where --skip-invalid writes refused CSV rows (default FILE.rejected.csv)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "patches import needs exactly one FILE (CSV or JSON; - reads standard input)")
	}
	in, name, _, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	b, err := patches.Read(in, name)
	in.Close()
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	res, err := db.ImportPatches(ward.WithActor(ctx, ward.Actor("import:"+name)), b, *skip)
	var ie *ward.ImportError
	if errors.As(err, &ie) {
		for _, row := range ie.Rows {
			fmt.Fprintln(e.stderr, row.Error())
		}
		return ward.Errorf(ward.EINVALID, "%s: %d invalid entr(ies); nothing was imported (fix them, or use --skip-invalid)", name, len(ie.Rows))
	}
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		for _, row := range res.Rejected {
			fmt.Fprintln(e.stderr, row.Error())
		}
		if b.Header != nil {
			path := rejectsPath(*rejects, pos[0])
			if err := writeRejects(path, b.Header, res.Rejected); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "ward: %d entr(ies) rejected, written with reasons to %s\n", len(res.Rejected), path)
		}
	}
	fmt.Fprintf(e.stdout, "%s imported: %d read, %d created, %d updated, %d unchanged, %d rejected\n", name, res.Read, res.Created,
		res.Updated, res.Unchanged, len(res.Rejected))
	return nil
}

// rejectsPath is where refused rows go: the flag, or FILE.rejected.csv.
func rejectsPath(flagged, file string) string {
	if flagged != "" {
		return flagged
	}
	if file == "-" {
		return "stdin.rejected.csv"
	}
	return strings.TrimSuffix(file, ".csv") + ".rejected.csv"
}

// readyFlags are the patch-ready queue's filters.
type readyFlags struct {
	facility, manufacturer, model, team string
}

func (f *readyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.facility, "facility", "", "facility name or code (comma-separated)")
	fs.StringVar(&f.manufacturer, "manufacturer", "", "manufacturer of --model")
	fs.StringVar(&f.model, "model", "", "model name, alias or number (with --manufacturer)")
	fs.StringVar(&f.team, "team", "", "the team doing the patch work")
}

func (f *readyFlags) filter(ctx context.Context, db *sqlstore.DB) (ward.PatchReadyFilter, error) {
	var out ward.PatchReadyFilter
	for _, name := range splitList(f.facility) {
		fac, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return out, err
		}
		out.FacilityIDs = append(out.FacilityIDs, fac.ID)
	}
	if f.model != "" {
		m, err := findModel(ctx, db, f.manufacturer, f.model)
		if err != nil {
			return out, err
		}
		out.ModelID = m.ID
	} else if f.manufacturer != "" {
		return out, ward.Errorf(ward.EINVALID, "--manufacturer narrows --model; give the model too")
	}
	if f.team != "" {
		t, err := db.FindTeamByName(ctx, f.team)
		if err != nil {
			return out, err
		}
		out.TeamID = t.ID
	}
	return out, nil
}

var (
	readyColumns = []string{"facility", "department", "manufacturer", "model", "team", "devices", "ordered", "versions",
		"patches", "advisories", "install_hours", "downtime"}
	readyDeviceColumns = []string{"asset_tag", "facility", "department", "manufacturer", "model", "software_version",
		"installs_version", "team", "unit_fleet", "work_order", "advisories"}
)

func cmdPatchReady(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "patches ready", "[--facility F] [--manufacturer M --model X] [--team T] [--devices] [--format …]")
	var rf readyFlags
	rf.register(fs)
	devices := fs.Bool("devices", false, "list the devices one by one instead of grouped")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseList(e, fs, args, format); err != nil {
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
	if *devices {
		w := newListWriter(e.stdout, *format, readyDeviceColumns)
		err := db.EachPatchReadyDevice(ctx, f, func(d *ward.PatchReadyDevice) error {
			return w.row([]string{d.AssetTag, d.Facility, d.Department, d.Manufacturer, d.Model, d.SoftwareVersion, d.InstallsVersion,
				d.Team, strconv.Itoa(d.UnitFleet), d.WorkOrder, strings.Join(d.Advisories, " ")}, d, nil)
		})
		if cerr := w.close(); err == nil {
			err = cerr
		}
		return err
	}
	gs, err := db.FindPatchReady(ctx, f)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, readyColumns)
	for i := range gs {
		g := &gs[i]
		var ps []string
		for _, p := range g.Patches {
			ps = append(ps, fmt.Sprintf("%s×%d", p.InstallsVersion, p.Devices))
		}
		if err := w.row([]string{g.Facility, g.Department, g.Manufacturer, g.Model, g.Team, strconv.Itoa(g.Devices),
			strconv.Itoa(g.Ordered), strings.Join(g.Versions, " "), strings.Join(ps, " "), strings.Join(g.Advisories, " "),
			strconv.FormatFloat(float64(g.InstallMinutes)/60, 'f', 1, 64), strconv.FormatBool(g.RequiresDowntime)}, g, nil); err != nil {
			return err
		}
	}
	return w.close()
}
