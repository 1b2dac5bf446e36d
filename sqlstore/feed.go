package sqlstore

import (
	"context"
	"strings"

	"ward"
)

// FindFeedDocuments returns the documents recorded under a URL prefix.
func (db *DB) FindFeedDocuments(ctx context.Context, prefix string) ([]ward.FeedDocument, error) {
	var out []ward.FeedDocument
	err := db.view(ctx, func(tx *Tx) error {
		lo, hi := prefixRange(prefix)
		rows, err := tx.query(`SELECT url, hash, updated, tracking_id, fetched_at FROM feed_documents
			WHERE url >= ? AND url < ? ORDER BY url`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d ward.FeedDocument
			if err := rows.Scan(&d.URL, &d.Hash, timeCol{&d.Updated}, &d.TrackingID, timeCol{&d.FetchedAt}); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// RecordFeedDocuments upserts document records by URL.
func (db *DB) RecordFeedDocuments(ctx context.Context, docs []ward.FeedDocument) error {
	return db.update(ctx, func(tx *Tx) error {
		stmt, err := tx.prepareStmt(`INSERT INTO feed_documents (url, hash, updated, tracking_id, fetched_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET hash = excluded.hash, updated = excluded.updated,
			tracking_id = excluded.tracking_id, fetched_at = excluded.fetched_at`)
		if err != nil {
			return err
		}
		defer stmt.close()
		for _, d := range docs {
			if err := stmt.exec(d.URL, d.Hash, tx.ts(d.Updated), d.TrackingID, tx.ts(tx.now)); err != nil {
				return err
			}
		}
		if len(docs) == 0 {
			return nil
		}
		return tx.audit("feed.record", "feed_document", "", nil, map[string]any{"documents": len(docs),
			"url_prefix": commonPrefix(docs)})
	})
}

// commonPrefix is the longest path the documents' URLs share, up to a
// "/": the feed they came from, for the audit trail's one summary entry
// per fetch. One document's is its URL.
func commonPrefix(docs []ward.FeedDocument) string {
	p := docs[0].URL
	for _, d := range docs[1:] {
		n := 0
		for n < len(p) && n < len(d.URL) && p[n] == d.URL[n] {
			n++
		}
		p = p[:n]
	}
	if len(docs) > 1 && len(p) < len(docs[0].URL) {
		p = p[:strings.LastIndexByte(p, '/')+1]
	}
	return p
}
