package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"ward"
)

// importBatch is the number of records written per round trip: large
// enough to amortise statement overhead, small enough (×29 columns) to stay
// under SQLite's limit of 32766 parameters per statement.
const importBatch = 500

// bulkAnalyze is how many changed devices make an import refresh
// PostgreSQL's statistics of the table.
const bulkAnalyze = 10000

// ImportDevices upserts device records by asset tag in one transaction.
// Without SkipInvalid any refused record rolls everything back and the
// error is a *ward.ImportError listing every problem; with it, the valid
// records are written and the refused ones returned. A cancelled context
// rolls back too, so an interrupted import leaves the database as it was.
func (db *DB) ImportDevices(ctx context.Context, src ward.DeviceSource, opts ward.ImportOptions) (*ward.ImportResult, error) {
	if opts.Progress == nil {
		opts.Progress = ward.NoProgress{}
	}
	res := &ward.ImportResult{Rejected: []ward.RowError{}, UnresolvedManufacturers: []string{}}
	started := db.now().UTC()
	err := db.update(ctx, func(tx *Tx) error {
		imp, err := newImporter(tx, src, opts, res)
		if err != nil {
			return err
		}
		if err := imp.run(); err != nil {
			return err
		}
		if len(res.Rejected) > 0 && !opts.SkipInvalid {
			return &ward.ImportError{Source: src.Name(), Rows: res.Rejected}
		}
		if opts.DryRun {
			return errRollback
		}
		res.ImportID, err = tx.insertID(`INSERT INTO imports (kind, source, actor, started_at, finished_at, read_count,
			created, updated, unchanged, rejected) VALUES ('devices', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			src.Name(), string(ward.ActorFrom(ctx)), tx.ts(started), tx.ts(db.now()), res.Read, res.Created,
			res.Updated, res.Unchanged, len(res.Rejected))
		if err != nil {
			return err
		}
		if tx.db.engine == Postgres && res.Created+res.Updated >= bulkAnalyze {
			// Fresh statistics right away, so the next queries are planned
			// for the table as it now is, not as autovacuum last saw it.
			if _, err := tx.exec(`ANALYZE devices`); err != nil {
				return err
			}
		}
		// One summary entry per import: a million-row load is one event
		// in the trail; each device's own changes are in its history.
		return tx.audit("import.devices", "import", strconv.FormatInt(res.ImportID, 10), nil, map[string]any{
			"source": src.Name(), "read": res.Read, "created": res.Created, "updated": res.Updated,
			"unchanged": res.Unchanged, "rejected": len(res.Rejected), "skip_invalid": opts.SkipInvalid})
	})
	if errors.Is(err, errRollback) {
		return res, nil
	}
	var ie *ward.ImportError
	if errors.As(err, &ie) {
		return res, err
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importer carries the state of one device import.
type importer struct {
	tx    *Tx
	src   ward.DeviceSource
	opts  ward.ImportOptions
	res   *ward.ImportResult
	cache *refCache
	seen  map[string]int // asset tag key → line of its first record
	batch []*ward.DeviceRecord
	// emptyAtStart lets a first load skip looking up existing devices.
	emptyAtStart bool
	restoreIdx   func() error
	insert       *batchInsert
	update       *preparedUpdate
}

func newImporter(tx *Tx, src ward.DeviceSource, opts ward.ImportOptions, res *ward.ImportResult) (*importer, error) {
	cache, err := loadRefCache(tx)
	if err != nil {
		return nil, err
	}
	imp := &importer{tx: tx, src: src, opts: opts, res: res, cache: cache, seen: map[string]int{}}
	var any int
	if err := tx.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM devices LIMIT 1) x`).Scan(&any); err != nil {
		return nil, err
	}
	imp.emptyAtStart = any == 0
	if imp.emptyAtStart && !opts.DryRun {
		if imp.restoreIdx, err = tx.deferIndexes("devices"); err != nil {
			return nil, err
		}
	}
	imp.insert = newBatchInsert(tx, "devices", devValueColumns+", created_at, created_by, updated_at", devValueCount+3)
	imp.update = &preparedUpdate{tx: tx}
	return imp, nil
}

func (imp *importer) run() error {
	defer imp.insert.close()
	defer imp.update.close()
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
	if err := imp.insert.flush(); err != nil {
		return err
	}
	if imp.restoreIdx != nil && !imp.failing() {
		if err := imp.restoreIdx(); err != nil {
			return err
		}
	}
	imp.opts.Progress.Report(int64(imp.res.Read), int64(imp.res.Read))
	imp.res.UnresolvedManufacturers = imp.cache.unresolvedNames()
	return nil
}

// add checks what can be checked without the database and queues the record.
func (imp *importer) add(rec *ward.DeviceRecord) {
	key := tagKey(rec.AssetTag)
	if first, dup := imp.seen[key]; dup && len(rec.Problems) == 0 {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: ward.ColumnName(imp.src, ward.FieldAssetTag),
			Message: fmt.Sprintf("asset tag %q appears again (first on line %d)", rec.AssetTag, first)})
	} else if !dup && key != "" {
		imp.seen[key] = rec.Line
	}
	if len(rec.Problems) > 0 {
		imp.reject(rec)
		return
	}
	imp.batch = append(imp.batch, rec)
}

func (imp *importer) reject(rec *ward.DeviceRecord) {
	e := ward.RowError{File: imp.src.Name(), Line: rec.Line, Problems: rec.Problems}
	if imp.opts.SkipInvalid {
		e.Raw = rec.Raw // kept only for the rejects file
	}
	imp.res.Rejected = append(imp.res.Rejected, e)
}

// failing reports whether the import will be rolled back anyway, so the
// rest of the file is only validated, not written.
func (imp *importer) failing() bool {
	return len(imp.res.Rejected) > 0 && !imp.opts.SkipInvalid
}
