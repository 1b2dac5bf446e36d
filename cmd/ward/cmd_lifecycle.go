package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ward"
	"ward/sqlstore"
)

func init() {
	register("lifecycle", "recommend keep, upgrade, replace, dispose or reallocate per device; the capital plan; the policy", cmdLifecycle)
}

const lifecycleUsage = `[--facility F] [--recommendation R] [--limit N] [--format table|csv|json|jsonl]
       ward lifecycle --device TAG [--format table|json]
       ward lifecycle capital [--facility F] [--years N] [--top N] [--format table|csv|json|jsonl]
       ward lifecycle policy [set --NAME VALUE …] [--format table|json]
       ward lifecycle model --manufacturer M --model X [--life YEARS] [--end-of-support DATE] [--parts P] [--replacement-cost AMOUNT]`

var lifecycleColumns = []string{"asset_tag", "recommendation", "facility", "manufacturer", "model", "age", "life",
	"due", "repair_ratio", "recalls", "unpatchable", "reasons"}

func cmdLifecycle(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "capital":
			return cmdLifecycleCapital(ctx, e, args[1:])
		case "policy":
			return cmdLifecyclePolicy(ctx, e, args[1:])
		case "model":
			return cmdLifecycleModel(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "lifecycle", lifecycleUsage)
	facility := fs.String("facility", "", "facility names or codes (comma-separated)")
	rec := fs.String("recommendation", "", strings.Join(ward.LifecycleRecommendations, ", ")+" (comma-separated)")
	device := fs.String("device", "", "asset tag: one device's recommendation with the recalls, findings and repairs behind it")
	limit := fs.Int("limit", 0, "at most this many devices (0: all)")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	if *limit < 0 {
		return usageError(e, fs, "--limit must not be negative")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if *device != "" {
		return showDeviceLifecycle(ctx, e, db, *device, *format)
	}
	f := ward.LifecycleFilter{Recommendations: splitList(*rec)}
	if f.FacilityIDs, err = facilityIDs(ctx, db, *facility); err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, lifecycleColumns)
	err = eachLifecycle(ctx, db, f, *limit, func(r *ward.LifecycleRecommendation) error {
		if *format == formatJSON || *format == formatJSONL {
			return w.row(nil, r, nil)
		}
		return w.row(lifecycleCells(*format, r), nil, nil)
	})
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

// eachLifecycle calls fn for the first limit recommendations f selects,
// or for all of them when limit is 0. A limited listing reads pages, which
// gather only what their devices need; a full one streams.
func eachLifecycle(ctx context.Context, db *sqlstore.DB, f ward.LifecycleFilter, limit int, fn func(*ward.LifecycleRecommendation) error) error {
	if limit == 0 {
		return db.EachLifecycle(ctx, f, fn)
	}
	for limit > 0 {
		f.Limit = min(limit, 1000)
		page, err := db.FindLifecycle(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
		}
		limit -= len(page.Items)
		if f.After = page.NextCursor; f.After == "" {
			break
		}
	}
	return nil
}

// lifecycleCells renders a recommendation as table or CSV cells: the
// table shows the decisive reason, CSV every reason.
func lifecycleCells(format string, r *ward.LifecycleRecommendation) []string {
	reasons := make([]string, 0, len(r.Reasons))
	for _, x := range r.Reasons {
		reasons = append(reasons, x.Code+": "+x.Text)
	}
	why := strings.Join(reasons, "; ")
	if format == formatTable && len(reasons) > 0 {
		why = reasons[0]
		if len(reasons) > 1 {
			why += fmt.Sprintf(" (+%d)", len(reasons)-1)
		}
	}
	return []string{r.AssetTag, r.Recommendation, r.Facility, r.Manufacturer, r.Model, floatText(r.AgeYears, 1),
		intText(r.ExpectedLifeYears), intText(r.DueYear), floatText(r.RepairToReplace, 2), intText(r.OpenRecalls),
		intText(r.UnpatchableCritical), why}
}

func floatText(v *float64, places int) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', places, 64)
}

func intText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// showDeviceLifecycle prints one device's recommendation with its details.
func showDeviceLifecycle(ctx context.Context, e *env, db *sqlstore.DB, tag, format string) error {
	if format != formatTable && format != formatJSON {
		return fmt.Errorf("--device shows one device: --format must be table or json")
	}
	d, err := db.FindDeviceByTag(ctx, tag)
	if err != nil {
		return err
	}
	r, err := db.FindDeviceLifecycle(ctx, d.ID)
	if err != nil {
		return err
	}
	if format == formatJSON {
		return writeJSON(e.stdout, r)
	}
	printDeviceLifecycle(e.stdout, r)
	return nil
}

func printDeviceLifecycle(w io.Writer, r *ward.LifecycleRecommendation) {
	fmt.Fprintf(w, "%s  %s %s at %s (%s)\n", r.AssetTag, r.Manufacturer, r.Model, orNone(r.Facility), r.Status)
	fmt.Fprintf(w, "recommendation: %s\n", strings.ToUpper(r.Recommendation))
	for _, x := range r.Reasons {
		mark := "  ·"
		if x.Suggests == r.Recommendation {
			mark = "  ▸"
		}
		fmt.Fprintf(w, "%s %s: %s\n", mark, x.Code, x.Text)
	}
	fmt.Fprintf(w, "age %s of %s years; end of life %s; end of support %s; due %s\n", floatText(r.AgeYears, 1),
		orNone(intText(r.ExpectedLifeYears)), orNone(dateOrEmpty(r.EndOfLife)), orNone(dateOrEmpty(r.EndOfSupport)), orNone(intText(r.DueYear)))
	fmt.Fprintf(w, "12 months: %d repairs costing %s, %.1f hours down; replacement %s (%s)\n", r.RepairOrders, r.RepairCost,
		r.DowntimeHours, r.ReplacementCost, orNone(r.ReplacementCostSource))
	fmt.Fprintf(w, "findings: %d open, %d patchable, %d critical with no patch; mitigation %.1f h, %s\n", r.OpenFindings,
		r.PatchableFindings, r.UnpatchableCritical, r.MitigationHours, r.MitigationCost)
	if d := r.Details; d != nil {
		for _, l := range []struct {
			what string
			list []string
		}{{"outstanding recalls", d.Recalls}, {"critical, no patch", d.UnpatchableCritical}, {"patchable", d.Patchable},
			{"repair orders", d.RepairOrders}} {
			if len(l.list) > 0 {
				fmt.Fprintf(w, "%s: %s\n", l.what, strings.Join(l.list, ", "))
			}
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
