package nvd

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "nvd", name) }

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// mustReadAll reads every advisory of b and returns them with the count of
// rejected records.
func mustReadAll(tb testing.TB, b []byte, name string) ([]*ward.Advisory, int) {
	tb.Helper()
	got, rejected, err := readAll(b, name)
	if err != nil {
		tb.Fatalf("%s: got error %v, want nil", name, err)
	}
	return got, rejected
}

func readAll(b []byte, name string) ([]*ward.Advisory, int, error) {
	r, err := NewReader(bytes.NewReader(b), name)
	if err != nil {
		return nil, 0, err
	}
	var out []*ward.Advisory
	for {
		a, err := r.Next()
		if err == io.EOF {
			return out, r.Rejected(), nil
		}
		if err != nil {
			return out, r.Rejected(), err
		}
		out = append(out, a)
	}
}

// checkGolden compares got with the golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := mustReadFile(t, golden); !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; run go test ./ingest/nvd -update and review the diff\ngot:\n%s", golden, got)
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep vers ranges such as "<1.2" readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestGoldenRecords checks the full conversion of single records: a bare
// record from a feed mirror, a wrapped one, and a one-record API response.
func TestGoldenRecords(t *testing.T) {
	tests := []struct{ file, golden string }{
		{"CVE-2021-33885.json", "CVE-2021-33885.golden.json"},
		{"cve-2022-44006.json.gz", "cve-2022-44006.golden.json"},
		{"cves-CVE-2023-0001.json.gz", "cves-CVE-2023-0001.golden.json"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, _ := mustReadAll(t, mustReadFile(t, fixture(tc.file)), tc.file)
			if len(got) != 1 {
				t.Fatalf("got %d advisories, want 1", len(got))
			}
			checkGolden(t, fixture(tc.golden), mustJSON(t, got))
		})
	}
}

// TestGoldenPages checks two real 200-record API pages through a digest,
// one line per advisory, that a reviewer can read in a diff.
func TestGoldenPages(t *testing.T) {
	tests := []struct {
		file, golden       string
		advisories, reject int
	}{
		{"cves-1999.json.gz", "cves-1999.golden.txt", 197, 3},
		{"cves-2023.json.gz", "cves-2023.golden.txt", 199, 1},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, rejected := mustReadAll(t, mustReadFile(t, fixture(tc.file)), tc.file)
			if len(got) != tc.advisories || rejected != tc.reject {
				t.Errorf("got %d advisories and %d rejected, want %d and %d", len(got), rejected, tc.advisories, tc.reject)
			}
			var b bytes.Buffer
			for _, a := range got {
				b.WriteString(digest(a) + "\n")
			}
			checkGolden(t, fixture(tc.golden), b.Bytes())
		})
	}
}

// digest summarizes an advisory on one line.
func digest(a *ward.Advisory) string {
	v := a.Vulnerabilities[0]
	var scores, products []string
	for _, s := range v.Scores {
		p := ""
		if s.Primary {
			p = "*"
		}
		scores = append(scores, fmt.Sprintf("%s%s %s %g %s", p, s.Source, s.Version, s.BaseScore, s.Severity))
	}
	for _, p := range a.Products {
		products = append(products, p.Vendor+":"+p.Name+" "+p.Version)
	}
	matches, platforms := 0, 0
	for _, c := range v.Configurations {
		for _, n := range c.Nodes {
			for _, m := range n.Matches {
				matches++
				if !m.Vulnerable {
					platforms++
				}
			}
		}
	}
	return fmt.Sprintf("%s rev %s | cwe %s | %s | %d configs, %d matches, %d platforms | %s | %d refs",
		a.TrackingID, a.Revision, strings.Join(v.CWEs, ","), strings.Join(scores, "; "),
		len(v.Configurations), matches, platforms, strings.Join(products, ", "), len(a.References))
}

// TestShapes checks that the accepted shapes of the same record, plain or
// gzip-compressed, give the same advisory.
func TestShapes(t *testing.T) {
	bare := bytes.TrimSpace(mustReadFile(t, fixture("CVE-2021-33885.json")))
	want, _ := mustReadAll(t, bare, "bare")
	wrapped := `{"cve":` + string(bare) + `}`
	shapes := map[string]string{
		"api response":      `{"resultsPerPage":1,"vulnerabilities":[` + wrapped + `],"format":"NVD_CVE"}`,
		"wrapped":           wrapped,
		"array of wrapped":  "[" + wrapped + "]",
		"array of bare":     " [\n" + string(bare) + "]\n",
		"key after records": `{"vulnerabilities":[` + wrapped + `],"timestamp":"x","extra":{"a":[1,2]}}`,
	}
	for name, text := range shapes {
		for _, gz := range []bool{false, true} {
			in := []byte(text)
			if gz {
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				zw.Write(in)
				zw.Close()
				in = buf.Bytes()
			}
			got, _ := mustReadAll(t, in, name)
			if g, w := mustJSON(t, got), mustJSON(t, want); !bytes.Equal(g, w) {
				t.Errorf("%s (gzip %v): got\n%s\nwant\n%s", name, gz, g, w)
			}
		}
	}
}

