package csaf

import (
	"math"
	"strings"
)

// The score formulas below follow the CVSS specifications of FIRST: v2.0
// (section 3.2), v3.0 and v3.1 (section 7 and appendix A). Test 6.1.9
// recomputes every score a document gives and compares.

// cvssScores are the three scores of one vector.
type cvssScores struct {
	base, temporal, environmental float64
}

// parseVector splits "CVSS:3.1/AV:N/AC:L/..." or "AV:N/AC:L/..." into its
// metrics; the prefix, if any, is dropped.
func parseVector(v string) map[string]string {
	m := map[string]string{}
	for part := range strings.SplitSeq(v, "/") {
		k, val, ok := strings.Cut(part, ":")
		if !ok || k == "CVSS" {
			continue
		}
		m[k] = val
	}
	return m
}

var v3Weights = map[string]map[string]float64{
	"AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
	"AC": {"L": 0.77, "H": 0.44},
	"UI": {"N": 0.85, "R": 0.62},
	"C":  {"H": 0.56, "L": 0.22, "N": 0},
	"E":  {"X": 1, "H": 1, "F": 0.97, "P": 0.94, "U": 0.91},
	"RL": {"X": 1, "U": 1, "W": 0.97, "T": 0.96, "O": 0.95},
	"RC": {"X": 1, "C": 1, "R": 0.96, "U": 0.92},
	"CR": {"X": 1, "H": 1.5, "M": 1, "L": 0.5},
}

// v3Weight returns the weight of metric k (I and A share C's table, the
// requirements share CR's).
func v3Weight(k, val string) float64 {
	switch k {
	case "I", "A":
		k = "C"
	case "IR", "AR":
		k = "CR"
	}
	return v3Weights[k][val]
}

func v3PR(val string, changed bool) float64 {
	switch val {
	case "N":
		return 0.85
	case "L":
		if changed {
			return 0.68
		}
		return 0.62
	default: // H
		if changed {
			return 0.5
		}
		return 0.27
	}
}

// roundUp3 is the Roundup of the given CVSS 3 minor version: 3.1 defines
// it on integers to avoid floating-point surprises, 3.0 as a plain ceiling.
func roundUp3(minor string, x float64) float64 {
	if minor == "3.0" {
		return math.Ceil(x*10) / 10
	}
	i := math.Round(x * 100000)
	if math.Mod(i, 10000) == 0 {
		return i / 100000
	}
	return (math.Floor(i/10000) + 1) / 10
}

// computeV3 returns the scores of a CVSS 3.0 or 3.1 vector.
func computeV3(version string, m map[string]string) cvssScores {
	get := func(k, def string) string {
		if v, ok := m[k]; ok && v != "" {
			return v
		}
		return def
	}
	changed := get("S", "U") == "C"
	iss := 1 - (1-v3Weight("C", get("C", "N")))*(1-v3Weight("I", get("I", "N")))*(1-v3Weight("A", get("A", "N")))
	var impact float64
	if changed {
		impact = 7.52*(iss-0.029) - 3.25*math.Pow(iss-0.02, 15)
	} else {
		impact = 6.42 * iss
	}
	expl := 8.22 * v3Weight("AV", get("AV", "N")) * v3Weight("AC", get("AC", "L")) * v3PR(get("PR", "N"), changed) * v3Weight("UI", get("UI", "N"))
	var s cvssScores
	switch {
	case impact <= 0:
		s.base = 0
	case changed:
		s.base = roundUp3(version, math.Min(1.08*(impact+expl), 10))
	default:
		s.base = roundUp3(version, math.Min(impact+expl, 10))
	}
	tm := v3Weight("E", get("E", "X")) * v3Weight("RL", get("RL", "X")) * v3Weight("RC", get("RC", "X"))
	s.temporal = roundUp3(version, s.base*tm)

	// A modified metric left at X takes the base metric's value.
	mod := func(k string) string {
		if v := get("M"+k, "X"); v != "X" {
			return v
		}
		return get(k, "")
	}
	mChanged := mod("S") == "C"
	miss := math.Min(1-(1-v3Weight("CR", get("CR", "X"))*v3Weight("C", mod("C")))*
		(1-v3Weight("IR", get("IR", "X"))*v3Weight("I", mod("I")))*
		(1-v3Weight("AR", get("AR", "X"))*v3Weight("A", mod("A"))), 0.915)
	var mImpact float64
	switch {
	case !mChanged:
		mImpact = 6.42 * miss
	case version == "3.0":
		mImpact = 7.52*(miss-0.029) - 3.25*math.Pow(miss-0.02, 15)
	default:
		mImpact = 7.52*(miss-0.029) - 3.25*math.Pow(miss*0.9731-0.02, 13)
	}
	mExpl := 8.22 * v3Weight("AV", mod("AV")) * v3Weight("AC", mod("AC")) * v3PR(mod("PR"), mChanged) * v3Weight("UI", mod("UI"))
	switch {
	case mImpact <= 0:
		s.environmental = 0
	case mChanged:
		s.environmental = roundUp3(version, roundUp3(version, math.Min(1.08*(mImpact+mExpl), 10))*tm)
	default:
		s.environmental = roundUp3(version, roundUp3(version, math.Min(mImpact+mExpl, 10))*tm)
	}
	return s
}

