package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"ward"
	"ward/names"
)

// ImportWorkOrders upserts work order records by number in one
// transaction. Without SkipInvalid any refused record rolls everything
// back and the error is a *ward.ImportError listing every problem; with
// it the valid records are written and the refused ones returned. Asset
// tags and existing numbers are resolved a batch at a time; new orders are
// written in bulk. A cancelled context rolls everything back.
func (db *DB) ImportWorkOrders(ctx context.Context, src ward.WorkOrderSource, opts ward.ImportOptions) (*ward.ImportResult, error) {
	if opts.Progress == nil {
		opts.Progress = ward.NoProgress{}
	}
	res := &ward.ImportResult{Rejected: []ward.RowError{}, UnresolvedManufacturers: []string{}}
	started := db.now().UTC()
	err := db.update(ctx, func(tx *Tx) error {
		imp, err := newWOImporter(tx, src, opts, res)
		if err != nil {
			return err
		}
		defer imp.close()
		if err := imp.run(); err != nil {
			return err
		}
		return tx.finishWOImport("work_orders", src.Name(), started, opts, res)
	})
	return woImportOutcome(res, err)
}

// finishWOImport ends an import transaction: an ImportError when rows were
// refused without SkipInvalid, a rollback for a dry run, else a row in
// imports.
func (tx *Tx) finishWOImport(kind, source string, started time.Time, opts ward.ImportOptions, res *ward.ImportResult) error {
	// Rows refused while parsing and while storing, in file order.
	slices.SortStableFunc(res.Rejected, func(a, b ward.RowError) int { return a.Line - b.Line })
	if len(res.Rejected) > 0 && !opts.SkipInvalid {
		return &ward.ImportError{Source: source, Rows: res.Rejected}
	}
	if opts.DryRun {
		return errRollback
	}
	var err error
	res.ImportID, err = tx.insertID(`INSERT INTO imports (kind, source, actor, started_at, finished_at, read_count,
		created, updated, unchanged, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		kind, source, string(ward.ActorFrom(tx.ctx)), tx.ts(started), tx.ts(tx.db.now()), res.Read, res.Created,
		res.Updated, res.Unchanged, len(res.Rejected))
	if err != nil {
		return err
	}
	return tx.audit(kind+".import", kind, source, nil, map[string]any{"import_id": res.ImportID, "read": res.Read,
		"created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged, "changes": res.Changes,
		"rejected": len(res.Rejected)})
}

func woImportOutcome(res *ward.ImportResult, err error) (*ward.ImportResult, error) {
	var ie *ward.ImportError
	switch {
	case errors.Is(err, errRollback):
		return res, nil
	case errors.As(err, &ie):
		return res, err
	case err != nil:
		return nil, err
	}
	return res, nil
}

// woImporter carries the state of one work order import.
type woImporter struct {
	tx      *Tx
	src     ward.WorkOrderSource
	opts    ward.ImportOptions
	res     *ward.ImportResult
	teams   *woTeams
	scheds  map[int64]bool // the maintenance schedules that exist
	seen    map[string]int // number key → line of its first record
	batch   []*ward.WorkOrderRecord
	empty   bool // the table was empty: nothing to upsert against
	restore func() error
	w       *woWriter
	upd     *woUpdater
}

func newWOImporter(tx *Tx, src ward.WorkOrderSource, opts ward.ImportOptions, res *ward.ImportResult) (*woImporter, error) {
	teams, err := tx.teamsByKey()
	if err != nil {
		return nil, err
	}
	imp := &woImporter{tx: tx, src: src, opts: opts, res: res, teams: teams, seen: map[string]int{}, upd: &woUpdater{tx: tx},
		scheds: map[int64]bool{}}
	if err := eachRow(tx, `SELECT id, '' FROM pm_schedules`, nil, func(id int64, _ string) { imp.scheds[id] = true }); err != nil {
		return nil, err
	}
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM work_orders LIMIT 1) x`).Scan(&n); err != nil {
		return nil, err
	}
	imp.empty = n == 0
	if imp.empty && !opts.DryRun {
		// A first load builds the secondary indexes once, by sorting.
		if imp.restore, err = tx.deferIndexes("work_orders"); err != nil {
			return nil, err
		}
	}
	if imp.w, err = newWOWriter(tx); err != nil {
		return nil, err
	}
	return imp, nil
}

func (imp *woImporter) close() {
	imp.w.close()
	imp.upd.close()
}

