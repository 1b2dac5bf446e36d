package ward

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Lifecycle recommendations: what to do with a device, from doing nothing
// to taking it out of the fleet.
const (
	// LifecycleKeep: the device is within its life and supported; nothing
	// argues for a change.
	LifecycleKeep = "keep"
	// LifecycleUpgrade: keep the device but bring it up to date: apply an
	// outstanding recall's correction, or get the manufacturer's fix or
	// upgrade path for critical vulnerabilities it has no patch for.
	LifecycleUpgrade = "upgrade"
	// LifecycleReplace: budget a replacement: the device is past its
	// expected life or the manufacturer's support, parts are gone, or
	// keeping it costs too much against a new one.
	LifecycleReplace = "replace"
	// LifecycleDispose: take it out of the fleet without a like-for-like
	// replacement: it is retired, or unused and not worth moving.
	LifecycleDispose = "dispose"
	// LifecycleReallocate: the device is serviceable but unused where it
	// is; move it to a unit that needs it.
	LifecycleReallocate = "reallocate"
)

// LifecycleRecommendations lists the recommendations, from the least to
// the most drastic.
var LifecycleRecommendations = []string{LifecycleKeep, LifecycleUpgrade, LifecycleReallocate, LifecycleReplace, LifecycleDispose}

// Lifecycle reason codes. Each reason says what it is about (Code), what
// it argues for (Suggests: a recommendation, or "" for a plain fact) and,
// in words, why.
const (
	ReasonRetired             = "retired"              // status retired
	ReasonUnused              = "unused"               // in service but not seen for a long time
	ReasonAge                 = "age"                  // age against expected life (a fact)
	ReasonAgeUnknown          = "age_unknown"          // no acquisition date or expected life
	ReasonNearEndOfLife       = "near_end_of_life"     // most of the expected life used
	ReasonEndOfLife           = "end_of_life"          // expected life used up
	ReasonSupportEnding       = "support_ending"       // OEM support ends soon
	ReasonEndOfSupport        = "end_of_support"       // OEM support has ended
	ReasonPartsLimited        = "parts_limited"        // parts are hard to get
	ReasonPartsUnavailable    = "parts_unavailable"    // parts are no longer available
	ReasonOpenRecall          = "open_recall"          // outstanding FDA recalls
	ReasonRepairToReplace     = "repair_to_replace"    // repair cost of 12 months against replacement cost
	ReasonDowntime            = "downtime"             // downtime of 12 months
	ReasonUnpatchableCritical = "unpatchable_critical" // critical open findings no validated patch fixes
	ReasonPatchAvailable      = "patch_available"      // open findings a validated patch fixes
	ReasonMitigationCost      = "mitigation_cost"      // cost of mitigating against cost of replacing
)

// LifecycleReason is one reason of a recommendation.
type LifecycleReason struct {
	Code     string `json:"code"`
	Suggests string `json:"suggests,omitempty"` // the recommendation it argues for; "" for a fact
	Text     string `json:"text"`
}

