package ward

import (
	"context"
	"time"
)

// OEM validation statuses of a patch.
const (
	// PatchValidated: the manufacturer has validated the patch for
	// clinical use; only validated patches make a device patch-ready.
	PatchValidated = "validated"
	// PatchPending: announced or released, validation not finished.
	PatchPending = "pending"
	// PatchRejected: the manufacturer withdrew it or refused it for this
	// model.
	PatchRejected = "rejected"
)

// PatchStatuses lists the validation statuses.
var PatchStatuses = []string{PatchValidated, PatchPending, PatchRejected}

// Patch is one entry of the OEM patch catalog: a software release a
// manufacturer provides for one model, the versions it may be installed
// on, what it fixes, and whether the manufacturer has validated it.
type Patch struct {
	ID             int64  `json:"id"`
	ManufacturerID int64  `json:"manufacturer_id"`
	Manufacturer   string `json:"manufacturer"`
	ModelID        int64  `json:"model_id"`
	Model          string `json:"model"`
	// AppliesTo is a version expression in the syntax of advisories
	// ("<= 2.3", "< 1.6.1", "1.5 | 1.6", "Rev J-M", "all versions"),
	// read by the version package: a device's version must be inside it
	// (and below InstallsVersion) for the patch to apply.
	AppliesTo       string `json:"applies_to"`
	InstallsVersion string `json:"installs_version"`
	// Advisories are the tracking IDs (ICSMA-20-254-01) and CVEs the CVE
	// IDs the patch fixes; a finding is fixed when its advisory is listed
	// or one of its own CVEs is.
	Advisories []string `json:"advisories"`
	CVEs       []string `json:"cves"`
	Status     string   `json:"status"`
	// Date is the release (or validation) date.
	Date Date `json:"date"`
	// Reference is the manufacturer's document (a URL or a title) and
	// ReferenceSHA256 its hash, so a technician can check the copy used.
	Reference        string `json:"reference"`
	ReferenceSHA256  string `json:"reference_sha256"`
	Notes            string `json:"notes"`
	InstallMinutes   int    `json:"install_minutes"`
	RequiresDowntime bool   `json:"requires_downtime"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PatchFilter selects catalog entries.
type PatchFilter struct {
	ManufacturerID int64
	ModelID        int64
	Status         string
	Fixes          string // an advisory tracking ID or CVE ID the patch fixes
	After          string
	Limit          int
}

// PatchUpdate changes a catalog entry; nil fields are left alone.
type PatchUpdate struct {
	AppliesTo        *string   `json:"applies_to"`
	InstallsVersion  *string   `json:"installs_version"`
	Advisories       *[]string `json:"advisories"`
	CVEs             *[]string `json:"cves"`
	Status           *string   `json:"status"`
	Date             *Date     `json:"date"`
	Reference        *string   `json:"reference"`
	ReferenceSHA256  *string   `json:"reference_sha256"`
	Notes            *string   `json:"notes"`
	InstallMinutes   *int      `json:"install_minutes"`
	RequiresDowntime *bool     `json:"requires_downtime"`
}

// PatchRecord is one catalog entry as an import file gives it: the patch
// with its manufacturer and model by name, where it is in the file, and
// what is wrong with it. A record with Problems is never written.
type PatchRecord struct {
	Line     int
	Patch    Patch
	Raw      []string
	Problems []FieldProblem
}

// PatchBatch is a whole catalog file, read and checked field by field.
// Columns names, per canonical field (manufacturer, model, applies_to,
// installs_version, …), the file's own name for it, so problems found
// while storing name the column as the file does.
type PatchBatch struct {
	Name    string
	Header  []string
	Columns map[string]string
	Records []PatchRecord
}

// Column returns the file's name for a canonical field, or the field.
func (b *PatchBatch) Column(field string) string {
	if c := b.Columns[field]; c != "" {
		return c
	}
	return field
}

// PatchImportResult counts what a catalog import did.
type PatchImportResult struct {
	Read      int        `json:"read"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Rejected  []RowError `json:"rejected"`
}

// PatchReadyFilter selects the patch-ready queue.
type PatchReadyFilter struct {
	FacilityIDs []int64
	TeamID      int64 // the team doing the patch work
	ModelID     int64
}

// PatchReadyGroup is one line of the patch-ready queue: the devices of one
// model in one department that have an OEM-validated patch for an open
// finding, and the team that does their patch work.
type PatchReadyGroup struct {
	ModelID      int64  `json:"model_id"`
	Manufacturer string `json:"manufacturer"`
	Model        string `json:"model"`
	DeviceType   string `json:"device_type"`
	FacilityID   int64  `json:"facility_id"`
	Facility     string `json:"facility"`
	Department   string `json:"department"`
	TeamID       int64  `json:"team_id"`
	Team         string `json:"team"`
	Devices      int    `json:"devices"`
	// Versions are the software versions the devices run now; Patches
	// the catalog entries chosen for them, with the version each installs.
	Versions   []string     `json:"versions"`
	Patches    []PatchOffer `json:"patches"`
	Advisories []string     `json:"advisories"`
	CVEs       []string     `json:"cves"`
	// InstallMinutes is the estimated work for all the group's devices.
	InstallMinutes   int  `json:"install_minutes"`
	RequiresDowntime bool `json:"requires_downtime"`
	// Ordered counts the devices that already have an open patch work
	// order; a schedule leaves them alone.
	Ordered int `json:"ordered"`
}