func (imp *woImporter) run() error {
	for {
		if err := imp.tx.ctx.Err(); err != nil {
			return err
		}
		rec, err := imp.src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		imp.res.Read++
		if imp.res.Read%1024 == 0 {
			imp.opts.Progress.Report(int64(imp.res.Read), -1)
		}
		imp.add(rec)
		if len(imp.batch) == importBatch {
			if err := imp.flush(); err != nil {
				return err
			}
		}
	}
	if err := imp.flush(); err != nil {
		return err
	}
	if imp.restore != nil && !imp.failing() {
		if err := imp.restore(); err != nil {
			return err
		}
	}
	imp.opts.Progress.Report(int64(imp.res.Read), int64(imp.res.Read))
	return nil
}

// add checks what needs no database and queues the record.
func (imp *woImporter) add(rec *ward.WorkOrderRecord) {
	key := ward.WorkOrderNumberKey(rec.Values.Number)
	if first, dup := imp.seen[key]; dup && len(rec.Problems) == 0 {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: imp.column(ward.WOFieldNumber),
			Message: fmt.Sprintf("work order %q appears again (first on line %d)", rec.Values.Number, first)})
	} else if !dup && key != "" {
		imp.seen[key] = rec.Line
	}
	if len(rec.Problems) > 0 {
		imp.reject(rec)
		return
	}
	imp.batch = append(imp.batch, rec)
}

func (imp *woImporter) column(f ward.WorkOrderField) string {
	return ward.WorkOrderColumnName(imp.src, f)
}

func (imp *woImporter) reject(rec *ward.WorkOrderRecord) {
	e := ward.RowError{File: imp.src.Name(), Line: rec.Line, Problems: rec.Problems}
	if imp.opts.SkipInvalid {
		e.Raw = rec.Raw
	}
	imp.res.Rejected = append(imp.res.Rejected, e)
}

// failing reports whether the import will be rolled back anyway, so the
// rest of the file is only validated, not written.
func (imp *woImporter) failing() bool {
	return len(imp.res.Rejected) > 0 && !imp.opts.SkipInvalid
}

// flush resolves the batch's asset tags and stored orders with one query
// each, then writes it.
func (imp *woImporter) flush() error {
	batch := imp.batch
	imp.batch = imp.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	tags := make([]string, 0, len(batch))
	numbers := make([]string, 0, len(batch))
	for _, rec := range batch {
		tags = append(tags, tagKey(rec.Values.AssetTag))
		numbers = append(numbers, ward.WorkOrderNumberKey(rec.Values.Number))
	}
	devices, err := imp.tx.deviceIDsByTag(tags)
	if err != nil {
		return err
	}
	stored := map[string]*ward.WorkOrder{}
	if !imp.empty {
		if stored, err = imp.tx.workOrdersByNumber(numbers); err != nil {
			return err
		}
	}
	if !imp.failing() {
		if err := imp.w.reserve(len(batch) - len(stored)); err != nil {
			return err
		}
	}
	for _, rec := range batch {
		if err := imp.write(rec, devices, stored[ward.WorkOrderNumberKey(rec.Values.Number)]); err != nil {
			return err
		}
	}
	if imp.failing() {
		return nil
	}
	return imp.w.flush()
}

// write creates or updates the order of one record; a record that cannot
// be stored is rejected with its problems.
func (imp *woImporter) write(rec *ward.WorkOrderRecord, devices map[string]int64, old *ward.WorkOrder) error {
	wo := ward.WorkOrder{Number: rec.Values.Number, TeamSource: ward.TeamFromMatrix}
	if old != nil {
		wo = cloneWorkOrder(old)
	}
	if problems := imp.resolve(rec, &wo, devices); len(problems) > 0 {
		rec.Problems = problems
		imp.reject(rec)
		return nil
	}
	if old == nil && rec.Values.Status == "" {
		wo.Status = ward.WorkOrderOpen
		if !rec.Values.Completed.IsZero() {
			wo.Status = ward.WorkOrderCompleted
		}
	}
	if err := rec.ApplyTo(&wo); err != nil {
		return imp.problem(rec, ward.WOFieldStatus, err)
	}
	if err := wo.Normalize(); err != nil {
		return imp.problem(rec, -1, err)
	}
	if imp.failing() {
		return nil // validate the rest, write nothing
	}
	if old == nil {
		return imp.create(rec, &wo)
	}
	changes := ward.DiffWorkOrders(old, &wo)
	if len(changes) == 0 {
		imp.res.Unchanged++
		return nil
	}
	if err := imp.upd.update(&wo, ward.FormatLinks(old.Links) != ward.FormatLinks(wo.Links)); err != nil {
		return err
	}
	imp.w.addChanges(wo.ID, changes)
	imp.res.Updated++
	imp.res.Changes += len(changes)
	return nil
}

