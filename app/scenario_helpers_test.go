package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/ingest/csaf"
	"ward/ingest/sbom"
	"ward/sqlstore"
)

// Helpers for the use-case scenarios (matching, triage, VEX, SBOM): real
// CISA documents loaded and, where a scenario needs a document that was
// never published (a later revision, a VEX statement), changed in memory and
// parsed again with csaf.Parse, so every advisory passes the real validator.

// testClock is a store clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

// mustClock installs a clock starting at start on db.
func mustClock(tb testing.TB, db *sqlstore.DB, start time.Time) *testClock {
	tb.Helper()
	c := &testClock{now: start.UTC()}
	db.SetClock(c.Now)
	return c
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// advisorySlice is a ward.AdvisorySource over advisories built in a test.
type advisorySlice struct {
	advs []*ward.Advisory
	i    int
}

func (s *advisorySlice) Next() (*ward.Advisory, error) {
	if s.i == len(s.advs) {
		return nil, io.EOF
	}
	s.i++
	return s.advs[s.i-1], nil
}

// csafDoc is a CSAF document decoded generically, to be changed and parsed
// again.
type csafDoc map[string]any

// mustCSAFDoc reads a real CISA advisory of testdata/cisa-csaf by its file
// stem ("icsma-23-047-01").
func mustCSAFDoc(tb testing.TB, stem string) csafDoc {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "cisa-csaf", stem+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	var d csafDoc
	if err := json.Unmarshal(b, &d); err != nil {
		tb.Fatalf("%s: %v", stem, err)
	}
	return d
}

// obj walks down the object keys of d.
func (d csafDoc) obj(keys ...string) map[string]any {
	var m map[string]any = d
	for _, k := range keys {
		m = m[k].(map[string]any)
	}
	return m
}

// vulnerabilities returns the document's vulnerabilities.
func (d csafDoc) vulnerabilities() []any { return d["vulnerabilities"].([]any) }

// revise makes d the next revision: tracking version and current release
// date set, and a revision history entry added, as CISA writes an update.
func (d csafDoc) revise(version string, date time.Time, summary string) {
	tr := d.obj("document", "tracking")
	ds := date.UTC().Format("2006-01-02T15:04:05.000000Z")
	tr["version"] = version
	tr["current_release_date"] = ds
	hist := tr["revision_history"].([]any)
	tr["revision_history"] = append(hist, map[string]any{"date": ds, "legacy_version": version, "number": version, "summary": summary})
}

// setVersionRange replaces the name of the product_version_range (or
// product_version) branch that defines productID.
func (d csafDoc) setVersionRange(tb testing.TB, productID, name string) {
	tb.Helper()
	var walk func(bs []any) bool
	walk = func(bs []any) bool {
		for _, x := range bs {
			b := x.(map[string]any)
			if p, ok := b["product"].(map[string]any); ok && p["product_id"] == productID {
				b["name"] = name
				return true
			}
			if sub, ok := b["branches"].([]any); ok && walk(sub) {
				return true
			}
		}
		return false
	}
	if !walk(d.obj("product_tree")["branches"].([]any)) {
		tb.Fatalf("no branch defines %s", productID)
	}
}

// mustParse encodes d and parses it with the real CSAF parser.
func (d csafDoc) mustParse(tb testing.TB, name string) *ward.Advisory {
	tb.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		tb.Fatal(err)
	}
	a, err := csaf.Parse(bytes.NewReader(b), name)
	if err != nil {
		tb.Fatalf("parse derived %s: %v", name, err)
	}
	return a
}

// mustImportAdvisories imports advisories through the use case.
func mustImportAdvisories(tb testing.TB, a *app.App, advs ...*ward.Advisory) (*ward.AdvisoryImportResult, *app.MatchReport) {
	tb.Helper()
	res, rep, err := a.ImportAdvisories(context.Background(), &advisorySlice{advs: advs})
	if err != nil {
		tb.Fatalf("ImportAdvisories: %v", err)
	}
	return res, rep
}

// devsetHeader is the header of the devset inventory, for CSV rows written
// by a test.
const devsetHeader = "Asset Tag,Serial Number,Manufacturer,Model,Model Number,Device Type,Software Version,Facility,Department,Location,IP Address,MAC Address,Status\r\n"

