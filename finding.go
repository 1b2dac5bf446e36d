package ward

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Finding statuses.
const (
	FindingAffected           = "affected"
	FindingUnderInvestigation = "under_investigation"
	FindingNotAffected        = "not_affected"
	FindingFixed              = "fixed"
)

// FindingStatuses lists the finding statuses; the first two are open.
var FindingStatuses = []string{FindingAffected, FindingUnderInvestigation, FindingNotAffected, FindingFixed}

// OpenStatus reports whether a finding with status s still needs action.
func OpenStatus(s string) bool { return s == FindingAffected || s == FindingUnderInvestigation }

// Match confidence, from strongest to weakest.
const (
	// ConfidenceExact: an identifier matched (CPE, purl, model number),
	// and the version was evaluated.
	ConfidenceExact = "exact_identifier"
	// ConfidenceNameVersion: manufacturer and product names matched and
	// the version was evaluated.
	ConfidenceNameVersion = "name_and_version"
	// ConfidenceNameOnly: names matched but the version could not be
	// evaluated (unknown, or the advisory covers every version).
	ConfidenceNameOnly = "name_only"
)

// Finding says how one advisory concerns one device. Findings are computed
// per model and software version (every unit of a model running the same
// version is in the same position) and listed per device.
type Finding struct {
	ID              int64  `json:"id"`
	DeviceID        int64  `json:"device_id,omitempty"`
	AssetTag        string `json:"asset_tag,omitempty"`
	ModelID         int64  `json:"model_id"`
	SoftwareVersion string `json:"software_version"`

	AdvisoryID    int64    `json:"advisory_db_id"`
	Source        string   `json:"source"`
	AdvisoryRef   string   `json:"advisory_id"` // tracking ID as written, or the CVE ID
	AdvisoryTitle string   `json:"advisory_title"`
	CVEs          []string `json:"cves"`

	// Status is the effective status: the triage decision when one applies,
	// otherwise the computed one.
	Status         string   `json:"status"`
	ComputedStatus string   `json:"computed_status"`
	Confidence     string   `json:"confidence"`
	Explanation    string   `json:"explanation"`
	Evidence       Evidence `json:"evidence"`
	Triage         *Triage  `json:"triage,omitempty"`

	// KEV is set when one of the finding's CVEs is in CISA's Known
	// Exploited Vulnerabilities catalog; KEVDueDate is the earliest due
	// date CISA gives among them. EPSS is the highest EPSS score among the
	// CVEs and EPSSPercentile that CVE's percentile, both 0 when none has
	// a score. They are read from the imported catalogs when the finding
	// is listed, so a new import shows at once without re-matching.
	KEV            bool    `json:"kev"`
	KEVDueDate     Date    `json:"kev_due_date,omitzero"`
	EPSS           float64 `json:"epss"`
	EPSSPercentile float64 `json:"epss_percentile"`
	// KEVRansomware is set when CISA knows one of the KEV CVEs to be used
	// in ransomware campaigns.
	KEVRansomware bool `json:"kev_ransomware"`

	FirstSeen time.Time `json:"first_seen"`
	UpdatedAt time.Time `json:"updated_at"`

	// RiskScore (0–100) and Priority rank the finding for this device
	// (package risk explains how); Due is when it should be dealt with
	// under the SLA policy and Overdue says that day has passed. A
	// finding that is not open scores 0, with no priority and no due date.
	RiskScore int    `json:"risk_score"`
	Priority  string `json:"priority"`
	Due       Date   `json:"due"`
	Overdue   bool   `json:"overdue"`
	// OwnerTeam is the team that answers for mitigating it: the
	// responsibility matrix's security_mitigation team for the device's
	// type, else for any type; "" when no rule assigns one (the finding
	// is unowned and belongs in the exception queue).
	OwnerTeam   string `json:"owner_team"`
	OwnerTeamID int64  `json:"owner_team_id,omitempty"`
	// Risk is the score's breakdown, when asked for.
	Risk *RiskBreakdown `json:"risk,omitempty"`
	// RiskInput is what the store read to score the finding.
	RiskInput *RiskInput `json:"-"`
}

// Evidence records why a finding was made, so it can be explained to a
// clinical engineer in terms of the device's own records.
type Evidence struct {
	Manufacturer string   `json:"manufacturer"` // Ward's manufacturer name
	Vendor       string   `json:"vendor"`       // the advisory's vendor as written
	VendorHow    string   `json:"vendor_how"`   // "same name", "alias", "cpe vendor", …
	Model        string   `json:"model"`        // Ward's model name
	ModelAlias   string   `json:"model_alias"`  // the alias or number of ours that matched
	Product      string   `json:"product"`      // the advisory's product as written
	ProductKeys  []string `json:"product_keys,omitempty"`
	ProductHow   string   `json:"product_how"`         // "catalog alias", "model number", "model designator", "cpe", "purl", "sbom component"
	Component    string   `json:"component,omitempty"` // the SBOM component, for component matches
	Expression   string   `json:"expression"`          // the version expression as published
	Version      string   `json:"version"`             // the version that was evaluated
	VersionHow   string   `json:"version_how"`         // the version engine's explanation
	VEX          string   `json:"vex,omitempty"`       // a VEX statement that decided the status
}

