package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"

	"ward"
)

// Parallel scans read scanChunk device IDs at a time on scanWorkers
// connections. Two workers use both cores of a small server; chunks keep
// memory flat however large the inventory.
const (
	scanWorkers = 2
	scanChunk   = 4096
)

// EachDevice streams every device matching f, in ID order, to fn. All
// devices come from one consistent snapshot of the database. On SQLite the
// reading runs on two connections in parallel; fn is always called from
// the calling goroutine, one device at a time.
func (db *DB) EachDevice(ctx context.Context, f ward.DeviceFilter, fn func(*ward.Device) error) error {
	if err := validateDeviceFilter(&f); err != nil {
		return err
	}
	if db.engine != SQLite {
		return db.view(ctx, func(tx *Tx) error {
			r, err := newRefs(tx)
			if err != nil {
				return err
			}
			if err := r.preload(); err != nil {
				return err
			}
			return tx.eachDeviceRange(r, f, 0, 0, fn)
		})
	}
	return db.eachDeviceParallel(ctx, f, fn)
}

func (db *DB) eachDeviceParallel(parent context.Context, f ward.DeviceFilter, fn func(*ward.Device) error) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	txs, release, err := db.snapshotReaders(ctx, scanWorkers)
	if err != nil {
		return err
	}
	defer release()
	var lo, hi int64
	if err := txs[0].queryRow(`SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM devices`).Scan(&lo, &hi); err != nil {
		return mapError(err)
	}
	if narrow, err := txs[0].narrowFilter(f, hi-lo+1); err != nil {
		return mapError(err)
	} else if narrow {
		// Few matches: one indexed query beats scanning every chunk.
		r, err := newRefs(txs[0])
		if err != nil {
			return err
		}
		return mapError(txs[0].eachDeviceRange(r, f, 0, 0, fn))
	}
	outs := make([]chan []ward.Device, scanWorkers)
	free := make([]chan []ward.Device, scanWorkers)
	errs := make([]error, scanWorkers)
	var wg sync.WaitGroup
	for w := range scanWorkers {
		outs[w], free[w] = make(chan []ward.Device, 2), make(chan []ward.Device, 3)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(outs[w])
			errs[w] = txs[w].scanChunks(ctx, f, lo, hi, w, outs[w], free[w])
		}()
	}
	defer wg.Wait()
	for c := 0; ; c++ {
		w := c % scanWorkers
		devs, ok := <-outs[w]
		if !ok {
			break
		}
		for i := range devs {
			if err := fn(&devs[i]); err != nil {
				cancel()
				drain(outs)
				return err
			}
		}
		select {
		case free[w] <- devs[:0]:
		default:
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return mapError(err)
		}
	}
	return parent.Err()
}

func drain(chs []chan []ward.Device) {
	for _, ch := range chs {
		for range ch {
		}
	}
}

// narrowFilter reports whether f matches so few devices (under 1/64 of the
// ID span) that one indexed query is cheaper than a parallel chunked scan.
func (tx *Tx) narrowFilter(f ward.DeviceFilter, span int64) (bool, error) {
	from, where, args := tx.deviceQuery(f)
	if len(where) == 0 {
		return false, nil
	}
	var n int64
	err := tx.queryRow("SELECT COUNT(*)"+from+" WHERE "+strings.Join(where, " AND "), args...).Scan(&n)
	return n*64 < span, err
}

