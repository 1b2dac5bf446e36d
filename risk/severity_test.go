package risk

import (
	"math"
	"strings"
	"testing"

	"ward"
)

const (
	v31Critical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" // 9.8
	v31ConfHigh = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" // 7.5
	v40Critical = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
)

func scored(source, version, vector string, base float64, primary bool) ward.SourcedScore {
	return ward.SourcedScore{AdvisorySource: source, Score: ward.Score{Version: version, Vector: vector, BaseScore: base, Primary: primary}}
}

// The base score of well-known vectors, as the specification's
// calculator gives it, must come out of the environmental formula with no
// environmental metric defined: the adjustment is computed from it.
func TestEnvironmentalWithoutMetricsIsBase(t *testing.T) {
	for _, tc := range []struct {
		vector string
		want   float64
	}{
		{v31Critical, 9.8},
		{v31ConfHigh, 7.5},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3},
		{"CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 4.6},
		{"CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8},
		{"CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2},
		{"CVSS:3.0/AV:L/AC:H/PR:L/UI:R/S:U/C:N/I:N/A:N", 0},
	} {
		v, ok := parseVector(tc.vector)
		if !ok {
			t.Fatalf("%s: not parsed", tc.vector)
		}
		if got := v.environmental(Env{}); got != tc.want {
			t.Errorf("%s: %.1f, want %.1f", tc.vector, got, tc.want)
		}
	}
}

func TestParseVector(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{v31Critical, true},
		{v40Critical, true},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", false}, // A missing
		{"AV:N/AC:L/Au:N/C:P/I:P/A:P", false},               // CVSS 2.0
		{"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H", false},
		{"CVSS:3.1/AV:NN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", false},
		{"", false},
	} {
		if _, ok := parseVector(tc.in); ok != tc.ok {
			t.Errorf("parseVector(%q) ok = %v, want %v", tc.in, ok, tc.ok)
		}
	}
}

// Score precedence: CVSS 3.x/4.0 before 2.0; then the vendor's (CSAF)
// score, then NVD's own, then the CNA's; then the newest version; then
// the higher score.
func TestSeverityPrecedence(t *testing.T) {
	csaf31 := scored(ward.SourceCSAF, "3.1", v31ConfHigh, 7.5, false)
	nvd31 := scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true)
	cna31 := scored(ward.SourceNVD, "3.1", v31Critical, 9.1, false)
	cve540 := scored(ward.SourceCVE5, "4.0", v40Critical, 9.3, false)
	csaf40 := scored(ward.SourceCSAF, "4.0", v40Critical, 9.3, false)
	csaf20 := scored(ward.SourceCSAF, "2.0", "AV:N/AC:L/Au:N/C:C/I:C/A:C", 10, false)
	nvd20 := scored(ward.SourceNVD, "2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, true)
	for _, tc := range []struct {
		name       string
		scores     []ward.SourcedScore
		base       float64
		source     string
		version    string
		wantAssume bool
	}{
		{"vendor beats NVD", []ward.SourcedScore{nvd31, csaf31}, 7.5, "vendor/CSAF", "3.1", false},
		{"NVD beats CNA", []ward.SourcedScore{cna31, nvd31}, 9.8, "NVD", "3.1", false},
		{"CNA from a CVE record", []ward.SourcedScore{cve540}, 9.3, "CNA", "4.0", false},
		{"source beats version", []ward.SourcedScore{cve540, nvd31}, 9.8, "NVD", "3.1", false},
		{"newest version of one source", []ward.SourcedScore{csaf31, csaf40}, 9.3, "vendor/CSAF", "4.0", false},
		{"3.x beats a vendor 2.0", []ward.SourcedScore{csaf20, cna31}, 9.1, "CNA", "3.1", false},
		{"2.0 when nothing else", []ward.SourcedScore{nvd20}, 7.5, "NVD", "2.0", false},
		{"higher of equals", []ward.SourcedScore{scored(ward.SourceCSAF, "3.1", v31ConfHigh, 7.5, false), csaf31, scored(ward.SourceCSAF, "3.1", v31Critical, 9.8, false)}, 9.8, "vendor/CSAF", "3.1", false},
		{"out-of-range scores ignored", []ward.SourcedScore{scored(ward.SourceCSAF, "3.1", "", 11, false), scored(ward.SourceCSAF, "3.1", "", math.NaN(), false), nvd31}, 9.8, "NVD", "3.1", false},
		{"no score", nil, DefaultSeverity, "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := SeverityOf([]ward.CVEScores{{CVE: "CVE-2024-0001", Scores: tc.scores}}, Env{})
			if s.Base != tc.base || s.Score != tc.base || s.Source != tc.source || s.Chosen.Version != tc.version {
				t.Errorf("got base %.1f score %.1f from %q v%s, want %.1f from %q v%s", s.Base, s.Score, s.Source, s.Chosen.Version, tc.base, tc.source, tc.version)
			}
			if assumed := s.CVE == ""; assumed != tc.wantAssume {
				t.Errorf("assumed = %v, want %v (%s)", assumed, tc.wantAssume, s.describe())
			}
		})
	}
}

