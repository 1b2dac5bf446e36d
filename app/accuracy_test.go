package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/ingest/csaf"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// csafDir is an AdvisorySource over a directory of CSAF files.
type csafDir struct {
	files []string
	i     int
}

func newCSAFDir(t testing.TB, dir string) *csafDir {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no CSAF files in %s: %v", dir, err)
	}
	sort.Strings(files)
	return &csafDir{files: files}
}

func (d *csafDir) Next() (*ward.Advisory, error) {
	if d.i == len(d.files) {
		return nil, io.EOF
	}
	f, err := os.Open(d.files[d.i])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d.i++
	return csaf.Parse(f, filepath.Base(d.files[d.i-1]))
}

type expectedPair struct {
	AssetTag   string   `json:"asset_tag"`
	AdvisoryID string   `json:"advisory_id"`
	Status     string   `json:"status"`
	CVEs       []string `json:"cves"`
	Ambiguous  bool     `json:"ambiguous"`
	Rationale  string   `json:"rationale"`
}

// loadDevset imports the labeled inventory and all 153 CISA advisories.
func loadDevset(t *testing.T, db *sqlstore.DB) *app.App {
	t.Helper()
	ctx := context.Background()
	a := &app.App{Store: db}
	f, err := os.Open("../testdata/ward-devset/inventory.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := cmms.NewReader(f, "inventory.csv", cmms.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if _, _, err := a.ImportDevices(ctx, rd, ward.ImportOptions{}); err != nil {
		t.Fatalf("import devices: %v", err)
	}
	if _, _, err := a.ImportAdvisories(ctx, newCSAFDir(t, "../testdata/cisa-csaf")); err != nil {
		t.Fatalf("import advisories: %v", err)
	}
	return a
}

// TestDevsetAccuracy requires precision and recall 1.0 on the labeled
// development set (ambiguous pairs excluded from scoring).
func TestDevsetAccuracy(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		loadDevset(t, db)
		raw, err := os.ReadFile("../testdata/ward-devset/expected.json")
		if err != nil {
			t.Fatal(err)
		}
		var expected []expectedPair
		if err := json.Unmarshal(raw, &expected); err != nil {
			t.Fatal(err)
		}
		want := map[string]expectedPair{}
		ambiguous := map[string]bool{}
		for _, p := range expected {
			k := p.AssetTag + " " + p.AdvisoryID
			if p.Ambiguous {
				ambiguous[k] = true
				continue
			}
			want[k] = p
		}
		got := map[string]ward.Finding{}
		err = db.EachFinding(context.Background(), ward.FindingFilter{}, func(f *ward.Finding) error {
			got[f.AssetTag+" "+f.AdvisoryRef] = *f
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		tp, fp, fn := 0, 0, 0
		for k, f := range got {
			if ambiguous[k] {
				continue
			}
			w, ok := want[k]
			if !ok {
				fp++
				t.Errorf("false positive %s: %s (%s)", k, f.Status, f.Explanation)
				continue
			}
			tp++
			if f.Status != w.Status {
				t.Errorf("%s: status %s, want %s (%s)", k, f.Status, w.Status, f.Explanation)
			}
			if strings.Join(f.CVEs, ",") != strings.Join(w.CVEs, ",") {
				t.Errorf("%s: CVEs %v, want %v", k, f.CVEs, w.CVEs)
			}
		}
		for k, w := range want {
			if _, ok := got[k]; !ok {
				fn++
				t.Errorf("missed %s (%s): %s", k, w.Status, w.Rationale)
			}
		}
		precision := float64(tp) / float64(max(1, tp+fp))
		recall := float64(tp) / float64(max(1, tp+fn))
		t.Logf("devset: %d true positives, %d false positives, %d missed: precision %.3f, recall %.3f", tp, fp, fn, precision, recall)
		if precision != 1 || recall != 1 {
			t.Errorf("precision %.3f and recall %.3f, want 1.0 and 1.0", precision, recall)
		}
	})
}

var _ = fmt.Sprint
