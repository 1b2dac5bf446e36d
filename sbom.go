package ward

import (
	"context"
	"time"
)

// SBOM formats.
const (
	SBOMCycloneDX = "cyclonedx"
	SBOMSPDX      = "spdx"
)

// SBOM is a software bill of materials attached either to a model and
// software version (every unit running that version) or to one device.
type SBOM struct {
	ID          int64  `json:"id"`
	Format      string `json:"format"`
	SpecVersion string `json:"spec_version"`
	Name        string `json:"name"`
	// Serial is the document's serial number or namespace, when it has one.
	Serial string `json:"serial,omitempty"`
	// What the SBOM describes: a model and version, or one device.
	ModelID         int64       `json:"model_id,omitempty"`
	SoftwareVersion string      `json:"software_version,omitempty"`
	DeviceID        int64       `json:"device_id,omitempty"`
	Components      []Component `json:"components"`
	SHA256          string      `json:"sha256,omitempty"`
	ImportedAt      time.Time   `json:"imported_at,omitzero"`
}

// Component is one software component of an SBOM.
type Component struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Supplier string `json:"supplier,omitempty"`
	CPE      string `json:"cpe,omitempty"`
	PURL     string `json:"purl,omitempty"`
	Type     string `json:"type,omitempty"` // library, application, operating-system, firmware, …
	// Ref is the component's identifier within the document (bom-ref or
	// SPDXID), so findings can point back into it.
	Ref string `json:"ref,omitempty"`
}

// SBOMService stores SBOMs.
type SBOMService interface {
	// SaveSBOM stores an SBOM for its model and version or its device,
	// replacing an earlier SBOM of the same target. EINVALID unless exactly
	// one target is set; ENOTFOUND for an unknown model or device.
	SaveSBOM(ctx context.Context, s *SBOM) error
	// FindSBOMs returns the SBOMs of a device: its own and its model and
	// version's.
	FindSBOMs(ctx context.Context, deviceID int64) ([]SBOM, error)
}
