package ward

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Recall match statuses: where the work a recall asks for stands on one
// device. The matcher says open (the recall concerns the device) or
// not_applicable (its lists of serials, lots, identifiers or dates leave
// the device out). A recall work order linked to the recall moves the
// match to in_progress while it is open and to completed when it is
// completed. A user may set any status, with a note; the later of a
// user's status and a linked work order's last change wins.
const (
	RecallOpen          = "open"
	RecallInProgress    = "in_progress"
	RecallCompleted     = "completed"
	RecallNotApplicable = "not_applicable"
	// RecallOutstanding is not a status but a filter: open or in progress.
	RecallOutstanding = "outstanding"
)

// RecallMatchStatuses lists the statuses of a recall match.
var RecallMatchStatuses = []string{RecallOpen, RecallInProgress, RecallCompleted, RecallNotApplicable}

// Sources of a match's status.
const (
	RecallStatusFromMatcher   = "matcher"
	RecallStatusFromUser      = "user"
	RecallStatusFromWorkOrder = "work_order"
)

// NormalizeRecallStatuses checks a status filter, expanding "outstanding"
// to open and in_progress and accepting "closed" for completed. It returns
// EINVALID for an unknown status.
func NormalizeRecallStatuses(in []string) ([]string, error) {
	var out []string
	for _, s := range in {
		switch s = strings.ToLower(strings.TrimSpace(s)); s {
		case RecallOutstanding:
			out = append(out, RecallOpen, RecallInProgress)
		case "closed", "done":
			out = append(out, RecallCompleted)
		case "in progress", "in-progress":
			out = append(out, RecallInProgress)
		case "not applicable", "not-applicable", "n/a":
			out = append(out, RecallNotApplicable)
		default:
			if !slices.Contains(RecallMatchStatuses, s) {
				return nil, Errorf(EINVALID, "recall status %q is not one of %s, outstanding", s, strings.Join(RecallMatchStatuses, ", "))
			}
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Recall match confidence, from strongest to weakest.
const (
	// RecallExact: the device's serial number, lot or UDI device
	// identifier is among those the recall lists.
	RecallExact = "exact_serial_or_udi"
	// RecallModelNumber: one of the model's numbers appears in the recall.
	RecallModelNumber = "model_number"
	// RecallModelName: one of the model's names appears in the recall.
	RecallModelName = "model_name"
	// RecallProductCode: only the FDA product code and the firm match;
	// the recall names no model Ward knows of that manufacturer.
	RecallProductCode = "product_code_and_firm"
)

// RecallConfidences lists the confidence levels, strongest first.
var RecallConfidences = []string{RecallExact, RecallModelNumber, RecallModelName, RecallProductCode}

// RecallMatch says how one recall concerns one device, why, and where its
// work stands. ComputedStatus is the matcher's verdict; Status is the
// effective one, from StatusSource.
type RecallMatch struct {
	ID             int64  `json:"id"`
	RecallID       int64  `json:"recall_id"`
	RecallNumber   string `json:"recall_number"`
	DeviceID       int64  `json:"device_id"`
	AssetTag       string `json:"asset_tag"`
	Status         string `json:"status"`
	StatusSource   string `json:"status_source"`
	ComputedStatus string `json:"computed_status"`
	Confidence     string `json:"confidence"`
	Explanation    string `json:"explanation"`

	Classification string `json:"classification"`
	Firm           string `json:"recalling_firm"`
	ProductCode    string `json:"product_code"`
	FDAStatus      string `json:"fda_status"`
	Reason         string `json:"reason_for_recall"`

	Manufacturer string `json:"manufacturer"`
	Model        string `json:"model"`
	Serial       string `json:"serial"`
	FacilityID   int64  `json:"facility_id,omitempty"`
	Facility     string `json:"facility"`
	// OwnerTeam answers for the recall work on the device: the device's
	// own team, else the responsibility matrix's recall rule for its type,
	// else its rule for any type; empty when unowned.
	OwnerTeam string `json:"owner_team"`

	// UserStatus is the status a user last set, with the note, when any.
	UserStatus *RecallStatusNote `json:"user_status,omitempty"`
	// WorkOrder is the linked work order that sets the status, when any.
	WorkOrder *RecallWorkOrder `json:"work_order,omitempty"`

	FirstSeen time.Time `json:"first_seen"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RecallStatusNote is a status a user set on a match: who, when and why.
type RecallStatusNote struct {
	Status string    `json:"status"`
	Note   string    `json:"note"`
	Actor  Actor     `json:"actor"`
	At     time.Time `json:"at"`
}

// RecallWorkOrder is the work order on a match's device that links the
// recall (link kind "recall", by recall ID or number).
type RecallWorkOrder struct {
	ID        int64  `json:"id"`
	Number    string `json:"number"`
	Status    string `json:"status"`
	Completed Date   `json:"completed,omitzero"`
}

// RecallMatchFilter selects recall matches. Zero fields do not filter.
type RecallMatchFilter struct {
	Statuses    []string // see NormalizeRecallStatuses; "outstanding" is open or in progress
	Confidences []string
	RecallID    int64
	Recall      string // recall number
	DeviceID    int64
	AssetTag    string
	FacilityIDs []int64
	After       string
	Limit       int
}

// RecallStatusChange sets the status of one match, named by MatchID, or
// by DeviceID (or AssetTag) and RecallID (or Recall, its number).
type RecallStatusChange struct {
	MatchID  int64
	DeviceID int64
	AssetTag string
	RecallID int64
	Recall   string
	// Status is open, in_progress, completed (or "closed") or
	// not_applicable.
	Status string
	// Note says what was done or found; required.
	Note string
}

// RecallMatchService lists recall matches and tracks their work.
type RecallMatchService interface {
	// FindRecallMatches returns a page of matches in ID order; EINVALID
	// for a bad status, confidence or cursor.
	FindRecallMatches(ctx context.Context, f RecallMatchFilter) (*Page[RecallMatch], error)
	// EachRecallMatch streams the matches of f (ignoring After and Limit)
	// in ID order in one read transaction; fn's error stops it.
	EachRecallMatch(ctx context.Context, f RecallMatchFilter, fn func(*RecallMatch) error) error
	// SetRecallStatus records a user's status and note on a match, with
	// the actor of ctx, and returns the match. ENOTFOUND for an unknown
	// match, EINVALID for a bad status or a missing note.
	SetRecallStatus(ctx context.Context, c RecallStatusChange) (*RecallMatch, error)
}

// RecallUnit is what the matcher needs to know about one device.
type RecallUnit struct {
	DeviceID        int64
	ModelID         int64
	ManufacturerID  int64
	Serial          string
	UDI             string
	UDIDI           string
	AcquisitionDate Date
}

// RecallUnitFilter selects devices: those of the models, those whose UDI
// device identifier is listed, and those listed (combined with OR).
type RecallUnitFilter struct {
	ModelIDs  []int64
	UDIDIs    []string
	DeviceIDs []int64
}

// RecallVerdict is the matcher's verdict on one recall: the manufacturer
// its firm resolves to, what its text says, and its matches among the
// devices in scope.
type RecallVerdict struct {
	RecallID       int64
	ManufacturerID int64
	Scope          RecallScope
	Matches        []ComputedRecallMatch
}

// RecallVerdictSource yields verdicts as the matcher makes them, so a
// large match never holds them all; Next returns io.EOF after the last.
type RecallVerdictSource interface {
	Next() (*RecallVerdict, error)
}

// ComputedRecallMatch is one match as the matcher computes it.
type ComputedRecallMatch struct {
	DeviceID    int64
	Status      string // RecallOpen or RecallNotApplicable
	Confidence  string
	Explanation string
}

// RecallMatchScope bounds what ReplaceRecallMatches replaces: the matches
// of the recalls of the verdicts (and of RecallIDs, which may have none),
// or, with DeviceIDs, only those of the listed devices.
type RecallMatchScope struct {
	RecallIDs []int64
	DeviceIDs []int64
	All       bool
}

// RecallMatchChanges counts what ReplaceRecallMatches did.
type RecallMatchChanges struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
}

// RecallCandidateFilter selects recalls: the listed ones, those of the
// manufacturers, those listing the UDI device identifiers (combined with
// OR), or all.
type RecallCandidateFilter struct {
	RecallIDs       []int64
	ManufacturerIDs []int64
	UDIDIs          []string
	All             bool
}

// RecallMatchStore is what recall matching needs from storage.
type RecallMatchStore interface {
	// EachCandidateRecall streams the recalls f selects, in ID order.
	EachCandidateRecall(ctx context.Context, f RecallCandidateFilter, fn func(*Recall) error) error
	// RecallModels returns the catalog models of the manufacturers, with
	// their names, aliases, numbers and product codes.
	RecallModels(ctx context.Context, manufacturerIDs []int64) ([]Model, error)
	// EachRecallUnit streams the devices f selects in ID order.
	EachRecallUnit(ctx context.Context, f RecallUnitFilter, fn func(*RecallUnit) error) error
	// ReplaceRecallMatches makes the verdicts the stored matches within
	// scope, in one transaction, keeping the IDs, first-seen times and
	// user statuses of those that remain; a match a user set a status on
	// that no longer matches is kept, as the matcher last saw it. Each
	// verdict also records its recall's manufacturer and scope.
	ReplaceRecallMatches(ctx context.Context, scope RecallMatchScope, src RecallVerdictSource) (*RecallMatchChanges, error)
}
