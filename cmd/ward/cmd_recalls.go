package main

import (
	"context"
	"fmt"
	"strings"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

func init() {
	register("recalls", "FDA recalls matched to devices: list, show, update, workorders, match, fda", cmdRecalls)
}

func cmdRecalls(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{
		"list": cmdRecallList, "show": cmdRecallShow, "update": cmdRecallUpdate, "workorders": cmdRecallWorkOrders,
		"match": cmdRecallMatch, "fda": cmdRecallFDA,
	}
	if len(args) > 0 && subs[args[0]] != nil {
		return subs[args[0]](ctx, e, args[1:])
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(e.stderr, "Usage: ward recalls [list|show|update|workorders|match|fda] [flags]\n")
		return errUsage
	}
	return cmdRecallList(ctx, e, args)
}

// recallColumns are the table and CSV columns of recall matches; JSON
// and JSONL write the whole match (asset_tag, recall_number, status,
// confidence and explanation are the contract scripts rely on).
var recallColumns = []string{"asset_tag", "recall_number", "class", "status", "confidence", "facility", "model",
	"owner_team", "explanation"}

func cmdRecallList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls", "[--status S] [--facility F] [--recall N] [--device TAG] [--confidence C] [--format …]")
	status := fs.String("status", ward.RecallOutstanding, "open, in_progress, completed, not_applicable (comma-separated), outstanding or all")
	facility := fs.String("facility", "", "facility name or code (comma-separated)")
	recall := fs.String("recall", "", "FDA recall number, e.g. Z-0359-2013")
	device := fs.String("device", "", "asset tag")
	confidence := fs.String("confidence", "", "exact_serial_or_udi, model_number, model_name, product_code_and_firm (comma-separated)")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f := ward.RecallMatchFilter{Recall: *recall, AssetTag: *device, Confidences: splitList(*confidence)}
	if *status != "all" {
		f.Statuses = splitList(*status)
	}
	if f.FacilityIDs, err = recallFacilityIDs(ctx, db, *facility); err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, recallColumns)
	err = db.EachRecallMatch(ctx, f, func(m *ward.RecallMatch) error {
		if *format == formatJSON || *format == formatJSONL {
			return w.row(nil, m, nil)
		}
		return w.row([]string{m.AssetTag, m.RecallNumber, m.Classification, m.Status, m.Confidence, m.Facility, m.Model,
			m.OwnerTeam, m.Explanation}, nil, nil)
	})
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

// facilityIDs resolves comma-separated facility names or codes.
func recallFacilityIDs(ctx context.Context, db *sqlstore.DB, list string) ([]int64, error) {
	var ids []int64
	for _, name := range splitList(list) {
		fac, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, fac.ID)
	}
	return ids, nil
}

func cmdRecallShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls show", "RECALL-NUMBER")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "recalls show needs one recall number")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	r, err := db.FindRecall(ctx, pos[0])
	if err != nil {
		return err
	}
	w := e.stdout
	class := r.Classification
	if class == "" {
		class = "not yet classified"
	}
	fmt.Fprintf(w, "Recall %s (Class %s), %s\n", r.Number, class, r.FDAStatus)
	fmt.Fprintf(w, "Firm:          %s", r.Firm)
	if r.Manufacturer != "" {
		fmt.Fprintf(w, " (manufacturer %s)", r.Manufacturer)
	}
	fmt.Fprintf(w, "\nProduct code:  %s %s\nInitiated:     %s\nProduct:       %s\nCodes:         %s\nReason:        %s\n",
		r.ProductCode, r.DeviceName, r.Initiated, oneLineText(r.ProductDescription), oneLineText(r.CodeInfo), oneLineText(r.Reason))
	if r.Action != "" {
		fmt.Fprintf(w, "Action:        %s\n", oneLineText(r.Action))
	}
	c := r.Matches
	fmt.Fprintf(w, "Devices:       %d open, %d in progress, %d completed, %d not applicable\n", c.Open, c.InProgress, c.Completed, c.NotApplicable)
	return nil
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }

func cmdRecallUpdate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls update", "(--id ID | --device TAG --recall N) --status S --note TEXT")
	id := fs.Int64("id", 0, "recall match ID")
	device := fs.String("device", "", "asset tag")
	recall := fs.String("recall", "", "FDA recall number")
	status := fs.String("status", "", "open, in_progress, completed (or closed) or not_applicable")
	note := fs.String("note", "", "what was done or found (required)")
	format := fs.String("format", formatTable, "output format: table or json")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *status == "" || *note == "" {
		return usageError(e, fs, "recalls update needs --status and --note")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	m, err := db.SetRecallStatus(ctx, ward.RecallStatusChange{MatchID: *id, AssetTag: *device,
		Recall: *recall, Status: *status, Note: *note})
	if err != nil {
		return err
	}
	if *format == formatJSON {
		w := newListWriter(e.stdout, formatJSONL, nil)
		w.row(nil, m, nil)
		return w.close()
	}
	fmt.Fprintf(e.stdout, "%s %s: %s (%s)\n", m.AssetTag, m.RecallNumber, m.Status, m.StatusSource)
	return nil
}

func cmdRecallMatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls match", "")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "recalls match takes no arguments")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	rep, err := (&app.App{Store: db}).MatchAllRecalls(ward.WithActor(ctx, "match"))
	if err != nil {
		return err
	}
	printRecallMatch(e, rep)
	return nil
}