// LifecycleRecommendation is the lifecycle decision for one device, with
// the reasons and the figures it was taken from.
type LifecycleRecommendation struct {
	DeviceID        int64             `json:"device_id"`
	AssetTag        string            `json:"asset_tag"`
	Recommendation  string            `json:"recommendation"`
	Reasons         []LifecycleReason `json:"reasons"`
	FacilityID      int64             `json:"facility_id,omitempty"`
	Facility        string            `json:"facility"`
	ManufacturerID  int64             `json:"manufacturer_id"`
	Manufacturer    string            `json:"manufacturer"`
	ModelID         int64             `json:"model_id"`
	Model           string            `json:"model"`
	DeviceType      string            `json:"device_type"`
	SoftwareVersion string            `json:"software_version"`
	Status          string            `json:"status"`

	// AgeYears is the age from the acquisition date (nil when unknown);
	// EndOfLife is the acquisition date plus the model's expected life.
	AgeYears          *float64 `json:"age_years"`
	ExpectedLifeYears int      `json:"expected_life_years,omitempty"`
	EndOfLife         Date     `json:"end_of_life"`
	EndOfSupport      Date     `json:"end_of_support"`
	Parts             string   `json:"parts,omitempty"`
	// DueYear is the year a replacement falls due: the earlier of the
	// policy's replacement age and the end of support; this year when
	// either has passed or the recommendation is to replace; 0 when
	// neither is known.
	DueYear int `json:"due_year,omitempty"`

	OpenRecalls   int `json:"open_recalls"`
	ClassIRecalls int `json:"class_i_recalls"`

	// Repair figures cover the last 12 months: corrective repair orders
	// (not cancelled), their cost and the downtime they recorded.
	RepairOrders  int     `json:"repair_orders_12m"`
	RepairCost    Money   `json:"repair_cost_12m"`
	DowntimeHours float64 `json:"downtime_hours_12m"`
	// ReplacementCost is the model's replacement cost, else the device's
	// acquisition cost (ReplacementCostSource "model" or "acquisition").
	ReplacementCost       Money  `json:"replacement_cost"`
	ReplacementCostSource string `json:"replacement_cost_source,omitempty"`
	// RepairToReplace is RepairCost / ReplacementCost (nil without a
	// replacement cost).
	RepairToReplace *float64 `json:"repair_to_replace"`

	OpenFindings        int `json:"open_findings"`
	PatchableFindings   int `json:"patchable_findings"`
	UnpatchableCritical int `json:"unpatchable_critical"`
	// MitigationHours estimates the labour of dealing with the open
	// findings (patch installs, other mitigation); MitigationCost adds
	// the labour cost and the repair cost of the last 12 months.
	MitigationHours float64 `json:"mitigation_hours"`
	MitigationCost  Money   `json:"mitigation_cost"`

	LastSeen   time.Time `json:"last_seen,omitzero"`
	DaysUnseen *int      `json:"days_unseen"`

	// Details name what the counts count; filled for one device.
	Details *LifecycleDetails `json:"details,omitempty"`
}

// LifecycleDetails name the recalls, findings and work orders behind one
// device's recommendation.
type LifecycleDetails struct {
	Recalls             []string `json:"recalls"`              // outstanding recall numbers
	UnpatchableCritical []string `json:"unpatchable_critical"` // advisory IDs (with CVSS) no patch fixes
	Patchable           []string `json:"patchable"`            // advisory IDs a validated patch fixes
	RepairOrders        []string `json:"repair_orders"`        // work order numbers of the last 12 months
}

// LifecycleFilter selects devices for a lifecycle listing. Zero fields do
// not filter. Retired devices are listed (they are to be disposed of);
// disposed ones are not.
type LifecycleFilter struct {
	FacilityIDs     []int64
	Recommendations []string
	ModelID         int64
	DeviceID        int64
	After           string // cursor from the previous page
	Limit           int    // page size; default 100, at most 1000
}

// Validate returns EINVALID for an unknown recommendation.
func (f *LifecycleFilter) Validate() error {
	for _, r := range f.Recommendations {
		if !slices.Contains(LifecycleRecommendations, r) {
			return Errorf(EINVALID, "recommendation %q is not one of %s", r, strings.Join(LifecycleRecommendations, ", "))
		}
	}
	return nil
}

// Wants reports whether the filter lists a device recommended rec.
func (f *LifecycleFilter) Wants(rec string) bool {
	return len(f.Recommendations) == 0 || slices.Contains(f.Recommendations, rec)
}

// LifecycleService computes lifecycle recommendations and the capital
// plan, and keeps the lifecycle policy.
type LifecycleService interface {
	// FindLifecyclePolicy returns the policy (DefaultLifecyclePolicy
	// until one is set).
	FindLifecyclePolicy(ctx context.Context) (*LifecyclePolicy, error)
	// SetLifecyclePolicy replaces the policy and sets its Actor and At;
	// EINVALID for a bad threshold.
	SetLifecyclePolicy(ctx context.Context, p *LifecyclePolicy) error
	// FindLifecycle returns a page of recommendations, facility by
	// facility; EINVALID for a bad filter or cursor.
	FindLifecycle(ctx context.Context, f LifecycleFilter) (*Page[LifecycleRecommendation], error)
	// EachLifecycle streams the recommendations f selects (its Limit is
	// ignored) in the order of FindLifecycle, stopping at fn's first error.
	EachLifecycle(ctx context.Context, f LifecycleFilter, fn func(*LifecycleRecommendation) error) error
	// FindDeviceLifecycle returns one device's recommendation with its
	// details; ENOTFOUND for an unknown or disposed device.
	FindDeviceLifecycle(ctx context.Context, deviceID int64) (*LifecycleRecommendation, error)
	// FindCapitalPlan returns the capital plan of the devices f selects;
	// EINVALID for a bad filter.
	FindCapitalPlan(ctx context.Context, f CapitalFilter) (*CapitalPlan, error)
}
