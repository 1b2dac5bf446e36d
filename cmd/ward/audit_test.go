package main

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ward"
)

// TestAuditExport checks that catalog changes and imports made through the
// CLI reach the audit trail with their actor, and that "audit list
// --format csv" exports it in a form an auditor's spreadsheet reads.
func TestAuditExport(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "import", "devices", mustWrite(t, t.TempDir()+"/mfr.csv", manufacturerFile))
		mustRun(t, dsn, "manufacturers", "alias", "Philips", "Philips Medizinsysteme Boeblingen")
		mustRun(t, dsn, "manufacturers", "confirm", "acme biomedical")
		mustRun(t, dsn, "teams", "create", "Biomed", "--kind", "clinical_engineering")
		mustRun(t, dsn, "responsibility", "set", "--type", "Patient Monitor", "--team", "Biomed")
		mustRun(t, dsn, "import", "kev", repoFile("kev/known_exploited_vulnerabilities.json"))

		header, rows := mustCSV(t, mustRun(t, dsn, "audit", "list", "--format", "csv"))
		if want := []string{"seq", "at", "actor", "action", "entity", "entity_id", "before", "after", "prev_hash", "hash"}; !slices.Equal(header, want) {
			t.Fatalf("audit list --format csv header: got %v, want %v", header, want)
		}
		want := [][2]string{{"import:mfr.csv", "import.devices"}, {"cli:manufacturers", "manufacturer.alias"},
			{"cli:manufacturers", "manufacturer.confirm"}, {"cli:teams", "team.create"},
			{"cli:responsibility", "responsibility.set"}, {"cli:import", "import.kev"}, {"cli:audit", "audit.export"}}
		var got [][2]string
		byAction := map[string][]string{}
		for _, r := range rows {
			got = append(got, [2]string{r[2], r[3]})
			byAction[r[3]] = r
		}
		if !slices.Equal(got, want) {
			t.Errorf("audit list: got actor/action %v, want %v", got, want)
		}
		var after map[string]any
		if r := byAction["manufacturer.alias"]; r == nil || json.Unmarshal([]byte(r[7]), &after) != nil ||
			after["merged"] != "Philips Medizinsysteme Boeblingen" {
			t.Errorf("manufacturer.alias row: got %v, want the merge in its after column", r)
		}
		if r := byAction["import.devices"]; r == nil || !strings.Contains(r[7], `"created":3`) || r[6] != "" {
			t.Errorf("import.devices row: got %v, want 3 created in after and no before", r)
		}

		checkExportChain(t, rows)

		_, imports := mustCSV(t, mustRun(t, dsn, "audit", "list", "--action", "import.", "--format", "csv"))
		if len(imports) != 2 || imports[0][3] != "import.devices" || imports[1][3] != "import.kev" {
			t.Errorf("audit list --action import.: got %v, want the two imports", imports)
		}
		mustContain(t, "audit verify", mustRun(t, dsn, "audit", "verify"), "audit trail intact: 8 entries")
	})
}

// checkExportChain recomputes the hash chain from the exported rows alone,
// as an auditor holding only the file would.
func checkExportChain(t *testing.T, rows [][]string) {
	t.Helper()
	prev := ""
	for _, r := range rows {
		seq, _ := strconv.ParseInt(r[0], 10, 64)
		at, err := time.Parse(time.RFC3339Nano, r[1])
		if err != nil {
			t.Fatalf("row %s: time %q: %v", r[0], r[1], err)
		}
		e := ward.AuditEntry{Seq: seq, At: at, Actor: r[2], Action: r[3], Entity: r[4], EntityID: r[5],
			Before: json.RawMessage(r[6]), After: json.RawMessage(r[7]), PrevHash: r[8], Hash: r[9]}
		if e.PrevHash != prev || e.ChainHash() != e.Hash {
			t.Errorf("exported row %d does not verify: prev %q (want %q), hash %q (computed %q)", seq, e.PrevHash, prev,
				e.Hash, e.ChainHash())
		}
		prev = e.Hash
	}
}
