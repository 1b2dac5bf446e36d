package ward

import (
	"fmt"
	"strings"
	"time"
)

// DeviceField names a device attribute an import can carry. The names are
// the canonical CMMS column names used in mapping files and error messages.
type DeviceField int

// Device fields an import can set.
const (
	FieldAssetTag DeviceField = iota
	FieldSerial
	FieldManufacturer
	FieldModel
	FieldModelNumber
	FieldDeviceType
	FieldSoftwareVersion
	FieldOperatingSystem
	FieldFacility
	FieldBuilding
	FieldFloor
	FieldDepartment
	FieldRoom
	FieldIP
	FieldMAC
	FieldHostname
	FieldVLAN
	FieldConnection
	FieldStatus
	FieldCriticality
	FieldStoresPHI
	FieldAcquisitionDate
	FieldAcquisitionCost
	FieldWarrantyEnd
	FieldUDI
	FieldTeam
	FieldLastSeen
	numDeviceFields
)

var deviceFieldNames = [numDeviceFields]string{
	"asset_tag", "serial", "manufacturer", "model", "model_number", "device_type",
	"software_version", "operating_system", "facility", "building", "floor",
	"department", "room", "ip", "mac", "hostname", "vlan", "connection", "status",
	"criticality", "stores_phi", "acquisition_date", "acquisition_cost",
	"warranty_end", "udi", "team", "last_seen",
}

// String returns the canonical name of f, e.g. "asset_tag".
func (f DeviceField) String() string {
	if f < 0 || f >= numDeviceFields {
		return fmt.Sprintf("field(%d)", int(f))
	}
	return deviceFieldNames[f]
}

// DeviceFields returns every device field in canonical order.
func DeviceFields() []DeviceField {
	fs := make([]DeviceField, numDeviceFields)
	for i := range fs {
		fs[i] = DeviceField(i)
	}
	return fs
}

// ParseDeviceField returns the field with canonical name s.
func ParseDeviceField(s string) (DeviceField, bool) {
	for i, n := range deviceFieldNames {
		if n == s {
			return DeviceField(i), true
		}
	}
	return 0, false
}

// FieldSet is a set of device fields.
type FieldSet uint64

// Has reports whether f is in the set.
func (s FieldSet) Has(f DeviceField) bool { return s&(1<<f) != 0 }

// With returns the set with f added.
func (s FieldSet) With(f DeviceField) FieldSet { return s | 1<<f }

// DeviceRecord is one device as an import source describes it, already
// parsed and validated field by field. Present says which fields the source
// carries: an upsert only touches those, so a file without an IP column
// leaves recorded IP addresses alone, while an empty IP cell clears one.
type DeviceRecord struct {
	Line    int // line (or record number) in the source, for messages
	Present FieldSet

	AssetTag, Serial                             string
	Manufacturer, Model, ModelNumber, DeviceType string
	SoftwareVersion, OperatingSystem             string
	Facility, Building, Floor, Department, Room  string
	IP, MAC, Hostname, VLAN, Connection          string
	Status, Criticality                          string
	StoresPHI                                    *bool
	AcquisitionDate, WarrantyEnd                 Date
	AcquisitionCost                              Money
	UDI, UDIDI                                   string
	Team                                         string
	LastSeen                                     time.Time

	// Raw holds the source row as read, written to the rejects file when
	// the record is refused.
	Raw []string
	// Problems lists what is wrong with the record. A record with problems
	// is never written.
	Problems []FieldProblem
}

// FieldProblem is one thing wrong with one field of one record.
type FieldProblem struct {
	Field   string `json:"field"`   // the column as the source names it
	Message string `json:"message"` // what is wrong, for a person
}

// RowError is a refused record: where it is and what is wrong with it.
type RowError struct {
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Problems []FieldProblem `json:"problems"`
	Raw      []string       `json:"-"`
}

// Error formats the problems as "file:line: field "X": message; …".
func (e *RowError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "field %q: %s", p.Field, p.Message)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, b.String())
}

// DeviceSource yields device records one at a time. Next returns io.EOF
// after the last record. A non-EOF error aborts the import (unreadable
// file, broken CSV quoting), unlike a record's Problems.
type DeviceSource interface {
	Next() (*DeviceRecord, error)
	// Name is the source's name for messages, usually the file name.
	Name() string
}

// ColumnNamer is implemented by sources that can name the column holding
// a field, so problems found while storing ("unknown team") name the
// column as the file does.
type ColumnNamer interface {
	Column(f DeviceField) string
}

// ColumnName returns how src names the column of f, or f's canonical name.
func ColumnName(src DeviceSource, f DeviceField) string {
	if cn, ok := src.(ColumnNamer); ok {
		if c := cn.Column(f); c != "" {
			return c
		}
	}
	return f.String()
}

// ImportOptions controls ImportDevices.
type ImportOptions struct {
	// SkipInvalid imports the valid records and returns the refused ones in
	// ImportResult.Rejected. Without it any problem rolls everything back.
	SkipInvalid bool
	// DryRun validates and counts but writes nothing.
	DryRun bool
	// Progress receives the number of records read.
	Progress Progress
}

// ImportResult counts what an import did.
type ImportResult struct {
	ImportID  int64 `json:"import_id"`
	Read      int   `json:"read"`
	Created   int   `json:"created"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	// Changes is the number of field changes written to device history.
	Changes int `json:"changes"`
	// Rejected lists refused records (all of them; the import only went
	// ahead if SkipInvalid was set).
	Rejected []RowError `json:"rejected"`
	// UnresolvedManufacturers are names that matched no registry entry,
	// kept as written for a user to map.
	UnresolvedManufacturers []string `json:"unresolved_manufacturers"`
}

// ImportError is returned by an all-or-nothing import that found refused
// records: nothing was written. It carries every problem found.
type ImportError struct {
	Source string
	Rows   []RowError
}

// Error summarises the refused rows.
func (e *ImportError) Error() string {
	return fmt.Sprintf("%s: %d invalid row(s), nothing imported", e.Source, len(e.Rows))
}

// Unwrap lets ErrorCode see an EINVALID.
func (e *ImportError) Unwrap() error {
	return Errorf(EINVALID, "%s: %d invalid row(s), nothing imported", e.Source, len(e.Rows))
}
