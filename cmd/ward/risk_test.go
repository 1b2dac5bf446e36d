package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// "ward risk" and the risk fields of "ward findings" over the devset, the
// CISA advisories, the real KEV catalog and inventedEPSS (see intel_test).

func TestFindingsCarryRisk(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)
		rows := mustJSONL(t, mustRun(t, dsn, "findings", "--format", "jsonl"))
		if len(rows) == 0 {
			t.Fatal("no findings")
		}
		prios := map[string]bool{}
		for _, r := range rows {
			score, ok := r["risk_score"].(float64)
			if !ok || score < 0 || score > 100 || r.str("priority") == "" || len(r.str("due")) != 10 {
				t.Errorf("%s %s: risk_score %v priority %q due %q", r.str("asset_tag"), r.str("advisory_id"), r["risk_score"], r.str("priority"), r.str("due"))
			}
			if _, ok := r["owner_team"]; !ok || r.str("owner_team") != "" {
				t.Errorf("%s: owner_team %v with no responsibility rule", r.str("asset_tag"), r["owner_team"])
			}
			prios[r.str("priority")] = true
		}
		if len(prios) < 2 {
			t.Errorf("every finding has the same priority: %v", prios)
		}
		fixed := mustJSONL(t, mustRun(t, dsn, "findings", "--status", "fixed,not_affected", "--format", "jsonl"))
		for _, r := range fixed {
			if r["risk_score"] != 0.0 || r.str("priority") != "" || r.str("due") != "" {
				t.Errorf("closed finding %s %s: %v %q %q", r.str("asset_tag"), r.str("status"), r["risk_score"], r.str("priority"), r.str("due"))
			}
		}

		mustRun(t, dsn, "teams", "create", "IT Security", "--kind", "it_security")
		mustRun(t, dsn, "responsibility", "set", "--task", "security_mitigation", "--team", "IT Security")
		owned := mustJSONL(t, mustRun(t, dsn, "findings", "--kev", "--format", "jsonl"))
		if len(owned) == 0 || owned[0].str("owner_team") != "IT Security" {
			t.Errorf("with a rule for any type: %v", owned)
		}
	})
}

func TestRiskRanking(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)
		open := mustJSONL(t, mustRun(t, dsn, "findings", "--format", "jsonl"))
		all := mustJSONL(t, mustRun(t, dsn, "risk", "--all", "--format", "jsonl"))
		if len(all) != len(open) {
			t.Fatalf("risk --all: %d rows, findings: %d", len(all), len(open))
		}
		scores := make([]float64, len(all))
		for i, r := range all {
			scores[i] = r["risk_score"].(float64)
		}
		if !slices.IsSortedFunc(scores, func(a, b float64) int { return int(b - a) }) {
			t.Errorf("not ranked: %v", scores)
		}
		// Exploited CVEs rank first: the KEV findings are among the top.
		if top := all[0]; top["kev"] != true {
			t.Errorf("top finding %s %s is not in KEV", top.str("asset_tag"), top.str("advisory_id"))
		}
		page := mustJSONL(t, mustRun(t, dsn, "risk", "--limit", "3", "--format", "jsonl"))
		if len(page) != 3 || page[0].str("asset_tag") != all[0].str("asset_tag") || page[2]["risk_score"] != all[2]["risk_score"] {
			t.Errorf("--limit 3: %v", page)
		}
		table := mustRun(t, dsn, "risk", "--limit", "5")
		mustContain(t, "risk table", table, "RISK", "PRIORITY", "DUE", "OWNER_TEAM", "(unowned)")

		devs := mustJSONL(t, mustRun(t, dsn, "risk", "--devices", "--all", "--format", "jsonl"))
		seen := map[string]bool{}
		for _, d := range devs {
			if seen[d.str("asset_tag")] {
				t.Errorf("device %s listed twice", d.str("asset_tag"))
			}
			seen[d.str("asset_tag")] = true
		}
		if len(devs) == 0 || len(devs) > len(all) || devs[0]["risk_score"] != all[0]["risk_score"] {
			t.Errorf("devices: %d, top %v, top finding %v", len(devs), devs[0]["risk_score"], all[0]["risk_score"])
		}
		if over := mustRun(t, dsn, "risk", "--overdue", "--format", "jsonl"); over != "" {
			t.Errorf("overdue on the day of the match:\n%s", over)
		}
		crit := mustJSONL(t, mustRun(t, dsn, "risk", "--priority", "critical,high", "--all", "--format", "jsonl"))
		for _, r := range crit {
			if p := r.str("priority"); p != "critical" && p != "high" {
				t.Errorf("--priority critical,high: %s", p)
			}
		}
		mustExit(t, runDB(t, dsn, "risk", "--priority", "urgent"), 1, "risk --priority urgent")
		mustExit(t, runDB(t, dsn, "risk", "--team", "X", "--unowned"), 2, "risk --team --unowned")
		mustExit(t, runDB(t, dsn, "risk", "--explain"), 2, "risk --explain without --device")
	})
}

