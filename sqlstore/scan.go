package sqlstore

import (
	"fmt"
	"time"

	"ward"
)

// dateCol scans a DATE (PostgreSQL: time.Time) or its SQLite text form.
type dateCol struct{ d *ward.Date }

// Scan implements sql.Scanner.
func (c dateCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.d = ward.Date{}
	case time.Time:
		*c.d = ward.DateOf(v.UTC())
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a date", src)
	}
	return nil
}

func (c dateCol) parse(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	d, err := ward.ParseDate(s)
	*c.d = d
	return err
}

// date converts a date for storage: SQLite stores "YYYY-MM-DD" text,
// PostgreSQL takes time.Time for DATE (also in binary COPY). The zero date
// is NULL.
func (tx *Tx) date(d ward.Date) any {
	if d.IsZero() {
		return nil
	}
	if tx.db.engine == Postgres {
		return d.Time()
	}
	return d.String()
}

// timeCol scans a TIMESTAMPTZ (PostgreSQL) or its SQLite text form.
type timeCol struct{ t *time.Time }

// Scan implements sql.Scanner.
func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case time.Time:
		*c.t = v.UTC()
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a time", src)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	for _, layout := range []string{sqliteTime, time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			*c.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", s)
}

// boolPtrCol scans a nullable boolean stored as BOOLEAN or SQLite 0/1.
type boolPtrCol struct{ b **bool }

// Scan implements sql.Scanner.
func (c boolPtrCol) Scan(src any) error {
	var v bool
	switch s := src.(type) {
	case nil:
		*c.b = nil
		return nil
	case bool:
		v = s
	case int64:
		v = s != 0
	default:
		return fmt.Errorf("cannot scan %T into a boolean", src)
	}
	*c.b = &v
	return nil
}

// boolPtrArg converts a tri-state boolean for storage.
func boolPtrArg(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// idArg converts an optional reference for storage: 0 is NULL.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// moneyArg converts an amount for storage: 0 (unknown) is NULL.
func moneyArg(m ward.Money) any {
	if m == 0 {
		return nil
	}
	return int64(m)
}

// textArg converts an optional text attribute for storage: "" (unknown) is
// NULL, which also binds faster than an empty string.
func textArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}
