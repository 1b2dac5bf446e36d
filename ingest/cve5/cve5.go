// Package cve5 reads CVE Program records in the CVE JSON 5 format (as in
// github.com/CVEProject/cvelistV5) into ward.Advisory values, one per CVE.
//
// The CNA container gives the title, description, affected products,
// CVSS scores, CWEs, references and solutions. ADP containers (CISA-ADP,
// the CVE Program's own container, …) add their CVSS scores, CWEs and
// references; their affected lists are left out, so every product of an
// advisory is the CNA's.
//
// Each entry of affected[].versions becomes one product whose Version is a
// vers range ("vers:custom/>=0|<=12.3") when the entry is a range and the
// version as written ("All versions", "5.2") when it is a single version,
// with its status mapped to the ward product statuses. A defaultStatus
// becomes one more product, marked Default, covering "vers:all/*". Text is
// kept as published, mojibake included.
package cve5

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"ward"
	"ward/ingest/jsonptr"
)

// MaxRecordBytes is the largest record Parse reads. The largest published
// records (long kernel version lists) are well under 1 MiB; the limit only
// stops a wrong input from eating memory.
const MaxRecordBytes = 16 << 20

// ErrRejected is returned by Parse for a record in state REJECTED: the CVE
// ID was withdrawn and names no vulnerability. Its code is ENOTFOUND.
var ErrRejected = &ward.Error{Code: ward.ENOTFOUND, Message: "rejected CVE record"}

// recordURL is where the CVE Program shows a record to people.
const recordURL = "https://www.cve.org/CVERecord?id="

// revisionLayout writes dateUpdated with a fixed three-digit fraction so
// that revisions compare correctly as strings.
const revisionLayout = "2006-01-02T15:04:05.000Z07:00"

// Parse reads one CVE JSON 5 record from r. name labels error messages, as
// in "CVE-2023-30563.json: /containers/cna/affected/0/versions/0/status: …".
// It returns an error wrapping ErrRejected (code ENOTFOUND) for a rejected
// record, EINVALID for anything that is not a well-formed published
// record, and EINTERNAL when reading r fails.
func Parse(r io.Reader, name string) (*ward.Advisory, error) {
	if name == "" {
		name = "input"
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxRecordBytes+1))
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: reading failed", name)
	}
	if len(b) > MaxRecordBytes {
		return nil, ward.Errorf(ward.EINVALID, "%s: larger than %d MiB; not a CVE record?", name, MaxRecordBytes>>20)
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, decodeError(name, b, err)
	}
	return convert(name, &rec)
}

// conv converts one record; name prefixes every error.
type conv struct{ name string }

func (c conv) errf(path, format string, args ...any) error {
	return ward.Errorf(ward.EINVALID, "%s: %s: %s", c.name, path, fmt.Sprintf(format, args...))
}

func convert(name string, rec *record) (*ward.Advisory, error) {
	c := conv{name}
	m := &rec.CVEMetadata
	switch {
	case rec.DataType != "CVE_RECORD":
		return nil, c.errf("/dataType", "got %q, want CVE_RECORD; is this a CVE JSON 5 record?", jsonptr.Clip(rec.DataType))
	case !strings.HasPrefix(rec.DataVersion, "5."):
		return nil, c.errf("/dataVersion", "got %q, want 5.x", jsonptr.Clip(rec.DataVersion))
	case !validCVEID(m.CVEID):
		return nil, c.errf("/cveMetadata/cveId", "got %q, want a CVE ID such as CVE-2023-30563", jsonptr.Clip(m.CVEID))
	case m.State == "REJECTED":
		return nil, ward.WrapError(ward.ENOTFOUND, ErrRejected, "%s: %s is rejected", name, m.CVEID)
	case m.State != "PUBLISHED":
		return nil, c.errf("/cveMetadata/state", "got %q, want PUBLISHED or REJECTED", jsonptr.Clip(m.State))
	}
	published, err := parseTime(m.DatePublished)
	if err != nil {
		return nil, c.errf("/cveMetadata/datePublished", "got %q, want a date-time", jsonptr.Clip(m.DatePublished))
	}
	updated := published
	if m.DateUpdated != "" {
		if updated, err = parseTime(m.DateUpdated); err != nil {
			return nil, c.errf("/cveMetadata/dateUpdated", "got %q, want a date-time", jsonptr.Clip(m.DateUpdated))
		}
	}
	cna := &rec.Containers.CNA
	a := &ward.Advisory{
		Source:     ward.SourceCVE5,
		TrackingID: m.CVEID,
		Title:      strings.TrimSpace(cna.Title),
		Publisher:  m.AssignerShortName,
		Published:  published,
		Updated:    updated,
		Revision:   updated.Format(revisionLayout),
		Summary:    english(cna.Descriptions),
		URL:        recordURL + m.CVEID,
	}
	if a.Title == "" {
		a.Title = m.CVEID
	}
	v := ward.Vulnerability{CVE: m.CVEID, Title: strings.TrimSpace(cna.Title), Published: published}
	if a.Products, v.Statuses, err = c.products(cna.Affected); err != nil {
		return nil, err
	}
	cnaName := cna.ProviderMetadata.ShortName
	if cnaName == "" {
		cnaName = m.AssignerShortName
	}
	if err := c.addContainer(&v, a, cna, "/containers/cna", cnaName); err != nil {
		return nil, err
	}
	for i := range rec.Containers.ADP {
		adp := &rec.Containers.ADP[i]
		if err := c.addContainer(&v, a, adp, fmt.Sprintf("/containers/adp/%d", i), adp.ProviderMetadata.ShortName); err != nil {
			return nil, err
		}
	}
	v.Remediations = remediations(cna, v.Statuses)
	a.Vulnerabilities = []ward.Vulnerability{v}
	return a, nil
}

