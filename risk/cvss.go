// Package risk scores findings for clinical risk: a pure function of the
// finding's CVSS scores, what is known of its exploitation, the device's
// clinical role, its network exposure and its compensating controls. Every
// score comes with a breakdown of the points each factor contributed.
package risk

import (
	"math"
	"strings"
)

// vector holds the metrics of a CVSS v3.x vector (or a v4.0 vector mapped
// onto v3.x metrics), as the one-letter values of the specification.
type vector struct {
	av, ac, pr, ui, s, c, i, a byte
}

// parseVector reads the base metrics of a CVSS 3.0/3.1 or 4.0 vector
// string. A 4.0 vector is mapped onto the v3.1 metrics (see v4Metrics);
// ok is false for anything else or a vector missing a base metric.
func parseVector(s string) (v vector, ok bool) {
	var m map[string]byte
	switch {
	case strings.HasPrefix(s, "CVSS:3.0/"), strings.HasPrefix(s, "CVSS:3.1/"):
		m = metrics(s[9:])
	case strings.HasPrefix(s, "CVSS:4.0/"):
		m = v4Metrics(metrics(s[9:]))
	default:
		return v, false
	}
	v = vector{m["AV"], m["AC"], m["PR"], m["UI"], m["S"], m["C"], m["I"], m["A"]}
	for _, x := range []byte{v.av, v.ac, v.pr, v.ui, v.s, v.c, v.i, v.a} {
		if x == 0 {
			return v, false
		}
	}
	return v, true
}

// metrics splits "AV:N/AC:L/…" into metric → value letter; values longer
// than one letter are dropped, so they read as missing.
func metrics(s string) map[string]byte {
	m := make(map[string]byte, 12)
	for part := range strings.SplitSeq(s, "/") {
		k, val, found := strings.Cut(part, ":")
		if found && len(val) == 1 && len(k) <= 3 {
			m[k] = val[0]
		}
	}
	return m
}

// v4Metrics maps CVSS 4.0 base metrics onto v3.1's, only to compute how an
// environmental answer moves a score (see Severity): AV, AC and PR keep
// their letters; UI Passive or Active becomes Required; the vulnerable
// system's VC, VI, VA are C, I, A; the scope is Changed when any
// subsequent-system impact (SC, SI, SA) is High.
func v4Metrics(m map[string]byte) map[string]byte {
	out := map[string]byte{"AV": m["AV"], "AC": m["AC"], "PR": m["PR"], "C": m["VC"], "I": m["VI"], "A": m["VA"], "S": 'U'}
	switch m["UI"] {
	case 'N':
		out["UI"] = 'N'
	case 'P', 'A':
		out["UI"] = 'R'
	}
	if m["SC"] == 'H' || m["SI"] == 'H' || m["SA"] == 'H' {
		out["S"] = 'C'
	}
	if m["SC"] == 0 && m["SI"] == 0 && m["SA"] == 0 {
		out["S"] = 0 // not a v4 base vector
	}
	return out
}

// Env holds the environmental metrics of CVSS v3.1 that the rubric
// answers set: modified attack vector, privileges and user interaction,
// and the confidentiality, integrity and availability requirements. A
// zero byte is "Not Defined" (X).
type Env struct {
	MAV, MPR, MUI byte
	CR, IR, AR    byte
}

// IsZero reports whether no environmental metric is defined.
func (e Env) IsZero() bool { return e == Env{} }

var (
	weightAV  = map[byte]float64{'N': 0.85, 'A': 0.62, 'L': 0.55, 'P': 0.2}
	weightAC  = map[byte]float64{'L': 0.77, 'H': 0.44}
	weightUI  = map[byte]float64{'N': 0.85, 'R': 0.62}
	weightCIA = map[byte]float64{'H': 0.56, 'L': 0.22, 'N': 0}
	weightReq = map[byte]float64{'H': 1.5, 'M': 1, 'L': 0.5, 0: 1}
)

// weightPR is the privileges weight, which depends on the scope.
func weightPR(pr, scope byte) float64 {
	switch {
	case pr == 'N':
		return 0.85
	case pr == 'L' && scope == 'C':
		return 0.68
	case pr == 'L':
		return 0.62
	case pr == 'H' && scope == 'C':
		return 0.5
	case pr == 'H':
		return 0.27
	}
	return 0
}

// roundup is CVSS v3.1's Roundup: the smallest number with one decimal
// equal to or above x, computed on integers to avoid float artefacts.
func roundup(x float64) float64 {
	i := int64(math.Round(x * 100000))
	if i%10000 == 0 {
		return float64(i) / 100000
	}
	return (math.Floor(float64(i)/10000) + 1) / 10
}

// environmental computes the v3.1 environmental score of v with e (and
// the temporal metrics not defined).
func (v vector) environmental(e Env) float64 {
	m := v
	if e.MAV != 0 {
		m.av = e.MAV
	}
	if e.MPR != 0 {
		m.pr = e.MPR
	}
	if e.MUI != 0 {
		m.ui = e.MUI
	}
	miss := math.Min(1-(1-weightReq[e.CR]*weightCIA[m.c])*(1-weightReq[e.IR]*weightCIA[m.i])*(1-weightReq[e.AR]*weightCIA[m.a]), 0.915)
	impact := 6.42 * miss
	if m.s == 'C' {
		impact = 7.52*(miss-0.029) - 3.25*math.Pow(miss*0.9731-0.02, 13)
	}
	if impact <= 0 {
		return 0
	}
	expl := 8.22 * weightAV[m.av] * weightAC[m.ac] * weightPR(m.pr, m.s) * weightUI[m.ui]
	if m.s == 'C' {
		return roundup(math.Min(1.08*(impact+expl), 10))
	}
	return roundup(math.Min(impact+expl, 10))
}
