package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recallKits are three kits of the REF FDA's real recall Z-0053-2020
// names: one from a recalled lot, one from another lot, one without a UDI.
const recallKits = `Asset Tag,Manufacturer,Model,Model Number,UDI,Facility,Department,Device Type
CVC-1,Arrow International,Pediatric CVC Kit,AK-25502,(01)00884838003880(10)13F18C0374,North Hospital,PICU,Catheter Kit
CVC-2,Teleflex,Pediatric CVC Kit,AK-25502,(01)00884838003880(10)99X0001,North Hospital,PICU,Catheter Kit
CVC-3,Teleflex,Pediatric CVC Kit,AK-25502,,South Hospital,ICU,Catheter Kit
`

// recallLine is one line of "ward recalls --format jsonl".
type recallLine struct {
	AssetTag     string `json:"asset_tag"`
	RecallNumber string `json:"recall_number"`
	Status       string `json:"status"`
	Confidence   string `json:"confidence"`
	Explanation  string `json:"explanation"`
}

func mustRecallLines(tb testing.TB, out string) map[string]recallLine {
	tb.Helper()
	got := map[string]recallLine{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var l recallLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			tb.Fatalf("line %q: %v", line, err)
		}
		if l.AssetTag == "" || l.RecallNumber == "" || l.Status == "" || l.Confidence == "" || l.Explanation == "" {
			tb.Errorf("line %q lacks a field of the output contract", line)
		}
		got[l.AssetTag] = l
	}
	return got
}

func TestRecallsCLI(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		mustRun(t, dsn, "import", "devices", mustWrite(t, filepath.Join(dir, "kits.csv"), recallKits))

		// The enforcement documentation's response holds one empty record:
		// refused by file and JSON path, and nothing imported.
		r := runDB(t, dsn, "import", "recalls", repoFile("openfda/device-enforcement-anatomy.json"),
			repoFile("openfda/device-recall-z-0053-2020.json"))
		mustExit(t, r, 1, "import with a refused record")
		mustContain(t, "refusal", r.stderr, "device-enforcement-anatomy.json: /results/0: no product_res_number or recall_number",
			"nothing imported")
		if out := mustRun(t, dsn, "recalls", "fda", "--format", "jsonl"); out != "" {
			t.Fatalf("after a refused import: got %q, want no recall", out)
		}

		out := mustRun(t, dsn, "import", "recalls", repoFile("openfda/device-recall-z-0053-2020.json"))
		mustContain(t, "import", out, "recalls: 1 read, 1 added, 0 updated, 0 unchanged",
			"matched 1 recall(s) against the inventory: 3 device match(es); 3 added")
		// The same file again, gzip-compressed: nothing changes.
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		b, _ := os.ReadFile(repoFile("openfda/device-recall-z-0053-2020.json"))
		zw.Write(b)
		zw.Close()
		out = mustRun(t, dsn, "import", "recalls", mustWrite(t, filepath.Join(dir, "recall.json.gz"), gz.String()))
		mustContain(t, "re-import", out, "1 read, 0 added, 0 updated, 1 unchanged")

		got := mustRecallLines(t, mustRun(t, dsn, "recalls", "--format", "jsonl"))
		if len(got) != 2 || got["CVC-1"].Confidence != "exact_serial_or_udi" || got["CVC-3"].Confidence != "model_number" ||
			got["CVC-1"].RecallNumber != "Z-0053-2020" || got["CVC-1"].Status != "open" {
			t.Fatalf("outstanding: got %+v, want CVC-1 (exact) and CVC-3 (model number) open", got)
		}
		mustContain(t, "CVC-1 explanation", got["CVC-1"].Explanation, `"Arrow International Inc" = manufacturer "Teleflex"`,
			`lot "13F18C0374" (from its UDI) is listed in the recall`)
		all := mustRecallLines(t, mustRun(t, dsn, "recalls", "--status", "all", "--format", "jsonl"))
		if all["CVC-2"].Status != "not_applicable" {
			t.Errorf("CVC-2: got %+v, want not_applicable", all["CVC-2"])
		}
		north := mustRecallLines(t, mustRun(t, dsn, "recalls", "--facility", "North Hospital", "--format", "jsonl"))
		if len(north) != 1 || north["CVC-1"].AssetTag == "" {
			t.Errorf("North Hospital: got %+v, want CVC-1 only", north)
		}

		r = runDB(t, dsn, "recalls", "update", "--device", "CVC-3", "--recall", "Z-0053-2020", "--status", "not_applicable")
		mustExit(t, r, 2, "update without a note")
		out = mustRun(t, dsn, "recalls", "update", "--device", "CVC-3", "--recall", "Z-0053-2020", "--status", "not_applicable",
			"--note", "Label checked: lot 13F18A0001")
		mustContain(t, "update", out, "CVC-3 Z-0053-2020: not_applicable (user)")

		out = mustRun(t, dsn, "recalls", "workorders", "--recall", "Z-0053-2020", "--due", "2030-01-31")
		mustContain(t, "work orders", out, "created 1 recall work order(s) for 1 open match(es)", "CVC-1")
		got = mustRecallLines(t, mustRun(t, dsn, "recalls", "--format", "jsonl"))
		if len(got) != 1 || got["CVC-1"].Status != "in_progress" {
			t.Fatalf("after the work order: got %+v, want CVC-1 in progress", got)
		}
		out = mustRun(t, dsn, "recalls", "show", "Z-0053-2020")
		mustContain(t, "show", out, "Recall Z-0053-2020", "manufacturer Teleflex", "0 open, 1 in progress, 0 completed, 2 not applicable")
		out = mustRun(t, dsn, "recalls", "--status", "all", "--format", "csv")
		mustContain(t, "csv", out, "asset_tag,recall_number,class,status,confidence", "CVC-3,Z-0053-2020,,not_applicable,model_number")
		out = mustRun(t, dsn, "recalls", "match")
		mustContain(t, "full re-match", out, "matched 1 recall(s)", "0 added, 0 updated, 0 removed")
		mustExit(t, runDB(t, dsn, "recalls", "--status", "pending"), 1, "bad status")
	})
}
