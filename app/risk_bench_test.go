package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/sqlstore/sqltest"
)

// BenchmarkRiskScoring compares reading every open finding (read) with
// reading and scoring them (score) and with reading, scoring and ranking
// them as "ward risk --all --format jsonl" does (ranked), over 40,000
// affected devices of two models with real advisories. The figure
// is score (or ranked) ≤ 2 × read.
func BenchmarkRiskScoring(b *testing.B) {
	const n = 40000
	db := sqltest.OpenSQLite(b)
	a := &app.App{Store: db}
	ctx := context.Background()
	var sb strings.Builder
	sb.WriteString("Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Status,IP Address,Connection,VLAN,Criticality,Stores PHI\n")
	conns := []string{"wired", "wireless", "both", "none", ""}
	crit := []string{"life sustaining", "patient connected", "clinical", "non clinical", ""}
	for i := range n {
		model, typ, version := "Alaris Infusion Central", "Infusion Data Server", []string{"1.1.0", "1.2.0", "1.3.2"}[i%3]
		mfr := "BD"
		if i%2 == 1 {
			mfr, model, typ, version = "SPACELABS MEDICAL", "XHIBIT TELEMETRY RECEIVER", "Telemetry Receiver", "1.0.2"
		}
		vlan := ""
		if i%4 != 0 {
			vlan = fmt.Sprint(100 + i%40)
		}
		fmt.Fprintf(&sb, "B-%06d,%s,%s,%s,%s,Facility %d,Dept %d,In Service,10.%d.%d.%d,%s,%s,%s,%v\n", i, mfr, model, typ, version,
			i%5, i%40, i>>16&255, i>>8&255, i&255, conns[i%5], vlan, crit[i%5], i%3 == 0)
	}
	rd, err := cmms.NewReader(strings.NewReader(sb.String()), "bench.csv", cmms.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := a.ImportDevices(ctx, rd, ward.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	rd.Close()
	mustImportAdvisories(b, a, mustCSAFDoc(b, "icsma-23-047-01").mustParse(b, "icsma-23-047-01.json"),
		mustCSAFDoc(b, "icsma-20-049-01").mustParse(b, "icsma-20-049-01.json"))
	count := func(rows int) {
		if rows < n {
			b.Fatalf("%d rows, want at least %d", rows, n)
		}
	}
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			rows := 0
			if err := db.EachFinding(ctx, ward.FindingFilter{Brief: true}, func(*ward.Finding) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
			count(rows)
		}
	})
	b.Run("score", func(b *testing.B) {
		for b.Loop() {
			rows := 0
			if err := a.EachRiskFinding(ctx, ward.RiskFilter{}, false, func(*ward.RiskFinding) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
			count(rows)
		}
	})
	b.Run("ranked", func(b *testing.B) {
		for b.Loop() {
			rows := 0
			if err := a.EachRiskFindingRanked(ctx, ward.RiskFilter{}, func([]byte) error { rows++; return nil }); err != nil {
				b.Fatal(err)
			}
			count(rows)
		}
	})
}
