// Package sqlstore is Ward's one store implementation for SQLite (the
// embedded default, through modernc.org/sqlite without cgo) and PostgreSQL
// (through pgx's database/sql driver). Both engines run the same hand-written
// SQL; where they differ the difference is hidden behind one method.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"ward"
)

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is an open Ward database.
type DB struct {
	engine string
	write  *sql.DB // SQLite: the single writer connection
	read   *sql.DB // SQLite: a pool of read-only connections; PostgreSQL: same as write
	now    func() time.Time

	rebound sync.Map // query text with ? placeholders → PostgreSQL $n text
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a SQLite file path or a postgres://
// URL), applies pending migrations and seeds the manufacturer registry.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{now: time.Now}
	var err error
	if IsPostgres(dsn) {
		err = db.openPostgres(dsn)
	} else {
		err = db.openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.seedRegistry(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) openPostgres(dsn string) error {
	db.engine = Postgres
	conn, err := sql.Open("pgx", dsn)
	if err != nil {
		return ward.WrapError(ward.EINVALID, err, "bad PostgreSQL URL")
	}
	conn.SetMaxOpenConns(16)
	conn.SetMaxIdleConns(16)
	conn.SetConnMaxIdleTime(5 * time.Minute)
	db.write, db.read = conn, conn
	return nil
}

// sqlitePragmas are set on every connection. WAL lets readers work while the
// one writer writes; the busy timeout makes a second process wait instead of
// failing; synchronous=NORMAL is durable across application crashes in WAL.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)"

func (db *DB) openSQLite(path string) error {
	db.engine = SQLite
	if path == "" {
		return ward.Errorf(ward.EINVALID, "no database file given")
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + sqlitePragmas
	w, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=cache_size(-262144)&_pragma=threads(2)")
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "cannot open %s", path)
	}
	// One writer connection: SQLite allows one writer at a time, and
	// queueing in Go is cheaper than retrying on SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=cache_size(-65536)")
	if err != nil {
		w.Close()
		return ward.WrapError(ward.EINTERNAL, err, "cannot open %s", path)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	if err := w.Ping(); err != nil {
		w.Close()
		r.Close()
		return ward.WrapError(ward.EINTERNAL, err, "cannot open database %s", path)
	}
	db.write, db.read = w, r
	return nil
}

// Engine returns SQLite or Postgres.
func (db *DB) Engine() string { return db.engine }

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "database unavailable")
	}
	return nil
}

// SetClock replaces the clock, for tests that need fixed times.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Tx is one transaction. It carries the transaction's time, so every row a
// transaction writes has the same timestamp, and rewrites ? placeholders for
// PostgreSQL.
type Tx struct {
	tx   *sql.Tx
	conn *sql.Conn // PostgreSQL: the connection of tx, for COPY
	db   *DB
	ctx  context.Context
	now  time.Time
}

// update runs fn in a read-write transaction, committing when fn returns nil.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.write, false, fn)
}

// view runs fn in a read-only transaction.
func (db *DB) view(ctx context.Context, fn func(*Tx) error) error {
	return db.run(ctx, db.read, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, readOnly bool, fn func(*Tx) error) error {
	tx := &Tx{db: db, ctx: ctx, now: db.now().UTC()}
	var err error
	if db.engine == Postgres {
		// Hold the connection itself so bulk writes can COPY on it.
		if tx.conn, err = pool.Conn(ctx); err != nil {
			return mapError(err)
		}
		defer tx.conn.Close()
		tx.tx, err = tx.conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	} else {
		tx.tx, err = pool.BeginTx(ctx, nil)
	}
	if err != nil {
		return mapError(err)
	}
	sqlTx := tx.tx
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return mapError(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return mapError(err)
	}
	return nil
}

// exec runs a statement written with ? placeholders.
func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(tx.ctx, tx.db.rebind(query), args...)
}

// query runs a query written with ? placeholders.
func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(tx.ctx, tx.db.rebind(query), args...)
}

// queryRow runs a single-row query written with ? placeholders.
func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(tx.ctx, tx.db.rebind(query), args...)
}

// prepare prepares a statement written with ? placeholders.
func (tx *Tx) prepare(query string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(tx.ctx, tx.db.rebind(query))
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insertID(query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// rebind rewrites ? placeholders to $1, $2, … for PostgreSQL. Queries never
// contain a literal question mark, so no quoting rules are needed.
func (db *DB) rebind(query string) string {
	if db.engine != Postgres {
		return query
	}
	if q, ok := db.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	q := b.String()
	if len(query) < 4096 {
		db.rebound.Store(query, q)
	}
	return q
}

// ts converts a time for storage: PostgreSQL takes time.Time for its
// TIMESTAMPTZ columns; SQLite stores fixed-width UTC text that sorts in time
// order. The zero time is NULL.
func (tx *Tx) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if tx.db.engine == Postgres {
		return t.UTC()
	}
	return t.UTC().Format(sqliteTime)
}

const sqliteTime = "2006-01-02T15:04:05.000000Z"

// placeholders returns "?, ?, …" with n marks.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// errRollback aborts a transaction on purpose (dry runs) without an error
// reaching the caller.
var errRollback = errors.New("rollback")

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}

// preparedStmt is a statement prepared in a transaction.
type preparedStmt struct {
	tx   *Tx
	stmt *sql.Stmt
}

func (tx *Tx) prepareStmt(query string) (*preparedStmt, error) {
	s, err := tx.prepare(query)
	if err != nil {
		return nil, err
	}
	return &preparedStmt{tx: tx, stmt: s}, nil
}

func (p *preparedStmt) exec(args ...any) error {
	_, err := p.stmt.ExecContext(p.tx.ctx, args...)
	return err
}

func (p *preparedStmt) close() { p.stmt.Close() }

func (p *preparedStmt) query(args ...any) (*sql.Rows, error) {
	return p.stmt.QueryContext(p.tx.ctx, args...)
}
