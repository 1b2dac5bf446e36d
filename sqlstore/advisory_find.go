package sqlstore

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"ward"
)

// FindAdvisories returns a page of advisories, most recently updated first,
// without their products and vulnerabilities' details, with their KEV and
// EPSS fields.
func (db *DB) FindAdvisories(ctx context.Context, f ward.AdvisoryFilter) (*ward.Page[ward.Advisory], error) {
	cur, err := decodeCursor(f.After, "advisory", 1)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Advisory]{Items: []ward.Advisory{}}
	err = db.view(ctx, func(tx *Tx) error {
		var where []string
		var args []any
		if f.Source != "" {
			where, args = append(where, "a.source = ?"), append(args, f.Source)
		}
		if f.CVE != "" {
			where = append(where, "a.id IN (SELECT advisory_id FROM advisory_cves WHERE cve = ?)")
			args = append(args, strings.ToUpper(strings.TrimSpace(f.CVE)))
		}
		if q := strings.TrimSpace(f.Q); q != "" {
			lo, hi := prefixRange(strings.ToUpper(q))
			where = append(where, "((a.tracking_key >= ? AND a.tracking_key < ?) OR LOWER(a.title) LIKE ?)")
			args = append(args, lo, hi, "%"+strings.ToLower(escapeLike(q))+"%")
		}
		if cur != nil {
			where = append(where, "(a.imported_at, a.id) < (?, ?)")
			args = append(args, cur.Keys[0], cur.ID)
		}
		q := `SELECT a.id, a.source, a.tracking_id, a.revision, a.title, a.publisher, a.published, a.updated, a.vex,
			a.imported_at, (SELECT COUNT(*) FROM advisory_cves c WHERE c.advisory_id = a.id) FROM advisories a`
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		rows, err := tx.query(q+" ORDER BY a.imported_at DESC, a.id DESC LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a ward.Advisory
			var ncve int
			if err := rows.Scan(&a.ID, &a.Source, &a.TrackingID, &a.Revision, &a.Title, &a.Publisher,
				timeCol{&a.Published}, timeCol{&a.Updated}, &a.VEX, timeCol{&a.ImportedAt}, &ncve); err != nil {
				rows.Close()
				return err
			}
			a.Products, a.Vulnerabilities = []ward.Product{}, make([]ward.Vulnerability, 0)
			page.Items = append(page.Items, a)
		}
		// Closed before the lookup: PostgreSQL runs one query at a time on
		// a connection.
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.NextCursor = cursor{Sort: "advisory", Keys: []string{tx.tsText(last.ImportedAt)}, ID: last.ID}.encode()
		}
		return tx.addAdvisoryIntel(page.Items)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// tsText is the text form of a stored timestamp, as a cursor keeps it and
// as each engine compares it with the column.
func (tx *Tx) tsText(t time.Time) string {
	if tx.db.engine == Postgres {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return t.UTC().Format(sqliteTime)
}

// escapeLike escapes LIKE wildcards in user text.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// FindAdvisory returns an advisory by source and tracking ID, whole, with
// its KEV and EPSS fields; ENOTFOUND when there is none.
func (db *DB) FindAdvisory(ctx context.Context, source, trackingID string) (*ward.Advisory, error) {
	var a *ward.Advisory
	err := db.view(ctx, func(tx *Tx) error {
		var id int64
		var doc string
		var imported time.Time
		err := tx.queryRow(`SELECT id, doc, imported_at FROM advisories WHERE source = ? AND tracking_key = ?`,
			source, strings.ToUpper(strings.TrimSpace(trackingID))).Scan(&id, &doc, timeCol{&imported})
		if err != nil {
			return notFound(err, "no %s advisory %q", source, trackingID)
		}
		a = &ward.Advisory{}
		if err := json.Unmarshal([]byte(doc), a); err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "advisory %s is unreadable", trackingID)
		}
		a.ID, a.ImportedAt = id, imported
		one := []ward.Advisory{*a}
		if err := tx.addAdvisoryIntel(one); err != nil {
			return err
		}
		*a = one[0]
		return nil
	})
	return a, err
}
