package sqlstore

import (
	"strconv"
	"strings"
	"time"

	"ward"
)

// The SQLite driver pays a fixed cost for every column it hands to Go, so
// bulk scans ask SQLite for one text column per device: the stored fields
// joined with the ASCII unit separator, which no stored text may contain
// (imports and updates refuse control characters). unpackDevice splits it.

const unitSep = "\x1f"

// packedColumns lists the device columns in packed order.
var packedColumns = []string{"d.id", "d.asset_tag", "d.serial", "d.manufacturer_id", "d.model_id",
	"d.recorded_manufacturer", "d.recorded_model", "d.model_number", "d.device_type_id", "d.udi", "d.udi_di",
	"d.software_version", "d.operating_system", "d.ip", "d.mac", "d.hostname", "d.vlan", "d.connection",
	"d.location_id", "d.facility_id", "d.status", "d.criticality_override", "d.stores_phi", "d.acquisition_date",
	"d.acquisition_cost", "d.warranty_end", "d.team_id", "d.last_seen", "d.created_at", "d.updated_at"}

// packedSelect is the SQL expression of the packed row. concat() treats
// NULL as empty and builds the result in one allocation.
var packedSelect = "concat(" + strings.Join(packedColumns, ", char(31), ") + ")"

// unpackDevice fills r from a packed row. It reports false when the row
// does not have the expected shape, so the caller can read it column by
// column instead.
func unpackDevice(s string, r *deviceRow) bool {
	var f [30]string
	n := 0
	for n < len(f)-1 {
		i := strings.IndexByte(s, 0x1f)
		if i < 0 {
			return false
		}
		f[n], s = s[:i], s[i+1:]
		n++
	}
	if strings.IndexByte(s, 0x1f) >= 0 {
		return false
	}
	f[n] = s
	d := &r.Device
	ok := true
	num := func(s string) int64 {
		if s == "" {
			return 0
		}
		v, err := strconv.ParseInt(s, 10, 64)
		ok = ok && err == nil
		return v
	}
	date := func(s string) ward.Date {
		v, err := ward.ParseDate(s)
		ok = ok && err == nil
		return v
	}
	stamp := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, good := parseSQLiteTime(s)
		ok = ok && good
		return t
	}
	d.ID, d.AssetTag, d.Serial = num(f[0]), f[1], f[2]
	d.ManufacturerID, d.ModelID = num(f[3]), num(f[4])
	d.RecordedManufacturer, d.RecordedModel, d.ModelNumber = f[5], f[6], f[7]
	r.typeID = num(f[8])
	d.UDI, d.UDIDI, d.SoftwareVersion, d.OperatingSystem = f[9], f[10], f[11], f[12]
	d.IP, d.MAC, d.Hostname, d.VLAN, d.Connection = f[13], f[14], f[15], f[16], f[17]
	d.LocationID, d.FacilityID = num(f[18]), num(f[19])
	d.Status, d.CriticalityOverride = f[20], f[21]
	d.StoresPHI = nil
	if f[22] != "" {
		phi := f[22] == "1"
		d.StoresPHI = &phi
	}
	d.AcquisitionDate, d.AcquisitionCost, d.WarrantyEnd = date(f[23]), ward.Money(num(f[24])), date(f[25])
	r.teamID = num(f[26])
	d.LastSeen, d.CreatedAt, d.UpdatedAt = stamp(f[27]), stamp(f[28]), stamp(f[29])
	return ok
}

// parseSQLiteTime parses the fixed layout sqliteTime
// ("2006-01-02T15:04:05.000000Z") without time.Parse, which dominates the
// cost of a bulk scan otherwise.
func parseSQLiteTime(s string) (time.Time, bool) {
	if len(s) != len(sqliteTime) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		s[19] != '.' || s[26] != 'Z' {
		t, err := time.Parse(sqliteTime, s)
		return t, err == nil
	}
	var v [7]int
	for i, span := range [7][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}, {20, 26}} {
		n := 0
		for _, c := range []byte(s[span[0]:span[1]]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n = n*10 + int(c-'0')
		}
		v[i] = n
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], v[6]*1000, time.UTC), true
}
