package sqlstore

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"ward"
)

// ImportWorkOrderHistory adds history entries to the work orders they
// name by number, in one transaction. An entry already recorded (same
// order, time, actor, field and values) is counted unchanged, so a history
// file imports twice without doubling; "created" entries are the orders'
// own creation and are skipped. All or nothing unless SkipInvalid.
func (db *DB) ImportWorkOrderHistory(ctx context.Context, src ward.WorkOrderChangeSource, opts ward.ImportOptions) (*ward.ImportResult, error) {
	if opts.Progress == nil {
		opts.Progress = ward.NoProgress{}
	}
	res := &ward.ImportResult{Rejected: []ward.RowError{}, UnresolvedManufacturers: []string{}}
	started := db.now().UTC()
	err := db.update(ctx, func(tx *Tx) error {
		w, err := newWOWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		h := &woHistoryImport{tx: tx, src: src, opts: opts, res: res, w: w, seen: map[string]bool{}}
		if err := h.run(); err != nil {
			return err
		}
		return tx.finishWOImport("work_order_history", src.Name(), started, opts, res)
	})
	return woImportOutcome(res, err)
}

type woHistoryImport struct {
	tx    *Tx
	src   ward.WorkOrderChangeSource
	opts  ward.ImportOptions
	res   *ward.ImportResult
	w     *woWriter
	seen  map[string]bool // entries of the file and of the orders it names
	batch []*ward.WorkOrderChangeRecord
}

func (h *woHistoryImport) run() error {
	for {
		if err := h.tx.ctx.Err(); err != nil {
			return err
		}
		rec, err := h.src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		h.res.Read++
		if h.res.Read%1024 == 0 {
			h.opts.Progress.Report(int64(h.res.Read), -1)
		}
		if len(rec.Problems) > 0 {
			h.reject(rec)
			continue
		}
		h.batch = append(h.batch, rec)
		if len(h.batch) == importBatch {
			if err := h.flush(); err != nil {
				return err
			}
		}
	}
	return h.flush()
}

func (h *woHistoryImport) reject(rec *ward.WorkOrderChangeRecord) {
	e := ward.RowError{File: h.src.Name(), Line: rec.Line, Problems: rec.Problems}
	if h.opts.SkipInvalid {
		e.Raw = rec.Raw
	}
	h.res.Rejected = append(h.res.Rejected, e)
}

// flush resolves the batch's numbers, loads what the orders it names
// already record, and queues the entries that are new.
func (h *woHistoryImport) flush() error {
	batch := h.batch
	h.batch = h.batch[:0]
	if len(batch) == 0 {
		return nil
	}
	keys := make([]string, 0, len(batch))
	for _, rec := range batch {
		keys = append(keys, ward.WorkOrderNumberKey(rec.Change.Number))
	}
	ids := map[string]int64{}
	var fresh []int64
	for _, c := range chunks(keys, importBatch) {
		err := eachRow(h.tx, `SELECT id, number_key FROM work_orders WHERE number_key IN (`+placeholders(len(c))+`)`,
			stringArgs(c), func(id int64, k string) {
				if _, ok := ids[k]; !ok {
					ids[k] = id
					fresh = append(fresh, id)
				}
			})
		if err != nil {
			return err
		}
	}
	if err := h.loadRecorded(fresh); err != nil {
		return err
	}
	for _, rec := range batch {
		c := rec.Change
		id := ids[ward.WorkOrderNumberKey(c.Number)]
		switch {
		case id == 0:
			rec.Problems = append(rec.Problems, ward.FieldProblem{Field: "number",
				Message: fmt.Sprintf("no work order %q (import the work orders first)", c.Number)})
			h.reject(rec)
		case c.Field == "created" || h.seen[changeKey(id, &c)]:
			h.res.Unchanged++
		default:
			h.seen[changeKey(id, &c)] = true
			h.w.addChanges(id, []ward.WorkOrderChange{c})
			h.res.Created++
			h.res.Changes++
		}
	}
	if len(h.res.Rejected) > 0 && !h.opts.SkipInvalid {
		return nil
	}
	return h.w.flush()
}

// loadRecorded marks the entries the given orders already have as seen.
// An order's entries are loaded once, the first time the file names it.
func (h *woHistoryImport) loadRecorded(ids []int64) error {
	for _, c := range chunks(ids, importBatch) {
		rows, err := h.tx.query(`SELECT work_order_id, at, actor, field, old_value, new_value FROM work_order_changes
			WHERE work_order_id IN (`+placeholders(len(c))+`)`, int64Args(c)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var ch ward.WorkOrderChange
			var actor string
			if err := rows.Scan(&id, timeCol{&ch.At}, &actor, &ch.Field, &ch.Old, &ch.New); err != nil {
				rows.Close()
				return err
			}
			ch.Actor = ward.Actor(actor)
			h.seen[changeKey(id, &ch)] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// changeKey identifies a history entry: the stored time has microseconds.
func changeKey(id int64, c *ward.WorkOrderChange) string {
	return strings.Join([]string{fmt.Sprint(id), c.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		string(c.Actor), c.Field, c.Old, c.New}, "\x00")
}
