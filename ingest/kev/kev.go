// Package kev reads CISA's Known Exploited Vulnerabilities catalog
// (known_exploited_vulnerabilities.json, from
// https://www.cisa.gov/known-exploited-vulnerabilities-catalog or the
// cisagov/kev-data repository) into ward.KEV values.
//
// The catalog is checked against its published schema: every entry needs
// a well-formed CVE ID, the required fields and real dates; CWEs must look
// like CWE-nnn; a CVE may appear only once; and the entry count must match
// the catalog's "count". Parse returns all entries or none.
package kev

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"ward"
	"ward/ingest/jsonptr"
)

// MaxFileBytes is the largest catalog Parse reads. The catalog is about
// 1.3 MB with some 1,400 entries and grows by a few hundred a year.
const MaxFileBytes = 64 << 20

// Ransomware values CISA uses. Entries without the field (catalogs before
// October 2023) get RansomwareUnknown, which is what CISA means by it.
const (
	RansomwareKnown   = "Known"
	RansomwareUnknown = "Unknown"
)

type catalog struct {
	CatalogVersion  string            `json:"catalogVersion"`
	Count           *int              `json:"count"`
	Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
}

// entry holds the required fields as pointers, to tell a missing field
// from an empty one.
type entry struct {
	CVEID             *string  `json:"cveID"`
	VendorProject     *string  `json:"vendorProject"`
	Product           *string  `json:"product"`
	VulnerabilityName *string  `json:"vulnerabilityName"`
	DateAdded         *string  `json:"dateAdded"`
	ShortDescription  *string  `json:"shortDescription"`
	RequiredAction    *string  `json:"requiredAction"`
	DueDate           *string  `json:"dueDate"`
	Ransomware        string   `json:"knownRansomwareCampaignUse"`
	Notes             string   `json:"notes"`
	CWEs              []string `json:"cwes"`
}

// Parse reads a KEV catalog from r and returns its entries in catalog
// order with the catalog version ("2025.08.25"). name labels error
// messages, as in "kev.json: /vulnerabilities/12/dueDate: …". It returns
// one EINVALID error listing up to 20 problems when the catalog breaks
// its schema, and EINTERNAL when reading r fails.
func Parse(r io.Reader, name string) ([]ward.KEV, string, error) {
	if name == "" {
		name = "input"
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, "", ward.WrapError(ward.EINTERNAL, err, "%s: reading failed", name)
	}
	if len(b) > MaxFileBytes {
		return nil, "", ward.Errorf(ward.EINVALID, "%s: larger than %d MiB; not a KEV catalog?", name, MaxFileBytes>>20)
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, "", ward.Errorf(ward.EINVALID, "%s: empty input, want a KEV catalog", name)
	}
	var cat catalog
	if err := json.Unmarshal(b, &cat); err != nil {
		return nil, "", decodeError(name, err)
	}
	p := problems{name: name}
	if cat.CatalogVersion == "" {
		p.addf("/catalogVersion", "missing, want the catalog version")
	}
	if cat.Vulnerabilities == nil {
		p.addf("/vulnerabilities", "missing, want the array of entries")
	}
	if cat.Count != nil && *cat.Count != len(cat.Vulnerabilities) {
		p.addf("/count", "got %d, want %d, the number of entries; truncated file?", *cat.Count, len(cat.Vulnerabilities))
	}
	out := make([]ward.KEV, 0, len(cat.Vulnerabilities))
	first := map[string]int{} // CVE ID -> index of its first entry
	for i, raw := range cat.Vulnerabilities {
		at := fmt.Sprintf("/vulnerabilities/%d", i)
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return nil, "", decodeError(name, err)
			}
			p.addf(joinField(at, te.Field), "got a JSON %s, want %s", te.Value, want(te))
			continue
		}
		k, ok := convert(&e, at, &p)
		if !ok {
			continue
		}
		if j, dup := first[k.CVE]; dup {
			p.addf(at+"/cveID", "%s is listed twice, at /vulnerabilities/%d and %s", k.CVE, j, at)
			continue
		}
		first[k.CVE] = i
		out = append(out, k)
	}
	if err := p.err(); err != nil {
		return nil, "", err
	}
	return out, cat.CatalogVersion, nil
}

