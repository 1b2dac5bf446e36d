package cve5

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

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "cve5", name) }

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustParse(tb testing.TB, text, name string) *ward.Advisory {
	tb.Helper()
	a, err := Parse(strings.NewReader(text), name)
	if err != nil {
		tb.Fatalf("Parse(%s): got error %v, want nil", name, err)
	}
	return a
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep vers ranges such as "<=12.3" readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestGolden checks the full conversion of the three real records: a
// legacy MITRE record with n/a products, BD's range with a defaultStatus
// (and mojibake, kept as is), and CISA's CVSS 4.0 record for the Contec
// CMS8000.
func TestGolden(t *testing.T) {
	for _, name := range []string{"CVE-2021-33885", "CVE-2023-30563", "CVE-2025-0626"} {
		t.Run(name, func(t *testing.T) {
			a := mustParse(t, string(mustReadFile(t, fixture(name+".json"))), name+".json")
			got := mustJSON(t, a)
			golden := fixture(name + ".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := mustReadFile(t, golden); !bytes.Equal(got, want) {
				t.Errorf("output differs from %s; run go test ./ingest/cve5 -update and review the diff\ngot:\n%s", golden, got)
			}
		})
	}
}

// TestMojibakeKept checks that the record's text is not "repaired": the
// fixture has "â„¢" where upstream may have "™", and Ward stores what the
// source says.
func TestMojibakeKept(t *testing.T) {
	a := mustParse(t, string(mustReadFile(t, fixture("CVE-2023-30563.json"))), "x.json")
	if got, want := a.Products[0].Name, "BD Alaris\u00e2\u201e\u00a2 Systems Manager"; got != want {
		t.Errorf("got product name %q, want %q", got, want)
	}
}

// TestADPMetrics checks that scores, CWEs and references of ADP
// containers are added under the ADP's short name, after the CNA's, and
// that duplicate references and CWEs appear once.
func TestADPMetrics(t *testing.T) {
	rec := string(mustReadFile(t, fixture("CVE-2025-0626.json")))
	adp := `"adp": [{
		"providerMetadata": {"orgId": "134c704f-9b21-4f2e-91b3-4a467353bcc0", "shortName": "CISA-ADP", "dateUpdated": "2025-02-01T00:00:00.000Z"},
		"title": "CISA ADP Vulnrichment",
		"metrics": [
			{"other": {"type": "ssvc", "content": {"id": "CVE-2025-0626"}}},
			{"cvssV3_1": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"}}
		],
		"problemTypes": [{"descriptions": [
			{"type": "CWE", "cweId": "CWE-912", "lang": "en", "description": "CWE-912 Hidden Functionality"},
			{"type": "CWE", "lang": "en", "description": "CWE-506 Embedded Malicious Code"}
		]}],
		"references": [{"url": "https://www.cisa.gov/news-events/ics-medical-advisories/icsma-25-030-01", "tags": ["government-resource"]}]
	},`
	a := mustParse(t, strings.Replace(rec, `"adp": [`, adp, 1), "x.json")
	v := a.Vulnerabilities[0]
	var scores []string
	for _, s := range v.Scores {
		scores = append(scores, s.Source+" "+s.Version)
	}
	if got, want := strings.Join(scores, ", "), "icscert 4.0, icscert 3.1, CISA-ADP 3.1"; got != want {
		t.Errorf("got scores %s, want %s", got, want)
	}
	if got, want := strings.Join(v.CWEs, ","), "CWE-912,CWE-506"; got != want {
		t.Errorf("got CWEs %s, want %s", got, want)
	}
	if got, want := len(a.References), 4; got != want {
		t.Errorf("got %d references, want %d (the CISA URL once)", got, want)
	}
}