func TestEmptyResponse(t *testing.T) {
	for _, in := range []string{`{"totalResults":0,"vulnerabilities":[]}`, `[]`} {
		got, rejected := mustReadAll(t, []byte(in), "empty")
		if len(got) != 0 || rejected != 0 {
			t.Errorf("%s: got %d advisories, %d rejected, want 0, 0", in, len(got), rejected)
		}
	}
}

// TestRejectedSingle checks that a single rejected record gives no
// advisory and is counted.
func TestRejectedSingle(t *testing.T) {
	got, rejected := mustReadAll(t, []byte(`{"cve":{"id":"CVE-1999-0001","vulnStatus":"Rejected"}}`), "r.json")
	if len(got) != 0 || rejected != 1 {
		t.Errorf("got %d advisories, %d rejected, want 0, 1", len(got), rejected)
	}
}

func TestVersionExpr(t *testing.T) {
	tests := []struct {
		cpeVersion string
		m          cpeMatch
		want       string
	}{
		{"*", cpeMatch{}, "vers:all/*"},
		{"-", cpeMatch{}, "vers:all/*"},
		{"5.9.63", cpeMatch{}, "5.9.63"},
		{`1.0\:beta`, cpeMatch{}, "1.0:beta"},
		{"*", cpeMatch{VersionEndExcluding: "012u000062"}, "vers:generic/<012u000062"},
		{"*", cpeMatch{VersionStartIncluding: "7.0.0", VersionEndExcluding: "7.6.19"}, "vers:generic/>=7.0.0|<7.6.19"},
		{"*", cpeMatch{VersionStartExcluding: "1.0", VersionEndIncluding: "2.0"}, "vers:generic/>1.0|<=2.0"},
		{"*", cpeMatch{VersionEndIncluding: "1.0 build|2%"}, "vers:generic/<=1.0%20build%7C2%25"},
		// Bounds win over a CPE version; NVD writes "*" with bounds, but
		// a range is the narrower reading if both ever appear.
		{"3.0", cpeMatch{VersionEndExcluding: "3.1"}, "vers:generic/<3.1"},
	}
	for _, tc := range tests {
		if got := versionExpr(tc.cpeVersion, &tc.m); got != tc.want {
			t.Errorf("versionExpr(%q, %+v): got %q, want %q", tc.cpeVersion, tc.m, got, tc.want)
		}
	}
}

func TestSplitCPE(t *testing.T) {
	tests := []struct {
		in                    string
		ok                    bool
		vendor, name, version string
	}{
		{"cpe:2.3:o:bbraun:spacecom2:*:*:*:*:*:*:*:*", true, "bbraun", "spacecom2", "*"},
		{`cpe:2.3:a:at\&t:net\:x:1.0\:b:*:*:*:*:*:*:*`, true, `at\&t`, `net\:x`, `1.0\:b`},
		{"cpe:2.3:h:ge:mac_5500:-:*:*:*:*:*:*:*", true, "ge", "mac_5500", "-"},
		{"cpe:2.3:o:bbraun:spacecom2:*:*:*:*:*:*:*", false, "", "", ""},     // 12 fields
		{"cpe:2.3:o:bbraun:spacecom2:*:*:*:*:*:*:*:*:*", false, "", "", ""}, // 14 fields
		{"cpe:2.3:x:bbraun:spacecom2:*:*:*:*:*:*:*:*", false, "", "", ""},   // part
		{"cpe:2.3:o::spacecom2:*:*:*:*:*:*:*:*", false, "", "", ""},         // no vendor
		{"cpe:/o:bbraun:spacecom2", false, "", "", ""},                      // CPE 2.2 URI
		{`cpe:2.3:o:a:b:*:*:*:*:*:*:*:\`, true, "a", "b", "*"},
	}
	for _, tc := range tests {
		f, ok := splitCPE(tc.in)
		if ok != tc.ok || ok && (f[3] != tc.vendor || f[4] != tc.name || f[5] != tc.version) {
			t.Errorf("splitCPE(%q): got %v %q %q %q, want %v %q %q %q", tc.in, ok, f[3], f[4], f[5], tc.ok, tc.vendor, tc.name, tc.version)
		}
	}
	if got, want := unescape(`at\&t`), "at&t"; got != want {
		t.Errorf("unescape: got %q, want %q", got, want)
	}
}