// resolve sets the device and explicit team of a record's order, or
// returns the problems naming the columns.
func (imp *woImporter) resolve(rec *ward.WorkOrderRecord, wo *ward.WorkOrder, devices map[string]int64) []ward.FieldProblem {
	var problems []ward.FieldProblem
	switch {
	case wo.ID == 0 && rec.Values.AssetTag == "":
		problems = append(problems, ward.FieldProblem{Field: imp.column(ward.WOFieldAssetTag),
			Message: "a new work order needs a device: give its asset tag"})
	case wo.ID == 0 && rec.Values.Type == "":
		problems = append(problems, ward.FieldProblem{Field: imp.column(ward.WOFieldType),
			Message: "a new work order needs a type: one of " + strings.Join(ward.WorkOrderTypes, ", ")})
	}
	if rec.Present.Has(ward.WOFieldAssetTag) && rec.Values.AssetTag != "" {
		id := devices[tagKey(rec.Values.AssetTag)]
		if id == 0 {
			problems = append(problems, ward.FieldProblem{Field: imp.column(ward.WOFieldAssetTag),
				Message: fmt.Sprintf("no device with asset tag %q", rec.Values.AssetTag)})
		}
		if id != wo.DeviceID {
			wo.DeviceID, wo.AssetTag = id, rec.Values.AssetTag
		}
	}
	if id := rec.Values.ScheduleID; rec.Present.Has(ward.WOFieldSchedule) && id != 0 && !imp.scheds[id] {
		problems = append(problems, ward.FieldProblem{Field: imp.column(ward.WOFieldSchedule),
			Message: fmt.Sprintf("no maintenance schedule %d (list them with 'ward workorders pm list', or leave the cell empty)", id)})
	}
	if rec.Present.Has(ward.WOFieldTeam) {
		wo.TeamID, wo.Team, wo.TeamSource = 0, "", ward.TeamFromMatrix
		if name := rec.Values.Team; name != "" {
			id, ok := imp.teams.byKey[names.Key(name)]
			if !ok {
				problems = append(problems, ward.FieldProblem{Field: imp.column(ward.WOFieldTeam),
					Message: fmt.Sprintf("no team named %q (create it with 'ward teams create')", name)})
			}
			wo.TeamID, wo.Team, wo.TeamSource = id, imp.teams.byID[id], ward.TeamFromWorkOrder
		}
	}
	return problems
}

func (imp *woImporter) problem(rec *ward.WorkOrderRecord, f ward.WorkOrderField, err error) error {
	col := "(row)"
	if f >= 0 {
		col = imp.column(f)
	}
	rec.Problems = append(rec.Problems, ward.FieldProblem{Field: col, Message: ward.ErrorMessage(err)})
	imp.reject(rec)
	return nil
}

func (imp *woImporter) create(rec *ward.WorkOrderRecord, wo *ward.WorkOrder) error {
	id, err := imp.w.nextID()
	if err != nil {
		return err
	}
	wo.ID = id
	created, by := rec.Values.CreatedAt, rec.Values.CreatedBy
	if created.IsZero() {
		created = imp.tx.now
	}
	if by == "" {
		by = ward.ActorFrom(imp.tx.ctx)
	}
	imp.res.Created++
	return imp.w.insert(wo, created, by)
}

// workOrdersByNumber reads the stored orders with the given number keys.
func (tx *Tx) workOrdersByNumber(keys []string) (map[string]*ward.WorkOrder, error) {
	names, err := tx.workOrderNames()
	if err != nil {
		return nil, err
	}
	out := map[string]*ward.WorkOrder{}
	var found []ward.WorkOrder
	rows, err := tx.query(workOrderSelect+` WHERE w.number_key IN (`+placeholders(len(keys))+`)`, stringArgs(keys)...)
	if err != nil {
		return nil, err
	}
	today := ward.DateOf(tx.now)
	for rows.Next() {
		var wo ward.WorkOrder
		if err := scanWorkOrder(rows, &wo, names, today); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, wo)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := tx.loadLinks(found); err != nil {
		return nil, err
	}
	for i := range found {
		out[ward.WorkOrderNumberKey(found[i].Number)] = &found[i]
	}
	return out, nil
}
