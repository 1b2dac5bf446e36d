package nvd

import "io"

// The wire structs hold only what Ward keeps; encoding/json skips the
// rest without building it, which is most of the decoding cost saved.

// item is one element of a record array: {"cve": {...}} in API responses,
// or the record itself in some mirrors. Embedding the record lets one
// decode serve both.
type item struct {
	CVE *record `json:"cve"`
	record
}

type record struct {
	ID             string       `json:"id"`
	Published      string       `json:"published"`
	LastModified   string       `json:"lastModified"`
	VulnStatus     string       `json:"vulnStatus"`
	Descriptions   []langString `json:"descriptions"`
	Metrics        metrics      `json:"metrics"`
	Weaknesses     []weakness   `json:"weaknesses"`
	Configurations []config     `json:"configurations"`
	References     []reference  `json:"references"`
}

type langString struct {
	Lang  string `json:"lang"`
	Value string `json:"value"`
}

type metrics struct {
	V40 []metric `json:"cvssMetricV40"`
	V31 []metric `json:"cvssMetricV31"`
	V30 []metric `json:"cvssMetricV30"`
	V2  []metric `json:"cvssMetricV2"`
}

type metric struct {
	Source   string   `json:"source"`
	Type     string   `json:"type"`
	CVSSData cvssData `json:"cvssData"`
	// BaseSeverity sits beside cvssData for CVSS v2 only; v3 and v4 carry
	// it inside.
	BaseSeverity string `json:"baseSeverity"`
}

type cvssData struct {
	Version      string   `json:"version"`
	VectorString string   `json:"vectorString"`
	BaseScore    *float64 `json:"baseScore"`
	BaseSeverity string   `json:"baseSeverity"`
}

type weakness struct {
	Source      string       `json:"source"`
	Type        string       `json:"type"`
	Description []langString `json:"description"`
}

type config struct {
	Operator string `json:"operator"`
	Negate   bool   `json:"negate"`
	Nodes    []node `json:"nodes"`
}

type node struct {
	Operator string     `json:"operator"`
	Negate   bool       `json:"negate"`
	CPEMatch []cpeMatch `json:"cpeMatch"`
}

type cpeMatch struct {
	// Vulnerable is a pointer because the schema requires it, and a
	// missing value must not silently turn a product into a platform.
	Vulnerable            *bool  `json:"vulnerable"`
	Criteria              string `json:"criteria"`
	MatchCriteriaID       string `json:"matchCriteriaId"`
	VersionStartIncluding string `json:"versionStartIncluding"`
	VersionStartExcluding string `json:"versionStartExcluding"`
	VersionEndIncluding   string `json:"versionEndIncluding"`
	VersionEndExcluding   string `json:"versionEndExcluding"`
}

type reference struct {
	URL  string   `json:"url"`
	Tags []string `json:"tags"`
}

// tape sits between the input and the decoder and keeps the bytes read
// since the start of the current record. Decoding a record straight into
// structs is several times faster than decoding it to raw bytes first,
// but a type error then needs the record's text to say where it is.
type tape struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
}

func (t *tape) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	return n, err
}

// mark forgets the bytes before input offset off.
func (t *tape) mark(off int64) {
	if drop := off - t.base; drop > 0 && drop <= int64(len(t.buf)) {
		t.buf = t.buf[:copy(t.buf, t.buf[drop:])]
		t.base = off
	}
}

// slice returns the bytes between input offsets from and to, or nil if the
// tape no longer holds them.
func (t *tape) slice(from, to int64) []byte {
	if from < t.base || to-t.base > int64(len(t.buf)) || from > to {
		return nil
	}
	return t.buf[from-t.base : to-t.base]
}
