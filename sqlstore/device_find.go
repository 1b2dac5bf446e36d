package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"ward"
	"ward/names"
)

// scanDeviceWithKey reads a device (packed on SQLite) followed by the
// value of its sort column.
func (tx *Tx) scanDeviceWithKey(rows *sql.Rows, r *deviceRow, key *sql.RawBytes) error {
	if tx.db.engine != SQLite {
		return scanDevice(scanWithExtra{rows, key}, r)
	}
	var packed sql.RawBytes
	if err := rows.Scan(&packed, key); err != nil {
		return err
	}
	if !unpackDevice(string(packed), r) {
		return ward.Errorf(ward.EINTERNAL, "a device row is malformed")
	}
	return nil
}

// scanWithExtra appends one destination to a Scan call, so the device
// scanner can also read the sort key selected after the device columns.
type scanWithExtra struct {
	rows  *sql.Rows
	extra any
}

func (s scanWithExtra) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.extra)...) }

// deviceTypeKey normalises a device type name for lookup.
func deviceTypeKey(name string) string { return names.Key(name) }

// deviceSearch builds the condition for a free-text search: asset tag,
// serial or hostname prefix, exact IP or MAC, a catalog model number
// prefix, or model and manufacturer names that contain the text. It is a union of ID lookups, one per branch, so each
// branch uses its own index and a search stays fast on a large inventory
// (an OR across columns would scan every device).
func deviceSearch(q, engine string) (string, []any) {
	upper := strings.ToUpper(q)
	lo, hi := prefixRange(upper)
	branches := []string{
		"SELECT id FROM devices WHERE tag_key >= ? AND tag_key < ?",
		"SELECT id FROM devices WHERE serial_key >= ? AND serial_key < ?",
	}
	args := []any{lo, hi, lo, hi}
	if h := strings.ToLower(q); !strings.ContainsAny(h, " /") {
		hlo, hhi := prefixRange(h)
		branches, args = append(branches, "SELECT id FROM devices WHERE hostname >= ? AND hostname < ?"), append(args, hlo, hhi)
	}
	if ip, err := ward.NormalizeIP(q); err == nil && ip != "" {
		branches, args = append(branches, "SELECT id FROM devices WHERE ip = ?"), append(args, ip)
	}
	if mac, err := ward.NormalizeMAC(q); err == nil && mac != "" {
		branches, args = append(branches, "SELECT id FROM devices WHERE mac = ?"), append(args, mac)
	}
	if k := names.Key(q); len(k) >= 2 {
		branches = append(branches,
			"SELECT id FROM devices WHERE model_id IN (SELECT model_id FROM model_numbers WHERE number_key LIKE ?)",
			"SELECT id FROM devices WHERE model_id IN (SELECT model_id FROM model_aliases WHERE alias_key LIKE ?)",
			"SELECT id FROM devices WHERE manufacturer_id IN (SELECT manufacturer_id FROM manufacturer_aliases WHERE alias_key LIKE ?)")
		args = append(args, k+"%", "%"+k+"%", k+"%")
	}
	if engine == Postgres {
		// An array of the hits is built once and read by primary key:
		// PostgreSQL cannot estimate how few rows the union yields and
		// would otherwise hash it against a scan of every device.
		return "d.id = ANY(ARRAY(" + strings.Join(branches, " UNION ") + "))", args
	}
	return "d.id IN (" + strings.Join(branches, " UNION ") + ")", args
}

// prefixRange returns [lo, hi) such that every string with prefix p lies
// in it, for an index range scan instead of LIKE, whose case rules differ
// between the engines.
func prefixRange(p string) (string, string) {
	return p, p + "\U0010FFFF"
}

// CountDevices returns how many devices match f.
func (db *DB) CountDevices(ctx context.Context, f ward.DeviceFilter) (int64, error) {
	if err := validateDeviceFilter(&f); err != nil {
		return 0, err
	}
	var n int64
	err := db.view(ctx, func(tx *Tx) error {
		from, where, args := tx.deviceQuery(f)
		q := "SELECT COUNT(*)" + from
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		return tx.queryRow(q, args...).Scan(&n)
	})
	return n, err
}

// FindDevice returns a device by ID; ENOTFOUND if there is none.
func (db *DB) FindDevice(ctx context.Context, id int64) (*ward.Device, error) {
	return db.findDevice(ctx, "d.id = ?", id, "no device %d")
}

// FindDeviceByTag returns a device by asset tag, ignoring case; ENOTFOUND
// if there is none.
func (db *DB) FindDeviceByTag(ctx context.Context, tag string) (*ward.Device, error) {
	return db.findDevice(ctx, "d.tag_key = ?", tagKey(tag), "no device with asset tag %q")
}

func (db *DB) findDevice(ctx context.Context, cond string, arg any, msg string) (*ward.Device, error) {
	var d *ward.Device
	err := db.view(ctx, func(tx *Tx) (err error) {
		d, err = tx.findDevice(cond, arg, msg)
		return err
	})
	return d, err
}

func (tx *Tx) findDevice(cond string, arg any, msg string) (*ward.Device, error) {
	var r deviceRow
	if err := scanDevice(tx.queryRow("SELECT "+deviceColumns+" FROM devices d WHERE "+cond, arg), &r); err != nil {
		return nil, notFound(err, msg, arg)
	}
	ds, err := tx.resolveDevices([]deviceRow{r})
	if err != nil {
		return nil, err
	}
	return &ds[0], nil
}

// tagKey is the case-insensitive identity of an asset tag.
func tagKey(tag string) string { return strings.ToUpper(strings.TrimSpace(tag)) }

// FindDeviceHistory returns a device's changes, newest first, ending with
// its creation. ENOTFOUND for an unknown device.
func (db *DB) FindDeviceHistory(ctx context.Context, id int64) ([]ward.DeviceChange, error) {
	out := []ward.DeviceChange{}
	err := db.view(ctx, func(tx *Tx) error {
		var created ward.DeviceChange
		var by string
		err := tx.queryRow(`SELECT created_at, created_by, asset_tag FROM devices WHERE id = ?`, id).
			Scan(timeCol{&created.At}, &by, &created.New)
		if err != nil {
			return notFound(err, "no device %d", id)
		}
		created.DeviceID, created.Actor, created.Field = id, ward.Actor(by), "created"
		rows, err := tx.query(`SELECT id, at, actor, field, old_value, new_value FROM device_changes
			WHERE device_id = ? ORDER BY id DESC`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := ward.DeviceChange{DeviceID: id}
			if err := rows.Scan(&c.ID, timeCol{&c.At}, &c.Actor, &c.Field, &c.Old, &c.New); err != nil {
				return err
			}
			out = append(out, c)
		}
		out = append(out, created)
		return rows.Err()
	})
	return out, err
}
