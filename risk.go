package ward

import (
	"context"
	"time"
)

// Risk priorities, from most to least urgent. A finding that is not open
// (fixed, not affected) has no priority ("").
const (
	PriorityCritical = "critical"
	PriorityHigh     = "high"
	PriorityMedium   = "medium"
	PriorityLow      = "low"
)

// Priorities lists the priorities from most to least urgent.
var Priorities = []string{PriorityCritical, PriorityHigh, PriorityMedium, PriorityLow}

// RiskFactor is one line of a risk breakdown: what was looked at (Factor
// and Item), what it was (Value) and how many points it added or took away.
type RiskFactor struct {
	Factor string  `json:"factor"` // severity, exploitation, clinical_impact, exposure, controls, confidence, status
	Item   string  `json:"item"`   // cvss, kev, ransomware, epss, criticality, function, phi, fda_class, …
	Value  string  `json:"value"`
	Points float64 `json:"points"`
}

// RiskBreakdown explains a risk score: the factors, whose points add up to
// Raw, which is clamped to 0–100 and rounded into Score.
type RiskBreakdown struct {
	Score    int          `json:"score"`
	Priority string       `json:"priority"`
	Raw      float64      `json:"raw"`
	Factors  []RiskFactor `json:"factors"`
	Notes    []string     `json:"notes,omitempty"`
}

// RiskControls are the compensating controls (and the internet exposure)
// recorded for every unit of a model (ModelID set) or for one device
// (DeviceID set). A nil field is not recorded: a device's recorded value
// beats its model's, and an unrecorded one counts as false.
type RiskControls struct {
	ID                  int64     `json:"id"`
	ModelID             int64     `json:"model_id,omitempty"`
	DeviceID            int64     `json:"device_id,omitempty"`
	Segmented           *bool     `json:"segmented"`
	ServicesDisabled    *bool     `json:"services_disabled"`
	RemoteAccessRemoved *bool     `json:"remote_access_removed"`
	InternetExposed     *bool     `json:"internet_exposed"`
	Note                string    `json:"note,omitempty"`
	Actor               Actor     `json:"actor"`
	At                  time.Time `json:"at"`
	// Subject names the model ("Manufacturer Model") or the device's asset
	// tag, and FacilityID is the device's facility, filled by list queries.
	Subject    string `json:"subject,omitempty"`
	FacilityID int64  `json:"facility_id,omitempty"`
}

// RubricAnswers are one model's answers to the environmental questions
// Ward asks after MITRE's "Rubric for Applying CVSS to Medical Devices":
// question key → answer key (see package risk for the questions).
type RubricAnswers map[string]string

// ModelRubric is the recorded answers of one model.
type ModelRubric struct {
	ModelID int64         `json:"model_id"`
	Model   string        `json:"model,omitempty"`
	Answers RubricAnswers `json:"answers"`
	Actor   Actor         `json:"actor,omitempty"`
	At      time.Time     `json:"at,omitzero"`
}

// RiskPolicy sets how many days after a finding is first seen it is due,
// per priority.
type RiskPolicy struct {
	CriticalDays int       `json:"critical_days"`
	HighDays     int       `json:"high_days"`
	MediumDays   int       `json:"medium_days"`
	LowDays      int       `json:"low_days"`
	Actor        Actor     `json:"actor,omitempty"`
	At           time.Time `json:"at,omitzero"`
}

// DefaultRiskPolicy is the policy until one is set: 15, 30, 90 and 180 days.
var DefaultRiskPolicy = RiskPolicy{CriticalDays: 15, HighDays: 30, MediumDays: 90, LowDays: 180}

// Days returns the days allowed for a priority; 0 for no priority.
func (p *RiskPolicy) Days(priority string) int {
	switch priority {
	case PriorityCritical:
		return p.CriticalDays
	case PriorityHigh:
		return p.HighDays
	case PriorityMedium:
		return p.MediumDays
	case PriorityLow:
		return p.LowDays
	}
	return 0
}

// MaxSLADays bounds a policy's days (ten years).
const MaxSLADays = 3650

// Validate returns EINVALID unless every priority has 1 to MaxSLADays days
// and the days do not shrink as the priority drops.
func (p *RiskPolicy) Validate() error {
	days := []int{p.CriticalDays, p.HighDays, p.MediumDays, p.LowDays}
	for i, d := range days {
		if d < 1 || d > MaxSLADays {
			return Errorf(EINVALID, "%s: %d days; give 1 to %d", Priorities[i], d, MaxSLADays)
		}
		if i > 0 && d < days[i-1] {
			return Errorf(EINVALID, "%s (%d days) cannot be due sooner than %s (%d days)", Priorities[i], d, Priorities[i-1], days[i-1])
		}
	}
	return nil
}

// SourcedScore is a CVSS score with the source of the advisory that
// published it (SourceCSAF, SourceNVD, SourceCVE5).
type SourcedScore struct {
	AdvisorySource string `json:"advisory_source"`
	Score
}

// CVEScores are every score published for one CVE, from every advisory
// that names it.
type CVEScores struct {
	CVE    string         `json:"cve"`
	Scores []SourcedScore `json:"scores"`
}

// RiskModel is what a model contributes to the risk of its units' findings.
type RiskModel struct {
	ModelID      int64
	DeviceTypeID int64
	DeviceType   string
	FDADevice    string // the FDA product code's device name
	DeviceClass  string // FDA class "1", "2", "3", …
	Criticality  string // the model's default criticality
	Rubric       RubricAnswers
	Controls     *RiskControls // nil when none are recorded
}

