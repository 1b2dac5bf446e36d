package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"ward"
)

// mapError turns driver errors into ward errors by their codes, never by
// message text. Errors that already carry a ward code pass through.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	var we *ward.Error
	if errors.As(err, &we) {
		return err
	}
	var ie *ward.ImportError
	if errors.As(err, &ie) || errors.Is(err, errRollback) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ward.WrapError(ward.ENOTFOUND, err, "not found")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return ward.WrapError(ward.ECONFLICT, err, "already exists")
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return ward.WrapError(ward.EINVALID, err, "refers to something that does not exist or is still in use")
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return ward.WrapError(ward.EINVALID, err, "invalid value")
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return ward.WrapError(ward.EINTERNAL, err, "database is busy, try again")
		}
		return ward.WrapError(ward.EINTERNAL, err, "database error")
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return ward.WrapError(ward.ECONFLICT, err, "already exists")
		case "23503":
			return ward.WrapError(ward.EINVALID, err, "refers to something that does not exist or is still in use")
		case "23514", "23502", "22001", "22007", "22008", "22P02":
			return ward.WrapError(ward.EINVALID, err, "invalid value")
		case "40001", "40P01", "55P03":
			return ward.WrapError(ward.EINTERNAL, err, "database is busy, try again")
		}
		return ward.WrapError(ward.EINTERNAL, err, "database error")
	}
	return err
}

// notFound returns ENOTFOUND with a message naming what was looked for, or
// err mapped as usual when it is not sql.ErrNoRows.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ward.WrapError(ward.ENOTFOUND, err, format, args...)
	}
	return mapError(err)
}

// conflictOr maps err, giving a unique-constraint violation the message
// format names instead of "already exists".
func conflictOr(err error, format string, args ...any) error {
	err = mapError(err)
	if ward.ErrorCode(err) == ward.ECONFLICT {
		return ward.WrapError(ward.ECONFLICT, err, format, args...)
	}
	return err
}
