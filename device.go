package ward

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"
)

// Device status values.
const (
	StatusInService    = "in_service"
	StatusOutOfService = "out_of_service"
	StatusInRepair     = "in_repair"
	StatusRetired      = "retired"
	StatusDisposed     = "disposed"
)

// DeviceStatuses lists the valid device statuses in workflow order.
var DeviceStatuses = []string{StatusInService, StatusOutOfService, StatusInRepair, StatusRetired, StatusDisposed}

// Clinical criticality values, from most to least critical.
const (
	// CriticalityLifeSustaining: failure can directly threaten a life
	// (ventilators, defibrillators, life-support infusion).
	CriticalityLifeSustaining = "life_sustaining"
	// CriticalityPatientConnected: attached to a patient for therapy or
	// monitoring (pumps, monitors, telemetry).
	CriticalityPatientConnected = "patient_connected"
	// CriticalityClinical: a regulated medical device not attached to the
	// patient (imaging, lab analyzers, PACS).
	CriticalityClinical = "clinical"
	// CriticalityNonClinical: support equipment with no FDA product code.
	CriticalityNonClinical = "non_clinical"
)

// Criticalities lists the criticality values from most to least critical.
var Criticalities = []string{CriticalityLifeSustaining, CriticalityPatientConnected, CriticalityClinical, CriticalityNonClinical}

// Network connection kinds.
const (
	ConnectionWired    = "wired"
	ConnectionWireless = "wireless"
	ConnectionBoth     = "both"
	ConnectionNone     = "none"
)

// Device is one physical unit in the inventory.
type Device struct {
	ID       int64  `json:"id"`
	AssetTag string `json:"asset_tag"`
	Serial   string `json:"serial"`

	ManufacturerID int64  `json:"manufacturer_id"`
	Manufacturer   string `json:"manufacturer"`
	ModelID        int64  `json:"model_id"`
	Model          string `json:"model"`
	ModelNumber    string `json:"model_number"`
	DeviceType     string `json:"device_type"`
	// RecordedManufacturer and RecordedModel are the names as the CMMS
	// wrote them, kept so matches can be explained against the source.
	RecordedManufacturer string `json:"recorded_manufacturer"`
	RecordedModel        string `json:"recorded_model"`

	UDI             string `json:"udi"`
	UDIDI           string `json:"udi_di"` // device identifier part of the UDI
	SoftwareVersion string `json:"software_version"`
	OperatingSystem string `json:"operating_system"`

	IP         string `json:"ip"`
	MAC        string `json:"mac"`
	Hostname   string `json:"hostname"`
	VLAN       string `json:"vlan"`
	Connection string `json:"connection"`

	LocationID int64  `json:"location_id"`
	FacilityID int64  `json:"facility_id"`
	Facility   string `json:"facility"`
	Building   string `json:"building"`
	Floor      string `json:"floor"`
	Department string `json:"department"`
	Room       string `json:"room"`

	Status string `json:"status"`
	// Criticality is the effective value: CriticalityOverride when set,
	// otherwise the model's default.
	Criticality         string `json:"criticality"`
	CriticalityOverride string `json:"criticality_override,omitempty"`
	StoresPHI           *bool  `json:"stores_phi"`

	AcquisitionDate Date  `json:"acquisition_date"`
	AcquisitionCost Money `json:"acquisition_cost"`
	WarrantyEnd     Date  `json:"warranty_end"`

	// TeamID and Team are the effective owner team: the device's own
	// assignment when set (OwnerSource "device"), otherwise the
	// responsibility matrix (OwnerSource "matrix"). Zero when unowned.
	TeamID      int64  `json:"team_id"`
	Team        string `json:"team"`
	OwnerSource string `json:"owner_source"`

	LastSeen  time.Time `json:"last_seen,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Device sort keys accepted by DeviceFilter.Sort.
const (
	SortAssetTag        = "asset_tag"
	SortSerial          = "serial"
	SortSoftwareVersion = "software_version"
	SortStatus          = "status"
	SortUpdated         = "updated_at"
)

// DeviceSorts lists the accepted sort keys.
var DeviceSorts = []string{SortAssetTag, SortSerial, SortSoftwareVersion, SortStatus, SortUpdated}

// DeviceFilter selects devices. Zero fields do not filter.
type DeviceFilter struct {
	FacilityIDs     []int64
	ManufacturerIDs []int64
	ModelIDs        []int64
	Statuses        []string
	DeviceType      string
	TeamID          int64
	Unowned         bool   // only devices no team answers for
	Q               string // asset tag, serial, hostname or model-number prefix; exact IP or MAC
	Sort            string // one of DeviceSorts; default SortAssetTag
	Desc            bool
	After           string // cursor from the previous page
	Limit           int    // page size; default 100, at most 1000
}

// Validate checks the sort key and statuses, setting the default sort. It
// returns EINVALID for an unknown one.
func (f *DeviceFilter) Validate() error {
	if f.Sort == "" {
		f.Sort = SortAssetTag
	}
	if !slices.Contains(DeviceSorts, f.Sort) {
		return Errorf(EINVALID, "cannot sort devices by %q; use one of %s", f.Sort, strings.Join(DeviceSorts, ", "))
	}
	for _, s := range f.Statuses {
		if !slices.Contains(DeviceStatuses, s) {
			return Errorf(EINVALID, "status %q is not one of %s", s, strings.Join(DeviceStatuses, ", "))
		}
	}
	return nil
}

// DeviceUpdate changes fields of one device; nil fields are left alone. Each
// change is recorded in the device's history.
type DeviceUpdate struct {
	Serial              *string    `json:"serial"`
	SoftwareVersion     *string    `json:"software_version"`
	OperatingSystem     *string    `json:"operating_system"`
	UDI                 *string    `json:"udi"`
	IP                  *string    `json:"ip"`
	MAC                 *string    `json:"mac"`
	Hostname            *string    `json:"hostname"`
	VLAN                *string    `json:"vlan"`
	Connection          *string    `json:"connection"`
	Status              *string    `json:"status"`
	CriticalityOverride *string    `json:"criticality_override"`
	StoresPHI           **bool     `json:"stores_phi"`
	WarrantyEnd         *Date      `json:"warranty_end"`
	TeamID              *int64     `json:"team_id"` // 0 clears the device's own assignment
	LastSeen            *time.Time `json:"last_seen"`
}

// UnmarshalJSON reads an update, telling "stores_phi": null (set it back
// to unknown) from an absent stores_phi (leave it), which encoding/json
// cannot do for a **bool. Unknown fields are refused.
func (u *DeviceUpdate) UnmarshalJSON(b []byte) error {
	type plain DeviceUpdate
	var raw struct {
		plain
		StoresPHI json.RawMessage `json:"stores_phi"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	*u = DeviceUpdate(raw.plain)
	switch v := strings.TrimSpace(string(raw.StoresPHI)); v {
	case "":
	case "null":
		u.StoresPHI = new(*bool)
	case "true", "false":
		b := v == "true"
		p := &b
		u.StoresPHI = &p
	default:
		return &json.UnmarshalTypeError{Value: "value", Field: "stores_phi", Type: reflect.TypeOf(true)}
	}
	return nil
}

