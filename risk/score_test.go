package risk

import (
	"math"
	"testing"
	"time"

	"ward"
)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// finding returns an open finding with one CVE scored 9.8 by NVD, on an
// unnetworked non-clinical device of a model of unknown function: a
// baseline each case changes one thing of.
func finding(change func(f *ward.Finding, in *ward.RiskInput)) *ward.Finding {
	in := &ward.RiskInput{
		Scores: []ward.CVEScores{{CVE: "CVE-2024-0001", Scores: []ward.SourcedScore{scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true)}}},
		Model:  &ward.RiskModel{ModelID: 1},
		Device: ward.RiskDevice{Criticality: ward.CriticalityNonClinical, Connection: ward.ConnectionNone},
	}
	f := &ward.Finding{ID: 1, DeviceID: 1, Status: ward.FindingAffected, Confidence: ward.ConfidenceExact, CVEs: []string{"CVE-2024-0001"}, RiskInput: in}
	if change != nil {
		change(f, in)
	}
	return f
}

// baseline is the raw score of finding(nil): 9.8 × 4, an unknown
// function (+2), not networked (−10).
const baseline = 39.2 + 2 - 10

func TestScoreFactors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *ward.Finding, in *ward.RiskInput)
		delta  float64
		item   string
	}{
		{"baseline", nil, 0, "cvss"},
		{"KEV", func(f *ward.Finding, _ *ward.RiskInput) { f.KEV = true }, 20, "kev"},
		{"KEV and ransomware", func(f *ward.Finding, _ *ward.RiskInput) { f.KEV, f.KEVRansomware = true, true }, 25, "ransomware"},
		{"EPSS 0.6", func(f *ward.Finding, _ *ward.RiskInput) { f.EPSS = 0.6 }, 10, "epss"},
		{"EPSS 0.5 is the top tier", func(f *ward.Finding, _ *ward.RiskInput) { f.EPSS = 0.5 }, 10, "epss"},
		{"EPSS 0.2", func(f *ward.Finding, _ *ward.RiskInput) { f.EPSS = 0.2 }, 6, "epss"},
		{"EPSS 0.05", func(f *ward.Finding, _ *ward.RiskInput) { f.EPSS = 0.05 }, 3, "epss"},
		{"EPSS 0.001 adds nothing", func(f *ward.Finding, _ *ward.RiskInput) { f.EPSS = 0.001 }, 0, "cvss"},
		{"name-only match", func(f *ward.Finding, _ *ward.RiskInput) { f.Confidence = ward.ConfidenceNameOnly }, -5, "match"},
		{"life-sustaining", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Criticality = ward.CriticalityLifeSustaining }, 12, "criticality"},
		{"patient-connected", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Criticality = ward.CriticalityPatientConnected }, 8, "criticality"},
		{"clinical", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Criticality = ward.CriticalityClinical }, 4, "criticality"},
		{"criticality unknown counts as clinical", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Criticality = "" }, 4, "criticality"},
		{"therapy", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceType = "Infusion Pump" }, 6 - 2, "function"},
		{"diagnosis or monitoring", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceType = "Patient Monitor" }, 4 - 2, "function"},
		{"support", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceType = "Hospital Bed" }, 1 - 2, "function"},
		{"function from the FDA device name", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.FDADevice = "Pump, Infusion" }, 6 - 2, "function"},
		{"no model", func(_ *ward.Finding, in *ward.RiskInput) { in.Model = nil }, 0, "function"},
		{"FDA class 3", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceClass = "3" }, 3, "fda_class"},
		{"FDA class 2", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceClass = "2" }, 1, "fda_class"},
		{"FDA class 1", func(_ *ward.Finding, in *ward.RiskInput) { in.Model.DeviceClass = "1" }, 0, "cvss"},
		{"stores PHI", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.StoresPHI = yes() }, 4, "phi"},
		{"no PHI", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.StoresPHI = no() }, 0, "cvss"},
		{"wireless, no VLAN", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Connection = ward.ConnectionWireless }, 10 + 7 + 2, "connection"},
		{"both, no VLAN", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Connection = ward.ConnectionBoth }, 10 + 7 + 2, "connection"},
		{"wired on a VLAN", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Device.Connection, in.Device.VLAN = ward.ConnectionWired, "120"
		}, 10 + 4, "vlan"},
		{"unknown connection with an IP", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Connection, in.Device.HasIP = "", true }, 10 + 4 + 2, "connection"},
		{"unknown connection", func(_ *ward.Finding, in *ward.RiskInput) { in.Device.Connection = "" }, 10 + 2 + 2, "connection"},
		{"internet-reachable (model)", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Device.Connection, in.Device.VLAN = ward.ConnectionWired, "1"
			in.Model.Controls = &ward.RiskControls{InternetExposed: yes()}
		}, 10 + 4 + 12, "internet"},
		{"segmented (device)", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Device.Connection, in.Device.VLAN = ward.ConnectionWired, "1"
			in.Device.Controls = &ward.RiskControls{Segmented: yes()}
		}, 10 + 4 - 8, "segmented"},
		{"segmented but not networked", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Device.Controls = &ward.RiskControls{Segmented: yes()}
		}, 0, "segmented"},
		{"services disabled and remote access removed (model)", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Model.Controls = &ward.RiskControls{ServicesDisabled: yes(), RemoteAccessRemoved: yes()}
		}, -12, "remote_access_removed"},
		{"device's false beats model's true", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Model.Controls = &ward.RiskControls{ServicesDisabled: yes(), RemoteAccessRemoved: yes()}
			in.Device.Controls = &ward.RiskControls{ServicesDisabled: no()}
		}, -6, "remote_access_removed"},
		{"rubric: physical access only", func(_ *ward.Finding, in *ward.RiskInput) {
			in.Model.Rubric = ward.RubricAnswers{"attack_reach": "physical"}
		}, (6.8 - 9.8) * 4, "cvss"},
		{"under investigation scores as affected", func(f *ward.Finding, _ *ward.RiskInput) { f.Status = ward.FindingUnderInvestigation }, 0, "cvss"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := finding(tc.change)
			var s Scorer
			r := s.Score(f, true)
			b := r.Breakdown
			want := baseline + tc.delta
			if math.Abs(b.Raw-want) > 0.01 {
				t.Errorf("raw %.1f, want %.1f: %+v", b.Raw, want, b.Factors)
			}
			if r.Score != int(math.Round(min(100, max(0, want)))) || r.Priority != PriorityOf(r.Score) || b.Score != r.Score {
				t.Errorf("score %d (%s), breakdown %d", r.Score, r.Priority, b.Score)
			}
			checkSums(t, b)
			if !hasItem(b, tc.item) {
				t.Errorf("no %s factor in %+v", tc.item, b.Factors)
			}
			if plain := (&Scorer{}).Score(finding(tc.change), false); plain.Score != r.Score || plain.Breakdown != nil {
				t.Errorf("without explain: %d %v, with: %d", plain.Score, plain.Breakdown, r.Score)
			}
		})
	}
}

