package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"ward"
	"ward/ingest/cmms"
	"ward/ingest/fdaclass"
)

func init() {
	register("import", "import data: devices, classification, csaf, vex, nvd, cve, kev, epss, sbom, recalls", cmdImport)
}

func cmdImport(ctx context.Context, e *env, args []string) error {
	kinds := map[string]func(context.Context, *env, []string) error{
		"devices":        cmdImportDevices,
		"classification": cmdImportClassification,
		"csaf":           cmdImportAdvisories("csaf"),
		"vex":            cmdImportAdvisories("vex"),
		"nvd":            cmdImportAdvisories("nvd"),
		"cve":            cmdImportAdvisories("cve"),
		"kev":            cmdImportKEV,
		"epss":           cmdImportEPSS,
		"sbom":           cmdImportSBOM,
		"recalls":        cmdImportRecalls,
	}
	if len(args) == 0 || kinds[args[0]] == nil {
		fmt.Fprintf(e.stderr, "Usage: ward import devices|classification|csaf|vex|nvd|cve|kev|epss|sbom|recalls PATH... [flags]\n")
		return errUsage
	}
	return kinds[args[0]](ctx, e, args[1:])
}

// openInput opens a file, or standard input for "-", and reports its size
// (0 when unknown) for the progress line.
func openInput(e *env, path string) (io.ReadCloser, string, int64, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), "stdin", 0, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", 0, ward.WrapError(ward.EINVALID, err, "cannot open %s", path)
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return f, filepath.Base(path), size, nil
}

func cmdImportDevices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import devices", "FILE.csv [flags]")
	mappingPath := fs.String("mapping", "", "mapping file naming the columns for fields (lines \"field = column\" or a JSON object)")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and write the rejected ones to --rejects")
	rejects := fs.String("rejects", "", "where --skip-invalid writes rejected rows (default FILE.rejected.csv)")
	encoding := fs.String("encoding", cmms.EncodingAuto, "auto, utf-8, windows-1252, latin-1 or utf-16")
	dateOrder := fs.String("date-order", cmms.DateOrderMDY, "order of all-numeric dates: mdy (03/04/2021 = March 4) or dmy")
	dryRun := fs.Bool("dry-run", false, "validate and count, but write nothing")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "import devices needs exactly one FILE")
	}
	if *dryRun && *rejects != "" {
		return usageError(e, fs, "--dry-run writes nothing, not even --rejects")
	}
	if *dateOrder != cmms.DateOrderMDY && *dateOrder != cmms.DateOrderDMY {
		return usageError(e, fs, "--date-order must be mdy or dmy")
	}
	opts := cmms.Options{Encoding: *encoding, DateOrder: *dateOrder}
	if *mappingPath != "" {
		f, err := os.Open(*mappingPath)
		if err != nil {
			return ward.WrapError(ward.EINVALID, err, "cannot open mapping %s", *mappingPath)
		}
		opts.Mapping, err = cmms.ParseMapping(f, filepath.Base(*mappingPath))
		f.Close()
		if err != nil {
			return err
		}
	}
	in, name, size, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	prog := startProgress(e.stderr, "importing "+name, "rows")
	prog.setTotal(size)
	var r io.Reader = in
	if prog != nil {
		r = countingReader{in, prog}
	}
	rd, err := cmms.NewReader(r, name, opts)
	if err != nil {
		prog.finish()
		return err
	}
	defer rd.Close()
	if ign := rd.Ignored(); len(ign) > 0 {
		fmt.Fprintf(e.stderr, "ward: %s: ignoring column(s) %s\n", name, strings.Join(quoteAll(ign), ", "))
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	ctx = ward.WithActor(ctx, ward.Actor("import:"+name))
	res, err := db.ImportDevices(ctx, rd, ward.ImportOptions{SkipInvalid: *skip, DryRun: *dryRun, Progress: prog})
	prog.finish()
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
	if len(res.Rejected) > 0 && !*dryRun {
		path := *rejects
		if path == "" {
			path = strings.TrimSuffix(pos[0], filepath.Ext(pos[0])) + ".rejected.csv"
		}
		if path == "-.rejected.csv" {
			path = "stdin.rejected.csv"
		}
		if err := writeRejects(path, rd.Header(), res.Rejected); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "ward: %d row(s) rejected, written with reasons to %s\n", len(res.Rejected), path)
	}
	verb := "imported"
	if *dryRun {
		verb = "checked (dry run, nothing written)"
	}
	fmt.Fprintf(e.stdout, "%s %s: %s read, %s created, %s updated (%s field changes), %s unchanged, %s rejected\n",
		name, verb, thousands(int64(res.Read)), thousands(int64(res.Created)), thousands(int64(res.Updated)),
		thousands(int64(res.Changes)), thousands(int64(res.Unchanged)), thousands(int64(len(res.Rejected))))
	if len(res.UnresolvedManufacturers) > 0 {
		fmt.Fprintf(e.stdout, "unresolved manufacturers (map them with 'ward manufacturers alias'): %s\n",
			strings.Join(quoteAll(res.UnresolvedManufacturers), ", "))
	}
	return nil
}

// writeRejects writes refused rows as CSV: the original columns, then the
// line number and the reasons, so the file can be fixed and imported again.
func writeRejects(path string, header []string, rows []ward.RowError) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return ward.WrapError(ward.EINVALID, err, "cannot write rejects to %s", path)
	}
	w := csv.NewWriter(f)
	w.Write(append(append([]string{}, header...), "ward_line", "ward_problems"))
	for _, r := range rows {
		var probs []string
		for _, p := range r.Problems {
			probs = append(probs, p.Field+": "+p.Message)
		}
		cells := make([]string, len(header))
		copy(cells, r.Raw)
		w.Write(append(cells, strconv.Itoa(r.Line), strings.Join(probs, "; ")))
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

func cmdImportClassification(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import classification", "foiclass.txt")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "import classification needs exactly one FILE")
	}
	in, name, _, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	codes, err := fdaclass.Parse(in, name)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	added, changed, err := db.ImportProductCodes(ctx, codes)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s product codes read, %s added, %s changed\n", name,
		thousands(int64(len(codes))), thousands(int64(added)), thousands(int64(changed)))
	return nil
}
