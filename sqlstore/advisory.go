package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"ward"
	"ward/catalog"
	"ward/match"
	"ward/names"
)

// advisoryBatch is the number of advisories looked up per query.
const advisoryBatch = 500

// ImportAdvisories stores every advisory of src in one transaction,
// replacing stored revisions that are older. See ward.AdvisoryService.
func (db *DB) ImportAdvisories(ctx context.Context, src ward.AdvisorySource) (*ward.AdvisoryImportResult, error) {
	res := &ward.AdvisoryImportResult{}
	err := db.update(ctx, func(tx *Tx) error {
		w := newAdvisoryWriter(tx)
		defer w.close()
		var batch []*ward.Advisory
		sources := map[string]bool{}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			a, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			res.Read++
			sources[a.Source] = true
			batch = append(batch, a)
			if len(batch) == advisoryBatch {
				if err := w.save(batch, res); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if err := w.save(batch, res); err != nil {
			return err
		}
		if err := w.flush(); err != nil {
			return err
		}
		return tx.audit("import.advisories", "advisory", "", nil, map[string]any{"sources": slices.Sorted(maps.Keys(sources)),
			"read": res.Read, "added": res.Added, "updated": res.Updated, "unchanged": res.Unchanged})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// advisoryWriter writes advisories with one prepared insert and their
// lookup rows in multi-row batches: a first NVD import writes hundreds of
// thousands, and parsing a statement per row would cost more than the rows.
type advisoryWriter struct {
	tx                    *Tx
	insert                *preparedStmt
	cves, vendors, idents *batchInsert
}

func newAdvisoryWriter(tx *Tx) *advisoryWriter {
	return &advisoryWriter{tx: tx,
		cves:    newBatchInsert(tx, "advisory_cves", "advisory_id, cve", 2),
		vendors: newBatchInsert(tx, "advisory_vendors", "advisory_id, vendor_key", 2),
		idents:  newBatchInsert(tx, "advisory_identifiers", "advisory_id, kind, ident_key", 3)}
}

func (w *advisoryWriter) flush() error {
	for _, b := range []*batchInsert{w.cves, w.vendors, w.idents} {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *advisoryWriter) close() {
	for _, b := range []*batchInsert{w.cves, w.vendors, w.idents} {
		b.close()
	}
	if w.insert != nil {
		w.insert.close()
	}
}

// storedAdvisory is what the import compares an incoming revision with.
type storedAdvisory struct {
	id               int64
	revision, sha256 string
	updated          time.Time
}

func advisoryKey(source, trackingID string) string {
	return source + "\x00" + strings.ToUpper(strings.TrimSpace(trackingID))
}

func (w *advisoryWriter) save(batch []*ward.Advisory, res *ward.AdvisoryImportResult) error {
	if len(batch) == 0 {
		return nil
	}
	stored, err := w.tx.storedAdvisories(batch)
	if err != nil {
		return err
	}
	for _, a := range batch {
		if a.TrackingID == "" || a.Source == "" {
			return ward.Errorf(ward.EINVALID, "an advisory without source or tracking ID")
		}
		key := advisoryKey(a.Source, a.TrackingID)
		old, ok := stored[key]
		switch {
		case !ok:
			id, err := w.insertAdvisory(a)
			if err != nil {
				return err
			}
			stored[key] = storedAdvisory{id: id, revision: a.Revision, sha256: a.SHA256, updated: a.Updated}
			res.Added++
			res.Changed = append(res.Changed, id)
		case !newerRevision(a, old):
			res.Unchanged++
		default:
			if err := w.replaceAdvisory(old.id, a); err != nil {
				return err
			}
			stored[key] = storedAdvisory{id: old.id, revision: a.Revision, sha256: a.SHA256, updated: a.Updated}
			res.Updated++
			res.Changed = append(res.Changed, old.id)
		}
	}
	return nil
}

// newerRevision reports whether a should replace the stored revision: a
// later release date wins; at the same date a different document (a
// corrected re-publication) wins; an identical or older one does not.
func newerRevision(a *ward.Advisory, old storedAdvisory) bool {
	switch {
	case a.SHA256 != "" && a.SHA256 == old.sha256:
		return false
	case !a.Updated.IsZero() && !old.updated.IsZero() && !a.Updated.Equal(old.updated):
		return a.Updated.After(old.updated)
	default:
		return a.Revision != old.revision || a.SHA256 != old.sha256
	}
}

func (tx *Tx) storedAdvisories(batch []*ward.Advisory) (map[string]storedAdvisory, error) {
	out := map[string]storedAdvisory{}
	bySource := map[string][]any{}
	for _, a := range batch {
		bySource[a.Source] = append(bySource[a.Source], strings.ToUpper(strings.TrimSpace(a.TrackingID)))
	}
	for source, keys := range bySource {
		rows, err := tx.query(`SELECT id, tracking_key, revision, sha256, updated FROM advisories
			WHERE source = ? AND tracking_key IN (`+placeholders(len(keys))+`)`, append([]any{source}, keys...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s storedAdvisory
			var key string
			if err := rows.Scan(&s.id, &key, &s.revision, &s.sha256, timeCol{&s.updated}); err != nil {
				rows.Close()
				return nil, err
			}
			out[source+"\x00"+key] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *advisoryWriter) insertAdvisory(a *ward.Advisory) (int64, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return 0, err
	}
	tx := w.tx
	if w.insert == nil {
		if w.insert, err = tx.prepareStmt(`INSERT INTO advisories (source, tracking_id, tracking_key, revision, title,
			publisher, published, updated, vex, sha256, doc, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`); err != nil {
			return 0, err
		}
	}
	var id int64
	err = w.insert.stmt.QueryRowContext(tx.ctx, a.Source, a.TrackingID, strings.ToUpper(strings.TrimSpace(a.TrackingID)),
		a.Revision, a.Title, a.Publisher, tx.ts(a.Published), tx.ts(a.Updated), a.VEX, a.SHA256, string(doc),
		tx.ts(tx.now)).Scan(&id)
	if err != nil {
		return 0, err
	}
	return id, w.indexAdvisory(id, a)
}

func (w *advisoryWriter) replaceAdvisory(id int64, a *ward.Advisory) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
	// Lookup rows still queued may be this advisory's: write them before
	// deleting its old ones.
	if err := w.flush(); err != nil {
		return err
	}
	tx := w.tx
	if _, err := tx.exec(`UPDATE advisories SET tracking_id = ?, revision = ?, title = ?, publisher = ?, published = ?,
		updated = ?, vex = ?, sha256 = ?, doc = ?, imported_at = ? WHERE id = ?`,
		a.TrackingID, a.Revision, a.Title, a.Publisher, tx.ts(a.Published), tx.ts(a.Updated), a.VEX, a.SHA256,
		string(doc), tx.ts(tx.now), id); err != nil {
		return err
	}
	for _, t := range []string{"advisory_cves", "advisory_vendors", "advisory_identifiers"} {
		if _, err := tx.exec(`DELETE FROM `+t+` WHERE advisory_id = ?`, id); err != nil {
			return err
		}
	}
	return w.indexAdvisory(id, a)
}

// indexAdvisory queues the lookup rows of an advisory: its CVEs, the keys
// of its product vendors, and its product identifiers.
func (w *advisoryWriter) indexAdvisory(id int64, a *ward.Advisory) error {
	seen := map[string]bool{}
	first := func(k string) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for _, c := range a.CVEs() {
		if first("cve\x00" + c) {
			if err := w.cves.add(id, c); err != nil {
				return err
			}
		}
	}
	if a.Source != ward.SourceNVD {
		for _, p := range a.Products {
			for _, k := range vendorKeys(p.Vendor) {
				if first("vendor\x00" + k) {
					if err := w.vendors.add(id, k); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, k := range match.AdvisoryIdentifiers(a) {
		if first("ident\x00" + k.Kind + "\x00" + k.Key) {
			if err := w.idents.add(id, k.Kind, k.Key); err != nil {
				return err
			}
		}
	}
	return nil
}

// vendorKeys returns the keys a vendor name is looked up by: the whole
// name and, for multi-vendor names, each part.
func vendorKeys(vendor string) []string {
	keys := []string{names.Key(vendor)}
	if parts := catalog.SplitVendors(vendor); len(parts) > 1 {
		for _, p := range parts {
			keys = append(keys, names.Key(p))
		}
	}
	out := keys[:0]
	for _, k := range keys {
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}
