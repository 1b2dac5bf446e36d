package sqlstore

import (
	"database/sql"
	"strconv"
)

// rowStream reads the rows of one query a chunk at a time, so that a
// streaming read can run other queries on its transaction between chunks
// (the KEV and EPSS lookup of each chunk of findings) and still read the
// result in one pass, with one plan and one sort.
//
// PostgreSQL cannot run a query on a connection while the rows of another
// are open: there the query is a server-side cursor that each chunk
// FETCHes from. SQLite runs several statements on one connection: there
// the query simply stays open between chunks.
type rowStream struct {
	tx     *Tx
	rows   *sql.Rows // SQLite: the open query
	cursor string    // PostgreSQL: the cursor's name
	done   bool
}

// openStream starts q. name names the cursor on PostgreSQL; it must be
// unique among the streams open in the transaction.
func (tx *Tx) openStream(name, q string, args ...any) (*rowStream, error) {
	s := &rowStream{tx: tx}
	if tx.db.engine != Postgres {
		rows, err := tx.query(q, args...)
		if err != nil {
			return nil, err
		}
		s.rows = rows
		return s, nil
	}
	// The stream reads every row: plan for all of them, not for a fast
	// first tenth as PostgreSQL does for cursors by default.
	if _, err := tx.exec(`SET LOCAL cursor_tuple_fraction = 1.0`); err != nil {
		return nil, err
	}
	if _, err := tx.exec(`DECLARE `+name+` NO SCROLL CURSOR FOR `+q, args...); err != nil {
		return nil, err
	}
	s.cursor = name
	return s, nil
}

// next calls scan for each of the next n rows (fewer at the end) and
// returns how many it read: 0 once the rows are exhausted.
func (s *rowStream) next(n int, scan func(*sql.Rows) error) (int, error) {
	if s.done {
		return 0, nil
	}
	rows := s.rows
	if s.cursor != "" {
		var err error
		if rows, err = s.tx.query(`FETCH FORWARD ` + strconv.Itoa(n) + ` FROM ` + s.cursor); err != nil {
			return 0, err
		}
		defer rows.Close()
	}
	read := 0
	for read < n && rows.Next() {
		if err := scan(rows); err != nil {
			return read, err
		}
		read++
	}
	if err := rows.Err(); err != nil {
		return read, err
	}
	if read < n {
		s.done = true
	}
	return read, nil
}

// close ends the stream. The transaction's end would close a cursor too;
// closing it early frees its resources for the rest of the transaction.
func (s *rowStream) close() {
	if s.rows != nil {
		s.rows.Close()
	} else if s.cursor != "" && !s.done {
		s.tx.exec(`CLOSE ` + s.cursor)
	}
}
