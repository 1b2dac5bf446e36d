package ward

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends d as a JSON object, with the same fields and names as
// its struct tags. It exists because exports stream millions of devices and
// reflection-based encoding would be the slowest step; a test keeps it in
// step with encoding/json.
func (d *Device) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, d.ID, 10)
	b = appendStringField(b, "asset_tag", d.AssetTag)
	b = appendStringField(b, "serial", d.Serial)
	b = appendIntField(b, "manufacturer_id", d.ManufacturerID)
	b = appendStringField(b, "manufacturer", d.Manufacturer)
	b = appendIntField(b, "model_id", d.ModelID)
	b = appendStringField(b, "model", d.Model)
	b = appendStringField(b, "model_number", d.ModelNumber)
	b = appendStringField(b, "device_type", d.DeviceType)
	b = appendStringField(b, "recorded_manufacturer", d.RecordedManufacturer)
	b = appendStringField(b, "recorded_model", d.RecordedModel)
	b = appendStringField(b, "udi", d.UDI)
	b = appendStringField(b, "udi_di", d.UDIDI)
	b = appendStringField(b, "software_version", d.SoftwareVersion)
	b = appendStringField(b, "operating_system", d.OperatingSystem)
	b = appendStringField(b, "ip", d.IP)
	b = appendStringField(b, "mac", d.MAC)
	b = appendStringField(b, "hostname", d.Hostname)
	b = appendStringField(b, "vlan", d.VLAN)
	b = appendStringField(b, "connection", d.Connection)
	b = appendIntField(b, "location_id", d.LocationID)
	b = appendIntField(b, "facility_id", d.FacilityID)
	b = appendStringField(b, "facility", d.Facility)
	b = appendStringField(b, "building", d.Building)
	b = appendStringField(b, "floor", d.Floor)
	b = appendStringField(b, "department", d.Department)
	b = appendStringField(b, "room", d.Room)
	b = appendStringField(b, "status", d.Status)
	b = appendStringField(b, "criticality", d.Criticality)
	if d.CriticalityOverride != "" {
		b = appendStringField(b, "criticality_override", d.CriticalityOverride)
	}
	b = append(b, `,"stores_phi":`...)
	switch {
	case d.StoresPHI == nil:
		b = append(b, "null"...)
	default:
		b = strconv.AppendBool(b, *d.StoresPHI)
	}
	b = appendRawField(b, "acquisition_date", d.AcquisitionDate.appendJSON)
	b = appendRawField(b, "acquisition_cost", d.AcquisitionCost.appendJSON)
	b = appendRawField(b, "warranty_end", d.WarrantyEnd.appendJSON)
	b = appendIntField(b, "team_id", d.TeamID)
	b = appendStringField(b, "team", d.Team)
	b = appendStringField(b, "owner_source", d.OwnerSource)
	if !d.LastSeen.IsZero() {
		b = appendTimeField(b, "last_seen", d.LastSeen)
	}
	b = appendTimeField(b, "created_at", d.CreatedAt)
	b = appendTimeField(b, "updated_at", d.UpdatedAt)
	return append(b, '}')
}

func (d Date) appendJSON(b []byte) []byte {
	if d.IsZero() {
		return append(b, "null"...)
	}
	return append(d.AppendText(append(b, '"')), '"')
}

func (m Money) appendJSON(b []byte) []byte {
	if m == 0 {
		return append(b, "null"...)
	}
	return m.AppendText(b)
}

func appendRawField(b []byte, name string, fn func([]byte) []byte) []byte {
	b = append(append(append(b, ",\""...), name...), "\":"...)
	return fn(b)
}

func appendIntField(b []byte, name string, v int64) []byte {
	b = append(append(append(b, ",\""...), name...), "\":"...)
	return strconv.AppendInt(b, v, 10)
}

func appendStringField(b []byte, name, v string) []byte {
	b = append(append(append(b, ",\""...), name...), "\":"...)
	return AppendJSONString(b, v)
}

func appendTimeField(b []byte, name string, t time.Time) []byte {
	b = append(append(append(b, ",\""...), name...), "\":\""...)
	return append(appendRFC3339(b, t), '"')
}

// appendRFC3339 formats t as time.RFC3339Nano would, with a fast path for
// the UTC times Ward stores.
func appendRFC3339(b []byte, t time.Time) []byte {
	if t.Location() != time.UTC {
		return t.AppendFormat(b, time.RFC3339Nano)
	}
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = appendDigits(b, y, 4)
	b = appendDigits(append(b, '-'), int(mo), 2)
	b = appendDigits(append(b, '-'), d, 2)
	b = appendDigits(append(b, 'T'), h, 2)
	b = appendDigits(append(b, ':'), mi, 2)
	b = appendDigits(append(b, ':'), s, 2)
	if ns := t.Nanosecond(); ns != 0 {
		frac := appendDigits(nil, ns, 9)
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		b = append(append(b, '.'), frac...)
	}
	return append(b, 'Z')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string may hold unescaped.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendJSONString appends s as a JSON string, escaping as encoding/json
// does (including <, > and &, so output is safe inside HTML) and replacing
// invalid UTF-8 with U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(append(b, s[start:i]...), `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(b, s[start:]...), '"')
}

// MarshalJSON implements json.Marshaler with AppendJSON.
func (d *Device) MarshalJSON() ([]byte, error) { return d.AppendJSON(nil), nil }