// checkSums checks that the points of the factors add up to the raw
// score, and the raw score clamps and rounds to the score.
func checkSums(t *testing.T, b *ward.RiskBreakdown) {
	t.Helper()
	var sum float64
	for _, f := range b.Factors {
		sum += f.Points
	}
	if math.Abs(sum-b.Raw) > 0.05*float64(len(b.Factors)) {
		t.Errorf("factors add up to %.2f, raw is %.1f", sum, b.Raw)
	}
	if b.Score != int(math.Round(min(100, max(0, b.Raw)))) {
		t.Errorf("raw %.1f gives score %d", b.Raw, b.Score)
	}
}

func hasItem(b *ward.RiskBreakdown, item string) bool {
	for _, f := range b.Factors {
		if f.Item == item {
			return true
		}
	}
	return false
}

func TestScoreClampsAndRanks(t *testing.T) {
	worst := finding(func(f *ward.Finding, in *ward.RiskInput) {
		f.KEV, f.KEVRansomware, f.EPSS = true, true, 0.9
		in.Model.DeviceType, in.Model.DeviceClass = "Infusion Pump", "3"
		in.Device.Criticality, in.Device.StoresPHI, in.Device.Connection = ward.CriticalityLifeSustaining, yes(), ward.ConnectionWireless
	})
	r := (&Scorer{}).Score(worst, true)
	if r.Score != 100 || r.Priority != ward.PriorityCritical || r.Breakdown.Raw <= 100 {
		t.Errorf("worst case: %d %s raw %.1f", r.Score, r.Priority, r.Breakdown.Raw)
	}
	checkSums(t, r.Breakdown)
	least := finding(func(f *ward.Finding, in *ward.RiskInput) {
		f.Confidence = ward.ConfidenceNameOnly
		in.Scores = []ward.CVEScores{{CVE: "CVE-2024-0001", Scores: []ward.SourcedScore{scored(ward.SourceNVD, "3.1", "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L", 1.6, true)}}}
		in.Device.Controls = &ward.RiskControls{ServicesDisabled: yes(), RemoteAccessRemoved: yes()}
	})
	r = (&Scorer{}).Score(least, true)
	if r.Score != 0 || r.Priority != ward.PriorityLow || r.Breakdown.Raw >= 0 {
		t.Errorf("least case: %d %s raw %.1f", r.Score, r.Priority, r.Breakdown.Raw)
	}
}

