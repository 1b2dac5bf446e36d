package ward

import "context"

// GroupKey names an inventory group: every unit of a model running one
// software version, or (DeviceID set) one device matched on its own
// because it has an SBOM of its own.
type GroupKey struct {
	ModelID         int64  `json:"model_id"`
	SoftwareVersion string `json:"software_version"`
	DeviceID        int64  `json:"device_id,omitempty"`
}

// InventoryGroup is what the matcher needs to know about a group.
type InventoryGroup struct {
	GroupKey
	ManufacturerID int64
	Manufacturer   string
	Model          string
	Aliases        []string
	ModelNumbers   []string
	CPE            string
	Components     []Component
}

// Identifier is a product identifier advisories and inventory are indexed
// by: Kind "cpe" with Key "vendor:product", or Kind "purl" with Key
// "type/namespace/name".
type Identifier struct {
	Kind string
	Key  string
}

// GroupFilter selects inventory groups. Zero fields do not filter; the
// fields that are set combine with OR, so a new advisory's candidates are
// the groups of its vendors' manufacturers or with its identifiers.
type GroupFilter struct {
	ManufacturerIDs []int64
	ModelIDs        []int64
	Identifiers     []Identifier
	Keys            []GroupKey
	// Unmatched selects only groups the matcher has not seen since they
	// appeared or their model's identity changed.
	Unmatched bool
}

// CandidateFilter selects the advisories a match must consider: those
// whose product vendors resolve to the given manufacturers or that carry
// the given identifiers, or the listed ones, or all.
type CandidateFilter struct {
	All             bool
	AdvisoryIDs     []int64
	ManufacturerIDs []int64
	Identifiers     []Identifier
}

// GroupFinding is a finding as the matcher computes it, per group.
type GroupFinding struct {
	GroupKey
	AdvisoryID int64
	Status     string
	Confidence string
	CVEs       []string
	Evidence   Evidence
}

// FindingScope bounds what ReplaceFindings replaces: findings of the
// listed advisories, of the listed groups, or all.
type FindingScope struct {
	All         bool
	AdvisoryIDs []int64
	Groups      []GroupKey
}

// FindingChanges counts what ReplaceFindings did.
type FindingChanges struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Removed   int `json:"removed"`
	Unchanged int `json:"unchanged"`
}

// MatchStore is what the matcher needs from storage.
type MatchStore interface {
	// FindInventoryGroups returns the groups matching f, with their
	// model's names and SBOM components.
	FindInventoryGroups(ctx context.Context, f GroupFilter) ([]InventoryGroup, error)
	// EachCandidateAdvisory streams the advisories matching f, whole.
	EachCandidateAdvisory(ctx context.Context, f CandidateFilter, fn func(*Advisory) error) error
	// ReplaceFindings makes findings the stored findings within scope,
	// keeping the first-seen time of those that remain, and marks the
	// groups of scope as matched.
	ReplaceFindings(ctx context.Context, scope FindingScope, findings []GroupFinding) (*FindingChanges, error)
}
