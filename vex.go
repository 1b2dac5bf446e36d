package ward

import (
	"context"
	"time"
)

// VEXFilter names the product of a VEX export: a model, by ID or by its
// manufacturer's and its own name (aliases and model numbers count), at
// one software version.
type VEXFilter struct {
	ModelID      int64  `json:"model_id"`
	Manufacturer string `json:"manufacturer"`
	Model        string `json:"model"`
	Version      string `json:"version"`
}

// VEXProduct is what a VEX document speaks about: one model at one
// software version, with the number of active units that run it.
type VEXProduct struct {
	ManufacturerID int64    `json:"manufacturer_id"`
	Manufacturer   string   `json:"manufacturer"`
	ModelID        int64    `json:"model_id"`
	Model          string   `json:"model"`
	ModelNumbers   []string `json:"model_numbers"`
	DeviceType     string   `json:"device_type"`
	Version        string   `json:"version"`
	Devices        int      `json:"devices"`
}

// VEXStatement is Ward's position on one advisory for a VEX product: the
// finding of the model and version, the triage decision recorded for it
// (whether or not it still applies; Triage.State says), and the catalog
// patches that apply to the version and fix the finding.
type VEXStatement struct {
	FindingID        int64  `json:"finding_id"`
	AdvisoryID       int64  `json:"advisory_db_id"`
	Source           string `json:"source"`
	AdvisoryRef      string `json:"advisory_id"`
	AdvisoryTitle    string `json:"advisory_title"`
	AdvisoryRevision string `json:"advisory_revision"`
	// CVEs are the finding's own CVEs (a VEX document of the manufacturer
	// may have cleared others of the advisory).
	CVEs []string `json:"cves"`
	// Status is the effective status (a current decision replaces the
	// computed one, except a risk acceptance, which keeps it).
	Status         string    `json:"status"`
	ComputedStatus string    `json:"computed_status"`
	Confidence     string    `json:"confidence"`
	Explanation    string    `json:"explanation"`
	Triage         *Triage   `json:"triage,omitempty"`
	Patches        []Patch   `json:"patches"`
	FirstSeen      time.Time `json:"first_seen"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// VEXReport is everything a VEX export of one product rests on.
type VEXReport struct {
	Product    VEXProduct     `json:"product"`
	Statements []VEXStatement `json:"statements"`
}

// VEXService reads what Ward knows about one product for a VEX export.
type VEXService interface {
	// FindVEX returns the findings of a model at a version (the group
	// findings every unit shares; a device's own SBOM findings are not
	// the model's) with their triage and fixing patches, ordered by
	// advisory. EINVALID without a version or a model, ENOTFOUND for an
	// unknown manufacturer or model, or a version no unit runs and no
	// finding concerns.
	FindVEX(ctx context.Context, f VEXFilter) (*VEXReport, error)
}