func TestScoreNotOpen(t *testing.T) {
	for _, st := range []string{ward.FindingFixed, ward.FindingNotAffected} {
		f := finding(func(f *ward.Finding, _ *ward.RiskInput) { f.Status, f.KEV = st, true })
		r := (&Scorer{}).Score(f, true)
		if r.Score != 0 || r.Priority != "" || len(r.Breakdown.Factors) != 1 || r.Breakdown.Factors[0].Factor != "status" {
			t.Errorf("%s: %+v %+v", st, r, r.Breakdown)
		}
	}
}

// A Scorer reuses the finding-and-model part for the next rows of the
// same finding: the scores must equal those of a fresh scorer.
func TestScorerReusesFindingPart(t *testing.T) {
	m1 := &ward.RiskModel{ModelID: 1, DeviceType: "Infusion Pump"}
	m2 := &ward.RiskModel{ModelID: 2, DeviceType: "Hospital Bed"}
	rows := []*ward.Finding{
		finding(func(f *ward.Finding, in *ward.RiskInput) { in.Model = m1 }),
		finding(func(f *ward.Finding, in *ward.RiskInput) {
			in.Model, in.Device.Criticality, in.Device.Connection = m1, ward.CriticalityLifeSustaining, ward.ConnectionWireless
		}),
		finding(func(f *ward.Finding, in *ward.RiskInput) { in.Model = m2 }),
		finding(func(f *ward.Finding, in *ward.RiskInput) { f.ID, f.KEV, in.Model = 2, true, m2 }),
	}
	var shared Scorer
	for i, f := range rows {
		got, want := shared.Score(f, false), (&Scorer{}).Score(f, false)
		if got != want {
			t.Errorf("row %d: shared %+v, fresh %+v", i, got, want)
		}
	}
}

func TestPriorityThresholds(t *testing.T) {
	for _, tc := range []struct {
		score int
		want  string
	}{{100, "critical"}, {80, "critical"}, {79, "high"}, {60, "high"}, {59, "medium"}, {40, "medium"}, {39, "low"}, {0, "low"}} {
		if got := PriorityOf(tc.score); got != tc.want {
			t.Errorf("PriorityOf(%d) = %s, want %s", tc.score, got, tc.want)
		}
	}
}

func TestDue(t *testing.T) {
	seen := time.Date(2025, 3, 10, 23, 30, 0, 0, time.FixedZone("EST", -5*3600)) // 2025-03-11 in UTC
	p := &ward.RiskPolicy{CriticalDays: 7, HighDays: 30, MediumDays: 90, LowDays: 365}
	accepted := &ward.RiskInput{TriageStatus: ward.TriageRiskAccepted, TriageExpires: ward.DateOf(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))}
	for _, tc := range []struct {
		prio string
		in   *ward.RiskInput
		want string
	}{
		{ward.PriorityCritical, nil, "2025-03-18"},
		{ward.PriorityHigh, &ward.RiskInput{}, "2025-04-10"},
		{ward.PriorityMedium, nil, "2025-06-09"},
		{ward.PriorityLow, nil, "2026-03-11"},
		{ward.PriorityCritical, accepted, "2026-01-01"},
		{ward.PriorityHigh, &ward.RiskInput{TriageStatus: ward.TriageRiskAccepted}, "2025-04-10"}, // no expiry: the SLA stands
		{"", nil, ""},
	} {
		got := Due(seen, tc.prio, tc.in, p)
		if s := dateString(got); s != tc.want {
			t.Errorf("Due(%s) = %q, want %q", tc.prio, s, tc.want)
		}
	}
}

func dateString(d ward.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
