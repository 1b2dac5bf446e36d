package app

import (
	"context"
	"time"

	"ward"
	"ward/risk"
)

// RiskStore is what risk scoring needs from storage: the findings with
// their risk inputs, and the controls, rubric answers and SLA policy.
type RiskStore interface {
	ward.FindingService
	ward.RiskService
	// Now is the store's clock, so that due dates and triage expiry are
	// judged on the same day.
	Now() time.Time
}

// scorer scores the findings of one listing with one policy and one
// today, so a listing is consistent even across midnight.
type scorer struct {
	risk    risk.Scorer
	policy  *ward.RiskPolicy
	today   ward.Date
	explain bool
}

func (a *App) newScorer(ctx context.Context, explain bool) (*scorer, error) {
	p, err := a.Store.FindRiskPolicy(ctx)
	if err != nil {
		return nil, err
	}
	return &scorer{policy: p, today: ward.DateOf(a.Store.Now()), explain: explain}, nil
}

// apply sets the risk fields of f.
func (s *scorer) apply(f *ward.Finding) {
	r := s.risk.Score(f, s.explain)
	f.RiskScore, f.Priority, f.Risk = r.Score, r.Priority, r.Breakdown
	f.Due = risk.Due(f.FirstSeen, r.Priority, f.RiskInput, s.policy)
	f.Overdue = !f.Due.IsZero() && f.Due.Before(s.today)
}

// EachFinding streams the findings matching f with their risk score,
// priority, due date and owner team.
func (a *App) EachFinding(ctx context.Context, f ward.FindingFilter, fn func(*ward.Finding) error) error {
	s, err := a.newScorer(ctx, false)
	if err != nil {
		return err
	}
	return a.Store.EachFinding(ctx, f, func(fd *ward.Finding) error {
		s.apply(fd)
		return fn(fd)
	})
}

// FindFindings returns a page of findings with their risk fields.
func (a *App) FindFindings(ctx context.Context, f ward.FindingFilter) (*ward.Page[ward.Finding], error) {
	s, err := a.newScorer(ctx, false)
	if err != nil {
		return nil, err
	}
	page, err := a.Store.FindFindings(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range page.Items {
		s.apply(&page.Items[i])
	}
	return page, nil
}

// ExplainFinding scores one finding on one device with its breakdown;
// ENOTFOUND when the finding does not concern the device.
func (a *App) ExplainFinding(ctx context.Context, findingID, deviceID int64) (*ward.Finding, error) {
	s, err := a.newScorer(ctx, true)
	if err != nil {
		return nil, err
	}
	page, err := a.Store.FindFindings(ctx, ward.FindingFilter{ID: findingID, DeviceID: deviceID, Statuses: ward.FindingStatuses, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, ward.Errorf(ward.ENOTFOUND, "finding %d does not concern device %d", findingID, deviceID)
	}
	f := &page.Items[0]
	s.apply(f)
	return f, nil
}

// ExplainDevice returns a device's risk with every finding on it (open
// or not) scored, and the breakdown of the worst; ENOTFOUND for an
// unknown device.
func (a *App) ExplainDevice(ctx context.Context, deviceID int64) (*ward.DeviceRisk, error) {
	d, err := a.Store.FindDevice(ctx, deviceID)
	if err != nil {
		return nil, err
	}
	_, dr, err := a.DeviceFindings(ctx, d)
	return dr, err
}

// addToDevice counts an open finding into its device's risk: the device
// scores as its worst open finding (the first listed among equals).
func addToDevice(dr *ward.DeviceRisk, f *ward.RiskFinding) {
	if !ward.OpenStatus(f.Status) {
		return
	}
	dr.OpenFindings++
	if f.Overdue {
		dr.OverdueFindings++
	}
	if !f.Due.IsZero() && (dr.Due.IsZero() || f.Due.Before(dr.Due)) {
		dr.Due = f.Due
	}
	if dr.OpenFindings == 1 || f.RiskScore > dr.RiskScore {
		dr.RiskScore, dr.Priority = f.RiskScore, f.Priority
		dr.WorstFindingID, dr.WorstAdvisory, dr.OwnerTeam = f.FindingID, f.AdvisoryRef, f.OwnerTeam
	}
}

// SetModelRubric validates and records a model's rubric answers
// (answers "not_defined" are dropped); EINVALID for an unknown question or
// answer, ENOTFOUND for an unknown model.
func (a *App) SetModelRubric(ctx context.Context, modelID int64, answers ward.RubricAnswers) (*ward.ModelRubric, error) {
	valid, err := risk.ValidateAnswers(answers)
	if err != nil {
		return nil, err
	}
	r := &ward.ModelRubric{ModelID: modelID, Answers: valid}
	if err := a.Store.SetModelRubric(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}