func TestSeverityWorstCVE(t *testing.T) {
	s := SeverityOf([]ward.CVEScores{
		{CVE: "CVE-2024-0001", Scores: []ward.SourcedScore{scored(ward.SourceNVD, "3.1", v31ConfHigh, 7.5, true)}},
		{CVE: "CVE-2024-0002"}, // no score: does not count as the default
		{CVE: "CVE-2024-0003", Scores: []ward.SourcedScore{scored(ward.SourceCSAF, "3.1", v31Critical, 9.8, false)}},
	}, Env{})
	if s.CVE != "CVE-2024-0003" || s.Score != 9.8 {
		t.Errorf("worst = %s %.1f, want CVE-2024-0003 9.8", s.CVE, s.Score)
	}
	none := SeverityOf([]ward.CVEScores{{CVE: "CVE-2024-0002"}}, Env{})
	if none.Score != DefaultSeverity || !strings.Contains(none.describe(), "CVE-2024-0002") {
		t.Errorf("no score: %.1f %q", none.Score, none.describe())
	}
}

// The rubric answers move a score by the difference they make to the
// CVSS v3.1 environmental score of the chosen vector.
func TestSeverityEnvironmental(t *testing.T) {
	for _, tc := range []struct {
		name    string
		score   ward.SourcedScore
		answers ward.RubricAnswers
		want    float64
		env     string
	}{
		{"adjacent only", scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true), ward.RubricAnswers{"attack_reach": "adjacent"}, 8.8, "MAV:A"},
		{"physical only", scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true), ward.RubricAnswers{"attack_reach": "physical"}, 6.8, "MAV:P"},
		{"admin needed", scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true), ward.RubricAnswers{"privileges": "high"}, 7.2, "MPR:H"},
		{"no PHI", scored(ward.SourceNVD, "3.1", v31ConfHigh, 7.5, true), ward.RubricAnswers{"confidentiality_requirement": "low"}, 5.7, "CR:L"},
		{"much PHI", scored(ward.SourceNVD, "3.1", v31ConfHigh, 7.5, true), ward.RubricAnswers{"confidentiality_requirement": "high"}, 9.3, "CR:H"},
		{"integrity does not matter without integrity impact", scored(ward.SourceNVD, "3.1", v31ConfHigh, 7.5, true), ward.RubricAnswers{"integrity_requirement": "high"}, 7.5, "IR:H"},
		{"v4 mapped", scored(ward.SourceCSAF, "4.0", v40Critical, 9.3, false), ward.RubricAnswers{"attack_reach": "adjacent"}, 8.3, "MAV:A"},
		{"v4 vendor base differs from v3: delta applied to it", scored(ward.SourceCSAF, "4.0", v40Critical, 8.0, false), ward.RubricAnswers{"attack_reach": "physical"}, 5.0, "MAV:P"},
		{"2.0 not adjusted", scored(ward.SourceNVD, "2.0", "AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, true), ward.RubricAnswers{"attack_reach": "physical"}, 7.5, ""},
		{"not defined leaves it", scored(ward.SourceNVD, "3.1", v31Critical, 9.8, true), ward.RubricAnswers{"attack_reach": NotDefined}, 9.8, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := SeverityOf([]ward.CVEScores{{CVE: "CVE-2024-0001", Scores: []ward.SourcedScore{tc.score}}}, EnvFromAnswers(tc.answers))
			if s.Score != tc.want || s.Env != tc.env || s.Base != tc.score.BaseScore {
				t.Errorf("score %.1f env %q base %.1f, want %.1f env %q base %.1f (%s)", s.Score, s.Env, s.Base, tc.want, tc.env, tc.score.BaseScore, s.describe())
			}
		})
	}
}

// An environmental attack vector gives the base score of the vector with
// that attack vector, for every vector and value.
func TestModifiedAttackVectorMatchesBase(t *testing.T) {
	for _, base := range []string{v31Critical, v31ConfHigh, "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:H/A:N", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:L/A:H"} {
		for _, av := range []byte("NALP") {
			v, _ := parseVector(base)
			mod := base[:strings.Index(base, "AV:")+3] + string(av) + base[strings.Index(base, "AV:")+4:]
			w, ok := parseVector(mod)
			if !ok {
				t.Fatalf("%s: not parsed", mod)
			}
			if got, want := v.environmental(Env{MAV: av}), w.environmental(Env{}); got != want {
				t.Errorf("%s with MAV:%c = %.1f, base of %s = %.1f", base, av, got, mod, want)
			}
		}
	}
}
