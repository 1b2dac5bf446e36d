package app

import (
	"context"
	"fmt"
	"strings"

	"ward"
)

// FindingKey names one finding on one device, as listings show it.
type FindingKey struct {
	FindingID int64 `json:"finding_id"`
	DeviceID  int64 `json:"device_id"`
}

// Decision is one triage decision a bulk triage recorded: for an advisory
// on a model running one software version.
type Decision struct {
	ModelID         int64  `json:"model_id"`
	SoftwareVersion string `json:"software_version"`
	Source          string `json:"source"`
	AdvisoryRef     string `json:"advisory_id"`
	Status          string `json:"status"`
}

// BulkTriage records one decision for the findings named by keys. A
// decision holds for every unit of a model running one version, so the
// keys are reduced to their distinct (model, version, advisory) and each
// is recorded once; it returns the decisions recorded. A
// comment is required: a bulk change must say why. inScope, when not nil,
// refuses devices outside the caller's facilities.
func (a *App) BulkTriage(ctx context.Context, keys []FindingKey, decision ward.Triage, inScope func(facilityID int64) bool) ([]Decision, error) {
	if len(keys) == 0 {
		return nil, ward.Errorf(ward.EINVALID, "select at least one finding")
	}
	if len(keys) > 1000 {
		return nil, ward.Errorf(ward.EINVALID, "at most 1000 findings at once, got %d", len(keys))
	}
	if strings.TrimSpace(decision.Comment) == "" {
		return nil, ward.Errorf(ward.EINVALID, "comment: say why (it is kept in the triage record and the audit trail)")
	}
	type target struct {
		model, advisory int64
		version         string
		source, ref     string
	}
	seen := map[target]bool{}
	var targets []target
	for _, k := range keys {
		page, err := a.Store.FindFindings(ctx, ward.FindingFilter{ID: k.FindingID, DeviceID: k.DeviceID,
			Statuses: ward.FindingStatuses, Brief: true, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(page.Items) == 0 {
			return nil, ward.Errorf(ward.ENOTFOUND, "no finding %d on device %d", k.FindingID, k.DeviceID)
		}
		f := page.Items[0]
		if inScope != nil {
			d, err := a.Store.FindDevice(ctx, k.DeviceID)
			if err != nil {
				return nil, err
			}
			if !inScope(d.FacilityID) {
				return nil, ward.Errorf(ward.ENOTFOUND, "no finding %d on device %d", k.FindingID, k.DeviceID)
			}
		}
		t := target{f.ModelID, f.AdvisoryID, f.SoftwareVersion, f.Source, f.AdvisoryRef}
		if !seen[t] {
			seen[t] = true
			targets = append(targets, t)
		}
	}
	var done []Decision
	for i, t := range targets {
		d := decision
		d.ModelID, d.SoftwareVersion, d.AdvisoryID = t.model, t.version, t.advisory
		if err := a.Store.SetTriage(ctx, &d); err != nil {
			return done, fmt.Errorf("decision %d of %d: %w", i+1, len(targets), err)
		}
		done = append(done, Decision{ModelID: t.model, SoftwareVersion: t.version, Source: t.source, AdvisoryRef: t.ref, Status: d.Status})
	}
	return done, nil
}