func TestRiskExplainCLI(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)
		out := mustRun(t, dsn, "risk", "--explain", "--device", "DEV-104813")
		mustContain(t, "explain device", out, "DEV-104813: risk", "scores as its worst open finding", "FACTOR", "severity", "exploitation",
			"kev", "epss", "clinical_impact", "exposure", "total")
		var f struct {
			RiskScore int `json:"risk_score"`
			Risk      struct {
				Score   int
				Raw     float64
				Factors []struct {
					Factor, Item string
					Points       float64
				}
			}
		}
		if err := json.Unmarshal([]byte(mustRun(t, dsn, "risk", "--explain", "--device", "DEV-104813", "--advisory", "ICSMA-20-049-01", "--format", "json")), &f); err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, x := range f.Risk.Factors {
			sum += x.Points
		}
		if f.Risk.Score != f.RiskScore || len(f.Risk.Factors) < 5 || sum-f.Risk.Raw > 0.3 || f.Risk.Raw-sum > 0.3 {
			t.Errorf("explain json: %+v (factors add up to %.1f)", f, sum)
		}
		mustContain(t, "explain by CVE", mustRun(t, dsn, "risk", "--explain", "--device", "DEV-104813", "--advisory", "CVE-2019-0708"), "CVE-2019-0708")
		r := runDB(t, dsn, "risk", "--explain", "--device", "DEV-104813", "--advisory", "ICSMA-99-999-99")
		mustExit(t, r, 1, "explain an advisory not on the device")
	})
}

func TestRiskSettingsCLI(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustLoadIntel(t, dsn)
		score := func() float64 {
			rows := mustJSONL(t, mustRun(t, dsn, "risk", "--device", "DEV-104813", "--format", "jsonl"))
			if len(rows) != 1 {
				t.Fatalf("DEV-104813: %d findings", len(rows))
			}
			return rows[0]["risk_score"].(float64)
		}
		before := score()

		mustContain(t, "controls set", mustRun(t, dsn, "risk", "controls", "set", "--device", "DEV-104813", "--segmented", "--remote-access-removed=false", "--note", "VLAN 300"),
			"controls of DEV-104813: segmented=true, remote access removed=false")
		if after := score(); after != before-8 {
			t.Errorf("segmented: %v → %v, want −8", before, after)
		}
		mustContain(t, "controls set model", mustRun(t, dsn, "risk", "controls", "set", "--manufacturer", "Spacelabs", "--model", "XHIBIT TELEMETRY RECEIVER", "--services-disabled"),
			"services disabled=true")
		list := mustRun(t, dsn, "risk", "controls", "--format", "csv")
		mustContain(t, "controls list", list, "for,subject,segmented", "model,", "device,DEV-104813,true,,false,,VLAN 300")
		mustRun(t, dsn, "risk", "controls", "unset", "--device", "DEV-104813")
		if after := score(); after != before-6 {
			t.Errorf("model's services disabled only: %v → %v, want −6", before, after)
		}
		mustExit(t, runDB(t, dsn, "risk", "controls", "unset", "--device", "DEV-104813"), 1, "unset twice")
		mustExit(t, runDB(t, dsn, "risk", "controls", "set", "--segmented"), 1, "set with no subject")
		mustExit(t, runDB(t, dsn, "risk", "controls", "set", "--device", "DEV-104813", "--segmented=maybe"), 2, "bad bool")
		mustExit(t, runDB(t, dsn, "risk", "controls", "frob"), 2, "unknown action")

		mustContain(t, "questions", mustRun(t, dsn, "risk", "rubric", "questions"), "attack_reach", "MAV", "physical=P", "availability_requirement")
		mustContain(t, "rubric set", mustRun(t, dsn, "risk", "rubric", "set", "--manufacturer", "Spacelabs", "--model", "XHIBIT TELEMETRY RECEIVER",
			"attack_reach=adjacent", "availability_requirement=high"), "2 answer(s); environmental metrics MAV:A/AR:H")
		mustContain(t, "rubric show", mustRun(t, dsn, "risk", "rubric", "show", "--format", "csv"), "Telemetry Receiver,attack_reach,adjacent,cli:risk")
		mustContain(t, "explain rubric", mustRun(t, dsn, "risk", "--explain", "--device", "DEV-104813"), "with the model's rubric answers (MAV:A/AR:H)")
		r := runDB(t, dsn, "risk", "rubric", "set", "--manufacturer", "Spacelabs", "--model", "XHIBIT TELEMETRY RECEIVER", "attack_reach=orbit")
		mustExit(t, r, 1, "bad rubric answer")
		mustContain(t, "bad answer message", r.stderr, `answer "orbit" is not one of not_defined, network, adjacent, local, physical`)
		mustExit(t, runDB(t, dsn, "risk", "rubric", "set", "--manufacturer", "Spacelabs", "--model", "XHIBIT TELEMETRY RECEIVER", "attack_reach"), 2, "answer without =")

		mustContain(t, "policy", mustRun(t, dsn, "risk", "policy"), "critical", "15", "low", "180")
		mustContain(t, "policy set", mustRun(t, dsn, "risk", "policy", "set", "--critical", "7", "--high", "21"), "critical  7", "high      21", "medium    90")
		r = runDB(t, dsn, "risk", "policy", "set", "--medium", "10")
		mustExit(t, r, 1, "policy that shrinks")
		mustContain(t, "policy message", r.stderr, "medium (10 days) cannot be due sooner than high (21 days)")
		mustContain(t, "policy json", mustRun(t, dsn, "risk", "policy", "--format", "json"), `"critical_days": 7`, `"actor": "cli:risk"`)
		if audit := mustRun(t, dsn, "audit", "list", "--entity", "risk_policy", "--format", "csv"); !strings.Contains(audit, "risk.policy") {
			t.Errorf("audit trail of the policy:\n%s", audit)
		}
	})
}
