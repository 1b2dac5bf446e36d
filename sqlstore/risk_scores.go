package sqlstore

import (
	"encoding/json"

	"ward"
)

// advisoryScores is the part of a stored advisory document that holds
// its CVSS scores.
type advisoryScores struct {
	Vulnerabilities []struct {
		CVE    string       `json:"cve"`
		Scores []ward.Score `json:"scores"`
	} `json:"vulnerabilities"`
}

// loadCVEScores reads the scores of the CVEs of fs not yet known, from
// every advisory that names them: the advisories are found by the
// advisory_cves index and each document is parsed once per stream.
func (tx *Tx) loadCVEScores(fs []ward.Finding, c *riskCache) error {
	var missing []string
	seen := map[string]bool{}
	for i := range fs {
		for _, cve := range fs[i].CVEs {
			if _, ok := c.scores[cve]; !ok && !seen[cve] {
				seen[cve] = true
				missing = append(missing, cve)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(c.scores)+len(c.read) > riskCacheMax {
		c.scores, c.partial, c.read = map[string][]ward.SourcedScore{}, map[string][]ward.SourcedScore{}, map[int64]bool{}
	}
	list, err := json.Marshal(missing)
	if err != nil {
		return err
	}
	rows, err := tx.query(`SELECT a.id, a.source, a.doc FROM advisories a WHERE a.id IN (
		SELECT ac.advisory_id FROM advisory_cves ac WHERE ac.cve IN (SELECT c.value FROM `+tx.jsonStrings("?", "c")+`))`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var source, doc string
		if err := rows.Scan(&id, &source, &doc); err != nil {
			return err
		}
		if c.read[id] {
			continue
		}
		c.read[id] = true
		var a advisoryScores
		if err := json.Unmarshal([]byte(doc), &a); err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "advisory %d: stored document", id)
		}
		for _, v := range a.Vulnerabilities {
			for _, s := range v.Scores {
				c.partial[v.CVE] = append(c.partial[v.CVE], ward.SourcedScore{AdvisorySource: source, Score: s})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, cve := range missing {
		c.scores[cve] = c.partial[cve]
	}
	return nil
}
