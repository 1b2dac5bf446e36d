package main

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// KEV and EPSS in "ward findings" and "ward advisories": the devset, the
// CISA advisories and the real KEV catalog of testdata, in which
// CVE-2019-0708 (ICSMA-20-049-01) and CVE-2020-1938 (ICSMA-21-187-01) are
// listed. The real EPSS excerpts score no devset CVE, so inventedEPSS
// makes scores up: they are not FIRST's.

// inventedEPSS scores devset CVEs. INVENTED values, not FIRST data.
const inventedEPSS = `cve,epss,percentile
CVE-2019-0708,0.94,0.999
CVE-2020-1938,0.5,0.97
CVE-2022-47376,0.00123,0.45
`

// kevPairs are the devset's open findings with a CVE in the real catalog,
// as "asset-tag advisory".
var kevPairs = []string{
	"DEV-102605 ICSMA-21-187-01", "DEV-104813 ICSMA-20-049-01", "DEV-107373 ICSMA-20-049-01", "DEV-112019 ICSMA-21-187-01",
	"DEV-119762 ICSMA-21-187-01", "DEV-128057 ICSMA-21-187-01", "DEV-138677 ICSMA-20-049-01", "DEV-141696 ICSMA-21-187-01",
	"DEV-169760 ICSMA-21-187-01", "DEV-175200 ICSMA-21-187-01", "DEV-175428 ICSMA-21-187-01", "DEV-184780 ICSMA-20-049-01",
}

// mustLoadIntel imports the devset inventory, the CISA advisories, the
// real KEV catalog and inventedEPSS through the CLI.
func mustLoadIntel(t *testing.T, dsn string) {
	t.Helper()
	mustRun(t, dsn, "import", "devices", repoFile(inventory))
	mustRun(t, dsn, "import", "csaf", repoFile("cisa-csaf"))
	mustContain(t, "import kev", mustRun(t, dsn, "import", "kev", repoFile("kev/known_exploited_vulnerabilities.json")),
		"KEV catalog 2025.08.25")
	mustRun(t, dsn, "import", "epss", mustWrite(t, filepath.Join(t.TempDir(), "epss_scores-2025-08-25.csv"), inventedEPSS))
}

// csvRows returns the rows of CSV text as maps by column name.
func csvRows(t *testing.T, s string) ([]string, []map[string]string) {
	t.Helper()
	header, rows := mustCSV(t, s)
	out := make([]map[string]string, len(rows))
	for i, r := range rows {
		out[i] = map[string]string{}
		for j, c := range header {
			out[i][c] = r[j]
		}
	}
	return header, out
}