// scanChunks reads chunks w, w+scanWorkers, … of the ID range [lo, hi] and
// sends each, resolved, to out.
func (tx *Tx) scanChunks(ctx context.Context, f ward.DeviceFilter, lo, hi int64, w int, out, free chan []ward.Device) error {
	r, err := newRefs(tx)
	if err != nil {
		return err
	}
	var rows []deviceRow
	for start := lo + int64(w)*scanChunk; start <= hi; start += scanWorkers * scanChunk {
		var buf []ward.Device
		select {
		case buf = <-free:
		default:
			buf = make([]ward.Device, 0, scanChunk)
		}
		err := tx.scanDeviceRange(r, f, start, start+scanChunk-1, &rows, func(batch []deviceRow) error {
			for i := range batch {
				buf = append(buf, ward.Device{})
				r.fill(&batch[i], &buf[len(buf)-1])
			}
			return nil
		})
		if err != nil {
			return err
		}
		select {
		case out <- buf:
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}

// eachDeviceRange streams the devices matching f with IDs in [lo, hi]
// (all when hi is 0) in ID order.
func (tx *Tx) eachDeviceRange(r *refs, f ward.DeviceFilter, lo, hi int64, fn func(*ward.Device) error) error {
	var rows []deviceRow
	var d ward.Device
	return tx.scanDeviceRange(r, f, lo, hi, &rows, func(batch []deviceRow) error {
		for i := range batch {
			r.fill(&batch[i], &d)
			if err := fn(&d); err != nil {
				return err
			}
		}
		return nil
	})
}

// scanDeviceRange reads the devices matching f with IDs in [lo, hi] (all
// when hi is 0) in ID order, and hands them to emit in batches whose
// references are loaded into r. buf is reused between calls.
func (tx *Tx) scanDeviceRange(r *refs, f ward.DeviceFilter, lo, hi int64, buf *[]deviceRow, emit func([]deviceRow) error) error {
	from, where, args := tx.deviceQuery(f)
	if hi > 0 {
		where, args = append(where, "d.id BETWEEN ? AND ?"), append(args, lo, hi)
		if tx.db.engine == SQLite {
			// A chunk is a narrow ID range: reading it by rowid beats any
			// index on the filter columns, which would be walked whole for
			// every chunk.
			from = strings.Replace(from, " FROM devices d", " FROM devices d NOT INDEXED", 1)
		}
	}
	cols := deviceColumns
	if tx.db.engine == SQLite {
		cols = packedSelect
	}
	q := "SELECT " + cols + from
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := tx.query(q+" ORDER BY d.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	const batch = 512
	if cap(*buf) < batch {
		*buf = make([]deviceRow, 0, batch)
	}
	b := (*buf)[:0]
	flush := func() error {
		if err := r.load(b); err != nil {
			return err
		}
		err := emit(b)
		b = b[:0]
		return err
	}
	var packed sql.RawBytes
	for rows.Next() {
		b = b[:len(b)+1]
		row := &b[len(b)-1]
		*row = deviceRow{}
		if tx.db.engine == SQLite {
			if err := rows.Scan(&packed); err != nil {
				return err
			}
			if !unpackDevice(string(packed), row) {
				return ward.Errorf(ward.EINTERNAL, "a device row after ID %d is malformed", lo)
			}
		} else if err := scanDevice(rows, row); err != nil {
			return err
		}
		if len(b) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// snapshotReaders opens n read transactions that all see the same
// snapshot: they start while this process holds the write lock, so no
// commit can fall between them. The write lock is released before
// returning; release ends the read transactions.
func (db *DB) snapshotReaders(ctx context.Context, n int) ([]*Tx, func(), error) {
	var conns []*sql.Conn
	var txs []*Tx
	release := func() {
		for _, t := range txs {
			t.tx.Rollback()
		}
		for _, c := range conns {
			c.Close()
		}
	}
	wconn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, mapError(err)
	}
	defer wconn.Close()
	wtx, err := wconn.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, mapError(err)
	}
	defer wtx.Rollback()
	for range n {
		c, err := db.read.Conn(ctx)
		if err != nil {
			release()
			return nil, nil, mapError(err)
		}
		conns = append(conns, c)
		t, err := c.BeginTx(ctx, nil)
		if err != nil {
			release()
			return nil, nil, mapError(err)
		}
		tx := &Tx{tx: t, db: db, ctx: ctx, now: db.now().UTC()}
		txs = append(txs, tx)
		var v int
		// The first read fixes the transaction's snapshot.
		if err := tx.queryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&v); err != nil {
			release()
			return nil, nil, mapError(err)
		}
	}
	return txs, release, nil
}
