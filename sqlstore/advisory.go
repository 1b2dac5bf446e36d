package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"io"
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
		var batch []*ward.Advisory
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
			batch = append(batch, a)
			if len(batch) == advisoryBatch {
				if err := tx.saveAdvisories(batch, res); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return tx.saveAdvisories(batch, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
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

func (tx *Tx) saveAdvisories(batch []*ward.Advisory, res *ward.AdvisoryImportResult) error {
	if len(batch) == 0 {
		return nil
	}
	stored, err := tx.storedAdvisories(batch)
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
			id, err := tx.insertAdvisory(a)
			if err != nil {
				return err
			}
			stored[key] = storedAdvisory{id: id, revision: a.Revision, sha256: a.SHA256, updated: a.Updated}
			res.Added++
			res.Changed = append(res.Changed, id)
		case !newerRevision(a, old):
			res.Unchanged++
		default:
			if err := tx.replaceAdvisory(old.id, a); err != nil {
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

func (tx *Tx) insertAdvisory(a *ward.Advisory) (int64, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return 0, err
	}
	id, err := tx.insertID(`INSERT INTO advisories (source, tracking_id, tracking_key, revision, title, publisher,
		published, updated, vex, sha256, doc, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Source, a.TrackingID, strings.ToUpper(strings.TrimSpace(a.TrackingID)), a.Revision, a.Title, a.Publisher,
		tx.ts(a.Published), tx.ts(a.Updated), a.VEX, a.SHA256, string(doc), tx.ts(tx.now))
	if err != nil {
		return 0, err
	}
	return id, tx.indexAdvisory(id, a)
}

func (tx *Tx) replaceAdvisory(id int64, a *ward.Advisory) error {
	doc, err := json.Marshal(a)
	if err != nil {
		return err
	}
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
	return tx.indexAdvisory(id, a)
}

// indexAdvisory writes the lookup rows of an advisory: its CVEs, the keys
// of its product vendors, and its product identifiers.
func (tx *Tx) indexAdvisory(id int64, a *ward.Advisory) error {
	var args []any
	seen := map[string]bool{}
	add := func(table string, vals ...any) {
		k := table + "\x00" + strings.TrimSpace(strings.Join(toStrings(vals), "\x00"))
		if seen[k] {
			return
		}
		seen[k] = true
		args = append(args, vals...)
	}
	for _, c := range a.CVEs() {
		add("cve", c)
	}
	cves := args
	args = nil
	if a.Source != ward.SourceNVD {
		for _, p := range a.Products {
			for _, k := range vendorKeys(p.Vendor) {
				add("vendor", k)
			}
		}
	}
	vendors := args
	args = nil
	for _, k := range match.AdvisoryIdentifiers(a) {
		add("ident", k.Kind, k.Key)
	}
	idents := args
	for _, ins := range []struct {
		table, cols string
		n           int
		args        []any
	}{
		{"advisory_cves", "cve", 1, cves},
		{"advisory_vendors", "vendor_key", 1, vendors},
		{"advisory_identifiers", "kind, ident_key", 2, idents},
	} {
		for start := 0; start < len(ins.args); start += ins.n * 400 {
			chunk := ins.args[start:min(len(ins.args), start+ins.n*400)]
			rows := len(chunk) / ins.n
			vals := make([]any, 0, len(chunk)+rows)
			for r := 0; r < rows; r++ {
				vals = append(append(vals, id), chunk[r*ins.n:(r+1)*ins.n]...)
			}
			q := `INSERT INTO ` + ins.table + ` (advisory_id, ` + ins.cols + `) VALUES ` + repeatGroup(ins.n+1, rows)
			if _, err := tx.exec(q, vals...); err != nil {
				return err
			}
		}
	}
	return nil
}

func toStrings(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i], _ = v.(string)
	}
	return out
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