// Explain renders the evidence as a sentence naming the device's recorded
// manufacturer and model, e.g. manufacturer "B BRAUN MEDICAL INC" = vendor
// "B. Braun Medical" (alias); model "Infusomat Space LVP" = product
// "Infusomat Space Large Volume Pump" (catalog alias); version "L80"
// satisfies "<= L81".
func (e *Evidence) Explain(recordedManufacturer, recordedModel string) string {
	mfr := recordedManufacturer
	if mfr == "" {
		mfr = e.Manufacturer
	}
	vendorHow := "both names of " + e.Manufacturer
	if normKey(mfr) == normKey(e.Vendor) {
		vendorHow = "same name"
	}
	model := recordedModel
	if model == "" {
		model = e.Model
	}
	var parts []string
	if e.Component != "" {
		parts = append(parts, fmt.Sprintf("component %s of the SBOM of %s %s matches %s (%s)", e.Component, mfr, model, e.Product, e.ProductHow))
	} else {
		parts = append(parts, fmt.Sprintf("manufacturer %q = vendor %q (%s)", mfr, e.Vendor, vendorHow))
		how := e.ProductHow
		if e.ModelAlias != "" && !strings.EqualFold(e.ModelAlias, model) && !strings.Contains(how, e.ModelAlias) {
			how += fmt.Sprintf(": %q", e.ModelAlias)
		}
		parts = append(parts, fmt.Sprintf("model %q = product %q (%s)", model, e.Product, how))
	}
	if e.VersionHow != "" {
		parts = append(parts, e.VersionHow)
	}
	if e.VEX != "" {
		parts = append(parts, e.VEX)
	}
	return strings.Join(parts, "; ")
}

// normKey compares names loosely for explanations: letters and digits only,
// in lower case.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Triage statuses a user can set for a model, version and advisory.
const (
	TriageNotAffected  = FindingNotAffected
	TriageFixed        = FindingFixed
	TriageAffected     = FindingAffected
	TriageInvestigate  = FindingUnderInvestigation
	TriageRiskAccepted = "risk_accepted"
)

// VEX justifications for not_affected, after CSAF's flags.
var VEXJustifications = []string{
	"component_not_present", "vulnerable_code_not_present", "vulnerable_code_cannot_be_controlled_by_adversary",
	"vulnerable_code_not_in_execute_path", "inline_mitigations_already_exist",
}

// Triage states: whether a recorded decision still applies.
const (
	// TriageCurrent: the decision applies.
	TriageCurrent = "current"
	// TriageExpired: the decision's expiry date has passed; the finding
	// has its computed status again.
	TriageExpired = "expired"
	// TriageReopened: the advisory was revised after the decision; the
	// finding has its computed status again. A reopened decision that has
	// also expired is reopened.
	TriageReopened = "reopened"
)

// Triage is a user's decision about an advisory for every unit of a model
// running one software version. It lapses when it expires (after the day
// Expires), and reopens when the advisory is revised (AdvisoryRevision no
// longer current); State says which, when a finding lists it.
type Triage struct {
	ID               int64     `json:"id"`
	ModelID          int64     `json:"model_id"`
	SoftwareVersion  string    `json:"software_version"`
	AdvisoryID       int64     `json:"advisory_db_id"`
	Status           string    `json:"status"`
	Justification    string    `json:"justification"`
	Comment          string    `json:"comment,omitempty"`
	Expires          Date      `json:"expires"`
	AdvisoryRevision string    `json:"advisory_revision"`
	Actor            Actor     `json:"actor"`
	At               time.Time `json:"at"`
	// State is TriageCurrent, TriageExpired or TriageReopened, as of the
	// day the finding was listed or the decision recorded.
	State string `json:"state"`
}

// FindingFilter selects findings.
type FindingFilter struct {
	ID          int64    // one computed finding, listed for each of its devices
	Statuses    []string // default: the open ones
	AdvisoryID  int64
	Advisory    string // tracking ID or CVE ID
	DeviceID    int64
	ModelID     int64
	FacilityIDs []int64
	KEV         bool // only findings with a CVE in the KEV catalog
	After       string
	Limit       int
	// Brief leaves out the evidence, explanation and triage record, for
	// listings that only rank findings.
	Brief bool
}

// FindingService lists findings and records triage.
type FindingService interface {
	// EachFinding streams the per-device findings matching f.
	EachFinding(ctx context.Context, f FindingFilter, fn func(*Finding) error) error
	// FindFindings returns a page of per-device findings.
	FindFindings(ctx context.Context, f FindingFilter) (*Page[Finding], error)
	// SetTriage records a decision for every unit of a model and version
	// against an advisory. EINVALID for no model or advisory, a bad status,
	// a not_affected without a justification, a risk acceptance without an
	// expiry, or an expiry already past; ENOTFOUND for an unknown model or
	// advisory.
	SetTriage(ctx context.Context, t *Triage) error
}