// severityV3 is the qualitative rating of a CVSS 3 score.
func severityV3(score float64) string {
	switch {
	case score == 0:
		return "NONE"
	case score < 4:
		return "LOW"
	case score < 7:
		return "MEDIUM"
	case score < 9:
		return "HIGH"
	default:
		return "CRITICAL"
	}
}

var v2Weights = map[string]map[string]float64{
	"AV":  {"L": 0.395, "A": 0.646, "N": 1.0},
	"AC":  {"H": 0.35, "M": 0.61, "L": 0.71},
	"Au":  {"M": 0.45, "S": 0.56, "N": 0.704},
	"C":   {"N": 0, "P": 0.275, "C": 0.660},
	"E":   {"U": 0.85, "POC": 0.9, "F": 0.95, "H": 1, "ND": 1},
	"RL":  {"OF": 0.87, "TF": 0.90, "W": 0.95, "U": 1, "ND": 1},
	"RC":  {"UC": 0.90, "UR": 0.95, "C": 1, "ND": 1},
	"CDP": {"N": 0, "L": 0.1, "LM": 0.3, "MH": 0.4, "H": 0.5, "ND": 0},
	"TD":  {"N": 0, "L": 0.25, "M": 0.75, "H": 1, "ND": 1},
	"CR":  {"L": 0.5, "M": 1, "H": 1.51, "ND": 1},
}

func v2Weight(k, val string) float64 {
	switch k {
	case "I", "A":
		k = "C"
	case "IR", "AR":
		k = "CR"
	}
	return v2Weights[k][val]
}

// round1 rounds to one decimal, half up; the tiny offset keeps values such
// as 6.45, stored as 6.4499…, from rounding down.
func round1(x float64) float64 {
	return math.Floor(x*10+0.5+1e-9) / 10
}

// computeV2 returns the scores of a CVSS 2.0 vector.
func computeV2(m map[string]string) cvssScores {
	get := func(k, def string) string {
		if v, ok := m[k]; ok && v != "" {
			return v
		}
		return def
	}
	expl := 20 * v2Weight("AV", get("AV", "N")) * v2Weight("AC", get("AC", "L")) * v2Weight("Au", get("Au", "N"))
	base := func(impact float64) float64 {
		f := 1.176
		if impact == 0 {
			f = 0
		}
		return round1((0.6*impact + 0.4*expl - 1.5) * f)
	}
	c, i, a := v2Weight("C", get("C", "N")), v2Weight("I", get("I", "N")), v2Weight("A", get("A", "N"))
	var s cvssScores
	s.base = base(10.41 * (1 - (1-c)*(1-i)*(1-a)))
	tm := v2Weight("E", get("E", "ND")) * v2Weight("RL", get("RL", "ND")) * v2Weight("RC", get("RC", "ND"))
	s.temporal = round1(s.base * tm)
	adjImpact := math.Min(10, 10.41*(1-(1-c*v2Weight("CR", get("CR", "ND")))*
		(1-i*v2Weight("IR", get("IR", "ND")))*(1-a*v2Weight("AR", get("AR", "ND")))))
	adjTemporal := round1(base(adjImpact) * tm)
	cdp := v2Weight("CDP", get("CDP", "ND"))
	s.environmental = round1((adjTemporal + (10-adjTemporal)*cdp) * v2Weight("TD", get("TD", "ND")))
	return s
}
