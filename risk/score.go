package risk

import (
	"fmt"
	"math"
	"time"

	"ward"
)

// Priority thresholds on the 0–100 score.
const (
	CriticalAt = 80
	HighAt     = 60
	MediumAt   = 40
)

// PriorityOf returns the priority of an open finding's score.
func PriorityOf(score int) string {
	switch {
	case score >= CriticalAt:
		return ward.PriorityCritical
	case score >= HighAt:
		return ward.PriorityHigh
	case score >= MediumAt:
		return ward.PriorityMedium
	}
	return ward.PriorityLow
}

// Points of the exploitation, confidence and severity factors.
const (
	severityWeight   = 4.0 // points per CVSS point: 0–40
	pointsKEV        = 20.0
	pointsRansomware = 5.0
	pointsNameOnly   = -5.0 // the version could not be evaluated
)

// epssTiers give points by EPSS probability, highest tier first.
var epssTiers = []struct{ at, points float64 }{{0.5, 10}, {0.1, 6}, {0.01, 3}}

// Result is a finding's score and priority, with the breakdown when asked.
type Result struct {
	Score     int
	Priority  string
	Breakdown *ward.RiskBreakdown
}

// Scorer scores the rows of a finding listing. The part of a score that
// depends only on the finding and its model (severity, exploitation, the
// model's clinical function and class, match confidence) is worked out
// once for consecutive rows of the same finding; each device then adds
// its own part. A Scorer is not safe for concurrent use.
type Scorer struct {
	lastID    int64
	lastModel *ward.RiskModel
	group     tally
}

// tally adds up points, and keeps the factors when explaining.
type tally struct {
	sum     float64
	explain bool
	factors []ward.RiskFactor
	notes   []string
}

func (t *tally) add(factor, item, value string, points float64) {
	t.sum += points
	if t.explain {
		t.factors = append(t.factors, ward.RiskFactor{Factor: factor, Item: item, Value: value, Points: math.Round(points*10) / 10})
	}
}

// Score scores one listed finding. A finding that is not open scores 0
// with no priority.
func (s *Scorer) Score(f *ward.Finding, explain bool) Result {
	if !ward.OpenStatus(f.Status) {
		r := Result{}
		if explain {
			r.Breakdown = &ward.RiskBreakdown{Factors: []ward.RiskFactor{{Factor: "status", Item: "status",
				Value: f.Status + ": not open, so not at risk"}}}
		}
		return r
	}
	in := f.RiskInput
	if in == nil {
		in = &ward.RiskInput{}
	}
	if explain || s.lastID != f.ID || s.lastModel != in.Model || s.lastID == 0 {
		s.group = groupPart(f, in, explain)
		s.lastID, s.lastModel = f.ID, in.Model
	}
	t := tally{sum: s.group.sum, explain: explain}
	if explain {
		t.factors = append(t.factors, s.group.factors...)
		t.notes = append(t.notes, s.group.notes...)
	}
	devicePart(&t, in)
	score := int(math.Round(min(100, max(0, t.sum))))
	r := Result{Score: score, Priority: PriorityOf(score)}
	if explain {
		r.Breakdown = &ward.RiskBreakdown{Score: score, Priority: r.Priority, Raw: math.Round(t.sum*10) / 10, Factors: t.factors, Notes: t.notes}
		if f.Status == ward.FindingUnderInvestigation {
			r.Breakdown.Notes = append(r.Breakdown.Notes, "under investigation: scored as if affected")
		}
		if in.TriageStatus == ward.TriageRiskAccepted {
			r.Breakdown.Notes = append(r.Breakdown.Notes, "risk accepted until "+in.TriageExpires.String()+": due then")
		}
	}
	return r
}

// groupPart scores what the finding and its model decide.
func groupPart(f *ward.Finding, in *ward.RiskInput, explain bool) tally {
	t := tally{explain: explain}
	var env Env
	if in.Model != nil {
		env = EnvFromAnswers(in.Model.Rubric)
	}
	sev := SeverityOf(in.Scores, env)
	t.add("severity", "cvss", sev.describe(), severityWeight*sev.Score)
	if f.KEV {
		v := "a CVE is in CISA's Known Exploited Vulnerabilities catalog"
		if !f.KEVDueDate.IsZero() {
			v += " (CISA due date " + f.KEVDueDate.String() + ")"
		}
		t.add("exploitation", "kev", v, pointsKEV)
	}
	if f.KEVRansomware {
		t.add("exploitation", "ransomware", "known use in ransomware campaigns (KEV)", pointsRansomware)
	}
	for _, tier := range epssTiers {
		if f.EPSS >= tier.at {
			t.add("exploitation", "epss", fmt.Sprintf("EPSS %.3f (percentile %.2f) ≥ %g", f.EPSS, f.EPSSPercentile, tier.at), tier.points)
			break
		}
	}
	if f.Confidence == ward.ConfidenceNameOnly {
		t.add("confidence", "match", "matched by name only: the version was not evaluated", pointsNameOnly)
	}
	if m := in.Model; m != nil {
		fn, word := ClinicalFunction(m.DeviceType, m.FDADevice)
		v := fn
		if word != "" {
			v += fmt.Sprintf(" (%q in %q)", word, firstNonEmpty(m.DeviceType, m.FDADevice))
		}
		t.add("clinical_impact", "function", v, functionPoints[fn])
		if p, ok := classPoints[m.DeviceClass]; ok {
			t.add("clinical_impact", "fda_class", "FDA class "+m.DeviceClass, p)
		}
	} else {
		t.add("clinical_impact", "function", FunctionUnknown, functionPoints[FunctionUnknown])
	}
	return t
}

