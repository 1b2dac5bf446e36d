package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"ward"
	"ward/ingest/cmms"
)

// woExportColumns are the columns of an export (and of a CSV listing).
var woExportColumns = ward.WorkOrderExportColumns

// woExportOnly are the export's columns an import does not read.
var woExportOnly = []string{"owner_team"}

func woExportCells(wo *ward.WorkOrder) []string { return wo.ExportRow() }

func cmdWorkOrderExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders export", "[filters] [--history] [--format csv|jsonl] > FILE")
	var ff woFilterFlags
	ff.register(fs, "all")
	history := fs.Bool("history", false, "export the history of the orders (one change per row) instead of the orders")
	format := fs.String("format", formatCSV, "csv (imports again with 'ward workorders import') or jsonl")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *format != formatCSV && *format != formatJSONL {
		return usageError(e, fs, "--format must be csv or jsonl")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f, err := ff.filter(ctx, db)
	if err != nil {
		return err
	}
	if *history {
		w := newListWriter(e.stdout, *format, ward.WorkOrderHistoryColumns)
		err := db.EachWorkOrderChange(ctx, f, func(c *ward.WorkOrderChange) error {
			return w.row(c.ExportRow(), c, nil)
		})
		if err != nil {
			return err
		}
		return w.close()
	}
	w := newListWriter(e.stdout, *format, woExportColumns)
	if err := db.EachWorkOrder(ctx, f, func(wo *ward.WorkOrder) error { return w.row(woExportCells(wo), wo, nil) }); err != nil {
		return err
	}
	return w.close()
}

func cmdWorkOrderImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders import", "[ORDERS.csv] [--history HISTORY.csv] [flags]")
	history := fs.String("history", "", "also import this history file (number, at, actor, field, old, new), after the orders")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and write the rejected ones to --rejects")
	rejects := fs.String("rejects", "", "where --skip-invalid writes rejected rows (default FILE.rejected.csv)")
	encoding := fs.String("encoding", cmms.EncodingAuto, "auto, utf-8, windows-1252, latin-1 or utf-16")
	dateOrder := fs.String("date-order", cmms.DateOrderMDY, "order of all-numeric dates: mdy (03/04/2021 = March 4) or dmy")
	dryRun := fs.Bool("dry-run", false, "validate and count, but write nothing")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 || (len(pos) == 0 && *history == "") {
		return usageError(e, fs, "import needs an ORDERS file, a --history file, or both")
	}
	if *dateOrder != cmms.DateOrderMDY && *dateOrder != cmms.DateOrderDMY {
		return usageError(e, fs, "--date-order must be mdy or dmy")
	}
	if *rejects != "" && (len(pos) == 1) == (*history != "") {
		return usageError(e, fs, "--rejects names one file: import the orders and the history separately")
	}
	imp := woImport{e: e, opts: cmms.Options{Encoding: *encoding, DateOrder: *dateOrder},
		iopts: ward.ImportOptions{SkipInvalid: *skip, DryRun: *dryRun}, rejects: *rejects}
	if len(pos) == 1 {
		if err := imp.run(ctx, pos[0], false); err != nil {
			return err
		}
	}
	if *history != "" {
		return imp.run(ctx, *history, true)
	}
	return nil
}

// woImport imports one work order or history file.
type woImport struct {
	e       *env
	opts    cmms.Options
	iopts   ward.ImportOptions
	rejects string
}

func (w *woImport) run(ctx context.Context, path string, history bool) error {
	e := w.e
	in, name, size, err := openInput(e, path)
	if err != nil {
		return err
	}
	defer in.Close()
	unit := "orders"
	if history {
		unit = "changes"
	}
	prog := startProgress(e.stderr, "importing "+name, unit)
	defer prog.finish()
	prog.setTotal(size)
	var r io.Reader = in
	if prog != nil {
		r = countingReader{in, prog}
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	ctx = ward.WithActor(ctx, ward.Actor("import:"+name))
	opts := w.iopts
	opts.Progress = prog
	var res *ward.ImportResult
	var header []string
	if history {
		rd, rerr := cmms.NewHistoryReader(r, name, w.opts)
		if rerr != nil {
			return rerr
		}
		defer rd.Close()
		header = rd.Header()
		res, err = db.ImportWorkOrderHistory(ctx, rd, opts)
	} else {
		rd, rerr := cmms.NewWorkOrderReader(r, name, w.opts)
		if rerr != nil {
			return rerr
		}
		defer rd.Close()
		if ign := slices.DeleteFunc(rd.Ignored(), func(c string) bool { return slices.Contains(woExportOnly, c) }); len(ign) > 0 {
			fmt.Fprintf(e.stderr, "ward: %s: ignoring column(s) %s\n", name, strings.Join(quoteAll(ign), ", "))
		}
		header = rd.Header()
		res, err = db.ImportWorkOrders(ctx, rd, opts)
	}
	return w.report(path, name, header, unit, res, err)
}

func (w *woImport) report(path, name string, header []string, unit string, res *ward.ImportResult, err error) error {
	e := w.e
	var ie *ward.ImportError
	if errors.As(err, &ie) {
		for _, row := range ie.Rows {
			fmt.Fprintln(e.stderr, row.Error())
		}
		return ward.Errorf(ward.EINVALID, "%s: %d invalid row(s); nothing was imported (fix them, or use --skip-invalid)", name, len(ie.Rows))
	}
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 && !w.iopts.DryRun {
		out := w.rejects
		if out == "" {
			out = strings.TrimSuffix(path, filepath.Ext(path)) + ".rejected.csv"
		}
		if out == "-.rejected.csv" {
			out = "stdin.rejected.csv"
		}
		if err := writeRejects(out, header, res.Rejected); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "ward: %d row(s) rejected, written with reasons to %s\n", len(res.Rejected), out)
	}
	verb := "imported"
	if w.iopts.DryRun {
		verb = "checked (dry run, nothing written)"
	}
	fmt.Fprintf(e.stdout, "%s %s: %s read, %s %s created, %s updated (%s field changes), %s unchanged, %s rejected\n",
		name, verb, thousands(int64(res.Read)), thousands(int64(res.Created)), unit, thousands(int64(res.Updated)),
		thousands(int64(res.Changes)), thousands(int64(res.Unchanged)), thousands(int64(len(res.Rejected))))
	return nil
}

// openWorkOrderReader and openHistoryReader read uploads for the web
// server, detecting encodings and date order as the CLI does by default.
func openWorkOrderReader(r io.Reader, name string) (ward.WorkOrderSource, error) {
	return cmms.NewWorkOrderReader(r, name, cmms.Options{})
}

func openHistoryReader(r io.Reader, name string) (ward.WorkOrderChangeSource, error) {
	return cmms.NewHistoryReader(r, name, cmms.Options{})
}
