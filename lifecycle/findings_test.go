package lifecycle

import (
	"slices"
	"testing"

	"ward"
	"ward/patchplan"
)

func score(source string, primary bool, base float64) ward.SourcedScore {
	return ward.SourcedScore{AdvisorySource: source, Score: ward.Score{Version: "3.1", BaseScore: base, Primary: primary}}
}

func scores(cve string, s ...ward.SourcedScore) ward.CVEScores {
	return ward.CVEScores{CVE: cve, Scores: s}
}

func TestAssess(t *testing.T) {
	fixAdv := patchplan.Compile(&ward.Patch{ID: 1, AppliesTo: "< 2.0", InstallsVersion: "2.0", Advisories: []string{"ICSMA-1"}, InstallMinutes: 30})
	fixCVE := patchplan.Compile(&ward.Patch{ID: 2, AppliesTo: "< 2.0", InstallsVersion: "2.0", CVEs: []string{"CVE-1"}})
	fixOther := patchplan.Compile(&ward.Patch{ID: 3, AppliesTo: "< 2.0", InstallsVersion: "2.0", CVEs: []string{"CVE-2"}, InstallMinutes: 90})
	critical := scores("CVE-1", score(ward.SourceCSAF, false, 9.8))
	high := scores("CVE-2", score(ward.SourceCSAF, false, 7.5))
	tests := []struct {
		name       string
		version    string
		findings   []Finding
		rules      []*patchplan.Rule
		kev        bool
		patchable  int
		hours      float64
		unpatched  int
		critical   []string
		patchedRef []string
	}{
		{"advisory patch applies", "1.0", []Finding{{AdvisoryRef: "ICSMA-1", CVEs: []string{"CVE-1"}, Scores: []ward.CVEScores{critical}}},
			[]*patchplan.Rule{fixAdv}, true, 1, 0.5, 0, nil, []string{"ICSMA-1"}},
		{"patch does not apply to the version", "2.1", []Finding{{AdvisoryRef: "ICSMA-1", CVEs: []string{"CVE-1"}, Scores: []ward.CVEScores{critical}}},
			[]*patchplan.Rule{fixAdv}, true, 0, 0, 1, []string{"ICSMA-1 (CVSS 9.8)"}, nil},
		{"a CVE left unfixed decides", "1.0", []Finding{{AdvisoryRef: "ICSMA-2", CVEs: []string{"CVE-1", "CVE-2"},
			Scores: []ward.CVEScores{critical, high}}}, []*patchplan.Rule{fixCVE}, true, 0, 0, 1, nil, nil},
		{"two patches fix it together", "1.0", []Finding{{AdvisoryRef: "ICSMA-2", CVEs: []string{"CVE-1", "CVE-2"},
			Scores: []ward.CVEScores{critical, high}}}, []*patchplan.Rule{fixCVE, fixOther}, true, 1, 2.5, 0, nil, []string{"ICSMA-2"}},
		{"one patch counted once", "1.0", []Finding{{AdvisoryRef: "ICSMA-1", CVEs: []string{"CVE-1"}}, {AdvisoryRef: "ICSMA-1", CVEs: []string{"CVE-9"}}},
			[]*patchplan.Rule{fixAdv}, true, 2, 0.5, 0, nil, []string{"ICSMA-1", "ICSMA-1"}},
		{"vendor score beats NVD's", "1.0", []Finding{{AdvisoryRef: "CVE-3", CVEs: []string{"CVE-3"},
			Scores: []ward.CVEScores{scores("CVE-3", score(ward.SourceNVD, true, 9.8), score(ward.SourceCSAF, false, 8.0))}}},
			nil, true, 0, 0, 1, nil, nil},
		{"known exploited is critical", "1.0", []Finding{{AdvisoryRef: "CVE-2", CVEs: []string{"CVE-2"}, KEV: []string{"CVE-2"},
			Scores: []ward.CVEScores{high}}}, nil, true, 0, 0, 1, []string{"CVE-2 (CVSS 7.5, KEV)"}, nil},
		{"unless the policy says otherwise", "1.0", []Finding{{AdvisoryRef: "CVE-2", CVEs: []string{"CVE-2"}, KEV: []string{"CVE-2"},
			Scores: []ward.CVEScores{high}}}, nil, false, 0, 0, 1, nil, nil},
		{"no CVE and no patch", "1.0", []Finding{{AdvisoryRef: "ICSMA-9"}}, []*patchplan.Rule{fixCVE}, true, 0, 0, 1, nil, nil},
		{"no CVE, advisory patched", "1.0", []Finding{{AdvisoryRef: "ICSMA-1"}}, []*patchplan.Rule{fixAdv}, true, 1, 0.5, 0, nil, []string{"ICSMA-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ward.DefaultLifecyclePolicy
			p.KEVCritical = tt.kev
			got := Assess(tt.version, tt.findings, tt.rules, &p)
			if got.Open != len(tt.findings) || got.Patchable != tt.patchable || got.Unpatched != tt.unpatched || got.PatchHours != tt.hours {
				t.Errorf("got open %d, patchable %d (%v h), unpatched %d; want %d, %d (%v h), %d", got.Open, got.Patchable,
					got.PatchHours, got.Unpatched, len(tt.findings), tt.patchable, tt.hours, tt.unpatched)
			}
			if got.UnpatchableCritical != len(tt.critical) || !slices.Equal(got.CriticalRefs, tt.critical) {
				t.Errorf("got critical %d %v, want %v", got.UnpatchableCritical, got.CriticalRefs, tt.critical)
			}
			if !slices.Equal(got.PatchableRefs, tt.patchedRef) {
				t.Errorf("got patchable %v, want %v", got.PatchableRefs, tt.patchedRef)
			}
		})
	}
}
