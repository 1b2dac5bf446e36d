package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"ward"
)

// UpdateDevice applies upd to a device and records each changed field in
// its history. ENOTFOUND for an unknown device or team, EINVALID for bad
// values.
func (db *DB) UpdateDevice(ctx context.Context, id int64, upd ward.DeviceUpdate) (*ward.Device, error) {
	if err := normalizeDeviceUpdate(&upd); err != nil {
		return nil, err
	}
	var d *ward.Device
	err := db.update(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT `+devValueSelect+` FROM devices WHERE id = ?`, id)
		if err != nil {
			return err
		}
		var old devValues
		var found int64
		for rows.Next() {
			if err := scanDevValues(rows, &found, &old); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if found == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no device %d", id)
		}
		v := old
		if err := applyUpdate(tx, &v, &upd); err != nil {
			return err
		}
		if changes := diffValues(&old, &v, dbNamer{tx}); len(changes) > 0 {
			u := &preparedUpdate{tx: tx}
			defer u.close()
			if err := u.exec(id, &v); err != nil {
				return err
			}
			if err := tx.insertChanges(id, changes); err != nil {
				return err
			}
			before, after := map[string]any{}, map[string]any{}
			for _, c := range changes {
				before[c.field], after[c.field] = c.old, c.new
			}
			if err := tx.audit("device.update", "device", strconv.FormatInt(id, 10), before, after); err != nil {
				return err
			}
		}
		d, err = tx.findDevice("d.id = ?", id, "no device %d")
		return err
	})
	return d, err
}

func applyUpdate(tx *Tx, v *devValues, u *ward.DeviceUpdate) error {
	for _, f := range []struct {
		src *string
		dst *string
	}{
		{u.Serial, &v.Serial}, {u.SoftwareVersion, &v.SoftwareVersion}, {u.OperatingSystem, &v.OperatingSystem},
		{u.UDI, &v.UDI}, {u.IP, &v.IP}, {u.MAC, &v.MAC}, {u.Hostname, &v.Hostname}, {u.VLAN, &v.VLAN},
		{u.Connection, &v.Connection}, {u.Status, &v.Status}, {u.CriticalityOverride, &v.CriticalityOverride},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if u.StoresPHI != nil {
		v.StoresPHI = *u.StoresPHI
	}
	if u.WarrantyEnd != nil {
		v.WarrantyEnd = *u.WarrantyEnd
	}
	if u.LastSeen != nil {
		v.LastSeen = u.LastSeen.UTC()
	}
	if u.TeamID != nil {
		if *u.TeamID != 0 {
			var n int
			if err := tx.queryRow(`SELECT COUNT(*) FROM teams WHERE id = ?`, *u.TeamID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return ward.Errorf(ward.ENOTFOUND, "no team %d", *u.TeamID)
			}
		}
		v.TeamID = *u.TeamID
	}
	return nil
}

// normalizeDeviceUpdate validates values and brings them to stored form.
func normalizeDeviceUpdate(u *ward.DeviceUpdate) error {
	trim := func(p *string, max int, what string) error {
		if p == nil {
			return nil
		}
		*p = strings.TrimSpace(*p)
		if len(*p) > max {
			return ward.Errorf(ward.EINVALID, "%s is longer than %d characters", what, max)
		}
		if strings.IndexFunc(*p, unicode.IsControl) >= 0 {
			return ward.Errorf(ward.EINVALID, "%s contains a control character", what)
		}
		return nil
	}
	for _, f := range []struct {
		p    *string
		max  int
		name string
	}{
		{u.Serial, 128, "serial number"}, {u.SoftwareVersion, 128, "software version"},
		{u.OperatingSystem, 128, "operating system"}, {u.UDI, 256, "UDI"}, {u.Hostname, 253, "hostname"},
		{u.VLAN, 64, "VLAN"},
	} {
		if err := trim(f.p, f.max, f.name); err != nil {
			return err
		}
	}
	var err error
	if u.Hostname != nil {
		*u.Hostname = strings.ToLower(*u.Hostname)
	}
	if u.IP != nil {
		if *u.IP, err = ward.NormalizeIP(*u.IP); err != nil {
			return err
		}
	}
	if u.MAC != nil {
		if *u.MAC, err = ward.NormalizeMAC(*u.MAC); err != nil {
			return err
		}
	}
	oneOf := func(p *string, allowed []string, what string, empty bool) error {
		if p == nil || (empty && *p == "") || slices.Contains(allowed, *p) {
			return nil
		}
		return ward.Errorf(ward.EINVALID, "%s %q is not one of %s", what, *p, strings.Join(allowed, ", "))
	}
	if err := oneOf(u.Status, ward.DeviceStatuses, "status", false); err != nil {
		return err
	}
	if err := oneOf(u.Connection, []string{ward.ConnectionWired, ward.ConnectionWireless, ward.ConnectionBoth, ward.ConnectionNone}, "connection", true); err != nil {
		return err
	}
	return oneOf(u.CriticalityOverride, ward.Criticalities, "criticality", true)
}

// dbNamer names references with one query each: right for a single-device
// update, where loading a whole refCache would cost more.
type dbNamer struct{ tx *Tx }

func (n dbNamer) name(kind string, id int64) string {
	if id == 0 {
		return ""
	}
	q := map[string]string{
		"manufacturer": `SELECT name FROM manufacturers WHERE id = ?`,
		"model":        `SELECT name FROM models WHERE id = ?`,
		"type":         `SELECT name FROM device_types WHERE id = ?`,
		"team":         `SELECT name FROM teams WHERE id = ?`,
		"location": `SELECT f.name || '|' || l.building || '|' || l.floor || '|' || l.department || '|' || l.room
			FROM locations l JOIN facilities f ON f.id = l.facility_id WHERE l.id = ?`,
	}[kind]
	var s string
	if q == "" || n.tx.queryRow(q, id).Scan(&s) != nil {
		return ""
	}
	return locationDisplay(strings.Split(s, "|")...)
}
