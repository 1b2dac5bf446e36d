package nvd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/ingest/jsonptr"
)

// Publisher is the Publisher of every advisory this package reads: the
// record is NVD's, whichever CNA assigned the CVE.
const Publisher = "NVD"

// detailURL is where NVD shows a CVE to people.
const detailURL = "https://nvd.nist.gov/vuln/detail/"

// revisionLayout writes lastModified with a fixed three-digit fraction, so
// that revisions compare correctly as strings (RFC 3339 with trimmed
// zeros would order ".78Z" after ".783Z").
const revisionLayout = "2006-01-02T15:04:05.000Z07:00"

// conv converts one record; name and path prefix every error.
type conv struct{ name, path string }

func (c conv) errf(sub, format string, args ...any) error {
	return ward.Errorf(ward.EINVALID, "%s: %s%s: %s", c.name, c.path, sub, fmt.Sprintf(format, args...))
}

func convert(name, path string, rec *record) (*ward.Advisory, error) {
	c := conv{name, path}
	if !validCVEID(rec.ID) {
		return nil, c.errf("/id", "got %q, want a CVE ID such as CVE-2021-33885", jsonptr.Clip(rec.ID))
	}
	published, err := parseTime(rec.Published)
	if err != nil {
		return nil, c.errf("/published", "got %q, want a date-time such as 2021-08-25T12:15:16.873", jsonptr.Clip(rec.Published))
	}
	modified, err := parseTime(rec.LastModified)
	if err != nil {
		return nil, c.errf("/lastModified", "got %q, want a date-time such as 2021-08-25T12:15:16.873", jsonptr.Clip(rec.LastModified))
	}
	v := ward.Vulnerability{CVE: rec.ID, CWEs: cwes(rec.Weaknesses), Published: published}
	if v.Scores, err = c.scores(&rec.Metrics); err != nil {
		return nil, err
	}
	a := &ward.Advisory{
		Source:     ward.SourceNVD,
		TrackingID: rec.ID,
		Title:      rec.ID,
		Publisher:  Publisher,
		Published:  published,
		Updated:    modified,
		Revision:   modified.Format(revisionLayout),
		Summary:    english(rec.Descriptions),
		URL:        detailURL + rec.ID,
		References: references(rec.References),
	}
	if err := c.configurations(rec.Configurations, a, &v); err != nil {
		return nil, err
	}
	a.Vulnerabilities = []ward.Vulnerability{v}
	return a, nil
}

// validCVEID reports whether s has the form CVE-YYYY-NNNN (four or more
// digits at the end), as the API schema requires.
func validCVEID(s string) bool {
	if len(s) < 13 || s[:4] != "CVE-" || s[8] != '-' {
		return false
	}
	for i := 4; i < len(s); i++ {
		if i != 8 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// parseTime reads NVD's timestamps, which carry no zone and are UTC
// ("2022-11-16T23:15:12.870"); mirrors sometimes add one, so RFC 3339 is
// accepted too.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05.999999999", s)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, s)
	}
	return t.UTC(), err
}

// english returns the English description, or the first one if there is
// no English text.
func english(ds []langString) string {
	for _, d := range ds {
		if d.Lang == "en" || strings.HasPrefix(d.Lang, "en-") {
			return d.Value
		}
	}
	if len(ds) > 0 {
		return ds[0].Value
	}
	return ""
}

// cwes returns the CWE IDs of all weakness sources, each once, in order.
// NVD-CWE-noinfo and NVD-CWE-Other are dropped: they are not weaknesses.
func cwes(ws []weakness) []string {
	var out []string
	for _, w := range ws {
		for _, d := range w.Description {
			id := d.Value
			if id == "" || strings.HasPrefix(id, "NVD-CWE-") || contains(out, id) {
				continue
			}
			out = append(out, id)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scores returns every CVSS metric, newest CVSS version first.
func (c conv) scores(m *metrics) ([]ward.Score, error) {
	lists := []struct {
		key, version string
		list         []metric
	}{
		{"cvssMetricV40", "4.0", m.V40},
		{"cvssMetricV31", "3.1", m.V31},
		{"cvssMetricV30", "3.0", m.V30},
		{"cvssMetricV2", "2.0", m.V2},
	}
	var out []ward.Score
	for _, l := range lists {
		for i, mt := range l.list {
			at := "/metrics/" + l.key + "/" + strconv.Itoa(i) + "/cvssData"
			d := mt.CVSSData
			switch {
			case d.BaseScore == nil:
				return nil, c.errf(at+"/baseScore", "missing, want a number from 0 to 10")
			case *d.BaseScore < 0 || *d.BaseScore > 10:
				return nil, c.errf(at+"/baseScore", "got %g, want a number from 0 to 10", *d.BaseScore)
			case d.VectorString == "":
				return nil, c.errf(at+"/vectorString", "missing, want a CVSS vector")
			}
			s := ward.Score{
				Source:    mt.Source,
				Version:   d.Version,
				Vector:    d.VectorString,
				BaseScore: *d.BaseScore,
				Severity:  d.BaseSeverity,
				Primary:   mt.Type == "Primary",
			}
			if s.Version == "" {
				s.Version = l.version
			}
			if s.Severity == "" {
				s.Severity = mt.BaseSeverity
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// references returns the references with duplicate URLs merged: NVD lists
// a URL once per source that cited it, with the same or other tags. The
// tags become the summary.
func references(refs []reference) []ward.Reference {
	var (
		out  []ward.Reference
		tags [][]string
		at   = map[string]int{}
	)
	for _, r := range refs {
		i, seen := at[r.URL]
		if !seen {
			i = len(out)
			at[r.URL] = i
			out = append(out, ward.Reference{URL: r.URL})
			tags = append(tags, nil)
		}
		for _, t := range r.Tags {
			if !contains(tags[i], t) {
				tags[i] = append(tags[i], t)
			}
		}
	}
	for i := range out {
		out[i].Summary = strings.Join(tags[i], ", ")
	}
	return out
}
