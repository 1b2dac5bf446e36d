package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"ward"
)

//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the engine's migrations in version order. Files are
// named NNNN_name.sql; both engines must have the same versions.
func migrations(engine string) ([]migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrationLockID keys the PostgreSQL advisory lock that keeps two Ward
// instances starting together from migrating at once.
const migrationLockID = 0x77617264 // "ward"

// migrate applies pending migrations, each in its own transaction. Migrations
// are forward-only: a database whose schema is newer than this binary is
// refused rather than guessed at.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations(db.engine)
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "reading migrations")
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "cannot connect to the database")
	}
	defer conn.Close()
	if db.engine == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockID); err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "cannot connect to the database")
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockID)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "cannot create the migrations table")
	}
	var current int
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&current); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "cannot read the schema version")
	}
	if latest := ms[len(ms)-1].version; current > latest {
		return ward.Errorf(ward.EINVALID, "the database schema (version %d) is newer than this ward (version %d): upgrade ward", current, latest)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		if err := db.applyMigration(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "migration %04d", m.version)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "migration %04d_%s failed", m.version, m.name)
	}
	if _, err := tx.ExecContext(ctx, db.rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "migration %04d", m.version)
	}
	if err := tx.Commit(); err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "migration %04d", m.version)
	}
	return nil
}

// SchemaVersion returns the version of the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.read.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	return v, mapError(err)
}