// PatchOffer names a catalog entry offered to a device or group.
type PatchOffer struct {
	PatchID         int64  `json:"patch_id"`
	InstallsVersion string `json:"installs_version"`
	Devices         int    `json:"devices,omitempty"`
}

// PatchReadyDevice is one device of the patch-ready queue with the patch
// chosen for it and the open findings that patch fixes.
type PatchReadyDevice struct {
	DeviceID        int64  `json:"device_id"`
	AssetTag        string `json:"asset_tag"`
	ModelID         int64  `json:"model_id"`
	Manufacturer    string `json:"manufacturer"`
	Model           string `json:"model"`
	DeviceType      string `json:"device_type"`
	SoftwareVersion string `json:"software_version"`
	FacilityID      int64  `json:"facility_id"`
	Facility        string `json:"facility"`
	LocationID      int64  `json:"location_id"`
	Department      string `json:"department"`
	TeamID          int64  `json:"team_id"`
	Team            string `json:"team"`
	PatchID         int64  `json:"patch_id"`
	InstallsVersion string `json:"installs_version"`
	// FindingIDs are the group findings the patch closes.
	FindingIDs       []int64  `json:"finding_ids"`
	Advisories       []string `json:"advisories"`
	CVEs             []string `json:"cves"`
	InstallMinutes   int      `json:"install_minutes"`
	RequiresDowntime bool     `json:"requires_downtime"`
	// UnitFleet is the number of active units of the device's model in
	// its care unit (facility and department), ready or not: the base of
	// the share a patch schedule may take out of service at once.
	UnitFleet int `json:"unit_fleet"`
	// WorkOrder is the number of an open patch work order of the device,
	// if it has one.
	WorkOrder string `json:"work_order,omitempty"`
}

// PatchWorkLoad counts the open patch work orders of one model's units in
// one care unit (facility and department) scheduled for one day (zero:
// not scheduled): units that are, or will be, out of service for patching.
type PatchWorkLoad struct {
	ModelID    int64  `json:"model_id"`
	FacilityID int64  `json:"facility_id"`
	Department string `json:"department"`
	Scheduled  Date   `json:"scheduled"`
	Devices    int    `json:"devices"`
}

// PatchService keeps the OEM patch catalog and lists the devices it can
// fix now.
type PatchService interface {
	// FindPatches returns a page of catalog entries ordered by
	// manufacturer, model and ID; EINVALID for a bad status or cursor.
	FindPatches(ctx context.Context, f PatchFilter) (*Page[Patch], error)
	// FindPatch returns one entry; ENOTFOUND if there is none.
	FindPatch(ctx context.Context, id int64) (*Patch, error)
	// CreatePatch adds an entry for the model p.Model of the manufacturer
	// p.Manufacturer (resolved through aliases, or by p.ModelID) and sets
	// p's ID and names. EINVALID for bad fields, ENOTFOUND for an unknown
	// manufacturer or model, ECONFLICT when the model already has an
	// entry installing the same version.
	CreatePatch(ctx context.Context, p *Patch) error
	// UpdatePatch applies upd; ENOTFOUND for an unknown entry, EINVALID
	// for bad values, ECONFLICT for a clash of installed versions.
	UpdatePatch(ctx context.Context, id int64, upd PatchUpdate) (*Patch, error)
	// DeletePatch removes an entry; ENOTFOUND if there is none.
	DeletePatch(ctx context.Context, id int64) error
	// ImportPatches upserts a catalog file by (manufacturer, model,
	// installed version) in one transaction: all or nothing unless
	// skipInvalid, when the valid records are written and the others
	// returned in Rejected. An all-or-nothing import with refused records
	// returns an *ImportError (EINVALID) and writes nothing.
	ImportPatches(ctx context.Context, b *PatchBatch, skipInvalid bool) (*PatchImportResult, error)
	// FindPatchReady returns the patch-ready queue grouped by model,
	// facility and department, and patch team; EINVALID for a bad filter.
	FindPatchReady(ctx context.Context, f PatchReadyFilter) ([]PatchReadyGroup, error)
	// EachPatchReadyDevice streams the devices of the patch-ready queue,
	// ordered by model, facility, department and asset tag; EINVALID for
	// a bad filter.
	EachPatchReadyDevice(ctx context.Context, f PatchReadyFilter, fn func(*PatchReadyDevice) error) error
	// FindPatchWorkLoad counts the open patch work orders of the given
	// models' units, in the given facilities (all when none), by care
	// unit and scheduled day.
	FindPatchWorkLoad(ctx context.Context, modelIDs, facilityIDs []int64) ([]PatchWorkLoad, error)
}
