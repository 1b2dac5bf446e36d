package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"ward"
)

// deviceRow is a device as stored: the ward.Device fields that live in the
// devices table plus the references refs turns into names.
type deviceRow struct {
	ward.Device
	typeID int64 // the device's own type; 0 means the model's
	teamID int64 // the device's own team; 0 means the matrix decides
}

const deviceColumns = `d.id, d.asset_tag, COALESCE(d.serial, ''), d.manufacturer_id, d.model_id, COALESCE(d.recorded_manufacturer, ''),
	COALESCE(d.recorded_model, ''), COALESCE(d.model_number, ''), d.device_type_id, COALESCE(d.udi, ''), COALESCE(d.udi_di, ''), d.software_version, COALESCE(d.operating_system, ''),
	COALESCE(d.ip, ''), COALESCE(d.mac, ''), COALESCE(d.hostname, ''), COALESCE(d.vlan, ''), COALESCE(d.connection, ''), d.location_id, d.facility_id, d.status, COALESCE(d.criticality_override, ''),
	d.stores_phi, d.acquisition_date, d.acquisition_cost, d.warranty_end, d.team_id, d.last_seen,
	d.created_at, d.updated_at`

func scanDevice(row interface{ Scan(...any) error }, r *deviceRow) error {
	var typeID, locID, facID, cost, teamID sql.NullInt64
	d := &r.Device
	err := row.Scan(&d.ID, &d.AssetTag, &d.Serial, &d.ManufacturerID, &d.ModelID, &d.RecordedManufacturer,
		&d.RecordedModel, &d.ModelNumber, &typeID, &d.UDI, &d.UDIDI, &d.SoftwareVersion, &d.OperatingSystem,
		&d.IP, &d.MAC, &d.Hostname, &d.VLAN, &d.Connection, &locID, &facID, &d.Status, &d.CriticalityOverride,
		boolPtrCol{&d.StoresPHI}, dateCol{&d.AcquisitionDate}, &cost, dateCol{&d.WarrantyEnd}, &teamID,
		timeCol{&d.LastSeen}, timeCol{&d.CreatedAt}, timeCol{&d.UpdatedAt})
	r.typeID, r.teamID = typeID.Int64, teamID.Int64
	d.LocationID, d.FacilityID, d.AcquisitionCost = locID.Int64, facID.Int64, ward.Money(cost.Int64)
	return err
}

// deviceSorts maps sort keys to the column that orders them.
var deviceSorts = map[string]string{
	ward.SortAssetTag:        "d.tag_key",
	ward.SortSerial:          "COALESCE(d.serial_key, '')",
	ward.SortSoftwareVersion: "d.software_version",
	ward.SortStatus:          "d.status",
	ward.SortUpdated:         "d.updated_at",
}

// deviceQuery builds the FROM and WHERE of a device query.
func (tx *Tx) deviceQuery(f ward.DeviceFilter) (from string, where []string, args []any) {
	from = " FROM devices d"
	needModel := f.DeviceType != "" || f.TeamID != 0 || f.Unowned
	if needModel {
		from += " JOIN models m ON m.id = d.model_id"
	}
	in := func(col string, vals []any) {
		where = append(where, col+" IN ("+placeholders(len(vals))+")")
		args = append(args, vals...)
	}
	if len(f.FacilityIDs) > 0 {
		in("d.facility_id", int64Args(f.FacilityIDs))
	}
	if len(f.ManufacturerIDs) > 0 {
		in("d.manufacturer_id", int64Args(f.ManufacturerIDs))
	}
	if len(f.ModelIDs) > 0 {
		in("d.model_id", int64Args(f.ModelIDs))
	}
	if len(f.Statuses) > 0 {
		in("d.status", stringArgs(f.Statuses))
	}
	if f.DeviceType != "" {
		where = append(where, "COALESCE(d.device_type_id, m.device_type_id) = (SELECT id FROM device_types WHERE name_key = ?)")
		args = append(args, deviceTypeKey(f.DeviceType))
	}
	if f.TeamID != 0 {
		where, args = append(where, ownerExpr+" = ?"), append(args, f.TeamID)
	}
	if f.Unowned {
		where = append(where, unownedCond)
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		w, a := deviceSearch(q, tx.db.engine)
		where, args = append(where, w), append(args, a...)
	}
	return from, where, args
}

// validateDeviceFilter refuses unknown sort keys and statuses.
func validateDeviceFilter(f *ward.DeviceFilter) error { return f.Validate() }

// FindDevices returns one page of devices matching f, in keyset order.
func (db *DB) FindDevices(ctx context.Context, f ward.DeviceFilter) (*ward.Page[ward.Device], error) {
	if err := validateDeviceFilter(&f); err != nil {
		return nil, err
	}
	cur, err := decodeCursor(f.After, f.Sort, 1)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Device]{Items: []ward.Device{}}
	err = db.view(ctx, func(tx *Tx) error {
		from, where, args := tx.deviceQuery(f)
		col, dir, cmp := deviceSorts[f.Sort], "ASC", ">"
		if f.Desc {
			dir, cmp = "DESC", "<"
		}
		if cur != nil {
			where = append(where, "("+col+", d.id) "+cmp+" (?, ?)")
			args = append(args, cur.Keys[0], cur.ID)
		}
		cols := deviceColumns
		if tx.db.engine == SQLite {
			cols = packedSelect
		}
		q := "SELECT " + cols + ", " + col + from
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		q += " ORDER BY " + col + " " + dir + ", d.id " + dir + " LIMIT ?"
		rows, err := tx.query(q, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var devs []deviceRow
		var lastKey string
		for rows.Next() {
			var r deviceRow
			var key sql.RawBytes
			if err := tx.scanDeviceWithKey(rows, &r, &key); err != nil {
				return err
			}
			if len(devs) == limit {
				page.NextCursor = cursor{Sort: f.Sort, Keys: []string{lastKey}, ID: devs[limit-1].ID}.encode()
				break
			}
			lastKey = string(key)
			devs = append(devs, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		page.Items, err = tx.resolveDevices(devs)
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// resolveDevices turns rows into devices with names filled in.
func (tx *Tx) resolveDevices(devs []deviceRow) ([]ward.Device, error) {
	out := make([]ward.Device, len(devs))
	if len(devs) == 0 {
		return out, nil
	}
	r, err := newRefs(tx)
	if err != nil {
		return nil, err
	}
	if err := r.load(devs); err != nil {
		return nil, err
	}
	for i := range devs {
		r.fill(&devs[i], &out[i])
	}
	return out, nil
}
