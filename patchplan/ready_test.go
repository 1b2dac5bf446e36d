package patchplan

import (
	"slices"
	"strings"
	"testing"

	"ward"
)

func TestApplies(t *testing.T) {
	tests := []struct {
		applies, installs, v string
		want                 bool
		why                  string
	}{
		{"<= 1.6", "1.6.1", "1.5", true, "within"},
		{"<= 1.6", "1.6.1", "1.6", true, "installs 1.6.1"},
		{"<= 1.6", "1.6.1", "1.6.1", false, "later build"},
		{"< R8.0.4", "R8.0.4", "R8.0.3", true, ""},
		{"Rev J-M", "N.00", "L.01.05", true, ""},
		{"Rev J-M", "N.00", "H.15.41", false, "not within"},
		{"1.0.2 | 1.1", "1.2.1", "1.1", true, ""},
		{"< 1.6.1", "1.6.1", "1.6", false, "less precise"},           // the version engine does not guess
		{"all versions", "4.20 SR2", "4.20 SR2", false, "not below"}, // already on it
		{"all versions", "4.20 SR2", "5.10", false, "not below"},     // newer than the patch
		{"all versions", "4.20 SR2", "4.20 SR1", true, ""},
		{"<= 2.0", "2.1", "", false, "no version recorded"},
		{"<= 2.0", "2.1", "N/A", false, "no version recorded"},
	}
	for _, tt := range tests {
		r := Compile(&ward.Patch{AppliesTo: tt.applies, InstallsVersion: tt.installs})
		got, why := r.Applies(tt.v)
		if got != tt.want || !strings.Contains(why, tt.why) {
			t.Errorf("%q installing %q on %q: got %v (%s), want %v (…%s…)", tt.applies, tt.installs, tt.v, got, why, tt.want, tt.why)
		}
	}
}

func TestFixes(t *testing.T) {
	r := Compile(&ward.Patch{Advisories: []string{"ICSMA-20-254-01"}, CVEs: []string{"CVE-2020-1"}})
	tests := []struct {
		advisory string
		cves     []string
		want     []string
		ok       bool
	}{
		{"icsma-20-254-01", []string{"CVE-2020-7", "CVE-2020-8"}, []string{"CVE-2020-7", "CVE-2020-8"}, true},
		{"ICSMA-99-999-99", []string{"CVE-2020-1", "CVE-2020-2"}, []string{"CVE-2020-1"}, true},
		{"ICSMA-99-999-99", []string{"CVE-2020-2"}, nil, false},
		{"CVE-2020-1", []string{"cve-2020-1"}, []string{"cve-2020-1"}, true}, // an NVD finding names its CVE
	}
	for _, tt := range tests {
		got, ok := r.Fixes(tt.advisory, tt.cves)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("Fixes(%q, %v): got %v %v, want %v %v", tt.advisory, tt.cves, got, ok, tt.want, tt.ok)
		}
	}
}

func TestChoose(t *testing.T) {
	older := &ward.Patch{ID: 1, AppliesTo: "< 2.0", InstallsVersion: "2.0", Advisories: []string{"A-1"}}
	newer := &ward.Patch{ID: 2, AppliesTo: "< 3.0", InstallsVersion: "3.0", Advisories: []string{"A-1", "A-2"}}
	sameAsNewer := &ward.Patch{ID: 3, AppliesTo: "< 3.0", InstallsVersion: "3.0", Advisories: []string{"A-1", "A-2"}}
	notForOld := &ward.Patch{ID: 4, AppliesTo: ">= 1.5 | < 3.0", InstallsVersion: "3.1", Advisories: []string{"A-1", "A-2", "A-3"}}
	rules := map[int64]*Rule{}
	for _, p := range []*ward.Patch{older, newer, sameAsNewer, notForOld} {
		rules[p.ID] = Compile(p)
	}
	f := func(id, patch int64, adv string) Finding {
		return Finding{ID: id, AdvisoryRef: adv, CVEs: []string{"CVE-" + adv}, PatchID: patch}
	}
	tests := []struct {
		name     string
		v        string
		findings []Finding
		want     int64
		ids      []int64
	}{
		{"the only one", "1.0", []Finding{f(10, 1, "A-1")}, 1, []int64{10}},
		{"more findings closed wins", "1.0", []Finding{f(10, 1, "A-1"), f(10, 2, "A-1"), f(11, 2, "A-2")}, 2, []int64{10, 11}},
		{"a higher version wins a tie", "1.0", []Finding{f(10, 1, "A-1"), f(10, 2, "A-1")}, 2, []int64{10}},
		{"the lower ID wins a full tie", "1.0", []Finding{f(11, 3, "A-2"), f(11, 2, "A-2")}, 2, []int64{11}},
		{"a patch that does not apply is skipped", "1.0", []Finding{f(10, 4, "A-1"), f(11, 4, "A-2"), f(10, 1, "A-1")}, 1, []int64{10}},
		{"none applies", "3.5", []Finding{f(10, 1, "A-1"), f(10, 2, "A-1")}, 0, nil},
		{"unknown patch", "1.0", []Finding{f(10, 99, "A-1")}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := Choose(tt.v, tt.findings, rules)
			var got int64
			if ok {
				got = o.Patch.ID
			}
			if got != tt.want || !slices.Equal(o.FindingIDs, tt.ids) {
				t.Errorf("got patch %d closing %v, want %d closing %v", got, o.FindingIDs, tt.want, tt.ids)
			}
		})
	}
}
