package sqlstore

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"ward"
)

// flush resolves, merges and writes the queued records.
func (imp *importer) flush() error {
	batch := imp.batch
	imp.batch = imp.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	if imp.failing() {
		// Nothing will be written: only look for more problems to report.
		for _, rec := range batch {
			if _, ok := imp.cache.team(rec.Team); rec.Present.Has(ward.FieldTeam) && !ok {
				rec.Problems = append(rec.Problems, imp.unknownTeam(rec.Team))
				imp.reject(rec)
			}
		}
		return nil
	}
	existing, err := imp.existing(batch)
	if err != nil {
		return err
	}
	for _, rec := range batch {
		if err := imp.write(rec, existing); err != nil {
			return err
		}
	}
	return nil
}

func (imp *importer) unknownTeam(name string) ward.FieldProblem {
	return ward.FieldProblem{Field: ward.ColumnName(imp.src, ward.FieldTeam),
		Message: fmt.Sprintf("no team named %q; create it first (ward teams create)", name)}
}

// storedDevice is a device already in the database.
type storedDevice struct {
	id int64
	v  devValues
}

// existing loads the stored devices with the batch's asset tags.
func (imp *importer) existing(batch []*ward.DeviceRecord) (map[string]*storedDevice, error) {
	out := map[string]*storedDevice{}
	if imp.emptyAtStart {
		return out, nil
	}
	keys := make([]any, len(batch))
	for i, rec := range batch {
		keys[i] = tagKey(rec.AssetTag)
	}
	rows, err := imp.tx.query(`SELECT `+devValueSelect+` FROM devices WHERE tag_key IN (`+placeholders(len(keys))+`)`, keys...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		s := &storedDevice{}
		if err := scanDevValues(rows, &s.id, &s.v); err != nil {
			return nil, err
		}
		out[tagKey(s.v.AssetTag)] = s
	}
	return out, rows.Err()
}

// write merges one record into its stored device, or inserts it.
func (imp *importer) write(rec *ward.DeviceRecord, existing map[string]*storedDevice) error {
	teamID, ok := imp.cache.team(rec.Team)
	if rec.Present.Has(ward.FieldTeam) && !ok {
		rec.Problems = append(rec.Problems, imp.unknownTeam(rec.Team))
		imp.reject(rec)
		return nil
	}
	stored := existing[tagKey(rec.AssetTag)]
	var v devValues
	if stored != nil {
		v = stored.v
	}
	if err := imp.apply(rec, &v, teamID, stored == nil); err != nil {
		return err
	}
	tx := imp.tx
	if stored == nil {
		imp.res.Created++
		args := v.args(tx, make([]any, 0, devValueCount+3))
		return imp.insert.add(append(args, tx.ts(tx.now), string(ward.ActorFrom(tx.ctx)), tx.ts(tx.now))...)
	}
	changes := diffValues(&stored.v, &v, imp.cache)
	if len(changes) == 0 {
		imp.res.Unchanged++
		return nil
	}
	imp.res.Updated++
	imp.res.Changes += len(changes)
	if err := imp.update.exec(stored.id, &v); err != nil {
		return err
	}
	return tx.insertChanges(stored.id, changes)
}

// apply sets the fields the record carries; fields its source lacks keep
// their stored values.
func (imp *importer) apply(rec *ward.DeviceRecord, v *devValues, teamID int64, isNew bool) error {
	c, has := imp.cache, rec.Present.Has
	var err error
	if v.ManufacturerID, err = c.manufacturer(rec.Manufacturer); err != nil {
		return err
	}
	var recType int64
	if has(ward.FieldDeviceType) {
		if recType, err = c.deviceType(rec.DeviceType); err != nil {
			return err
		}
		v.TypeID = recType
	}
	if v.ModelID, err = c.model(v.ManufacturerID, rec.Model, rec.ModelNumber, recType); err != nil {
		return err
	}
	v.AssetTag, v.RecordedManufacturer, v.RecordedModel = rec.AssetTag, rec.Manufacturer, rec.Model
	setStr := func(f ward.DeviceField, dst *string, val string) {
		if has(f) {
			*dst = val
		}
	}
	setStr(ward.FieldSerial, &v.Serial, rec.Serial)
	setStr(ward.FieldModelNumber, &v.ModelNumber, rec.ModelNumber)
	setStr(ward.FieldSoftwareVersion, &v.SoftwareVersion, rec.SoftwareVersion)
	setStr(ward.FieldOperatingSystem, &v.OperatingSystem, rec.OperatingSystem)
	setStr(ward.FieldIP, &v.IP, rec.IP)
	setStr(ward.FieldMAC, &v.MAC, rec.MAC)
	setStr(ward.FieldHostname, &v.Hostname, rec.Hostname)
	setStr(ward.FieldVLAN, &v.VLAN, rec.VLAN)
	setStr(ward.FieldConnection, &v.Connection, rec.Connection)
	setStr(ward.FieldCriticality, &v.CriticalityOverride, rec.Criticality)
	if has(ward.FieldUDI) {
		v.UDI, v.UDIDI = rec.UDI, rec.UDIDI
	}
	if has(ward.FieldStatus) && rec.Status != "" {
		v.Status = rec.Status
	}
	if isNew && v.Status == "" {
		v.Status = ward.StatusInService
	}
	if has(ward.FieldStoresPHI) {
		v.StoresPHI = rec.StoresPHI
	}
	if has(ward.FieldAcquisitionDate) {
		v.AcquisitionDate = rec.AcquisitionDate
	}
	if has(ward.FieldAcquisitionCost) {
		v.AcquisitionCost = rec.AcquisitionCost
	}
	if has(ward.FieldWarrantyEnd) {
		v.WarrantyEnd = rec.WarrantyEnd
	}
	if has(ward.FieldLastSeen) {
		v.LastSeen = rec.LastSeen
	}
	if has(ward.FieldTeam) {
		v.TeamID = teamID
	}
	if has(ward.FieldFacility) || has(ward.FieldBuilding) || has(ward.FieldFloor) || has(ward.FieldDepartment) || has(ward.FieldRoom) {
		if v.LocationID, v.FacilityID, err = c.location(rec); err != nil {
			return err
		}
	}
	return nil
}