// devicePart adds what the device decides: its criticality and PHI, its
// exposure, and the controls recorded for it or its model.
func devicePart(t *tally, in *ward.RiskInput) {
	d := &in.Device
	if p, ok := criticalityPoints[d.Criticality]; ok {
		t.add("clinical_impact", "criticality", d.Criticality, p)
	} else {
		t.add("clinical_impact", "criticality", "not known: counted as clinical", pointsUnknownCritical)
	}
	if d.StoresPHI != nil && *d.StoresPHI {
		t.add("clinical_impact", "phi", "stores PHI", pointsPHI)
	}
	var model *ward.RiskControls
	if in.Model != nil {
		model = in.Model.Controls
	}
	c := mergeControls(model, d.Controls)
	networked := exposure(t, d, c)
	controls(t, c, networked)
}

// Exposure and control points.
const (
	pointsWireless    = 7.0
	pointsWired       = 4.0
	pointsNotNetwork  = -10.0
	pointsUnknownIP   = 4.0
	pointsUnknownConn = 2.0
	pointsNoVLAN      = 2.0
	pointsInternet    = 12.0
	pointsSegmented   = -8.0
	pointsServicesOff = -6.0
	pointsNoRemote    = -6.0
)

// exposure adds the network exposure and reports whether the device is on
// a network (or may be).
func exposure(t *tally, d *ward.RiskDevice, c controlSet) bool {
	networked := true
	switch d.Connection {
	case ward.ConnectionWireless, ward.ConnectionBoth:
		t.add("exposure", "connection", d.Connection, pointsWireless)
	case ward.ConnectionWired:
		t.add("exposure", "connection", d.Connection, pointsWired)
	case ward.ConnectionNone:
		t.add("exposure", "connection", "not networked: only local or physical attacks", pointsNotNetwork)
		networked = false
	default:
		if d.HasIP {
			t.add("exposure", "connection", "not recorded, but it has an IP address", pointsUnknownIP)
		} else {
			t.add("exposure", "connection", "not recorded", pointsUnknownConn)
		}
	}
	if networked && d.VLAN == "" {
		t.add("exposure", "vlan", "no VLAN recorded: assumed on a shared network", pointsNoVLAN)
	} else if networked && t.explain {
		t.add("exposure", "vlan", "VLAN "+d.VLAN, 0)
	}
	if c.internet.on {
		t.add("exposure", "internet", "reachable from the internet ("+c.internet.from+")", pointsInternet)
	}
	return networked
}

// controls subtracts the compensating controls.
func controls(t *tally, c controlSet, networked bool) {
	if c.segmented.on {
		if networked {
			t.add("controls", "segmented", "segmented ("+c.segmented.from+")", pointsSegmented)
		} else {
			t.add("controls", "segmented", "segmented ("+c.segmented.from+"), but not networked: no effect", 0)
		}
	}
	if c.services.on {
		t.add("controls", "services_disabled", "unneeded services disabled ("+c.services.from+")", pointsServicesOff)
	}
	if c.remote.on {
		t.add("controls", "remote_access_removed", "remote access removed ("+c.remote.from+")", pointsNoRemote)
	}
}

// Due returns when an open finding with this priority is due: a current
// risk acceptance's expiry, otherwise firstSeen plus the policy's days.
// The zero date for no priority.
func Due(firstSeen time.Time, priority string, in *ward.RiskInput, p *ward.RiskPolicy) ward.Date {
	if priority == "" {
		return ward.Date{}
	}
	if in != nil && in.TriageStatus == ward.TriageRiskAccepted && !in.TriageExpires.IsZero() {
		return in.TriageExpires
	}
	return ward.DateOf(firstSeen.UTC().AddDate(0, 0, p.Days(priority)))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
