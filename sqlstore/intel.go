package sqlstore

import (
	"context"
	"strings"

	"ward"
)

// ImportKEV replaces the stored KEV catalog with entries in one
// transaction and returns how many CVEs were added and removed.
func (db *DB) ImportKEV(ctx context.Context, entries []ward.KEV) (added, removed int, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		have := map[string]bool{}
		if err := eachString(tx, `SELECT cve FROM kev`, func(s string) { have[s] = true }); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM kev`); err != nil {
			return err
		}
		ins := newBatchInsert(tx, "kev", "cve, vendor_project, product, name, date_added, due_date, required_action, ransomware, notes", 9)
		defer ins.close()
		keep := map[string]bool{}
		for _, k := range entries {
			cve := strings.ToUpper(strings.TrimSpace(k.CVE))
			if keep[cve] {
				continue
			}
			keep[cve] = true
			if !have[cve] {
				added++
			}
			if err := ins.add(cve, k.VendorProject, k.Product, k.Name, tx.date(k.DateAdded), tx.date(k.DueDate),
				k.RequiredAction, k.Ransomware, k.Notes); err != nil {
				return err
			}
		}
		for c := range have {
			if !keep[c] {
				removed++
			}
		}
		if err := ins.flush(); err != nil {
			return err
		}
		return tx.audit("import.kev", "kev", "", nil, map[string]any{"entries": len(keep), "added": added, "removed": removed})
	})
	return added, removed, err
}

// ImportEPSS upserts EPSS scores and returns how many were written.
func (db *DB) ImportEPSS(ctx context.Context, scores []ward.EPSS) (int, error) {
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		stmt, err := tx.prepare(`INSERT INTO epss (cve, score, percentile, score_date, model) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (cve) DO UPDATE SET score = excluded.score, percentile = excluded.percentile,
			score_date = excluded.score_date, model = excluded.model`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, s := range scores {
			if _, err := stmt.ExecContext(ctx, strings.ToUpper(s.CVE), s.Score, s.Percentile, tx.date(s.Date), s.Model); err != nil {
				return err
			}
			n++
		}
		return tx.audit("import.epss", "epss", "", nil, map[string]any{"scores": n, "score_date": epssDate(scores)})
	})
	return n, err
}

// epssDate is the newest score date of an EPSS import: a feed is one
// day's scores, so this names the snapshot loaded.
func epssDate(scores []ward.EPSS) ward.Date {
	var d ward.Date
	for _, s := range scores {
		if d.Before(s.Date) {
			d = s.Date
		}
	}
	return d
}

// FindKEV returns the KEV entry of a CVE; ENOTFOUND when it is not listed.
func (db *DB) FindKEV(ctx context.Context, cve string) (*ward.KEV, error) {
	var k ward.KEV
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT cve, vendor_project, product, name, date_added, due_date, required_action, ransomware, notes
			FROM kev WHERE cve = ?`, strings.ToUpper(cve)).Scan(&k.CVE, &k.VendorProject, &k.Product, &k.Name,
			dateCol{&k.DateAdded}, dateCol{&k.DueDate}, &k.RequiredAction, &k.Ransomware, &k.Notes)
		return notFound(err, "%s is not in the KEV catalog", cve)
	})
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// FindEPSS returns the EPSS score of a CVE; ENOTFOUND when there is none.
func (db *DB) FindEPSS(ctx context.Context, cve string) (*ward.EPSS, error) {
	var e ward.EPSS
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT cve, score, percentile, score_date, model FROM epss WHERE cve = ?`, strings.ToUpper(cve)).
			Scan(&e.CVE, &e.Score, &e.Percentile, dateCol{&e.Date}, &e.Model)
		return notFound(err, "no EPSS score for %s", cve)
	})
	if err != nil {
		return nil, err
	}
	return &e, nil
}

func eachString(tx *Tx, q string, fn func(string), args ...any) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		fn(s)
	}
	return rows.Err()
}