// RiskDevice is what a device contributes to the risk of its findings.
type RiskDevice struct {
	Criticality string // effective: the device's override or the model's default
	Connection  string
	VLAN        string
	HasIP       bool
	StoresPHI   *bool
	Controls    *RiskControls // nil when none are recorded
	// DeviceTypeID is the device's own type (0: its model's), from which
	// the store works out the finding's owner team.
	DeviceTypeID int64
}

// RiskInput is what a listed finding is scored from. Scores and Model are
// shared by the rows of one finding and one model, so a scorer can work
// out their part once.
type RiskInput struct {
	Scores []CVEScores // per CVE of the finding
	Model  *RiskModel
	Device RiskDevice
	// TriageStatus and TriageExpires are a current triage decision's, so
	// a risk acceptance can set the due date.
	TriageStatus  string
	TriageExpires Date
}

// RiskFilter selects findings (or devices) for a risk listing.
type RiskFilter struct {
	Statuses    []string // default: the open ones
	FacilityIDs []int64
	DeviceID    int64
	ModelID     int64
	Priorities  []string
	Overdue     bool
	TeamID      int64 // owner team of the finding (security mitigation)
	// Unowned keeps the findings no responsibility rule assigns a team
	// (the findings of the exception queue).
	Unowned bool
	Limit   int // page size for pages; 0 streams all
	After   string
}

// RiskFinding is one row of a risk listing: a finding on one device, with
// its score, priority, due date and owner team.
type RiskFinding struct {
	FindingID       int64          `json:"finding_id"`
	DeviceID        int64          `json:"device_id"`
	AssetTag        string         `json:"asset_tag"`
	ModelID         int64          `json:"model_id"`
	SoftwareVersion string         `json:"software_version"`
	Source          string         `json:"source"`
	AdvisoryRef     string         `json:"advisory_id"`
	CVEs            []string       `json:"cves"`
	Status          string         `json:"status"`
	Confidence      string         `json:"confidence"`
	KEV             bool           `json:"kev"`
	KEVRansomware   bool           `json:"kev_ransomware"`
	EPSS            float64        `json:"epss"`
	RiskScore       int            `json:"risk_score"`
	Priority        string         `json:"priority"`
	Due             Date           `json:"due"`
	Overdue         bool           `json:"overdue"`
	OwnerTeam       string         `json:"owner_team"`
	FirstSeen       time.Time      `json:"first_seen"`
	Risk            *RiskBreakdown `json:"risk,omitempty"`
}

// RiskFindingOf returns the risk listing row of a scored finding.
func RiskFindingOf(f *Finding) RiskFinding {
	return RiskFinding{FindingID: f.ID, DeviceID: f.DeviceID, AssetTag: f.AssetTag, ModelID: f.ModelID,
		SoftwareVersion: f.SoftwareVersion, Source: f.Source, AdvisoryRef: f.AdvisoryRef, CVEs: f.CVEs, Status: f.Status,
		Confidence: f.Confidence, KEV: f.KEV, KEVRansomware: f.KEVRansomware, EPSS: f.EPSS, RiskScore: f.RiskScore,
		Priority: f.Priority, Due: f.Due, Overdue: f.Overdue, OwnerTeam: f.OwnerTeam, FirstSeen: f.FirstSeen, Risk: f.Risk}
}

// DeviceRisk is a device's risk: the score and priority of its worst open
// finding, how many open findings it has, the earliest due date among
// them and how many are overdue.
type DeviceRisk struct {
	DeviceID        int64          `json:"device_id"`
	AssetTag        string         `json:"asset_tag"`
	ModelID         int64          `json:"model_id"`
	SoftwareVersion string         `json:"software_version"`
	RiskScore       int            `json:"risk_score"`
	Priority        string         `json:"priority"`
	OpenFindings    int            `json:"open_findings"`
	OverdueFindings int            `json:"overdue_findings"`
	Due             Date           `json:"due"`
	WorstFindingID  int64          `json:"worst_finding_id"`
	WorstAdvisory   string         `json:"worst_advisory_id"`
	OwnerTeam       string         `json:"owner_team"`
	Risk            *RiskBreakdown `json:"risk,omitempty"`
	Findings        []RiskFinding  `json:"findings,omitempty"`
}

// RiskService stores what risk scoring needs beyond the inventory and the
// findings: controls, rubric answers and the SLA policy.
type RiskService interface {
	// FindRiskPolicy returns the SLA policy (DefaultRiskPolicy until set).
	FindRiskPolicy(ctx context.Context) (*RiskPolicy, error)
	// SetRiskPolicy replaces the policy; EINVALID for bad days.
	SetRiskPolicy(ctx context.Context, p *RiskPolicy) error
	// SetRiskControls records the controls of a model or a device,
	// replacing what was recorded; EINVALID unless exactly one of ModelID
	// and DeviceID is set, ENOTFOUND for an unknown one.
	SetRiskControls(ctx context.Context, c *RiskControls) error
	// DeleteRiskControls removes the controls of a model or a device;
	// ENOTFOUND if none are recorded.
	DeleteRiskControls(ctx context.Context, modelID, deviceID int64) error
	// FindRiskControls lists recorded controls, models first.
	FindRiskControls(ctx context.Context) ([]RiskControls, error)
	// SetModelRubric replaces a model's rubric answers (the caller
	// validates them); ENOTFOUND for an unknown model.
	SetModelRubric(ctx context.Context, r *ModelRubric) error
	// FindModelRubrics returns the answers of one model (modelID > 0) or
	// of every model that has any.
	FindModelRubrics(ctx context.Context, modelID int64) ([]ModelRubric, error)
}
