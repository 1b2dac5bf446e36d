package epss

import (
	"compress/flate"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"ward"
)

// key identifies one score: a CVE on a date.
type key struct {
	cve  string
	date ward.Date
}

// parser holds the state of one file.
type parser struct {
	name  string
	probs problems
	out   []ward.EPSS
	seen  map[key]int // score -> line it was first seen on

	// From the comment line.
	model string
	date  ward.Date

	// From the header: column positions (-1 when absent), the header's
	// names for messages, and the fallbacks from the file name.
	cols                                     []string
	cve, epss, percentile, dateCol, modelCol int
	nameCVE                                  string
}

// comment reads the metadata line "model_version:v2023.03.01,score_date:…".
// Unknown keys are ignored: FIRST has added keys before.
func (p *parser) comment(lineNo int, text string) {
	for _, kv := range strings.Split(text, ",") {
		k, v, _ := strings.Cut(kv, ":")
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "model_version":
			p.model = v
		case "score_date":
			// "2023-03-09T00:00:00+0000" (FIRST) or "…Z": the date
			// part is all Ward keeps, and the offset syntax varies.
			d, err := ward.ParseDate(v[:min(10, len(v))])
			if err != nil || d.IsZero() {
				p.probs.addf(lineNo, 1, "score_date %q is not a date-time", truncate(v))
			}
			p.date = d
		}
	}
}

// header reads the column names. A header without an epss column, or
// without a CVE column when the file name carries no CVE ID, is not a
// file Parse can read, so it stops at once.
func (p *parser) header(lineNo int, line string) error {
	p.cols = strings.Split(line, ",")
	p.cve, p.epss, p.percentile, p.dateCol, p.modelCol = -1, -1, -1, -1, -1
	for i, c := range p.cols {
		p.cols[i] = strings.TrimSpace(c)
		var at *int
		switch strings.ToLower(p.cols[i]) {
		case colCVE:
			at = &p.cve
		case colEPSS:
			at = &p.epss
		case colPercentile:
			at = &p.percentile
		case colDate:
			at = &p.dateCol
		case colModel:
			at = &p.modelCol
		default:
			continue
		}
		if *at >= 0 {
			return ward.Errorf(ward.EINVALID, "%s:%d:%d: column %q appears twice", p.name, lineNo, i+1, p.cols[i])
		}
		*at = i
	}
	if p.epss < 0 {
		return ward.Errorf(ward.EINVALID, "%s:%d: no epss column in header %q, want cve,epss,percentile", p.name, lineNo, truncate(line))
	}
	if p.cve < 0 {
		if p.nameCVE = cveInName(p.name); p.nameCVE == "" {
			return ward.Errorf(ward.EINVALID, "%s:%d: no cve column, and the file name carries no CVE ID", p.name, lineNo)
		}
	}
	if p.dateCol < 0 && p.date.IsZero() {
		p.date = dateInName(p.name)
	}
	return nil
}

// row reads one data line and reports each problem.
func (p *parser) row(lineNo int, line string) {
	f := strings.Split(line, ",")
	// History mirrors write v1 rows without the trailing percentile.
	ragged := len(f) == len(p.cols)-1 && p.percentile == len(p.cols)-1
	if len(f) != len(p.cols) && !ragged {
		p.probs.addf(lineNo, 0, "has %d fields, the header has %d", len(f), len(p.cols))
		return
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	before := p.probs.n
	e := ward.EPSS{CVE: p.nameCVE, Date: p.date, Model: p.model}
	if p.cve >= 0 {
		if e.CVE = f[p.cve]; !validCVEID(e.CVE) {
			p.probs.addf(lineNo, p.cve+1, "column %q: got %q, want a CVE ID such as CVE-2021-33885", p.cols[p.cve], truncate(e.CVE))
		}
	}
	e.Score = p.score(lineNo, p.epss, f[p.epss])
	if p.percentile >= 0 && p.percentile < len(f) && f[p.percentile] != "" {
		e.Percentile = p.score(lineNo, p.percentile, f[p.percentile])
	}
	if p.dateCol >= 0 {
		d, err := ward.ParseDate(f[p.dateCol])
		if err != nil || d.IsZero() {
			p.probs.addf(lineNo, p.dateCol+1, "column %q: got %q, want a date YYYY-MM-DD", p.cols[p.dateCol], truncate(f[p.dateCol]))
		}
		e.Date = d
	}
	if p.modelCol >= 0 {
		e.Model = f[p.modelCol]
	}
	if p.probs.n != before {
		return
	}
	k := key{e.CVE, e.Date}
	if first, dup := p.seen[k]; dup {
		p.probs.addf(lineNo, 0, "%s is scored twice for %s, first on line %d", e.CVE, orUndated(e.Date), first)
		return
	}
	p.seen[k] = lineNo
	p.out = append(p.out, e)
}

// score parses a probability or percentile, which must lie in [0, 1].
func (p *parser) score(lineNo, col int, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
		p.probs.addf(lineNo, col+1, "column %q: got %q, want a number from 0 to 1", p.cols[col], truncate(s))
		return 0
	}
	return v
}

func orUndated(d ward.Date) string {
	if d.IsZero() {
		return "the file's date"
	}
	return d.String()
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func isCorrupt(err error) bool {
	var ce flate.CorruptInputError
	return errors.As(err, &ce)
}

// maxListed is how many problems one error spells out; beyond that a
// wrong file would bury the first, most useful, messages.
const maxListed = 20

// problems collects what is wrong with a file so that one error can report
// every bad row at once instead of one per import attempt.
type problems struct {
	name string
	list []string
	n    int
}

// addf records a problem at a line and column (both from 1; column 0 for
// the whole line).
func (p *problems) addf(lineNo, col int, format string, args ...any) {
	p.n++
	if len(p.list) >= maxListed {
		return
	}
	at := fmt.Sprintf("%s:%d", p.name, lineNo)
	if col > 0 {
		at += ":" + strconv.Itoa(col)
	}
	p.list = append(p.list, at+": "+fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	switch {
	case p.n == 0:
		return nil
	case p.n == 1:
		return ward.Errorf(ward.EINVALID, "%s", p.list[0])
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
