package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

func init() {
	register("risk", "rank findings or devices by risk; explain a score; set controls, rubric answers and SLAs", cmdRisk)
}

const riskUsage = `[--devices] [--facility F] [--priority P] [--overdue] [--team T | --unowned] [--device TAG] [--status S] [--limit N | --all] [--format …]
       ward risk --explain --device TAG [--finding ID | --advisory ID] [--format table|json]
       ward risk controls [list | set | unset] …    (ward risk controls --help)
       ward risk rubric [questions | show | set] …  (ward risk rubric --help)
       ward risk policy [set --critical D --high D --medium D --low D]`

var riskFindingColumns = []string{"risk", "priority", "due", "overdue", "asset_tag", "advisory_id", "status", "kev", "epss", "owner_team", "cves"}
var riskDeviceColumns = []string{"risk", "priority", "asset_tag", "open", "overdue", "due", "worst_advisory", "owner_team"}

// errEnough stops a stream once a listing has its rows.
var errEnough = errors.New("enough")

func cmdRisk(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "controls":
			return cmdRiskControls(ctx, e, args[1:])
		case "rubric":
			return cmdRiskRubric(ctx, e, args[1:])
		case "policy":
			return cmdRiskPolicy(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "risk", riskUsage)
	devices := fs.Bool("devices", false, "rank devices (each scores as its worst open finding) instead of findings")
	facility := fs.String("facility", "", "facility names or codes (comma-separated)")
	priority := fs.String("priority", "", "critical, high, medium, low (comma-separated)")
	overdue := fs.Bool("overdue", false, "only findings past their due date (devices with one)")
	team := fs.String("team", "", "only findings this team owns (security mitigation)")
	unowned := fs.Bool("unowned", false, "only findings no responsibility rule gives a security_mitigation team")
	device := fs.String("device", "", "asset tag: only this device's findings")
	status := fs.String("status", "", "affected, under_investigation, not_affected, fixed (comma-separated) or all; default: the open ones")
	limit := fs.Int("limit", 50, "at most this many rows, highest risk first")
	all := fs.Bool("all", false, "every matching row, highest risk first")
	explain := fs.Bool("explain", false, "print the breakdown of one device's score (--device) or of one finding on it (--finding or --advisory)")
	finding := fs.Int64("finding", 0, "with --explain: a finding ID")
	advisory := fs.String("advisory", "", "with --explain: the advisory tracking ID or CVE of a finding on the device")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	if *limit <= 0 && !*all {
		return usageError(e, fs, "--limit must be positive")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	a := &app.App{Store: db}
	if *explain {
		if *device == "" {
			return usageError(e, fs, "--explain needs --device")
		}
		return explainRisk(ctx, e, a, db, *device, *finding, *advisory, *format)
	}
	f, err := findingFilter(ctx, db, *status, "", *device, *facility)
	if err != nil {
		return err
	}
	rf := ward.RiskFilter{Statuses: f.Statuses, FacilityIDs: f.FacilityIDs, DeviceID: f.DeviceID, Priorities: splitList(*priority),
		Overdue: *overdue, Unowned: *unowned}
	if *team != "" && *unowned {
		return usageError(e, fs, "give --team or --unowned, not both")
	}
	if *team != "" {
		t, err := db.FindTeamByName(ctx, *team)
		if err != nil {
			return err
		}
		rf.TeamID = t.ID
	}
	n := *limit
	if *all {
		n = -1
	}
	if *devices {
		return listDeviceRisks(ctx, e, a, rf, n, *format)
	}
	return listRiskFindings(ctx, e, a, rf, n, *format)
}

// listRiskFindings writes the n riskiest findings (all for n < 0).
func listRiskFindings(ctx context.Context, e *env, a *app.App, rf ward.RiskFilter, n int, format string) error {
	w := newListWriter(e.stdout, format, riskFindingColumns)
	row := func(f *ward.RiskFinding, raw []byte) error {
		if format == formatJSON || format == formatJSONL {
			return w.row(nil, f, raw)
		}
		return w.row([]string{strconv.Itoa(f.RiskScore), f.Priority, dateOrEmpty(f.Due), strconv.FormatBool(f.Overdue), f.AssetTag,
			f.AdvisoryRef, f.Status, kevText(f.KEV), epssText(f.EPSS), ownerText(format, f.OwnerTeam), strings.Join(f.CVEs, " ")}, nil, nil)
	}
	var err error
	if n >= 0 && n <= 1000 {
		rf.Limit = n
		var page *ward.Page[ward.RiskFinding]
		if page, err = a.FindRiskFindings(ctx, rf); err == nil {
			for i := range page.Items {
				if err = row(&page.Items[i], nil); err != nil {
					break
				}
			}
		}
	} else {
		// Every row, ranked in one pass: JSON rows go out as spooled.
		count := 0
		err = a.EachRiskFindingRanked(ctx, rf, func(obj []byte) error {
			if count++; n >= 0 && count > n {
				return errEnough
			}
			var f ward.RiskFinding
			if format == formatJSON || format == formatJSONL {
				return row(&f, obj)
			}
			if err := json.Unmarshal(obj, &f); err != nil {
				return err
			}
			return row(&f, nil)
		})
		if errors.Is(err, errEnough) {
			err = nil
		}
	}
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

// listDeviceRisks writes the n riskiest devices (all for n < 0).
func listDeviceRisks(ctx context.Context, e *env, a *app.App, rf ward.RiskFilter, n int, format string) error {
	drs, err := a.DeviceRisks(ctx, rf)
	if err != nil {
		return err
	}
	if n >= 0 && len(drs) > n {
		drs = drs[:n]
	}
	w := newListWriter(e.stdout, format, riskDeviceColumns)
	for i := range drs {
		d := &drs[i]
		if format == formatJSON || format == formatJSONL {
			err = w.row(nil, d, nil)
		} else {
			err = w.row([]string{strconv.Itoa(d.RiskScore), d.Priority, d.AssetTag, strconv.Itoa(d.OpenFindings),
				strconv.Itoa(d.OverdueFindings), dateOrEmpty(d.Due), d.WorstAdvisory, ownerText(format, d.OwnerTeam)}, nil, nil)
		}
		if err != nil {
			break
		}
	}
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

// ownerText shows an unowned finding as such in a table; CSV leaves the
// cell empty for scripts.
func ownerText(format, team string) string {
	if team == "" && format == formatTable {
		return "(unowned)"
	}
	return team
}

func dateOrEmpty(d ward.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// explainRisk prints the breakdown of a device's score, or of one finding
// on it.
func explainRisk(ctx context.Context, e *env, a *app.App, db *sqlstore.DB, tag string, findingID int64, advisory, format string) error {
	if format != formatTable && format != formatJSON {
		return ward.Errorf(ward.EINVALID, "--explain prints a table or json")
	}
	d, err := db.FindDeviceByTag(ctx, tag)
	if err != nil {
		return err
	}
	dr, err := a.ExplainDevice(ctx, d.ID)
	if err != nil {
		return err
	}
	if findingID == 0 && advisory == "" {
		if format == formatJSON {
			return writeJSON(e.stdout, dr)
		}
		printDeviceRisk(e.stdout, dr)
		return nil
	}
	for i := range dr.Findings {
		f := &dr.Findings[i]
		if f.FindingID == findingID || advisory != "" && (strings.EqualFold(f.AdvisoryRef, advisory) || containsFold(f.CVEs, advisory)) {
			if format == formatJSON {
				return writeJSON(e.stdout, f)
			}
			printBreakdown(e.stdout, f)
			return nil
		}
	}
	return ward.Errorf(ward.ENOTFOUND, "device %s has no finding %s", d.AssetTag, firstNonEmpty(advisory, strconv.FormatInt(findingID, 10)))
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func printDeviceRisk(w io.Writer, dr *ward.DeviceRisk) {
	fmt.Fprintf(w, "%s: risk %d (%s), %d open finding(s), %d overdue, next due %s, owner %s\n", dr.AssetTag, dr.RiskScore,
		firstNonEmpty(dr.Priority, "none"), dr.OpenFindings, dr.OverdueFindings, firstNonEmpty(dateOrEmpty(dr.Due), "-"), firstNonEmpty(dr.OwnerTeam, "(unowned)"))
	fmt.Fprintln(w, "A device scores as its worst open finding.")
	lw := newListWriter(w, formatTable, []string{"risk", "priority", "due", "finding", "advisory_id", "status"})
	for _, f := range dr.Findings {
		lw.row([]string{strconv.Itoa(f.RiskScore), f.Priority, dateOrEmpty(f.Due), strconv.FormatInt(f.FindingID, 10), f.AdvisoryRef, f.Status}, nil, nil)
	}
	lw.close()
	for i := range dr.Findings {
		if dr.Findings[i].FindingID == dr.WorstFindingID && dr.OpenFindings > 0 {
			fmt.Fprintln(w)
			printBreakdown(w, &dr.Findings[i])
		}
	}
}

func printBreakdown(w io.Writer, f *ward.RiskFinding) {
	fmt.Fprintf(w, "%s %s (finding %d, %s): risk %d (%s), due %s, owner %s\n", f.AssetTag, f.AdvisoryRef, f.FindingID, f.Status,
		f.RiskScore, firstNonEmpty(f.Priority, "none"), firstNonEmpty(dateOrEmpty(f.Due), "-"), firstNonEmpty(f.OwnerTeam, "(unowned)"))
	b := f.Risk
	if b == nil {
		return
	}
	lw := newListWriter(w, formatTable, []string{"factor", "item", "points", "value"})
	for _, x := range b.Factors {
		lw.row([]string{x.Factor, x.Item, strconv.FormatFloat(x.Points, 'f', 1, 64), x.Value}, nil, nil)
	}
	if len(b.Factors) > 1 {
		lw.row([]string{"total", "", strconv.FormatFloat(b.Raw, 'f', 1, 64), fmt.Sprintf("clamped to 0–100 and rounded: %d", b.Score)}, nil, nil)
	}
	lw.close()
	for _, n := range b.Notes {
		fmt.Fprintln(w, "note:", n)
	}
}
