package sqlstore

import (
	"database/sql"

	"ward"
)

// riskDeviceColumns are what a finding listing reads of each device for
// its risk score: network exposure, PHI, criticality override and type,
// and the controls recorded for the device itself (joined as rc by
// riskDeviceJoin). Model-level inputs are looked up once per model.
const riskDeviceColumns = `d.connection, d.vlan, d.ip IS NOT NULL, d.stores_phi, d.criticality_override,
	d.device_type_id, rc.segmented, rc.services_disabled, rc.remote_access_removed, rc.internet_exposed`

// riskDeviceJoin joins a device's recorded controls, if any.
const riskDeviceJoin = ` LEFT JOIN risk_controls rc ON rc.device_id = d.id`

// riskScan holds the riskDeviceColumns of the row being read.
type riskScan struct {
	connection, vlan, override     sql.NullString
	hasIP                          bool
	phi                            sql.NullBool
	deviceType                     sql.NullInt64
	segmented, services, remote, i sql.NullBool
}

// dest appends the scan destinations of riskDeviceColumns.
func (r *riskScan) dest(d []any) []any {
	return append(d, &r.connection, &r.vlan, &r.hasIP, &r.phi, &r.override, &r.deviceType,
		&r.segmented, &r.services, &r.remote, &r.i)
}

// input returns the device part of a risk input from the row read; the
// model part (and the criticality, when the device does not override it)
// is added per chunk by addFindingRisk.
func (r *riskScan) input() *ward.RiskInput {
	in := &ward.RiskInput{Device: ward.RiskDevice{
		Criticality:  r.override.String,
		Connection:   r.connection.String,
		VLAN:         r.vlan.String,
		HasIP:        r.hasIP,
		StoresPHI:    riskBool(r.phi),
		DeviceTypeID: r.deviceType.Int64,
	}}
	if r.segmented.Valid || r.services.Valid || r.remote.Valid || r.i.Valid {
		in.Device.Controls = &ward.RiskControls{Segmented: riskBool(r.segmented), ServicesDisabled: riskBool(r.services),
			RemoteAccessRemoved: riskBool(r.remote), InternetExposed: riskBool(r.i)}
	}
	return in
}
