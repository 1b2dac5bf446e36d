package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

func init() {
	register("match", "match every device against every advisory (a full run)", cmdMatch)
	register("advisories", "list the advisories Ward knows", cmdAdvisories)
	register("findings", "list findings: which advisories concern which devices, and why", cmdFindings)
	register("triage", "record a decision for a model and version against an advisory", cmdTriage)
}

func cmdMatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "match", "")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := (&app.App{Store: db}).MatchAll(ctx)
	if err != nil {
		return err
	}
	printMatch(e, rep)
	fmt.Fprintf(e.stdout, "%s findings in %s\n", thousands(int64(rep.Findings)), time.Since(start).Round(time.Millisecond))
	return nil
}

func cmdAdvisories(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "advisories", "[--source csaf|nvd|cve5] [--cve ID] [--q TEXT] [--format …]")
	source := fs.String("source", "", "only advisories from this source: csaf, nvd or cve5")
	cve := fs.String("cve", "", "only advisories naming this CVE")
	q := fs.String("q", "", "tracking ID prefix or words of the title")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"source", "id", "revision", "updated", "kev", "epss", "title"})
	f := ward.AdvisoryFilter{Source: *source, CVE: *cve, Q: *q, Limit: 1000}
	for {
		page, err := db.FindAdvisories(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			a := &page.Items[i]
			w.row([]string{a.Source, a.TrackingID, a.Revision, dateText(a.Updated), kevText(a.KEV), epssText(a.EPSS), a.Title}, a, nil)
		}
		if page.NextCursor == "" {
			break
		}
		f.After = page.NextCursor
	}
	return w.close()
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// kevText and epssText render the KEV and EPSS fields of a finding or an
// advisory as table and CSV cells: true or false, and the score ("" when
// none of the CVEs has one).
func kevText(kev bool) string { return strconv.FormatBool(kev) }

func epssText(score float64) string {
	if score == 0 {
		return ""
	}
	return strconv.FormatFloat(score, 'f', -1, 64)
}

var findingColumns = []string{"asset_tag", "advisory_id", "status", "confidence", "cves", "kev", "epss", "explanation"}

func cmdFindings(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "findings", "[--status S] [--advisory ID] [--device TAG] [--facility F] [--kev] [--format …]")
	status := fs.String("status", "", "affected, under_investigation, not_affected, fixed (comma-separated) or all; default: the open ones")
	advisory := fs.String("advisory", "", "advisory tracking ID or CVE ID")
	device := fs.String("device", "", "asset tag")
	facility := fs.String("facility", "", "facility name or code")
	kev := fs.Bool("kev", false, "only findings with a CVE in CISA's Known Exploited Vulnerabilities catalog")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f, err := findingFilter(ctx, db, *status, *advisory, *device, *facility)
	if err != nil {
		return err
	}
	f.KEV = *kev
	w := newListWriter(e.stdout, *format, findingColumns)
	// Each finding carries its risk score, priority, due date and owner
	// team (see "ward risk" to rank and explain them).
	err = (&app.App{Store: db}).EachFinding(ctx, f, func(fd *ward.Finding) error {
		if *format == formatJSON || *format == formatJSONL {
			return w.row(nil, fd, nil)
		}
		return w.row([]string{fd.AssetTag, fd.AdvisoryRef, fd.Status, fd.Confidence, strings.Join(fd.CVEs, " "),
			kevText(fd.KEV), epssText(fd.EPSS), fd.Explanation}, nil, nil)
	})
	if cerr := w.close(); err == nil {
		err = cerr
	}
	return err
}

// findingFilter resolves the command-line filters of findings.
func findingFilter(ctx context.Context, db *sqlstore.DB, status, advisory, device, facility string) (ward.FindingFilter, error) {
	f := ward.FindingFilter{Advisory: advisory}
	switch status {
	case "":
	case "all":
		f.Statuses = ward.FindingStatuses
	default:
		f.Statuses = splitList(status)
	}
	if device != "" {
		d, err := db.FindDeviceByTag(ctx, device)
		if err != nil {
			return f, err
		}
		f.DeviceID = d.ID
	}
	for _, name := range splitList(facility) {
		fac, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return f, err
		}
		f.FacilityIDs = append(f.FacilityIDs, fac.ID)
	}
	return f, nil
}

func cmdTriage(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "triage", "(--device TAG | --manufacturer M --model X --version V) --advisory ID --status S [--justification J] [--comment C] [--expires YYYY-MM-DD]")
	device := fs.String("device", "", "a device whose model and version the decision covers")
	mfr := fs.String("manufacturer", "", "manufacturer of the model")
	model := fs.String("model", "", "model name or alias")
	version := fs.String("version", "", "software version")
	advisory := fs.String("advisory", "", "advisory tracking ID or CVE ID")
	source := fs.String("source", "", "advisory source when the ID is ambiguous: csaf, nvd or cve5")
	status := fs.String("status", "", "not_affected, fixed, affected, under_investigation or risk_accepted")
	just := fs.String("justification", "", "VEX justification for not_affected: "+strings.Join(ward.VEXJustifications, ", "))
	comment := fs.String("comment", "", "free text for the record")
	expires := fs.String("expires", "", "when the decision lapses (YYYY-MM-DD); required for risk_accepted")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *advisory == "" || *status == "" {
		return usageError(e, fs, "triage needs --advisory and --status")
	}
	exp, err := ward.ParseDate(*expires)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	t := &ward.Triage{Status: *status, Justification: *just, Comment: *comment, Expires: exp}
	if *device != "" {
		d, err := db.FindDeviceByTag(ctx, *device)
		if err != nil {
			return err
		}
		t.ModelID, t.SoftwareVersion = d.ModelID, d.SoftwareVersion
	} else {
		m, err := findModel(ctx, db, *mfr, *model)
		if err != nil {
			return err
		}
		t.ModelID, t.SoftwareVersion = m.ID, *version
	}
	a, err := findAdvisoryRef(ctx, db, *source, *advisory)
	if err != nil {
		return err
	}
	t.AdvisoryID = a.ID
	if err := db.SetTriage(ctx, t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s for model %d version %q against %s (revision %s)\n", t.Status, t.ModelID, t.SoftwareVersion,
		a.TrackingID, t.AdvisoryRevision)
	return nil
}

// findAdvisoryRef finds an advisory by tracking ID in the given source, or
// in CSAF, NVD and CVE 5 in that order.
func findAdvisoryRef(ctx context.Context, db *sqlstore.DB, source, ref string) (*ward.Advisory, error) {
	sources := []string{ward.SourceCSAF, ward.SourceNVD, ward.SourceCVE5}
	if source != "" {
		sources = []string{source}
	}
	var err error
	for _, s := range sources {
		var a *ward.Advisory
		if a, err = db.FindAdvisory(ctx, s, ref); err == nil {
			return a, nil
		}
		if !ward.IsNotFound(err) {
			return nil, err
		}
	}
	return nil, ward.Errorf(ward.ENOTFOUND, "no advisory %q", ref)
}
