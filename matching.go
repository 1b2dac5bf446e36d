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

// Digest is a hash of what the finding says (status, confidence, CVEs and
// evidence), never 0, so a store can tell a changed finding from an
// unchanged one without reading it back.
func (f *GroupFinding) Digest() uint64 {
	h := digest(offset64)
	e := &f.Evidence
	h = h.add(f.Status).add(f.Confidence).end()
	for _, c := range f.CVEs {
		h = h.add(c)
	}
	h = h.end()
	for _, s := range [...]string{e.Manufacturer, e.Vendor, e.VendorHow, e.Model, e.ModelAlias, e.Product, e.ProductHow,
		e.Component, e.Expression, e.Version, e.VersionHow, e.VEX} {
		h = h.add(s)
	}
	h = h.end()
	for _, k := range e.ProductKeys {
		h = h.add(k)
	}
	if d := uint64(h.end()); d != 0 {
		return d
	}
	return 1
}

// digest is FNV-1a over strings, each followed by a 0 byte and each list
// by a 1 byte, so that ("ab", "") and ("a", "b") differ. It is written out
// rather than taken from hash/fnv to avoid a []byte copy per string.
type digest uint64

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

func (h digest) add(s string) digest {
	for i := 0; i < len(s); i++ {
		h = (h ^ digest(s[i])) * prime64
	}
	return h * prime64 // ^ 0
}

func (h digest) end() digest { return (h ^ 1) * prime64 }

// FindingBatch is the matcher's verdict on some groups: every finding of
// each listed group. A listed group without findings has none any more.
type FindingBatch struct {
	Groups   []GroupKey
	Findings []GroupFinding
}

// FindingSource yields finding batches, as the matcher produces them, so
// a full match never holds every finding at once. Next returns io.EOF
// after the last batch.
type FindingSource interface {
	Next() (*FindingBatch, error)
}

// FindingScope bounds what ReplaceFindings replaces. With AdvisoryIDs, the
// findings of those advisories, whatever their group; otherwise the
// findings of the groups the batches list, which are then marked matched.
type FindingScope struct {
	AdvisoryIDs []int64
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
	// VEXRelated returns the advisories sharing a CVE with one of ids
	// where one of the two is a VEX document, which must be re-matched
	// with them.
	VEXRelated(ctx context.Context, ids []int64) ([]int64, error)
	// EachCandidateAdvisory streams the advisories matching f, whole.
	EachCandidateAdvisory(ctx context.Context, f CandidateFilter, fn func(*Advisory) error) error
	// ReplaceFindings makes the findings src yields the stored findings
	// within scope, keeping the first-seen time of those that remain, and
	// (unless scope lists advisories) marks the groups listed as matched.
	ReplaceFindings(ctx context.Context, scope FindingScope, src FindingSource) (*FindingChanges, error)
}