// addContainer adds the scores, CWEs and references of one container.
func (c conv) addContainer(v *ward.Vulnerability, a *ward.Advisory, ct *container, path, source string) error {
	for i, m := range ct.Metrics {
		for _, s := range [...]struct {
			key string
			c   *cvss
		}{{"cvssV4_0", m.CVSSV40}, {"cvssV3_1", m.CVSSV31}, {"cvssV3_0", m.CVSSV30}, {"cvssV2_0", m.CVSSV20}} {
			if s.c == nil {
				continue
			}
			at := fmt.Sprintf("%s/metrics/%d/%s", path, i, s.key)
			switch {
			case s.c.BaseScore == nil:
				return c.errf(at+"/baseScore", "missing, want a number from 0 to 10")
			case *s.c.BaseScore < 0 || *s.c.BaseScore > 10:
				return c.errf(at+"/baseScore", "got %g, want a number from 0 to 10", *s.c.BaseScore)
			case s.c.VectorString == "":
				return c.errf(at+"/vectorString", "missing, want a CVSS vector")
			}
			v.Scores = append(v.Scores, ward.Score{Source: source, Version: s.c.Version, Vector: s.c.VectorString, BaseScore: *s.c.BaseScore, Severity: s.c.BaseSeverity})
		}
	}
	for _, pt := range ct.ProblemTypes {
		for _, d := range pt.Descriptions {
			if id := cweID(d.CWEID, d.Type, d.Description); id != "" && !contains(v.CWEs, id) {
				v.CWEs = append(v.CWEs, id)
			}
		}
	}
	for _, r := range ct.References {
		if r.URL == "" || containsURL(a.References, r.URL) {
			continue
		}
		a.References = append(a.References, ward.Reference{URL: r.URL, Summary: refSummary(r)})
	}
	return nil
}

// cweID returns the CWE of a problem type description: its cweId, or for
// older records of type CWE the "CWE-nnn" that starts the text.
func cweID(id, typ, text string) string {
	if id != "" {
		return id
	}
	if typ == "CWE" && strings.HasPrefix(text, "CWE-") {
		if end := strings.IndexFunc(text[4:], func(r rune) bool { return r < '0' || r > '9' }); end != 0 {
			if end < 0 {
				return text
			}
			return text[:4+end]
		}
	}
	return ""
}

// refSummary is a reference's name, or its tags when it has none. The
// x_ tags (x_transferred, x_refsource_MISC) are bookkeeping of the CVE
// services and say nothing to a reader.
func refSummary(r reference) string {
	if r.Name != "" && r.Name != r.URL {
		return r.Name
	}
	var tags []string
	for _, t := range r.Tags {
		if !strings.HasPrefix(t, "x_") {
			tags = append(tags, t)
		}
	}
	return strings.Join(tags, ", ")
}

// remediations turns the CNA's solutions and workarounds into remediations
// for the affected products. Solutions are free text that may be a fix or
// only advice ("remove the device from the network"), so they are filed
// as mitigations rather than claiming a vendor fix exists.
func remediations(cna *container, statuses []ward.ProductStatus) []ward.Remediation {
	var keys []string
	for _, s := range statuses {
		if s.Status == ward.ProductAffected {
			keys = append(keys, s.ProductKey)
		}
	}
	var out []ward.Remediation
	for _, l := range []struct {
		category string
		texts    []langString
	}{{ward.RemediationMitigation, cna.Solutions}, {ward.RemediationWorkaround, cna.Workarounds}} {
		if t := strings.TrimSpace(english(l.texts)); t != "" {
			out = append(out, ward.Remediation{Category: l.category, Details: t, ProductKeys: keys})
		}
	}
	return out
}

// english returns the English text, or the first one if there is none.
func english(ls []langString) string {
	for _, l := range ls {
		if l.Lang == "en" || strings.HasPrefix(l.Lang, "en-") || strings.HasPrefix(l.Lang, "en_") {
			return l.Value
		}
	}
	if len(ls) > 0 {
		return ls[0].Value
	}
	return ""
}

// validCVEID reports whether s has the form CVE-YYYY-NNNN (four or more
// digits at the end).
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

// parseTime reads the record's timestamps: RFC 3339, or without a zone
// (older records, "2021-08-25T11:38:20"), which is UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.Parse("2006-01-02T15:04:05.999999999", s)
	}
	return t.UTC(), err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsURL(refs []ward.Reference, url string) bool {
	for _, r := range refs {
		if r.URL == url {
			return true
		}
	}
	return false
}