func TestFindingsKEV(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)

		header, rows := csvRows(t, mustRun(t, dsn, "findings", "--kev", "--format", "csv"))
		if want := []string{"asset_tag", "advisory_id", "status", "confidence", "cves", "kev", "epss", "explanation"}; !slices.Equal(header, want) {
			t.Fatalf("findings --format csv: got columns %v, want %v", header, want)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r["asset_tag"]+" "+r["advisory_id"])
			if r["kev"] != "true" {
				t.Errorf("findings --kev: %s %s has kev %q, want true", r["asset_tag"], r["advisory_id"], r["kev"])
			}
			if r["advisory_id"] == "ICSMA-20-049-01" && r["epss"] != "0.94" || r["advisory_id"] == "ICSMA-21-187-01" && r["epss"] != "0.5" {
				t.Errorf("findings --kev: %s %s has epss %q", r["asset_tag"], r["advisory_id"], r["epss"])
			}
		}
		sort.Strings(got)
		if !slices.Equal(got, kevPairs) {
			t.Errorf("findings --kev: got %v, want %v", got, kevPairs)
		}

		_, all := csvRows(t, mustRun(t, dsn, "findings", "--format", "csv"))
		if len(all) <= len(kevPairs) {
			t.Fatalf("findings: got %d rows, want more than the %d KEV ones", len(all), len(kevPairs))
		}
		for _, r := range all {
			switch r["advisory_id"] {
			case "ICSMA-21-187-01", "ICSMA-20-049-01":
				continue
			case "ICSMA-23-047-01": // CVE-2022-47376
				if r["kev"] != "false" || r["epss"] != "0.00123" {
					t.Errorf("findings: %s %s: got kev %q epss %q, want false and 0.00123", r["asset_tag"], r["advisory_id"], r["kev"], r["epss"])
				}
				continue
			}
			if r["kev"] != "false" || r["epss"] != "" {
				t.Errorf("findings: %s %s: got kev %q epss %q, want false and none", r["asset_tag"], r["advisory_id"], r["kev"], r["epss"])
			}
		}

		one := mustJSONL(t, mustRun(t, dsn, "findings", "--kev", "--device", "DEV-104813", "--format", "jsonl"))
		if len(one) != 1 || one[0]["kev"] != true || one[0].str("kev_due_date") != "2022-05-03" || one[0]["epss"] != 0.94 || one[0]["epss_percentile"] != 0.999 {
			t.Errorf("findings --kev --device DEV-104813: got %v, want one with kev, due 2022-05-03, epss 0.94 (0.999)", one)
		}
		table := mustRun(t, dsn, "findings", "--kev", "--facility", "St. Aldhelm Regional Medical Center")
		first := strings.Fields(strings.SplitN(table, "\n", 2)[0])
		if want := []string{"ASSET_TAG", "ADVISORY_ID", "STATUS", "CONFIDENCE", "CVES", "KEV", "EPSS", "EXPLANATION"}; !slices.Equal(first, want) {
			t.Errorf("findings table header: got %v, want %v", first, want)
		}
		mustContain(t, "findings --kev --facility", table, "DEV-104813")
		if strings.Contains(table, "DEV-175200") {
			t.Errorf("findings --kev --facility St. Aldhelm: got DEV-175200 of Northgate:\n%s", table)
		}
		r := runDB(t, dsn, "findings", "--kev=maybe")
		mustExit(t, r, 2, "findings --kev=maybe")
	})
}

func TestAdvisoriesKEV(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)
		header, rows := csvRows(t, mustRun(t, dsn, "advisories", "--format", "csv"))
		if want := []string{"source", "id", "revision", "updated", "kev", "epss", "title"}; !slices.Equal(header, want) {
			t.Fatalf("advisories --format csv: got columns %v, want %v", header, want)
		}
		var kev []string
		for _, r := range rows {
			if r["kev"] == "true" {
				kev = append(kev, r["id"])
			}
			switch r["id"] {
			case "ICSMA-20-049-01":
				if r["epss"] != "0.94" {
					t.Errorf("advisories: %s has epss %q, want 0.94", r["id"], r["epss"])
				}
			case "ICSMA-23-047-01":
				if r["kev"] != "false" || r["epss"] != "0.00123" {
					t.Errorf("advisories: %s has kev %q epss %q, want false and 0.00123", r["id"], r["kev"], r["epss"])
				}
			}
		}
		sort.Strings(kev)
		want := []string{"ICSMA-17-215-01", "ICSMA-17-215-02", "ICSMA-18-058-02", "ICSMA-20-049-01", "ICSMA-20-170-01", "ICSMA-21-187-01"}
		if !slices.Equal(kev, want) {
			t.Errorf("advisories with kev true: got %v, want %v", kev, want)
		}
		js := mustJSONL(t, mustRun(t, dsn, "advisories", "--cve", "CVE-2020-1938", "--format", "jsonl"))
		if len(js) != 1 || js[0]["kev"] != true || js[0].str("kev_due_date") != "2022-03-17" || js[0]["epss"] != 0.5 {
			t.Errorf("advisories --cve CVE-2020-1938: got %v, want ICSMA-21-187-01 with kev, due 2022-03-17, epss 0.5", js)
		}
	})
}
