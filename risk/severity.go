package risk

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"ward"
)

// DefaultSeverity is the CVSS base score assumed for a finding none of
// whose CVEs has a published score (or that names no CVE): the middle of
// the scale, so such findings are neither buried nor raised.
const DefaultSeverity = 5.0

// Severity is the CVSS score a finding is scored on: the worst, after the
// environmental adjustment, of the chosen score of each of its CVEs.
type Severity struct {
	CVE    string // the CVE whose score was used ("" for the default)
	Source string // who published it: "vendor/CSAF", "NVD", "CNA"
	Chosen ward.SourcedScore
	Base   float64 // the published base score
	Score  float64 // after the environmental adjustment (= Base without one)
	Env    string  // the environmental metrics applied ("" for none)
	Note   string  // why no score or no adjustment
}

// sourceRank orders the publishers of a score: the vendor's own advisory
// (CSAF: the manufacturer's PSIRT or CISA's ICSMA written with it) first,
// then NVD's own analysis, then the CVE Numbering Authority's score (as
// NVD relays it, or from the CVE record).
func sourceRank(s *ward.SourcedScore) (int, string) {
	switch {
	case s.AdvisorySource == ward.SourceCSAF:
		return 0, "vendor/CSAF"
	case s.AdvisorySource == ward.SourceNVD && s.Primary:
		return 1, "NVD"
	default:
		return 2, "CNA"
	}
}

// versionRank orders CVSS versions, newest first; 2.0 (and anything not
// 3.x or 4.0) comes after every 3.x and 4.0 score of any source.
func versionRank(v string) int {
	switch {
	case v == "4.0":
		return 0
	case v == "3.1":
		return 1
	case strings.HasPrefix(v, "3."):
		return 2
	default:
		return 10
	}
}

// better reports whether a is preferred to b: CVSS 3.x/4.0 before 2.0,
// then by source, then newest version, then the higher score.
func better(a, b *ward.SourcedScore) bool {
	av, bv := versionRank(a.Version), versionRank(b.Version)
	if (av >= 10) != (bv >= 10) {
		return av < bv
	}
	ar, _ := sourceRank(a)
	br, _ := sourceRank(b)
	if ar != br {
		return ar < br
	}
	if av != bv {
		return av < bv
	}
	return a.BaseScore > b.BaseScore
}

// choose returns the preferred score of one CVE, or nil.
func choose(scores []ward.SourcedScore) *ward.SourcedScore {
	var best *ward.SourcedScore
	for i := range scores {
		s := &scores[i]
		if s.BaseScore < 0 || s.BaseScore > 10 || math.IsNaN(s.BaseScore) {
			continue
		}
		if best == nil || better(s, best) {
			best = s
		}
	}
	return best
}

// SeverityOf chooses the score of each CVE by precedence, adjusts it with
// the model's environmental metrics, and returns the worst. With env set,
// the adjustment is the difference the metrics make to the CVSS v3.1
// environmental score of the chosen vector (a 4.0 vector mapped onto v3.1
// metrics), added to the published base score and kept within 0–10; a
// 2.0 score is used as published.
func SeverityOf(cves []ward.CVEScores, env Env) Severity {
	worst := Severity{Base: DefaultSeverity, Score: DefaultSeverity, Note: "no CVSS score published"}
	found := false
	for i := range cves {
		best := choose(cves[i].Scores)
		if best == nil {
			continue
		}
		s := Severity{CVE: cves[i].CVE, Chosen: *best, Base: best.BaseScore, Score: best.BaseScore}
		_, s.Source = sourceRank(best)
		s.adjust(env)
		if !found || s.Score > worst.Score {
			worst, found = s, true
		}
	}
	if !found && len(cves) > 0 {
		worst.Note = fmt.Sprintf("no CVSS score published for %s", strings.Join(cveIDs(cves), ", "))
	}
	return worst
}

// adjust applies the environmental metrics to s.
func (s *Severity) adjust(env Env) {
	if env.IsZero() {
		return
	}
	v, ok := parseVector(s.Chosen.Vector)
	if !ok {
		s.Note = "environmental answers not applied: CVSS " + s.Chosen.Version + " vector"
		return
	}
	delta := v.environmental(env) - v.environmental(Env{})
	s.Score = math.Round(min(10, max(0, s.Base+delta))*10) / 10
	s.Env = env.String()
}

func cveIDs(cves []ward.CVEScores) []string {
	out := make([]string, 0, len(cves))
	for _, c := range cves {
		out = append(out, c.CVE)
	}
	return slices.Compact(out)
}

// describe renders the severity for a breakdown.
func (s *Severity) describe() string {
	if s.CVE == "" {
		return fmt.Sprintf("%.1f assumed: %s", s.Score, s.Note)
	}
	d := fmt.Sprintf("CVSS %s %.1f from %s for %s", s.Chosen.Version, s.Base, s.Source, s.CVE)
	if s.Env != "" {
		d += fmt.Sprintf("; %.1f with the model's rubric answers (%s)", s.Score, s.Env)
	} else if s.Note != "" {
		d += "; " + s.Note
	}
	return d
}
