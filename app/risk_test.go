package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/risk"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// The risk scenario: BD Alaris Infusion Central units against the real
// ICSMA-23-047-01 (1.1 to 1.3.2 affected; CVE-2022-47376, CVSS 3.1 7.3
// AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L from the CSAF document), differing
// only in what the device contributes.
const riskInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Status,IP Address,Connection,VLAN,Criticality,Stores PHI
R-01,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,10.0.0.1,wired,120,non clinical,no
R-02,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,North Hospital,Pharmacy,In Service,10.0.0.2,wireless,,life sustaining,yes
R-03,BD,Alaris Infusion Central,Infusion Data Server,1.2.0,South Hospital,ICU,In Service,,none,,non clinical,no
R-04,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service,10.0.0.4,wired,120,non clinical,no
`

var riskDay = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

type riskScenario struct {
	db    *sqlstore.DB
	app   *app.App
	ctx   context.Context
	clock *testClock
	model int64
}

func mustRiskScenario(t *testing.T, db *sqlstore.DB) *riskScenario {
	t.Helper()
	s := &riskScenario{db: db, app: &app.App{Store: db}, ctx: ward.WithActor(context.Background(), "test")}
	s.clock = mustClock(t, db, riskDay)
	rd, err := cmms.NewReader(strings.NewReader(riskInventory), "risk.csv", cmms.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	if _, _, err := s.app.ImportDevices(s.ctx, rd, ward.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	mustImportAdvisories(t, s.app, mustCSAFDoc(t, "icsma-23-047-01").mustParse(t, "icsma-23-047-01.json"))
	s.model = mustTag(t, db, "R-01").ModelID
	return s
}

// scores lists the scored open findings by asset tag.
func (s *riskScenario) scores(t *testing.T, rf ward.RiskFilter) map[string]ward.RiskFinding {
	t.Helper()
	out := map[string]ward.RiskFinding{}
	if err := s.app.EachRiskFinding(s.ctx, rf, true, func(f *ward.RiskFinding) error {
		out[f.AssetTag] = *f
		return nil
	}); err != nil {
		t.Fatalf("EachRiskFinding %+v: %v", rf, err)
	}
	return out
}

func TestRiskScoresFromTheStore(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		got := s.scores(t, ward.RiskFilter{})
		if len(got) != 3 || got["R-04"].FindingID != 0 {
			t.Fatalf("open findings on %v, want R-01, R-02, R-03", keys(got))
		}
		r1, r2, r3 := got["R-01"], got["R-02"], got["R-03"]
		for _, f := range []ward.RiskFinding{r1, r2, r3} {
			if !strings.Contains(factor(f, "cvss"), "CVSS 3.1 7.3 from vendor/CSAF for CVE-2022-47376") {
				t.Errorf("%s severity: %q", f.AssetTag, factor(f, "cvss"))
			}
			if f.Priority != priorityFor(f.RiskScore) || f.Due.IsZero() || f.Overdue || f.OwnerTeam != "" {
				t.Errorf("%s: score %d priority %s due %s overdue %v owner %q", f.AssetTag, f.RiskScore, f.Priority, f.Due, f.Overdue, f.OwnerTeam)
			}
			sumsTo(t, f)
		}
		if !(r2.RiskScore > r1.RiskScore && r1.RiskScore > r3.RiskScore) {
			t.Errorf("scores R-02 %d, R-01 %d, R-03 %d: want life-sustaining wireless > wired on a VLAN > not networked", r2.RiskScore, r1.RiskScore, r3.RiskScore)
		}
		if p, _ := db.FindRiskPolicy(s.ctx); r1.Due != ward.DateOf(r1.FirstSeen.AddDate(0, 0, p.Days(r1.Priority))) {
			t.Errorf("R-01 due %s, first seen %s, priority %s", r1.Due, r1.FirstSeen, r1.Priority)
		}
		for item, want := range map[string]string{"criticality": "life_sustaining", "phi": "stores PHI", "connection": "wireless", "vlan": "no VLAN"} {
			if !strings.Contains(factor(r2, item), want) {
				t.Errorf("R-02 %s: %q, want %q", item, factor(r2, item), want)
			}
		}
		if !strings.Contains(factor(r3, "connection"), "not networked") {
			t.Errorf("R-03 connection: %q", factor(r3, "connection"))
		}
	})
}

// NVD's own score of the CVE does not replace the vendor's.
func TestRiskPrefersTheVendorScore(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		before := s.scores(t, ward.RiskFilter{})["R-01"]
		nvd := &ward.Advisory{Source: ward.SourceNVD, TrackingID: "CVE-2022-47376", Title: "CVE-2022-47376", Revision: "2023-03-01T00:00:00Z",
			Products: []ward.Product{}, Vulnerabilities: []ward.Vulnerability{{CVE: "CVE-2022-47376", Statuses: []ward.ProductStatus{},
				Scores: []ward.Score{{Source: "nvd@nist.gov", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", BaseScore: 9.8, Primary: true}}}}}
		mustImportAdvisories(t, s.app, nvd)
		after := s.scores(t, ward.RiskFilter{})["R-01"]
		if after.RiskScore != before.RiskScore || !strings.Contains(factor(after, "cvss"), "from vendor/CSAF") {
			t.Errorf("with NVD's 9.8: %d %q, before %d", after.RiskScore, factor(after, "cvss"), before.RiskScore)
		}
	})
}

func TestRiskControlsAndRubric(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		base := s.scores(t, ward.RiskFilter{})
		yes, no := true, false
		if err := db.SetRiskControls(s.ctx, &ward.RiskControls{ModelID: s.model, Segmented: &yes, RemoteAccessRemoved: &yes}); err != nil {
			t.Fatal(err)
		}
		r1 := mustDevice(t, db, "R-01")
		if err := db.SetRiskControls(s.ctx, &ward.RiskControls{DeviceID: r1, Segmented: &no}); err != nil {
			t.Fatal(err)
		}
		got := s.scores(t, ward.RiskFilter{})
		for tag, delta := range map[string]int{"R-01": -6, "R-02": -14, "R-03": -6} { // segmenting a device off the network changes nothing
			if d := got[tag].RiskScore - base[tag].RiskScore; d != delta && base[tag].RiskScore+delta >= 0 {
				t.Errorf("%s: controls moved %d → %d (%+d), want %+d: %s", tag, base[tag].RiskScore, got[tag].RiskScore, d, delta, factor(got[tag], "segmented"))
			}
		}
		// A local attack becomes a physical one: 7.3 falls to 6.2, the
		// environmental score with MAV:P, taking 4.4 points off.
		if _, err := s.app.SetModelRubric(s.ctx, s.model, ward.RubricAnswers{"attack_reach": "physical", "privileges": risk.NotDefined}); err != nil {
			t.Fatal(err)
		}
		rub := s.scores(t, ward.RiskFilter{})["R-02"]
		if d := got["R-02"].RiskScore - rub.RiskScore; !strings.Contains(factor(rub, "cvss"), "; 6.2 with the model's rubric answers (MAV:P)") || d < 4 || d > 5 {
			t.Errorf("rubric: %d → %d, %q", got["R-02"].RiskScore, rub.RiskScore, factor(rub, "cvss"))
		}
		if _, err := s.app.SetModelRubric(s.ctx, s.model, ward.RubricAnswers{"attack_reach": "nowhere"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad answer: %v", err)
		}
		if _, err := s.app.SetModelRubric(s.ctx, 999999, ward.RubricAnswers{}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("unknown model: %v", err)
		}
	})
}

func TestRiskOwnerAndFilters(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		if got := s.scores(t, ward.RiskFilter{Unowned: true}); len(got) != 3 {
			t.Errorf("no rule: %d unowned, want 3", len(got))
		}
		sec := &ward.Team{Name: "IT Security", Kind: ward.TeamITSecurity}
		bio := &ward.Team{Name: "Clinical Engineering", Kind: ward.TeamClinicalEngineering}
		for _, tm := range []*ward.Team{sec, bio} {
			if err := db.CreateTeam(s.ctx, tm); err != nil {
				t.Fatal(err)
			}
		}
		// The owner rule does not make a team answer for mitigation.
		if _, err := db.SetResponsibility(s.ctx, "", ward.TaskOwner, bio.ID); err != nil {
			t.Fatal(err)
		}
		if got := s.scores(t, ward.RiskFilter{Unowned: true}); len(got) != 3 {
			t.Errorf("owner rule only: %d unowned, want 3", len(got))
		}
		if _, err := db.SetResponsibility(s.ctx, "", ward.TaskMitigation, bio.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetResponsibility(s.ctx, "Infusion Data Server", ward.TaskMitigation, sec.ID); err != nil {
			t.Fatal(err)
		}
		got := s.scores(t, ward.RiskFilter{TeamID: sec.ID})
		if len(got) != 3 || got["R-01"].OwnerTeam != "IT Security" {
			t.Errorf("team filter: %v", got)
		}
		if got := s.scores(t, ward.RiskFilter{Unowned: true}); len(got) != 0 {
			t.Errorf("unowned with rules: %v", keys(got))
		}
		all := s.scores(t, ward.RiskFilter{})
		prio := all["R-02"].Priority
		if got := s.scores(t, ward.RiskFilter{Priorities: []string{prio}}); got["R-02"].FindingID == 0 {
			t.Errorf("priority %s: %v", prio, keys(got))
		}
		if got := s.scores(t, ward.RiskFilter{DeviceID: mustDevice(t, db, "R-03")}); len(got) != 1 {
			t.Errorf("device filter: %v", keys(got))
		}
		if err := s.app.EachRiskFinding(s.ctx, ward.RiskFilter{Priorities: []string{"urgent"}}, false, nil); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad priority: %v", err)
		}
	})
}

func TestRiskDueAndOverdue(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRiskScenario(t, db)
		if got := s.scores(t, ward.RiskFilter{Overdue: true}); len(got) != 0 {
			t.Errorf("overdue on day one: %v", keys(got))
		}
		p := &ward.RiskPolicy{CriticalDays: 1, HighDays: 2, MediumDays: 3, LowDays: 4}
		if err := db.SetRiskPolicy(s.ctx, p); err != nil {
			t.Fatal(err)
		}
		s.clock.Advance(4 * 24 * time.Hour) // the low ones are due that day: not yet overdue
		got := s.scores(t, ward.RiskFilter{Overdue: true})
		for tag, f := range s.scores(t, ward.RiskFilter{}) {
			if _, over := got[tag]; over != (f.Priority != ward.PriorityLow) || f.Overdue != over {
				t.Errorf("%s (%s, due %s): overdue %v", tag, f.Priority, f.Due, over)
			}
		}
		// A risk acceptance sets the due date to its expiry.
		adv := mustAdvisory(t, db, ward.SourceCSAF, "ICSMA-23-047-01")
		expires := ward.DateOf(riskDay.AddDate(0, 6, 0))
		if err := db.SetTriage(s.ctx, &ward.Triage{ModelID: s.model, SoftwareVersion: "1.3.2", AdvisoryID: adv.ID,
			Status: ward.TriageRiskAccepted, Comment: "segmented; replacement budgeted", Expires: expires}); err != nil {
			t.Fatal(err)
		}
		after := s.scores(t, ward.RiskFilter{})
		if f := after["R-01"]; f.Due != expires || f.Overdue || !strings.Contains(strings.Join(f.Risk.Notes, " "), "risk accepted") {
			t.Errorf("accepted: due %s overdue %v notes %v", f.Due, f.Overdue, f.Risk.Notes)
		}
		if f := after["R-03"]; f.Due == expires {
			t.Errorf("R-03 (1.2.0, not accepted) due %s", f.Due)
		}
	})
}

func mustDevice(t *testing.T, db *sqlstore.DB, tag string) int64 { return mustTag(t, db, tag).ID }

func keys(m map[string]ward.RiskFinding) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// factor returns the value of the breakdown's factor item.
func factor(f ward.RiskFinding, item string) string {
	if f.Risk == nil {
		return ""
	}
	for _, x := range f.Risk.Factors {
		if x.Item == item {
			return x.Value
		}
	}
	return ""
}

// priorityFor returns the priority of a score, from the thresholds.
func priorityFor(score int) string {
	switch {
	case score >= 80:
		return ward.PriorityCritical
	case score >= 60:
		return ward.PriorityHigh
	case score >= 40:
		return ward.PriorityMedium
	}
	return ward.PriorityLow
}

func sumsTo(t *testing.T, f ward.RiskFinding) {
	t.Helper()
	var sum float64
	for _, x := range f.Risk.Factors {
		sum += x.Points
	}
	if d := sum - f.Risk.Raw; d > 0.3 || d < -0.3 {
		t.Errorf("%s: factors add up to %.1f, raw %.1f", f.AssetTag, sum, f.Risk.Raw)
	}
}