// convert checks one entry and reports each problem to p.
func convert(e *entry, at string, p *problems) (ward.KEV, bool) {
	before := p.n
	req := func(field string, v *string) string {
		if v == nil {
			p.addf(at+"/"+field, "missing")
			return ""
		}
		return *v
	}
	k := ward.KEV{
		CVE:            req("cveID", e.CVEID),
		VendorProject:  req("vendorProject", e.VendorProject),
		Product:        req("product", e.Product),
		Name:           req("vulnerabilityName", e.VulnerabilityName),
		RequiredAction: req("requiredAction", e.RequiredAction),
		Ransomware:     strings.TrimSpace(e.Ransomware),
		CWEs:           e.CWEs,
		Notes:          e.Notes,
	}
	req("shortDescription", e.ShortDescription) // required by the schema, not kept
	if e.CVEID != nil && !validCVEID(k.CVE) {
		p.addf(at+"/cveID", "got %q, want a CVE ID such as CVE-2021-44228", jsonptr.Clip(k.CVE))
	}
	for _, d := range []struct {
		field string
		v     *string
		to    *ward.Date
	}{{"dateAdded", e.DateAdded, &k.DateAdded}, {"dueDate", e.DueDate, &k.DueDate}} {
		s := req(d.field, d.v)
		if d.v == nil {
			continue
		}
		t, err := ward.ParseDate(s)
		if err != nil || t.IsZero() {
			p.addf(at+"/"+d.field, "got %q, want a date YYYY-MM-DD", jsonptr.Clip(s))
		}
		*d.to = t
	}
	for j, c := range e.CWEs {
		if !validCWE(c) {
			p.addf(fmt.Sprintf("%s/cwes/%d", at, j), "got %q, want a CWE ID such as CWE-502", jsonptr.Clip(c))
		}
	}
	if k.Ransomware == "" {
		k.Ransomware = RansomwareUnknown
	}
	if len(k.CWEs) == 0 {
		k.CWEs = nil // "cwes": [] and no field mean the same
	}
	return k, p.n == before
}

// validCVEID reports whether s matches the schema's ^CVE-[0-9]{4}-[0-9]{4,19}$.
func validCVEID(s string) bool {
	if len(s) < 13 || len(s) > 28 || s[:4] != "CVE-" || s[8] != '-' {
		return false
	}
	return digits(s[4:8]) && digits(s[9:])
}

// validCWE reports whether s matches the schema's ^CWE-([0-9])+$.
func validCWE(s string) bool {
	return len(s) > 4 && s[:4] == "CWE-" && digits(s[4:])
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// decodeError reports malformed JSON, or a value of the wrong type
// outside the entries.
func decodeError(name string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return ward.WrapError(ward.EINVALID, err, "%s: malformed JSON at byte %d", name, se.Offset)
	case errors.As(err, &te):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: got a JSON %s, want %s", name, joinField("", te.Field), te.Value, want(te))
	}
	return ward.WrapError(ward.EINVALID, err, "%s: not a KEV catalog", name)
}

// joinField turns encoding/json's dotted field into a JSON pointer below
// path.
func joinField(path, field string) string {
	if field != "" {
		path += "/" + strings.ReplaceAll(field, ".", "/")
	}
	if path == "" {
		return "/"
	}
	return path
}

func want(te *json.UnmarshalTypeError) string {
	switch s := te.Type.String(); {
	case s == "string" || s == "*string":
		return "a string"
	case strings.HasPrefix(s, "[]"):
		return "an array"
	case strings.Contains(s, "int"):
		return "a number"
	}
	return "an object"
}

// maxListed is how many problems one error spells out; beyond that a
// wrong file would bury the first, most useful, messages.
const maxListed = 20

// problems collects what is wrong with a catalog so that one error can
// report every bad entry at once instead of one per import attempt.
type problems struct {
	name string
	list []string
	n    int
}

// addf records a problem at JSON pointer path.
func (p *problems) addf(path, format string, args ...any) {
	p.n++
	if len(p.list) < maxListed {
		p.list = append(p.list, path+": "+fmt.Sprintf(format, args...))
	}
}

func (p *problems) err() error {
	switch {
	case p.n == 0:
		return nil
	case p.n == 1:
		return ward.Errorf(ward.EINVALID, "%s: %s", p.name, p.list[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems, nothing imported:", p.name, p.n)
	for _, m := range p.list {
		b.WriteString("\n\t" + m)
	}
	if more := p.n - len(p.list); more > 0 {
		fmt.Fprintf(&b, "\n\t... and %d more", more)
	}
	return ward.Errorf(ward.EINVALID, "%s", b.String())
}
