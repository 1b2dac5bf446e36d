package csaf

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtureGlobs are the CSAF documents kept in testdata: real CISA medical
// advisories and a hand-written VEX document with relationships, groups
// and a CVSS v4 score, which no CISA advisory has.
var fixtureGlobs = []string{
	"../../testdata/csaf/cisa/*.json",
	"../../testdata/csaf/synthetic/*.json",
}

const goldenDir = "../../testdata/csaf/golden"

func fixtures(tb testing.TB) []string {
	tb.Helper()
	var files []string
	for _, g := range fixtureGlobs {
		m, err := filepath.Glob(g)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Fatal("no CSAF fixtures found")
	}
	return files
}

func mustParseFile(tb testing.TB, path string) *ward.Advisory {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	a, err := Parse(f, filepath.Base(path))
	if err != nil {
		tb.Fatalf("Parse: got %v, want nil", err)
	}
	return a
}

// TestGolden parses every fixture and compares the advisory with its
// golden JSON; go test -update rewrites the golden files.
func TestGolden(t *testing.T) {
	for _, path := range fixtures(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep "<= 4.1" readable
			enc.SetIndent("", "  ")
			if err := enc.Encode(mustParseFile(t, path)); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			golden := filepath.Join(goldenDir, name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := mustReadFile(t, golden)
			if !bytes.Equal(got, want) {
				t.Errorf("parse of %s differs from %s (go test -update to refresh):\ngot  %.2000s\nwant %.2000s", path, golden, got, want)
			}
		})
	}
}

// TestCISAAll parses every CISA medical advisory of the shared data set
// when it is present: all must import, whatever the lenient rules report.
func TestCISAAll(t *testing.T) {
	dir := "../../../shared/data/cisa-csaf/csaf_files/OT/white"
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	if len(files) == 0 {
		t.Skipf("no CISA CSAF files under %s; the shared data set is not here", dir)
	}
	tolerated := map[string][]string{}
	for _, path := range files {
		data := mustReadFile(t, path)
		a, err := Parse(bytes.NewReader(data), filepath.Base(path))
		if err != nil {
			t.Errorf("got %v, want nil", err)
			continue
		}
		if a.TrackingID == "" || len(a.Products) == 0 || len(a.Vulnerabilities) == 0 {
			t.Errorf("%s: got %d products and %d vulnerabilities for %q, want some", path, len(a.Products), len(a.Vulnerabilities), a.TrackingID)
		}
		for _, p := range Validate(data, filepath.Base(path)) {
			tolerated[p.Rule] = append(tolerated[p.Rule], p.String())
		}
	}
	t.Logf("parsed %d CISA advisories", len(files))
	for rule, ps := range tolerated {
		t.Logf("rule %s tolerated in %d places, e.g. %s", rule, len(ps), ps[0])
	}
	if len(files) != 153 {
		t.Logf("note: the data set of 2025-02-27 has 153 advisories, found %d", len(files))
	}
}

// BenchmarkParse parses every fixture kept in testdata.
func BenchmarkParse(b *testing.B) {
	files := fixtures(b)
	docs := make([][]byte, len(files))
	size := 0
	for i, f := range files {
		docs[i] = mustReadFile(b, f)
		size += len(docs[i])
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for i, d := range docs {
			if _, err := Parse(bytes.NewReader(d), files[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
