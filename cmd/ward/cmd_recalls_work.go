package main

import (
	"context"
	"fmt"
	"strconv"

	"ward"
	"ward/app"
)

func cmdRecallWorkOrders(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls workorders", "[--recall N] [--facility F] [--device TAG] [--confidence C] [--due YYYY-MM-DD] [--assignee A] [--dry-run]")
	recall := fs.String("recall", "", "only the matches of this FDA recall number")
	facility := fs.String("facility", "", "facility name or code (comma-separated)")
	device := fs.String("device", "", "asset tag")
	confidence := fs.String("confidence", "", "only matches of these confidences (comma-separated)")
	due := fs.String("due", "", "due date of the orders")
	assignee := fs.String("assignee", "", "assignee of the orders")
	dryRun := fs.Bool("dry-run", false, "count the orders that would be created, create none")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	opts := app.RecallWorkOrderOptions{Assignee: *assignee, DryRun: *dryRun}
	if *due != "" {
		d, err := ward.ParseDate(*due)
		if err != nil {
			return usageError(e, fs, "--due: %v", err)
		}
		opts.Due = d
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f := ward.RecallMatchFilter{Recall: *recall, AssetTag: *device, Confidences: splitList(*confidence)}
	if f.FacilityIDs, err = recallFacilityIDs(ctx, db, *facility); err != nil {
		return err
	}
	rep, err := (&app.App{Store: db}).CreateRecallWorkOrders(ctx, f, opts)
	if err != nil {
		return err
	}
	verb, n := "created", len(rep.WorkOrders)
	if opts.DryRun {
		verb, n = "would create", rep.Matches
	}
	fmt.Fprintf(e.stdout, "%s %s recall work order(s) for %s open match(es)\n", verb, thousands(int64(n)), thousands(int64(rep.Matches)))
	for _, wo := range rep.WorkOrders {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", wo.Number, wo.AssetTag, wo.Priority, orDash(wo.Team))
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var recallFDAColumns = []string{"recall_number", "class", "fda_status", "firm", "manufacturer", "product_code", "initiated",
	"open", "in_progress", "completed", "not_applicable", "product"}

func cmdRecallFDA(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recalls fda", "[--q TEXT] [--class I|II|III] [--product-code C] [--matched] [--limit N] [--format …]")
	q := fs.String("q", "", "recall number prefix, or words of the firm or product")
	class := fs.String("class", "", "FDA class: I, II or III")
	code := fs.String("product-code", "", "FDA product code")
	matched := fs.Bool("matched", false, "only recalls that concern at least one device")
	limit := fs.Int("limit", 100, "at most this many recalls, the last imported first")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	page, err := db.FindRecalls(ctx, ward.RecallFilter{Q: *q, Classification: *class, ProductCode: *code, Matched: *matched, Limit: *limit})
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, recallFDAColumns)
	for i := range page.Items {
		r := &page.Items[i]
		if *format == formatJSON || *format == formatJSONL {
			w.row(nil, r, nil)
			continue
		}
		c := r.Matches
		w.row([]string{r.Number, r.Classification, r.FDAStatus, r.Firm, r.Manufacturer, r.ProductCode, r.Initiated.String(),
			strconv.FormatInt(c.Open, 10), strconv.FormatInt(c.InProgress, 10), strconv.FormatInt(c.Completed, 10),
			strconv.FormatInt(c.NotApplicable, 10), clipText(oneLineText(r.ProductDescription), 80)}, nil, nil)
	}
	return w.close()
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