// mustImportCSV imports CMMS CSV rows (without header) through the use case.
func mustImportCSV(tb testing.TB, a *app.App, rows ...string) (*ward.ImportResult, *app.MatchReport) {
	tb.Helper()
	text := devsetHeader + strings.Join(rows, "\r\n") + "\r\n"
	rd, err := cmms.NewReader(strings.NewReader(text), "test.csv", cmms.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	res, rep, err := a.ImportDevices(context.Background(), rd, ward.ImportOptions{})
	if err != nil {
		tb.Fatalf("ImportDevices: %v", err)
	}
	return res, rep
}

// mustTag returns the device with an asset tag.
func mustTag(tb testing.TB, db *sqlstore.DB, tag string) *ward.Device {
	tb.Helper()
	d, err := db.FindDeviceByTag(context.Background(), tag)
	if err != nil {
		tb.Fatalf("FindDeviceByTag %s: %v", tag, err)
	}
	return d
}

// allStatuses lists findings whatever their status.
var allStatuses = slices.Clone(ward.FindingStatuses)

// mustFindings lists every per-device finding matching f.
func mustFindings(tb testing.TB, db *sqlstore.DB, f ward.FindingFilter) []ward.Finding {
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

// findingMap keys per-device findings by "asset tag advisory".
func findingMap(fs []ward.Finding) map[string]ward.Finding {
	out := make(map[string]ward.Finding, len(fs))
	for _, f := range fs {
		out[f.AssetTag+" "+f.AdvisoryRef] = f
	}
	return out
}

// mustFinding returns the finding of one device and advisory in any status;
// ok is false when there is none.
func mustFinding(tb testing.TB, db *sqlstore.DB, tag, advisory string) (ward.Finding, bool) {
	tb.Helper()
	d := mustTag(tb, db, tag)
	for _, f := range mustFindings(tb, db, ward.FindingFilter{DeviceID: d.ID, Statuses: allStatuses}) {
		if strings.EqualFold(f.AdvisoryRef, advisory) {
			return f, true
		}
	}
	return ward.Finding{}, false
}

// mustAdvisory returns a stored advisory.
func mustAdvisory(tb testing.TB, db *sqlstore.DB, source, id string) *ward.Advisory {
	tb.Helper()
	a, err := db.FindAdvisory(context.Background(), source, id)
	if err != nil {
		tb.Fatalf("FindAdvisory %s %s: %v", source, id, err)
	}
	return a
}

// fullMatchDiffs runs a full match and returns how it disagreed with the
// findings incremental matching left: visible lists differences in the
// per-device listing, counts describes a report that changed anything.
func fullMatchDiffs(tb testing.TB, a *app.App, db *sqlstore.DB) (visible []string, counts string) {
	tb.Helper()
	before := findingMap(mustFindings(tb, db, ward.FindingFilter{Statuses: allStatuses}))
	rep, err := a.MatchAll(context.Background())
	if err != nil {
		tb.Fatalf("MatchAll: %v", err)
	}
	after := findingMap(mustFindings(tb, db, ward.FindingFilter{Statuses: allStatuses}))
	for k, f := range after {
		b, ok := before[k]
		switch {
		case !ok:
			visible = append(visible, fmt.Sprintf("full match added %s (%s, %v): incremental matching missed it", k, f.Status, f.CVEs))
		case b.ComputedStatus != f.ComputedStatus || !slices.Equal(b.CVEs, f.CVEs) || !reflect.DeepEqual(b.Evidence, f.Evidence):
			visible = append(visible, fmt.Sprintf("full match changed %s: got %s %v (%s), incremental had %s %v (%s)",
				k, f.ComputedStatus, f.CVEs, f.Explanation, b.ComputedStatus, b.CVEs, b.Explanation))
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			visible = append(visible, fmt.Sprintf("full match removed %s (%s, %v): incremental matching left it stale", k, b.Status, b.CVEs))
		}
	}
	slices.Sort(visible)
	if c := rep.Changes; c.Added != 0 || c.Removed != 0 || c.Updated != 0 {
		counts = fmt.Sprintf("full match after incremental operations reported %d added, %d updated, %d removed; want 0, 0, 0",
			c.Added, c.Updated, c.Removed)
	}
	return visible, counts
}

// mustAgreeWithFullMatch requires a full match to change nothing:
// incremental matching must already have left the findings it computes.
func mustAgreeWithFullMatch(tb testing.TB, a *app.App, db *sqlstore.DB) {
	tb.Helper()
	visible, counts := fullMatchDiffs(tb, a, db)
	for _, v := range visible {
		tb.Error(v)
	}
	if counts != "" {
		tb.Error(counts)
	}
}

// emptiedGroup names the regression these checks guard against: when the
// last unit of a model and version moved to another version, its group's
// findings stayed, MatchAll then reported them removed, and a unit moving
// back was never re-matched.
const emptiedGroup = "a group emptied by a version change kept stale findings or was not re-matched"

// mustSBOMFile parses a real SBOM of testdata/sbom.
func mustSBOMFile(tb testing.TB, rel string) *ward.SBOM {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "sbom", rel))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := sbom.Parse(f, filepath.Base(rel))
	if err != nil {
		tb.Fatalf("parse SBOM %s: %v", rel, err)
	}
	return s
}
