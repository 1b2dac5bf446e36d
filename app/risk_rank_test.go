package app_test

import (
	"encoding/json"
	"slices"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// Ranking, pages and explanations over the risk scenario (risk_test.go).

func TestRiskRankingAndPages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		var ranked []ward.RiskFinding
		if err := s.app.EachRiskFindingRanked(s.ctx, ward.RiskFilter{}, func(obj []byte) error {
			var f ward.RiskFinding
			err := json.Unmarshal(obj, &f)
			ranked = append(ranked, f)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(ranked) != 3 || !slices.IsSortedFunc(ranked, func(a, b ward.RiskFinding) int { return b.RiskScore - a.RiskScore }) {
			t.Fatalf("ranked: %v", ranked)
		}
		var paged []string
		cursor := ""
		for range 5 {
			page, err := s.app.FindRiskFindings(s.ctx, ward.RiskFilter{Limit: 1, After: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range page.Items {
				paged = append(paged, f.AssetTag)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if want := []string{ranked[0].AssetTag, ranked[1].AssetTag, ranked[2].AssetTag}; !slices.Equal(paged, want) {
			t.Errorf("pages %v, ranked %v", paged, want)
		}
		if _, err := s.app.FindRiskFindings(s.ctx, ward.RiskFilter{After: "bm90IGEgY3Vyc29y"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad cursor: %v", err)
		}

		devs, err := s.app.DeviceRisks(s.ctx, ward.RiskFilter{})
		if err != nil || len(devs) != 3 || devs[0].AssetTag != ranked[0].AssetTag || devs[0].OpenFindings != 1 || devs[0].WorstAdvisory != "ICSMA-23-047-01" {
			t.Fatalf("devices: %+v, %v", devs, err)
		}
		page, err := s.app.FindDeviceRisks(s.ctx, ward.RiskFilter{Limit: 2})
		if err != nil || len(page.Items) != 2 || page.NextCursor == "" {
			t.Fatalf("device page: %+v %v", page, err)
		}
		next, err := s.app.FindDeviceRisks(s.ctx, ward.RiskFilter{Limit: 2, After: page.NextCursor})
		if err != nil || len(next.Items) != 1 || next.Items[0].DeviceID != devs[2].DeviceID || next.NextCursor != "" {
			t.Errorf("second device page: %+v %v", next, err)
		}

		dr, err := s.app.ExplainDevice(s.ctx, mustDevice(t, db, "R-04"))
		if err != nil || dr.OpenFindings != 0 || dr.RiskScore != 0 || dr.Risk != nil {
			t.Errorf("R-04 (1.4.0): %+v %v", dr, err)
		}
		dr, err = s.app.ExplainDevice(s.ctx, ranked[0].DeviceID)
		if err != nil || dr.RiskScore != ranked[0].RiskScore || dr.Risk == nil || len(dr.Findings) != 1 {
			t.Errorf("explain %s: %+v %v", ranked[0].AssetTag, dr, err)
		}
		f, err := s.app.ExplainFinding(s.ctx, ranked[0].FindingID, ranked[0].DeviceID)
		if err != nil || f.Risk == nil || f.RiskScore != ranked[0].RiskScore {
			t.Errorf("explain finding: %+v %v", f, err)
		}
		if _, err := s.app.ExplainFinding(s.ctx, ranked[0].FindingID, mustDevice(t, db, "R-04")); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("finding on another device: %v", err)
		}
		// Findings listed through the app carry their score; fixed ones none.
		if err := s.app.EachFinding(s.ctx, ward.FindingFilter{Statuses: ward.FindingStatuses}, func(f *ward.Finding) error {
			if ward.OpenStatus(f.Status) != (f.Priority != "") || f.Risk != nil {
				t.Errorf("%s %s: score %d priority %q", f.AssetTag, f.Status, f.RiskScore, f.Priority)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
}