// preparedUpdate rewrites all stored columns of one device by ID.
type preparedUpdate struct {
	tx   *Tx
	stmt *sql.Stmt
}

func (u *preparedUpdate) exec(id int64, v *devValues) error {
	if u.stmt == nil {
		var err error
		u.stmt, err = u.tx.prepare(`UPDATE devices SET (` + devValueColumns + `, updated_at) = (` +
			placeholders(devValueCount+1) + `) WHERE id = ?`)
		if err != nil {
			return err
		}
	}
	args := v.args(u.tx, make([]any, 0, devValueCount+2))
	_, err := u.stmt.ExecContext(u.tx.ctx, append(args, u.tx.ts(u.tx.now), id)...)
	return err
}

func (u *preparedUpdate) close() {
	if u.stmt != nil {
		u.stmt.Close()
	}
}

// batchInsert buffers rows and writes them in bulk: on SQLite as multi-row
// INSERTs of importBatch rows, on PostgreSQL with COPY, its fastest load.
type batchInsert struct {
	tx    *Tx
	table string
	cols  string
	ncols int
	args  []any   // SQLite: the pending rows' values, flattened
	rows  [][]any // PostgreSQL: the pending rows
	full  *sql.Stmt
}

// copyBatch is the number of rows per COPY on PostgreSQL.
const copyBatch = 20000

func newBatchInsert(tx *Tx, table, cols string, ncols int) *batchInsert {
	return &batchInsert{tx: tx, table: table, cols: cols, ncols: ncols, args: make([]any, 0, ncols*importBatch)}
}

// add queues one row; row must not be reused by the caller.
func (b *batchInsert) add(row ...any) error {
	if b.tx.db.engine == Postgres {
		b.rows = append(b.rows, row)
		if len(b.rows) < copyBatch {
			return nil
		}
		return b.copy()
	}
	b.args = append(b.args, row...)
	if len(b.args) < b.ncols*importBatch {
		return nil
	}
	if b.full == nil {
		var err error
		if b.full, err = b.tx.prepare(b.statement(importBatch)); err != nil {
			return err
		}
	}
	_, err := b.full.ExecContext(b.tx.ctx, b.args...)
	b.args = b.args[:0]
	return err
}

func (b *batchInsert) flush() error {
	if b.tx.db.engine == Postgres {
		return b.copy()
	}
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.exec(b.statement(len(b.args)/b.ncols), b.args...)
	b.args = b.args[:0]
	return err
}

// copy writes the pending rows with COPY on the transaction's connection.
func (b *batchInsert) copy() error {
	if len(b.rows) == 0 {
		return nil
	}
	cols := strings.Split(b.cols, ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	err := b.tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs a pgx connection, got %T", dc)
		}
		_, err := c.Conn().CopyFrom(b.tx.ctx, pgx.Identifier{b.table}, cols, pgx.CopyFromRows(b.rows))
		return err
	})
	b.rows = b.rows[:0]
	return err
}

func (b *batchInsert) statement(rows int) string {
	return `INSERT INTO ` + b.table + ` (` + b.cols + `) VALUES ` + repeatGroup(b.ncols, rows)
}

func (b *batchInsert) close() {
	if b.full != nil {
		b.full.Close()
	}
}
