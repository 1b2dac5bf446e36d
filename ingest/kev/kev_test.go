package kev

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/ingest/jsonptr"
)

var catalogPath = filepath.Join("..", "..", "testdata", "kev", "known_exploited_vulnerabilities.json")

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestParseCatalog reads the real catalog of 2025-08-25 and checks counts
// and a few entries field by field.
func TestParseCatalog(t *testing.T) {
	entries, version, err := Parse(bytes.NewReader(mustReadFile(t, catalogPath)), "kev.json")
	if err != nil {
		t.Fatalf("got error %v, want nil", err)
	}
	if version != "2025.08.25" {
		t.Errorf("got catalog version %q, want 2025.08.25", version)
	}
	if got, want := len(entries), 1404; got != want {
		t.Fatalf("got %d entries, want %d", got, want)
	}
	known, noCWE := 0, 0
	byCVE := map[string]ward.KEV{}
	for _, e := range entries {
		if e.Ransomware == RansomwareKnown {
			known++
		}
		if len(e.CWEs) == 0 {
			noCWE++
		}
		byCVE[e.CVE] = e
	}
	if known != 293 || noCWE != 152 {
		t.Errorf("got %d known ransomware use and %d without CWEs, want 293 and 152", known, noCWE)
	}
	tests := []struct {
		cve, vendor, product, name string
		added, due                 ward.Date
		ransomware, cwes           string
	}{
		{"CVE-2025-48384", "Git", "Git", "Git Link Following Vulnerability",
			ward.Date{Year: 2025, Month: time.August, Day: 25}, ward.Date{Year: 2025, Month: time.September, Day: 15}, "Unknown", "CWE-59,CWE-436"},
		{"CVE-2021-44228", "Apache", "Log4j2", "Apache Log4j2 Remote Code Execution Vulnerability",
			ward.Date{Year: 2021, Month: time.December, Day: 10}, ward.Date{Year: 2021, Month: time.December, Day: 24}, "Known", "CWE-20,CWE-400,CWE-502"},
		{"CVE-2017-0144", "Microsoft", "SMBv1", "Microsoft SMBv1 Remote Code Execution Vulnerability",
			ward.Date{Year: 2022, Month: time.February, Day: 10}, ward.Date{Year: 2022, Month: time.August, Day: 10}, "Known", "CWE-20"},
		{"CVE-2020-29583", "Zyxel", "Multiple Products", "Zyxel Multiple Products Use of Hard-Coded Credentials Vulnerability",
			ward.Date{Year: 2021, Month: time.November, Day: 3}, ward.Date{Year: 2022, Month: time.May, Day: 3}, "Unknown", "CWE-522"},
	}
	for _, tc := range tests {
		e, ok := byCVE[tc.cve]
		if !ok {
			t.Errorf("%s: missing", tc.cve)
			continue
		}
		got := []string{e.VendorProject, e.Product, e.Name, e.DateAdded.String(), e.DueDate.String(), e.Ransomware, strings.Join(e.CWEs, ",")}
		want := []string{tc.vendor, tc.product, tc.name, tc.added.String(), tc.due.String(), tc.ransomware, tc.cwes}
		if strings.Join(got, " | ") != strings.Join(want, " | ") {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.cve, got, want)
		}
	}
	if e := byCVE["CVE-2021-44228"]; !strings.HasPrefix(e.RequiredAction, "For all affected software assets") || e.Notes != "https://nvd.nist.gov/vuln/detail/CVE-2021-44228" {
		t.Errorf("CVE-2021-44228: got required action %q and notes %q", jsonptr.Clip(e.RequiredAction), e.Notes)
	}
	if first, last := entries[0].CVE, entries[len(entries)-1].CVE; first != "CVE-2025-48384" || last != "CVE-2020-29583" {
		t.Errorf("got entries from %s to %s, want catalog order CVE-2025-48384 to CVE-2020-29583", first, last)
	}
}
