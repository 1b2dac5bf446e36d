// Package epss reads FIRST's Exploit Prediction Scoring System CSV files
// (https://www.first.org/epss/data_stats) into ward.EPSS values.
//
// Two layouts are read, plain or gzip-compressed (detected by the magic
// bytes, as FIRST serves epss_scores-YYYY-MM-DD.csv.gz):
//
//   - the daily file: an optional comment line
//     "#model_version:v2023.03.01,score_date:2023-03-09T00:00:00+0000",
//     then "cve,epss,percentile". Files of the first model (v1, 2021)
//     have no comment line and no percentile column; their date is taken
//     from a YYYY-MM-DD in the file name.
//   - a per-CVE time series, "date,model,epss,percentile", as kept by
//     EPSS history mirrors: the CVE ID comes from the file name
//     ("CVE-2021-33885.epss"), and v1 rows may stop before the
//     percentile.
//
// Columns are found by their header name, in any order; others are
// ignored. A missing percentile is stored as 0. Parse returns all rows or
// none.
package epss

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"path"
	"strings"

	"ward"
)

// MaxLineBytes is the longest line Parse accepts; real lines are under 60
// bytes, so a longer one means a wrong file.
const MaxLineBytes = 64 << 10

// Column names as FIRST writes them; the header is matched without regard
// to case or surrounding space.
const (
	colCVE        = "cve"
	colEPSS       = "epss"
	colPercentile = "percentile"
	colDate       = "date"
	colModel      = "model"
)

// Parse reads an EPSS CSV file from r and returns its rows in file order.
// name labels error messages, as in "epss.csv:12:2: …" (line and column,
// from 1), and supplies the CVE ID or the date when the file has no column
// for them. It returns one EINVALID error listing up to 20 problems for
// malformed input (scores outside [0, 1], bad CVE IDs or dates, wrong
// field counts, a CVE scored twice for one date), and EINTERNAL when
// reading r fails.
func Parse(r io.Reader, name string) ([]ward.EPSS, error) {
	if name == "" {
		name = "input"
	}
	br := bufio.NewReader(r)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, readError(name, 0, err)
		}
		in = zr
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, MaxLineBytes)
	p := &parser{name: name, probs: problems{name: name}, seen: map[key]int{}}
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Bytes()
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if line[0] == '#' {
			if p.cols == nil {
				p.comment(lineNo, string(line[1:]))
			}
			continue
		}
		if p.cols == nil {
			if err := p.header(lineNo, string(line)); err != nil {
				return nil, err
			}
			continue
		}
		p.row(lineNo, string(line))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, ward.WrapError(ward.EINVALID, err, "%s:%d: line is longer than %d bytes; not an EPSS file?", name, lineNo+1, MaxLineBytes)
		}
		return nil, readError(name, lineNo, err)
	}
	if p.cols == nil {
		return nil, ward.Errorf(ward.EINVALID, "%s: no header line, want cve,epss,percentile", name)
	}
	if err := p.probs.err(); err != nil {
		return nil, err
	}
	return p.out, nil
}

// readError classifies a failure to read: a truncated or corrupt gzip
// stream is the file's fault (EINVALID), anything else is not.
func readError(name string, lineNo int, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || isCorrupt(err) {
		return ward.WrapError(ward.EINVALID, err, "%s: corrupt or truncated gzip data after line %d", name, lineNo)
	}
	return ward.WrapError(ward.EINTERNAL, err, "%s: reading failed after line %d", name, lineNo)
}

// cveInName returns the CVE ID that a file name such as
// "CVE-2021-33885.epss" carries, or "".
func cveInName(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	i := strings.Index(base, "CVE-")
	if i < 0 {
		return ""
	}
	end := min(i+9, len(base)) // past "CVE-YYYY-"
	for end < len(base) && base[end] >= '0' && base[end] <= '9' {
		end++
	}
	if id := base[i:end]; validCVEID(id) {
		return id
	}
	return ""
}

// dateInName returns the first YYYY-MM-DD date in a file name such as
// "epss_scores-2021-04-14.csv", or the zero Date.
func dateInName(name string) ward.Date {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	for i := 0; i+10 <= len(base); i++ {
		if d, err := ward.ParseDate(base[i : i+10]); err == nil && !d.IsZero() {
			return d
		}
	}
	return ward.Date{}
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
