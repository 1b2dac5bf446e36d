package sqlstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/ingest/csaf"
	"ward/ingest/epss"
	"ward/ingest/kev"
	"ward/sqlstore"
)

// Helpers of the KEV and EPSS tests: the devset loaded through the use
// cases, the catalogs imported, and an oracle that computes what a set of
// CVEs should show from the imported entries, independently of the store.

// csafFiles is an AdvisorySource over CSAF files.
type csafFiles struct {
	files []string
	i     int
}

func (s *csafFiles) Next() (*ward.Advisory, error) {
	if s.i == len(s.files) {
		return nil, io.EOF
	}
	b, err := os.ReadFile(s.files[s.i])
	if err != nil {
		return nil, err
	}
	s.i++
	return csaf.Parse(bytes.NewReader(b), filepath.Base(s.files[s.i-1]))
}

// oneAdvisory is an AdvisorySource of one advisory.
type oneAdvisory struct{ a *ward.Advisory }

func (s *oneAdvisory) Next() (*ward.Advisory, error) {
	if s.a == nil {
		return nil, io.EOF
	}
	a := s.a
	s.a = nil
	return a, nil
}

// mustLoadDevset imports the devset inventory and the CISA advisories and
// matches them.
func mustLoadDevset(tb testing.TB, db *sqlstore.DB) *app.App {
	tb.Helper()
	a := &app.App{Store: db}
	mustImportCMMS(tb, a, mustRead(tb, "../testdata/ward-devset/inventory.csv"))
	files, _ := filepath.Glob("../testdata/cisa-csaf/*.json")
	sort.Strings(files)
	if _, _, err := a.ImportAdvisories(context.Background(), &csafFiles{files: files}); err != nil {
		tb.Fatalf("import advisories: %v", err)
	}
	return a
}

func mustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func mustImportCMMS(tb testing.TB, a *app.App, text string) {
	tb.Helper()
	rd, err := cmms.NewReader(strings.NewReader(text), "inventory.csv", cmms.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	if _, _, err := a.ImportDevices(context.Background(), rd, ward.ImportOptions{}); err != nil {
		tb.Fatalf("import devices: %v", err)
	}
}

// intel is what a test expects KEV and EPSS to say about a set of CVEs.
type intel struct {
	KEV       bool
	Due       ward.Date
	EPSS, Pct float64
}

// catalogs holds the KEV due dates and EPSS scores the test imported.
type catalogs struct {
	kev  map[string]ward.Date
	epss map[string]ward.EPSS
}

// of computes, independently of the store, what cves should show.
func (c catalogs) of(cves []string) intel {
	var in intel
	for _, cve := range cves {
		if due, ok := c.kev[cve]; ok {
			if !in.KEV || due.Before(in.Due) {
				in.Due = due
			}
			in.KEV = true
		}
		if e, ok := c.epss[cve]; ok && (e.Score > in.EPSS || e.Score == in.EPSS && e.Percentile > in.Pct) {
			in.EPSS, in.Pct = e.Score, e.Percentile
		}
	}
	return in
}

// mustImportCatalogs imports the real KEV catalog, the real EPSS excerpts
// and inventedEPSS, and returns what they hold.
func mustImportCatalogs(tb testing.TB, db *sqlstore.DB) catalogs {
	tb.Helper()
	ctx := context.Background()
	entries, _, err := kev.Parse(strings.NewReader(mustRead(tb, "../testdata/kev/known_exploited_vulnerabilities.json")), "kev.json")
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := db.ImportKEV(ctx, entries); err != nil {
		tb.Fatalf("ImportKEV: %v", err)
	}
	c := catalogs{kev: map[string]ward.Date{}, epss: map[string]ward.EPSS{}}
	for _, k := range entries {
		c.kev[k.CVE] = k.DueDate
	}
	for _, f := range []struct{ name, text string }{
		{"epss_scores-current.head.csv", mustRead(tb, "../testdata/epss/epss_scores-current.head.csv")},
		{"CVE-2021-33885.epss.excerpt.csv", mustRead(tb, "../testdata/epss/CVE-2021-33885.epss.excerpt.csv")},
		{"invented.csv", inventedEPSS},
	} {
		scores, err := epss.Parse(strings.NewReader(f.text), f.name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := db.ImportEPSS(ctx, scores); err != nil {
			tb.Fatalf("ImportEPSS %s: %v", f.name, err)
		}
		for _, s := range scores { // a later row of a CVE replaces an earlier one
			c.epss[s.CVE] = s
		}
	}
	return c
}

func findingIntel(f ward.Finding) intel {
	return intel{KEV: f.KEV, Due: f.KEVDueDate, EPSS: f.EPSS, Pct: f.EPSSPercentile}
}

func advisoryIntel(a ward.Advisory) intel {
	return intel{KEV: a.KEV, Due: a.KEVDueDate, EPSS: a.EPSS, Pct: a.EPSSPercentile}
}

// mustEachFinding streams the findings of f.
func mustEachFinding(tb testing.TB, db *sqlstore.DB, f ward.FindingFilter) []ward.Finding {
	tb.Helper()
	var out []ward.Finding
	if err := db.EachFinding(context.Background(), f, func(fd *ward.Finding) error {
		out = append(out, *fd)
		return nil
	}); err != nil {
		tb.Fatalf("EachFinding %+v: %v", f, err)
	}
	return out
}

// mustPagedFindings walks FindFindings by pages of size.
func mustPagedFindings(tb testing.TB, db *sqlstore.DB, f ward.FindingFilter, size int) []ward.Finding {
	tb.Helper()
	var out []ward.Finding
	f.Limit = size
	for range 1000 {
		page, err := db.FindFindings(context.Background(), f)
		if err != nil {
			tb.Fatalf("FindFindings %+v: %v", f, err)
		}
		out = append(out, page.Items...)
		if page.NextCursor == "" {
			return out
		}
		f.After = page.NextCursor
	}
	tb.Fatalf("FindFindings %+v: more than 1000 pages", f)
	return nil
}

// refs renders findings as sorted "asset-tag advisory" lines.
func refs(fs []ward.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.AssetTag + " " + f.AdvisoryRef
	}
	sort.Strings(out)
	return out
}

// checkFindings requires every finding to show what the catalogs say
// about its own CVEs.
func checkFindings(t *testing.T, what string, c catalogs, fs []ward.Finding) {
	t.Helper()
	for _, f := range fs {
		if got, want := findingIntel(f), c.of(f.CVEs); got != want {
			t.Errorf("%s: %s %s (CVEs %v): got %+v, want %+v", what, f.AssetTag, f.AdvisoryRef, f.CVEs, got, want)
		}
	}
}

// mustRevise returns the real advisory of stem revised (version 4, a
// later date) so that the products affected by the CVEs of fixed are
// fixed for them, parsed by the real CSAF parser.
func mustRevise(tb testing.TB, stem string, fixed ...string) *ward.Advisory {
	tb.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(mustRead(tb, "../testdata/cisa-csaf/"+stem+".json")), &d); err != nil {
		tb.Fatal(err)
	}
	tr := d["document"].(map[string]any)["tracking"].(map[string]any)
	const date = "2025-09-01T00:00:00.000000Z"
	tr["version"], tr["current_release_date"] = "4", date
	tr["revision_history"] = append(tr["revision_history"].([]any),
		map[string]any{"date": date, "legacy_version": "C", "number": "4", "summary": "test revision"})
	n := 0
	for _, v := range d["vulnerabilities"].([]any) {
		v := v.(map[string]any)
		if slices.Contains(fixed, v["cve"].(string)) {
			ps := v["product_status"].(map[string]any)
			ps["fixed"], n = ps["known_affected"], n+1
			delete(ps, "known_affected")
		}
	}
	if n != len(fixed) {
		tb.Fatalf("%s: fixed %d of the CVEs %v", stem, n, fixed)
	}
	b, _ := json.Marshal(d)
	a, err := csaf.Parse(bytes.NewReader(b), stem+"-revised.json")
	if err != nil {
		tb.Fatalf("parse revised %s: %v", stem, err)
	}
	return a
}
