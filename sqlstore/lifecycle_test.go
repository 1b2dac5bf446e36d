package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestLifecycleRecommendations(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustLifecycleScenario(t, db)
		all := mustLifecycle(t, db, ward.LifecycleFilter{})
		got := byTag(all)
		if len(all) != len(lcWant) {
			t.Errorf("got %d devices, want %d (the disposed L-05 left out)", len(all), len(lcWant))
		}
		for tag, want := range lcWant {
			if r := got[tag]; r.Recommendation != want {
				t.Errorf("%s: got %q, want %q; reasons %+v", tag, r.Recommendation, want, r.Reasons)
			}
		}
		var tags []string
		for _, r := range all {
			tags = append(tags, r.AssetTag)
		}
		if !slices.Equal(tags[:4], []string{"L-01", "L-02", "L-03", "L-04"}) || tags[len(tags)-1] != "L-09" {
			t.Errorf("got order %v, want North's units first by tag and the unit with no facility last", tags)
		}

		l7 := got["L-07"]
		if l7.RepairOrders != 2 || l7.RepairCost != 1100000 || l7.DowntimeHours != 30 || l7.ReplacementCost != 2000000 ||
			l7.ReplacementCostSource != "model" || l7.RepairToReplace == nil || *l7.RepairToReplace != 0.55 {
			t.Errorf("L-07: got %d repairs costing %v, %v h down, replacement %v (%s), ratio %v; want 2, 11000.00, 30, 20000.00 (model), 0.55",
				l7.RepairOrders, l7.RepairCost, l7.DowntimeHours, l7.ReplacementCost, l7.ReplacementCostSource, l7.RepairToReplace)
		}
		if l7.Reasons[0].Code != ward.ReasonRepairToReplace || l7.Facility != "South Hospital" || l7.Model != "Alaris Infusion Central" {
			t.Errorf("L-07: got first reason %q at %q, model %q", l7.Reasons[0].Code, l7.Facility, l7.Model)
		}
		if l8 := got["L-08"]; l8.OpenRecalls != 1 || l8.Reasons[0].Code != ward.ReasonOpenRecall {
			t.Errorf("L-08: got %d open recalls, first reason %q; want 1, open_recall", l8.OpenRecalls, l8.Reasons[0].Code)
		}
		if l6 := got["L-06"]; l6.OpenFindings != 1 || l6.UnpatchableCritical != 0 || l6.MitigationHours != 4 || l6.MitigationCost != 38000 {
			t.Errorf("L-06: got %d open, %d unpatchable critical, %v h, %v; want 1, 0 (CVSS 7.3), 4 h, 380.00",
				l6.OpenFindings, l6.UnpatchableCritical, l6.MitigationHours, l6.MitigationCost)
		}
		if l10, l11 := got["L-10"], got["L-11"]; l10.ReplacementCostSource != "acquisition" || l10.ReplacementCost != 900000 ||
			l11.ReplacementCost != 0 || l10.Reasons[0].Code != ward.ReasonEndOfSupport || l10.Parts != ward.PartsUnavailable {
			t.Errorf("L-10/11: got %+v / %+v", l10, l11)
		}
		if l3 := got["L-03"]; l3.DaysUnseen == nil || *l3.DaysUnseen != 273 {
			t.Errorf("L-03: got %v days unseen, want 273", l3.DaysUnseen)
		}

		north := mustLifecycle(t, db, ward.LifecycleFilter{FacilityIDs: []int64{s.north}})
		if len(north) != 4 {
			t.Errorf("North: got %d devices, want 4", len(north))
		}
		replace := mustLifecycle(t, db, ward.LifecycleFilter{Recommendations: []string{ward.LifecycleReplace}})
		var rtags []string
		for _, r := range replace {
			rtags = append(rtags, r.AssetTag)
		}
		slices.Sort(rtags)
		if !slices.Equal(rtags, []string{"L-02", "L-07", "L-10", "L-11"}) {
			t.Errorf("replace: got %v", rtags)
		}
	})
}

