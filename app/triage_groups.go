package app

import (
	"context"
	"slices"
	"strings"

	"ward"
)

// TriageGroup is the unit a triage decision applies to: one advisory on
// one model running one software version, with how many devices it
// concerns and its worst risk.
type TriageGroup struct {
	ModelID         int64      `json:"model_id"`
	Model           string     `json:"model"`
	Manufacturer    string     `json:"manufacturer"`
	SoftwareVersion string     `json:"software_version"`
	Source          string     `json:"source"`
	AdvisoryRef     string     `json:"advisory_id"`
	CVEs            []string   `json:"cves"`
	Status          string     `json:"status"`
	Devices         int        `json:"devices"`
	RiskScore       int        `json:"risk_score"` // the worst among the devices
	Priority        string     `json:"priority"`
	KEV             bool       `json:"kev"`
	Sample          FindingKey `json:"sample"` // one of its findings, to name the group in a decision
}

// TriageGroups groups the findings matching rf by model, version and
// advisory, worst first, and returns the first limit groups. It reads
// every matching finding once.
func (a *App) TriageGroups(ctx context.Context, rf ward.RiskFilter, limit int) ([]TriageGroup, error) {
	type key struct {
		model           int64
		version, source string
		ref, status     string
	}
	groups := map[key]*TriageGroup{}
	err := a.EachRiskFinding(ctx, rf, false, func(f *ward.RiskFinding) error {
		k := key{f.ModelID, f.SoftwareVersion, f.Source, f.AdvisoryRef, f.Status}
		g := groups[k]
		if g == nil {
			g = &TriageGroup{ModelID: f.ModelID, SoftwareVersion: f.SoftwareVersion, Source: f.Source, AdvisoryRef: f.AdvisoryRef,
				CVEs: f.CVEs, Status: f.Status, Sample: FindingKey{f.FindingID, f.DeviceID}}
			groups[k] = g
		}
		g.Devices++
		g.KEV = g.KEV || f.KEV
		if f.RiskScore > g.RiskScore || g.Priority == "" {
			g.RiskScore, g.Priority = f.RiskScore, f.Priority
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]TriageGroup, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(x, y TriageGroup) int {
		if x.RiskScore != y.RiskScore {
			return y.RiskScore - x.RiskScore
		}
		if x.Devices != y.Devices {
			return y.Devices - x.Devices
		}
		if x.AdvisoryRef != y.AdvisoryRef {
			return strings.Compare(x.AdvisoryRef, y.AdvisoryRef)
		}
		return strings.Compare(x.SoftwareVersion, y.SoftwareVersion)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	names := map[int64]*ward.Model{}
	for i := range out {
		m, ok := names[out[i].ModelID]
		if !ok {
			var err error
			if m, err = a.Store.FindModel(ctx, out[i].ModelID); err != nil {
				return nil, err
			}
			names[out[i].ModelID] = m
		}
		out[i].Model, out[i].Manufacturer = m.Name, m.Manufacturer
	}
	return out, nil
}
