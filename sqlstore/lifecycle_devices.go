package sqlstore

import (
	"database/sql"
	"strconv"
	"strings"
	"time"

	"ward"
)

// lcDevice is one device row of a walk.
type lcDevice struct {
	id, facility, manufacturer, model, typeID int64
	tag, tagKey, version, status              string
	acquired                                  ward.Date
	cost                                      ward.Money
	lastSeen                                  time.Time
}

// lcDeviceColumns are the device columns of a walk, in scan order.
var lcDeviceColumns = []string{"d.id", "COALESCE(d.facility_id, 0)", "d.manufacturer_id", "d.model_id",
	"COALESCE(d.device_type_id, 0)", "d.asset_tag", "d.tag_key", "d.software_version", "d.status", "d.acquisition_date",
	"COALESCE(d.acquisition_cost, 0)", "d.last_seen"}

// lcDeviceSelect reads the columns one by one; lcPackedSelect, for
// SQLite, as one text column (see device_packed.go: the driver's cost is
// per column, and a walk reads every device of a facility).
var (
	lcDeviceSelect = "SELECT " + strings.Join(lcDeviceColumns, ", ") + " FROM devices d WHERE d.status <> 'disposed'"
	lcPackedSelect = "SELECT concat(" + strings.Join(lcDeviceColumns, ", char(31), ") + ") FROM devices d WHERE d.status <> 'disposed'"
)

// lcSelect narrows a walk's device query: a facility (0: none), a model,
// and the candidates of the recommendations asked for (lcCandidates).
type lcSelect struct {
	facility, model int64
	cand            string
	candArgs        []any
}

// lifecycleDevices reads up to n devices of s after from, in the order of
// the devices_facility index.
func (tx *Tx) lifecycleDevices(s lcSelect, from *lcPos, n int) ([]lcDevice, error) {
	var q strings.Builder
	var args []any
	if s.facility == 0 {
		q.WriteString(" AND d.facility_id IS NULL")
	} else {
		q.WriteString(" AND d.facility_id = ?")
		args = append(args, s.facility)
	}
	if s.model != 0 {
		q.WriteString(" AND d.model_id = ?")
		args = append(args, s.model)
	}
	if from != nil {
		q.WriteString(" AND (d.manufacturer_id, d.tag_key) > (?, ?)")
		args = append(args, from.manufacturer, from.tagKey)
	}
	if s.cand != "" {
		q.WriteString(" AND " + s.cand)
		args = append(args, s.candArgs...)
	}
	q.WriteString(" ORDER BY d.manufacturer_id, d.tag_key LIMIT ?")
	return tx.scanLifecycleDevices(q.String(), append(args, n)...)
}

// lcCandidates returns a condition on devices d that every device that
// can be recommended one of recs meets, so a listing of rare
// recommendations skips the others without gathering anything for them;
// "" when a recommendation has none (keep, replace: too many causes).
// Each condition is a superset of package lifecycle's rules:
//
//   - dispose: retired, or in service and unused (not seen for the
//     policy's days);
//   - reallocate: in service and unused;
//   - upgrade: an outstanding recall or critical findings, so a recall
//     match or open findings of its own or of its group.
func (tx *Tx) lcCandidates(recs []string, p *ward.LifecyclePolicy, today ward.Date) (string, []any) {
	// Unused: the day last seen is at least UnusedDays before today.
	cutoff := tx.ts(today.Time().AddDate(0, 0, 1-p.UnusedDays))
	var conds []string
	var args []any
	for _, r := range recs {
		switch r {
		case ward.LifecycleDispose:
			conds, args = append(conds, `d.status = 'retired' OR d.status = 'in_service' AND d.last_seen < ?`), append(args, cutoff)
		case ward.LifecycleReallocate:
			conds, args = append(conds, `d.status = 'in_service' AND d.last_seen < ?`), append(args, cutoff)
		case ward.LifecycleUpgrade:
			conds = append(conds, `EXISTS (SELECT 1 FROM recall_matches m WHERE m.device_id = d.id)
				OR EXISTS (SELECT 1 FROM matched_devices md WHERE md.device_id = d.id)
				OR EXISTS (SELECT 1 FROM findings f WHERE f.device_id IS NULL AND f.model_id = d.model_id
					AND f.software_version = d.software_version)`)
		default:
			return "", nil
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return "((" + strings.Join(conds, ") OR (") + "))", args
}

// scanLifecycleDevices reads the devices the conditions cond (after
// lcDeviceSelect's WHERE) select.
func (tx *Tx) scanLifecycleDevices(cond string, args ...any) ([]lcDevice, error) {
	packed := tx.db.engine == SQLite
	q := lcDeviceSelect
	if packed {
		q = lcPackedSelect
	}
	rows, err := tx.query(q+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lcDevice
	var raw sql.RawBytes
	for rows.Next() {
		var d lcDevice
		if packed {
			if err := rows.Scan(&raw); err != nil {
				return nil, err
			}
			if !unpackLifecycleDevice(string(raw), &d) {
				return nil, ward.Errorf(ward.EINTERNAL, "a device row is malformed")
			}
		} else if err := rows.Scan(&d.id, &d.facility, &d.manufacturer, &d.model, &d.typeID, &d.tag, &d.tagKey, &d.version,
			&d.status, dateCol{&d.acquired}, &d.cost, timeCol{&d.lastSeen}); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// unpackLifecycleDevice fills d from a packed row; false when the row
// does not have the expected shape.
func unpackLifecycleDevice(s string, d *lcDevice) bool {
	var f [12]string
	for i := range len(f) - 1 {
		j := strings.IndexByte(s, 0x1f)
		if j < 0 {
			return false
		}
		f[i], s = s[:j], s[j+1:]
	}
	if strings.IndexByte(s, 0x1f) >= 0 {
		return false
	}
	f[11] = s
	ok := true
	num := func(s string) int64 {
		v, err := strconv.ParseInt(s, 10, 64)
		ok = ok && err == nil
		return v
	}
	d.id, d.facility, d.manufacturer, d.model, d.typeID = num(f[0]), num(f[1]), num(f[2]), num(f[3]), num(f[4])
	d.tag, d.tagKey, d.version, d.status = f[5], f[6], f[7], f[8]
	var err error
	d.acquired, err = ward.ParseDate(f[9])
	d.cost = ward.Money(num(f[10]))
	if f[11] != "" {
		var good bool
		d.lastSeen, good = parseSQLiteTime(f[11])
		ok = ok && good
	}
	return ok && err == nil
}
