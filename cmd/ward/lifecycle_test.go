package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lifecycleInventory is a fleet dated from today: a unit bought two
// years ago (keep), one bought fifteen years ago (replace), one not seen
// for 300 days (reallocate), a retired one (dispose) and one at South.
func lifecycleInventory(now time.Time) string {
	d := func(years, days int) string { return now.AddDate(-years, 0, -days).Format("2006-01-02") }
	return "Asset Tag,Manufacturer,Model,Facility,Status,Acquisition Date,Acquisition Cost,Last Seen\n" +
		"C-1,Philips,IntelliVue MX450,North,In Service," + d(2, 0) + ",9000," + d(0, 1) + "\n" +
		"C-2,Philips,IntelliVue MX450,North,In Service," + d(15, 0) + ",9000," + d(0, 1) + "\n" +
		"C-3,Philips,IntelliVue MX450,North,In Service," + d(2, 0) + ",9000," + d(0, 300) + "\n" +
		"C-4,Philips,IntelliVue MX450,North,Retired," + d(12, 0) + ",9000,\n" +
		"C-5,Philips,IntelliVue MX450,South,In Service," + d(1, 0) + ",9000," + d(0, 2) + "\n"
}

// mustLifecycleLines runs a lifecycle listing as JSONL and returns the
// recommendation of each asset tag, checking the contract's fields.
func mustLifecycleLines(t *testing.T, dsn string, args ...string) map[string]string {
	t.Helper()
	out := mustRun(t, dsn, append([]string{"lifecycle", "--format", "jsonl"}, args...)...)
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var rec struct {
			AssetTag       string `json:"asset_tag"`
			Recommendation string `json:"recommendation"`
			Reasons        []struct {
				Code, Text string
			} `json:"reasons"`
			Facility string   `json:"facility"`
			AgeYears *float64 `json:"age_years"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if rec.AssetTag == "" || rec.Recommendation == "" || len(rec.Reasons) == 0 || rec.Reasons[0].Code == "" ||
			rec.Reasons[0].Text == "" || rec.Facility == "" || rec.AgeYears == nil {
			t.Errorf("line %q: want asset_tag, recommendation, reasons (code and text), facility and age_years", line)
		}
		got[rec.AssetTag] = rec.Recommendation
	}
	return got
}

func TestLifecycleCLI(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		now := time.Now().UTC()
		csv := mustWrite(t, filepath.Join(t.TempDir(), "inventory.csv"), lifecycleInventory(now))
		mustRun(t, dsn, "import", "devices", csv)
		out := mustRun(t, dsn, "lifecycle", "model", "--manufacturer", "Philips", "--model", "IntelliVue MX450", "--life", "10",
			"--end-of-support", "2099-12-31", "--replacement-cost", "12,000.00")
		mustContain(t, "lifecycle model", out, "expected life 10 years", "end of support 2099-12-31", "replacement cost 12000.00")

		want := map[string]string{"C-1": "keep", "C-2": "replace", "C-3": "reallocate", "C-4": "dispose", "C-5": "keep"}
		got := mustLifecycleLines(t, dsn)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got %v, want %v", got, want)
		}
		if got := mustLifecycleLines(t, dsn, "--facility", "North", "--recommendation", "replace,dispose"); fmt.Sprint(got) != "map[C-2:replace C-4:dispose]" {
			t.Errorf("North, replace or dispose: got %v", got)
		}
		if got := mustLifecycleLines(t, dsn, "--limit", "2"); len(got) != 2 {
			t.Errorf("--limit 2: got %d lines", len(got))
		}

		table := mustRun(t, dsn, "lifecycle", "--device", "C-2")
		mustContain(t, "lifecycle --device", table, "recommendation: REPLACE", "end_of_life", "replacement 12000.00 (model)")
		csvOut := mustRun(t, dsn, "lifecycle", "--format", "csv")
		mustContain(t, "lifecycle csv", csvOut, "asset_tag,recommendation,facility", "C-3,reallocate,North", "unused: in service but not seen for 300 days")
		mustContain(t, "lifecycle table", mustRun(t, dsn, "lifecycle"), "RECOMMENDATION", "C-4", "dispose")

		var plan struct {
			FromYear int `json:"from_year"`
			ToYear   int `json:"to_year"`
			Total    struct {
				Devices int `json:"devices"`
				DueCost any `json:"due_cost"`
			} `json:"total"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, dsn, "lifecycle", "capital", "--years", "3", "--format", "json")), &plan); err != nil {
			t.Fatal(err)
		}
		if plan.FromYear != now.Year() || plan.ToYear != now.Year()+2 || plan.Total.Devices != 5 || fmt.Sprint(plan.Total.DueCost) != "12000" {
			t.Errorf("capital plan: got %+v, want %d–%d, 5 devices, C-2's 12000.00 due", plan, now.Year(), now.Year()+2)
		}
		mustContain(t, "capital table", mustRun(t, dsn, "lifecycle", "capital"), "Capital plan "+strconv.Itoa(now.Year()),
			"YEAR", "North", "MITIGATION_COST")
		mustContain(t, "capital jsonl", mustRun(t, dsn, "lifecycle", "capital", "--view", "facilities", "--format", "jsonl"),
			`"facility":"North","devices":4,"recommendations":{"dispose":1,"keep":1,"reallocate":1,"replace":1}`)

		mustRun(t, dsn, "lifecycle", "policy", "set", "--unused-days", "400", "--labour-rate", "120.50")
		mustContain(t, "policy", mustRun(t, dsn, "lifecycle", "policy"), "unused_days", "400", "120.50")
		if got := mustLifecycleLines(t, dsn, "--facility", "North"); got["C-3"] != "keep" {
			t.Errorf("C-3 unseen 300 days, policy 400: got %s, want keep", got["C-3"])
		}

		for _, c := range []struct {
			args []string
			code int
			msg  string
		}{
			{[]string{"lifecycle", "--format", "xml"}, 2, "unknown format"},
			{[]string{"lifecycle", "--recommendation", "scrap"}, 1, `recommendation "scrap"`},
			{[]string{"lifecycle", "--facility", "Nowhere"}, 1, "Nowhere"},
			{[]string{"lifecycle", "--device", "C-2", "--format", "csv"}, 1, "table or json"},
			{[]string{"lifecycle", "policy", "set", "--unused-days", "abc"}, 1, "want a number"},
			{[]string{"lifecycle", "policy", "set", "--life-warn-pct", "300"}, 1, "life_warn_pct"},
			{[]string{"lifecycle", "capital", "--view", "pie"}, 2, "--view"},
			{[]string{"lifecycle", "model", "--manufacturer", "Philips", "--model", "IntelliVue MX450", "--parts", "plenty"}, 1, "parts"},
		} {
			r := runDB(t, dsn, c.args...)
			mustExit(t, r, c.code, strings.Join(c.args, " "))
			mustContain(t, strings.Join(c.args, " "), r.stderr, c.msg)
		}
	})
}
