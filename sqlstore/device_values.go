package sqlstore

import (
	"database/sql"
	"strconv"
	"time"

	"ward"
)

// devValues are the stored columns of a device that imports and updates
// write, in the order of devValueColumns.
type devValues struct {
	AssetTag, Serial                                 string
	ManufacturerID, ModelID                          int64
	RecordedManufacturer, RecordedModel, ModelNumber string
	TypeID                                           int64
	UDI, UDIDI, SoftwareVersion, OperatingSystem     string
	IP, MAC, Hostname, VLAN, Connection              string
	LocationID, FacilityID                           int64
	Status, CriticalityOverride                      string
	StoresPHI                                        *bool
	AcquisitionDate                                  ward.Date
	AcquisitionCost                                  ward.Money
	WarrantyEnd                                      ward.Date
	TeamID                                           int64
	LastSeen                                         time.Time
}

const devValueColumns = `asset_tag, tag_key, serial, serial_key, manufacturer_id, model_id, recorded_manufacturer,
	recorded_model, model_number, device_type_id, udi, udi_di, software_version, operating_system, ip, mac, hostname,
	vlan, connection, location_id, facility_id, status, criticality_override, stores_phi, acquisition_date,
	acquisition_cost, warranty_end, team_id, last_seen`

// devValueCount is the number of columns in devValueColumns.
const devValueCount = 29

// args returns v as statement arguments in devValueColumns order.
func (v *devValues) args(tx *Tx, dst []any) []any {
	return append(dst, v.AssetTag, tagKey(v.AssetTag), textArg(v.Serial), textArg(tagKey(v.Serial)), v.ManufacturerID,
		v.ModelID, textArg(v.RecordedManufacturer), textArg(v.RecordedModel), textArg(v.ModelNumber), idArg(v.TypeID),
		textArg(v.UDI), textArg(v.UDIDI), v.SoftwareVersion, textArg(v.OperatingSystem), textArg(v.IP),
		textArg(v.MAC), textArg(v.Hostname), textArg(v.VLAN), textArg(v.Connection), idArg(v.LocationID),
		idArg(v.FacilityID), v.Status, textArg(v.CriticalityOverride), boolPtrArg(v.StoresPHI), tx.date(v.AcquisitionDate),
		moneyArg(v.AcquisitionCost), tx.date(v.WarrantyEnd), idArg(v.TeamID), tx.ts(v.LastSeen))
}

// scanDevValues reads id followed by devValueColumns without the two key
// columns (see devValueSelect).
func scanDevValues(rows *sql.Rows, id *int64, v *devValues) error {
	var typeID, locID, facID, cost, teamID sql.NullInt64
	err := rows.Scan(id, &v.AssetTag, &v.Serial, &v.ManufacturerID, &v.ModelID, &v.RecordedManufacturer,
		&v.RecordedModel, &v.ModelNumber, &typeID, &v.UDI, &v.UDIDI, &v.SoftwareVersion, &v.OperatingSystem,
		&v.IP, &v.MAC, &v.Hostname, &v.VLAN, &v.Connection, &locID, &facID, &v.Status, &v.CriticalityOverride,
		boolPtrCol{&v.StoresPHI}, dateCol{&v.AcquisitionDate}, &cost, dateCol{&v.WarrantyEnd}, &teamID,
		timeCol{&v.LastSeen})
	v.TypeID, v.LocationID, v.FacilityID, v.TeamID = typeID.Int64, locID.Int64, facID.Int64, teamID.Int64
	v.AcquisitionCost = ward.Money(cost.Int64)
	return err
}

const devValueSelect = `id, asset_tag, COALESCE(serial, ''), manufacturer_id, model_id, COALESCE(recorded_manufacturer, ''), COALESCE(recorded_model, ''),
	COALESCE(model_number, ''), device_type_id, COALESCE(udi, ''), COALESCE(udi_di, ''), software_version, COALESCE(operating_system, ''), COALESCE(ip, ''), COALESCE(mac, ''), COALESCE(hostname, ''), COALESCE(vlan, ''),
	COALESCE(connection, ''), location_id, facility_id, status, COALESCE(criticality_override, ''), stores_phi, acquisition_date,
	acquisition_cost, warranty_end, team_id, last_seen`

// fieldChange is one changed field, with old and new values as a person
// reads them.
type fieldChange struct {
	field, old, new string
}

// namer turns reference IDs into display names for history entries.
type namer interface {
	name(kind string, id int64) string
}

// diffValues lists the fields that differ between a and b.
func diffValues(a, b *devValues, n namer) []fieldChange {
	var out []fieldChange
	str := func(field, x, y string) {
		if x != y {
			out = append(out, fieldChange{field, x, y})
		}
	}
	ref := func(field, kind string, x, y int64) {
		if x != y {
			out = append(out, fieldChange{field, n.name(kind, x), n.name(kind, y)})
		}
	}
	str("asset_tag", a.AssetTag, b.AssetTag)
	str("serial_number", a.Serial, b.Serial)
	ref("manufacturer", "manufacturer", a.ManufacturerID, b.ManufacturerID)
	ref("model", "model", a.ModelID, b.ModelID)
	str("recorded_manufacturer", a.RecordedManufacturer, b.RecordedManufacturer)
	str("recorded_model", a.RecordedModel, b.RecordedModel)
	str("model_number", a.ModelNumber, b.ModelNumber)
	ref("device_type", "type", a.TypeID, b.TypeID)
	str("udi", a.UDI, b.UDI)
	str("software_version", a.SoftwareVersion, b.SoftwareVersion)
	str("operating_system", a.OperatingSystem, b.OperatingSystem)
	str("ip_address", a.IP, b.IP)
	str("mac_address", a.MAC, b.MAC)
	str("hostname", a.Hostname, b.Hostname)
	str("vlan", a.VLAN, b.VLAN)
	str("connection", a.Connection, b.Connection)
	ref("location", "location", a.LocationID, b.LocationID)
	str("status", a.Status, b.Status)
	str("criticality", a.CriticalityOverride, b.CriticalityOverride)
	str("stores_phi", boolText(a.StoresPHI), boolText(b.StoresPHI))
	str("acquisition_date", a.AcquisitionDate.String(), b.AcquisitionDate.String())
	str("acquisition_cost", moneyText(a.AcquisitionCost), moneyText(b.AcquisitionCost))
	str("warranty_end", a.WarrantyEnd.String(), b.WarrantyEnd.String())
	ref("team", "team", a.TeamID, b.TeamID)
	if !a.LastSeen.Equal(b.LastSeen) {
		out = append(out, fieldChange{"last_seen", timeText(a.LastSeen), timeText(b.LastSeen)})
	}
	return out
}

func boolText(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func moneyText(m ward.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// insertChanges writes history entries for one device in one statement.
func (tx *Tx) insertChanges(deviceID int64, changes []fieldChange) error {
	if len(changes) == 0 {
		return nil
	}
	actor := string(ward.ActorFrom(tx.ctx))
	args := make([]any, 0, len(changes)*6)
	for _, c := range changes {
		args = append(args, deviceID, tx.ts(tx.now), actor, c.field, c.old, c.new)
	}
	q := `INSERT INTO device_changes (device_id, at, actor, field, old_value, new_value) VALUES ` + repeatGroup(6, len(changes))
	_, err := tx.exec(q, args...)
	return err
}

// repeatGroup returns n groups of "(?, …)" with k marks each.
func repeatGroup(k, n int) string {
	g := "(" + placeholders(k) + ")"
	b := make([]byte, 0, n*(len(g)+2))
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, g...)
	}
	return string(b)
}