// DeviceChange is one entry of a device's history: a field that changed, or
// the creation of the device (Field "created").
type DeviceChange struct {
	ID       int64     `json:"id"`
	DeviceID int64     `json:"device_id"`
	At       time.Time `json:"at"`
	Actor    Actor     `json:"actor"`
	Field    string    `json:"field"`
	Old      string    `json:"old"`
	New      string    `json:"new"`
}

// DeviceService reads and changes the inventory.
type DeviceService interface {
	// FindDevices returns one page of devices matching f; EINVALID for a
	// bad sort key or cursor.
	FindDevices(ctx context.Context, f DeviceFilter) (*Page[Device], error)
	// EachDevice streams every device matching f (ignoring After and
	// Limit) to fn inside one read transaction; fn's error stops it.
	EachDevice(ctx context.Context, f DeviceFilter, fn func(*Device) error) error
	// CountDevices returns how many devices match f.
	CountDevices(ctx context.Context, f DeviceFilter) (int64, error)
	// FindDevice returns a device by ID; ENOTFOUND if there is none.
	FindDevice(ctx context.Context, id int64) (*Device, error)
	// FindDeviceByTag returns a device by asset tag; ENOTFOUND if none.
	FindDeviceByTag(ctx context.Context, tag string) (*Device, error)
	// UpdateDevice applies upd and records each changed field; ENOTFOUND
	// for an unknown device, EINVALID for bad values.
	UpdateDevice(ctx context.Context, id int64, upd DeviceUpdate) (*Device, error)
	// FindDeviceHistory returns a device's changes, newest first.
	FindDeviceHistory(ctx context.Context, id int64) ([]DeviceChange, error)
	// ImportDevices upserts records by asset tag; see DeviceRecord.
	ImportDevices(ctx context.Context, src DeviceSource, opts ImportOptions) (*ImportResult, error)
}
