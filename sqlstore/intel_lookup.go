package sqlstore

import (
	"database/sql"
	"encoding/json"
	"maps"
	"strings"

	"ward"
)

// Findings and advisories carry what CISA's KEV catalog and FIRST's EPSS
// say about their CVEs. Nothing of it is stored with them: it is looked up
// when they are read, set-based (one query for all the CVEs of a page, or
// of a chunk of a stream), so a new KEV or EPSS import shows at once
// without re-matching.

// cveIntel is what the KEV catalog and EPSS say about a set of CVEs: any
// in KEV and the earliest KEV due date among them, and the highest EPSS
// score with that CVE's percentile.
type cveIntel struct {
	kev        bool
	due        ward.Date
	score, pct float64
	ransomware bool // CISA knows the CVE to be used in ransomware campaigns
}

// add merges one CVE's (or set's) intelligence into c.
func (c *cveIntel) add(o cveIntel) {
	if o.kev {
		c.kev = true
		c.ransomware = c.ransomware || o.ransomware
		if !o.due.IsZero() && (c.due.IsZero() || o.due.Before(c.due)) {
			c.due = o.due
		}
	}
	if o.score > c.score || o.score == c.score && o.pct > c.pct {
		c.score, c.pct = o.score, o.pct
	}
}

// jsonStrings returns a FROM item that yields the strings of the JSON
// array text expr as rows of alias.value.
func (tx *Tx) jsonStrings(expr, alias string) string {
	if tx.db.engine == Postgres {
		return "jsonb_array_elements_text(CAST(" + expr + " AS jsonb)) AS " + alias + "(value)"
	}
	return "json_each(" + expr + ") AS " + alias
}

// intelColumns are the KEV and EPSS columns of a CVE joined as kev k and
// epss e, as scanIntel reads them.
const intelColumns = `k.cve IS NOT NULL, k.due_date, e.score, e.percentile, COALESCE(k.ransomware, '')`

// scanIntel reads intelColumns after the leading destinations.
func scanIntel(rows *sql.Rows, c *cveIntel, lead ...any) error {
	var score, pct sql.NullFloat64
	var ransomware string
	if err := rows.Scan(append(lead, &c.kev, dateCol{&c.due}, &score, &pct, &ransomware)...); err != nil {
		return err
	}
	c.score, c.pct = score.Float64, pct.Float64
	c.ransomware = strings.EqualFold(ransomware, "known")
	return nil
}

// lookupIntel returns the KEV and EPSS entries of cves (those that have
// any) in one query. The list is bound as one JSON array, so its length
// meets no placeholder limit; each CVE costs a primary key probe of kev
// and of epss.
func (tx *Tx) lookupIntel(cves []string) (map[string]cveIntel, error) {
	out := map[string]cveIntel{}
	if len(cves) == 0 {
		return out, nil
	}
	list, err := json.Marshal(cves)
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(`SELECT c.value, `+intelColumns+` FROM `+tx.jsonStrings("?", "c")+`
		LEFT JOIN kev k ON k.cve = c.value LEFT JOIN epss e ON e.cve = c.value
		WHERE k.cve IS NOT NULL OR e.cve IS NOT NULL`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cve string
		var c cveIntel
		if err := scanIntel(rows, &c, &cve); err != nil {
			return nil, err
		}
		out[cve] = c
	}
	return out, rows.Err()
}

// intelCacheMax bounds the CVEs a stream of findings remembers the KEV and
// EPSS entries of (a few megabytes).
const intelCacheMax = 50000

// addFindingIntel sets the KEV and EPSS fields of findings from their
// CVEs, with one lookup for those of their CVEs that cache does not hold.
// cache remembers every CVE looked up, with or without entries: the
// chunks of a stream share it, so findings of the same advisories in
// later chunks need no lookup.
func (tx *Tx) addFindingIntel(fs []ward.Finding, cache map[string]cveIntel) error {
	var missing []string
	seen := map[string]bool{}
	for i := range fs {
		for _, c := range fs[i].CVEs {
			if _, ok := cache[c]; !ok && !seen[c] {
				seen[c] = true
				missing = append(missing, c)
			}
		}
	}
	if len(missing) > 0 {
		m, err := tx.lookupIntel(missing)
		if err != nil {
			return err
		}
		if len(cache)+len(missing) > intelCacheMax {
			// Keep what this chunk needs, drop the rest.
			keep := map[string]cveIntel{}
			for i := range fs {
				for _, c := range fs[i].CVEs {
					if v, ok := cache[c]; ok {
						keep[c] = v
					}
				}
			}
			clear(cache)
			maps.Copy(cache, keep)
		}
		for _, c := range missing {
			cache[c] = m[c]
		}
	}
	for i := range fs {
		var c cveIntel
		for _, cve := range fs[i].CVEs {
			c.add(cache[cve])
		}
		fs[i].KEV, fs[i].KEVDueDate, fs[i].EPSS, fs[i].EPSSPercentile = c.kev, c.due, c.score, c.pct
		fs[i].KEVRansomware = c.ransomware
	}
	return nil
}

// addAdvisoryIntel sets the KEV and EPSS fields of advisories from their
// indexed CVEs (advisory_cves), with one query for all of them.
func (tx *Tx) addAdvisoryIntel(as []ward.Advisory) error {
	if len(as) == 0 {
		return nil
	}
	ids := make([]int64, len(as))
	for i := range as {
		ids[i] = as[i].ID
	}
	rows, err := tx.query(`SELECT ac.advisory_id, `+intelColumns+` FROM advisory_cves ac
		LEFT JOIN kev k ON k.cve = ac.cve LEFT JOIN epss e ON e.cve = ac.cve
		WHERE ac.advisory_id IN (`+placeholders(len(ids))+`) AND (k.cve IS NOT NULL OR e.cve IS NOT NULL)`, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	by := map[int64]*cveIntel{}
	for rows.Next() {
		var id int64
		var c cveIntel
		if err := scanIntel(rows, &c, &id); err != nil {
			return err
		}
		if by[id] == nil {
			by[id] = &cveIntel{}
		}
		by[id].add(c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range as {
		var c cveIntel
		if p := by[as[i].ID]; p != nil {
			c = *p
		}
		as[i].KEV, as[i].KEVDueDate, as[i].EPSS, as[i].EPSSPercentile = c.kev, c.due, c.score, c.pct
	}
	return nil
}