func TestLifecyclePaging(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLifecycleScenario(t, db)
		ctx := context.Background()
		all := mustLifecycle(t, db, ward.LifecycleFilter{})
		for _, f := range []ward.LifecycleFilter{{Limit: 2}, {Limit: 3, Recommendations: []string{ward.LifecycleReplace, ward.LifecycleKeep}},
			// Candidates narrowed in SQL: every one must still be found.
			{Limit: 1, Recommendations: []string{ward.LifecycleUpgrade, ward.LifecycleReallocate, ward.LifecycleDispose}},
			{Limit: 1, Recommendations: []string{ward.LifecycleUpgrade}}} {
			var want []ward.LifecycleRecommendation
			for _, r := range all {
				if f.Wants(r.Recommendation) {
					want = append(want, r)
				}
			}
			if streamed := mustLifecycle(t, db, f); len(streamed) != len(want) {
				t.Errorf("%+v streamed: got %d, want %d", f, len(streamed), len(want))
			}
			var got []ward.LifecycleRecommendation
			for pages := 0; ; pages++ {
				if pages > len(want) {
					t.Fatalf("%+v: more pages than devices", f)
				}
				page, err := db.FindLifecycle(ctx, f)
				if err != nil {
					t.Fatalf("FindLifecycle %+v: %v", f, err)
				}
				if len(page.Items) > f.Limit {
					t.Fatalf("got %d items, want at most %d", len(page.Items), f.Limit)
				}
				got = append(got, page.Items...)
				if page.NextCursor == "" {
					break
				}
				f.After = page.NextCursor
			}
			if len(got) != len(want) {
				t.Fatalf("%+v: got %d by pages, want %d", f, len(got), len(want))
			}
			for i := range got {
				if got[i].AssetTag != want[i].AssetTag || got[i].Recommendation != want[i].Recommendation {
					t.Errorf("%+v row %d: got %s %s, want %s %s", f, i, got[i].AssetTag, got[i].Recommendation, want[i].AssetTag, want[i].Recommendation)
				}
			}
		}
		for _, f := range []ward.LifecycleFilter{{After: "bogus"}, {Recommendations: []string{"scrap"}}} {
			if _, err := db.FindLifecycle(ctx, f); ward.ErrorCode(err) != ward.EINVALID {
				t.Errorf("%+v: got %v, want invalid", f, err)
			}
		}
		page, err := db.FindLifecycle(ctx, ward.LifecycleFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		// A cursor of the whole list names a facility the North-only list does not visit.
		if _, err := db.FindLifecycle(ctx, ward.LifecycleFilter{FacilityIDs: []int64{999}, After: page.NextCursor}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("cursor of another list: got %v, want invalid", err)
		}
	})
}

func TestDeviceLifecycle(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustLifecycleScenario(t, db)
		ctx := context.Background()
		r, err := db.FindDeviceLifecycle(ctx, s.ids["L-07"])
		if err != nil {
			t.Fatal(err)
		}
		if r.Recommendation != ward.LifecycleReplace || r.Details == nil || !slices.Equal(r.Details.RepairOrders, []string{"CM-1", "CM-2"}) {
			t.Errorf("L-07: got %s with details %+v, want replace with repairs CM-1, CM-2", r.Recommendation, r.Details)
		}
		r, err = db.FindDeviceLifecycle(ctx, s.ids["L-08"])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Details.Recalls, []string{"Z-9100-2025"}) {
			t.Errorf("L-08: got recalls %v, want Z-9100-2025", r.Details.Recalls)
		}
		l5 := mustDeviceByTag(t, db, "L-05")
		for _, id := range []int64{l5.ID, 999999} {
			if _, err := db.FindDeviceLifecycle(ctx, id); ward.ErrorCode(err) != ward.ENOTFOUND {
				t.Errorf("device %d: got %v, want not found", id, err)
			}
		}
	})
}

func TestLifecycleFindingsAndPolicy(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustLifecycleScenario(t, db)
		ctx := s.ctx
		p, err := db.FindLifecyclePolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.UnusedDays != ward.DefaultLifecyclePolicy.UnusedDays || p.Actor != "" {
			t.Fatalf("got %+v, want the defaults", p)
		}
		bad := *p
		bad.LifeWarnPct = 120
		if err := db.SetLifecyclePolicy(ctx, &bad); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("warn above replace: got %v, want invalid", err)
		}
		// CVE-2022-47376 (7.3) becomes critical; L-03 is no longer unused.
		p.CriticalCVSS, p.UnusedDays = 7.0, 365
		if err := db.SetLifecyclePolicy(ctx, p); err != nil {
			t.Fatal(err)
		}
		stored, err := db.FindLifecyclePolicy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stored.CriticalCVSS != 7.0 || stored.UnusedDays != 365 || stored.Actor != "test" || stored.At.IsZero() {
			t.Errorf("got %+v", stored)
		}
		audit, err := db.FindAudit(ctx, ward.AuditFilter{Action: "lifecycle.policy"})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit.Items) != 1 || !strings.Contains(string(audit.Items[0].Before), `"unused_days":180`) ||
			!strings.Contains(string(audit.Items[0].After), `"unused_days":365`) || audit.Items[0].Actor != "test" {
			t.Errorf("got audit %+v, want one entry from 180 to 365 days by test", audit.Items)
		}
		r, err := db.FindDeviceLifecycle(ctx, s.ids["L-06"])
		if err != nil {
			t.Fatal(err)
		}
		if r.Recommendation != ward.LifecycleUpgrade || r.UnpatchableCritical != 1 ||
			!slices.Equal(r.Details.UnpatchableCritical, []string{"ICSMA-23-047-01 (CVSS 7.3)"}) {
			t.Errorf("L-06: got %s, %d unpatchable %+v; want upgrade for ICSMA-23-047-01", r.Recommendation, r.UnpatchableCritical, r.Details)
		}
		if r := byTag(mustLifecycle(t, db, ward.LifecycleFilter{}))["L-03"]; r.Recommendation != ward.LifecycleKeep {
			t.Errorf("L-03 unseen 273 days, policy 365: got %s, want keep", r.Recommendation)
		}
		// A validated patch makes the finding patchable.
		mustCreatePatch(t, db, &ward.Patch{Manufacturer: "BD", Model: "Alaris Infusion Central", AppliesTo: ">= 1.1 | <= 1.3.2",
			InstallsVersion: "1.4.0", Advisories: []string{aicAdvisory}, Status: ward.PatchValidated, InstallMinutes: 45})
		r, err = db.FindDeviceLifecycle(ctx, s.ids["L-06"])
		if err != nil {
			t.Fatal(err)
		}
		if r.Recommendation != ward.LifecycleKeep || r.PatchableFindings != 1 || r.MitigationHours != 0.75 ||
			!slices.Equal(r.Details.Patchable, []string{aicAdvisory}) {
			t.Errorf("L-06 with a patch: got %s, %d patchable, %v h, %+v; want keep, 1, 0.75 h", r.Recommendation,
				r.PatchableFindings, r.MitigationHours, r.Details)
		}
	})
}

