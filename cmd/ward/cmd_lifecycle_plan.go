package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"ward"
)

// Views of the capital plan: CSV and JSONL print one of them.
const (
	viewReplacements = "replacements"
	viewFacilities   = "facilities"
	viewComparison   = "comparison"
)

func cmdLifecycleCapital(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "lifecycle capital", "[--facility F] [--years N] [--top N] [--view replacements|facilities|comparison] [--format …]")
	facility := fs.String("facility", "", "facility names or codes (comma-separated)")
	years := fs.Int("years", 0, "years to plan, this one included (0: the policy's horizon)")
	top := fs.Int("top", 20, "devices in the mitigation-versus-replacement comparison")
	view := fs.String("view", "", "with csv or jsonl: replacements (by year and facility, the default), facilities or comparison")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	switch *view {
	case "", viewReplacements, viewFacilities, viewComparison:
	default:
		return usageError(e, fs, "--view must be replacements, facilities or comparison")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f := ward.CapitalFilter{Years: *years, Top: *top}
	if f.FacilityIDs, err = facilityIDs(ctx, db, *facility); err != nil {
		return err
	}
	plan, err := db.FindCapitalPlan(ctx, f)
	if err != nil {
		return err
	}
	switch *format {
	case formatJSON:
		return writeJSON(e.stdout, plan)
	case formatTable:
		return printCapitalPlan(e, plan, *view)
	}
	return writeCapitalView(e, plan, *format, *view)
}

// printCapitalPlan prints the views as tables, all of them by default.
func printCapitalPlan(e *env, plan *ward.CapitalPlan, view string) error {
	fmt.Fprintf(e.stdout, "Capital plan %d–%d: %s devices due, %s; %s later, %s with no end of life or support known\n\n",
		plan.FromYear, plan.ToYear, thousands(plan.Total.DueDevices), moneyThousands(plan.Total.DueCost), thousands(plan.Total.LaterDevices),
		thousands(plan.Total.UnplannedDevices))
	for _, v := range []string{viewReplacements, viewFacilities, viewComparison} {
		if view != "" && view != v {
			continue
		}
		if err := writeCapitalView(e, plan, formatTable, v); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

var (
	capitalRowColumns      = []string{"year", "facility", "devices", "cost", "overdue", "no_cost"}
	capitalFacilityColumns = []string{"facility", "devices", "keep", "upgrade", "reallocate", "replace", "dispose", "due",
		"due_cost", "later", "unplanned", "mitigated", "mitigation_cost", "replacement_cost", "over_budget"}
	capitalComparisonColumns = []string{"asset_tag", "facility", "model", "recommendation", "open_findings", "unpatchable",
		"mitigation_hours", "repair_cost_12m", "mitigation_cost", "replacement_cost", "ratio"}
)

// writeCapitalView writes one view of the plan in a list format. JSONL
// objects carry a "view" field naming theirs.
func writeCapitalView(e *env, plan *ward.CapitalPlan, format, view string) error {
	if view == "" {
		view = viewReplacements
	}
	money := func(m ward.Money) string {
		if format == formatTable {
			return moneyThousands(m)
		}
		return m.String()
	}
	row := func(w *listWriter, cells []string, v any) error {
		if format != formatJSONL {
			return w.row(cells, nil, nil)
		}
		raw, err := withView(v, view)
		if err != nil {
			return err
		}
		return w.row(nil, nil, raw)
	}
	var w *listWriter
	switch view {
	case viewReplacements:
		w = newListWriter(e.stdout, format, capitalRowColumns)
		for _, r := range plan.Rows {
			if err := row(w, []string{strconv.Itoa(r.Year), orNone(r.Facility), i64(r.Devices), money(r.Cost), i64(r.Overdue), i64(r.NoCost)}, r); err != nil {
				return err
			}
		}
	case viewFacilities:
		w = newListWriter(e.stdout, format, capitalFacilityColumns)
		for _, f := range append(plan.Facilities, plan.Total) {
			rc := f.Recommendations
			if err := row(w, []string{orNone(f.Facility), i64(f.Devices), i64(rc[ward.LifecycleKeep]), i64(rc[ward.LifecycleUpgrade]),
				i64(rc[ward.LifecycleReallocate]), i64(rc[ward.LifecycleReplace]), i64(rc[ward.LifecycleDispose]), i64(f.DueDevices),
				money(f.DueCost), i64(f.LaterDevices), i64(f.UnplannedDevices), i64(f.MitigatedDevices), money(f.MitigationCost),
				money(f.ReplacementCost), i64(f.MitigationOverBudget)}, f); err != nil {
				return err
			}
		}
	case viewComparison:
		w = newListWriter(e.stdout, format, capitalComparisonColumns)
		for _, c := range plan.Comparison {
			if err := row(w, []string{c.AssetTag, c.Facility, c.Manufacturer + " " + c.Model, c.Recommendation, strconv.Itoa(c.OpenFindings),
				strconv.Itoa(c.UnpatchableCritical), strconv.FormatFloat(c.MitigationHours, 'f', 1, 64), money(c.RepairCost),
				money(c.MitigationCost), money(c.ReplacementCost), strconv.FormatFloat(c.Ratio, 'f', 2, 64)}, c); err != nil {
				return err
			}
		}
	}
	return w.close()
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// moneyThousands writes an amount with thousands separators, for tables.
func moneyThousands(m ward.Money) string {
	whole, frac, _ := strings.Cut(m.String(), ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	return thousands(n) + "." + frac
}

// withView encodes v as a JSON object with a leading "view" field.
func withView(v any, view string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append([]byte(`{"view":`+strconv.Quote(view)+`,`), b[1:]...), nil
}