func TestCapitalPlan(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustLifecycleScenario(t, db)
		plan, err := db.FindCapitalPlan(context.Background(), ward.CapitalFilter{Years: 5})
		if err != nil {
			t.Fatal(err)
		}
		if plan.FromYear != 2026 || plan.ToYear != 2030 {
			t.Errorf("got %d–%d, want 2026–2030", plan.FromYear, plan.ToYear)
		}
		// Due now: L-02 (life), L-07 (repairs), L-10 and L-11 (support;
		// L-11 with no cost). Due 2030 by support: the other units in
		// service; L-04 is retired (disposed of, not replaced).
		rows := map[string]ward.CapitalRow{}
		for _, r := range plan.Rows {
			rows[fmt.Sprintf("%s/%d", r.Facility, r.Year)] = r
		}
		if r := rows["North Hospital/2026"]; r.Devices != 1 || r.Cost != 2000000 || r.Overdue != 1 {
			t.Errorf("North 2026: got %+v", r)
		}
		if r := rows["South Hospital/2026"]; r.Devices != 3 || r.Cost != 2000000+900000 || r.NoCost != 1 || r.Overdue != 2 {
			t.Errorf("South 2026: got %+v", r)
		}
		if y := plan.Years[0]; y.Devices != 4 || y.Cost != 4900000 {
			t.Errorf("2026: got %+v", y)
		}
		if plan.Total.Devices != 10 || plan.Total.Recommendations[ward.LifecycleDispose] != 1 ||
			plan.Total.DueDevices+plan.Total.LaterDevices+plan.Total.UnplannedDevices != 9 {
			t.Errorf("got total %+v", plan.Total)
		}
		if len(plan.Comparison) == 0 || plan.Comparison[0].AssetTag != "L-07" {
			t.Errorf("got comparison %+v, want L-07 (repairs) first", plan.Comparison)
		}
		north, err := db.FindCapitalPlan(context.Background(), ward.CapitalFilter{FacilityIDs: []int64{s.north}})
		if err != nil {
			t.Fatal(err)
		}
		if north.Total.Devices != 4 || len(north.Facilities) != 1 || north.ToYear != 2035 {
			t.Errorf("North with the policy's horizon: got %+v", north.Total)
		}
		if _, err := db.FindCapitalPlan(context.Background(), ward.CapitalFilter{Years: 99}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("99 years: got %v, want invalid", err)
		}
	})
}

// TestLifecycleUnusedBoundary checks that the SQL narrowing of unused
// devices agrees with the rule to the day: L-03 was last seen 273 days
// ago.
func TestLifecycleUnusedBoundary(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustLifecycleScenario(t, db)
		for days, want := range map[int]int{272: 1, 273: 1, 274: 0} {
			p := ward.DefaultLifecyclePolicy
			p.UnusedDays = days
			if err := db.SetLifecyclePolicy(s.ctx, &p); err != nil {
				t.Fatal(err)
			}
			got := mustLifecycle(t, db, ward.LifecycleFilter{Recommendations: []string{ward.LifecycleReallocate}})
			if len(got) != want || want == 1 && got[0].AssetTag != "L-03" {
				t.Errorf("unused after %d days: got %+v, want L-03 %d times", days, got, want)
			}
		}
	})
}
