package patches

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"ward"
	"ward/patchplan"
)

// maxRecords bounds the entries of one file.
const maxRecords = 100_000

// required are the fields without which a catalog file is refused.
var required = []string{patchplan.FieldManufacturer, patchplan.FieldModel, patchplan.FieldAppliesTo, patchplan.FieldInstallsVersion}

// readCSV reads a CSV catalog: the header names the columns, each later
// non-blank line is one entry.
func readCSV(text []byte, name string) (*ward.PatchBatch, error) {
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = sniffDelimiter(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ward.Errorf(ward.EINVALID, "%s is empty", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	cols, err := mapColumns(name, header)
	if err != nil {
		return nil, err
	}
	b := &ward.PatchBatch{Name: name, Header: header, Columns: map[string]string{}}
	for i, f := range cols {
		if f != "" {
			b.Columns[f] = header[i]
		}
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return b, nil
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrQuote):
			b.Records = append(b.Records, ward.PatchRecord{Line: pe.StartLine, Raw: []string{},
				Problems: []ward.FieldProblem{{Field: "(row)", Message: fmt.Sprintf("%v at column %d", pe.Err, pe.Column)}}})
		case err != nil:
			return nil, csvError(name, err)
		case !blank(row):
			line, _ := cr.FieldPos(0)
			b.Records = append(b.Records, record(line, header, cols, row))
		}
		if len(b.Records) > maxRecords {
			return nil, ward.Errorf(ward.EINVALID, "%s has more than %d entries; split it", name, maxRecords)
		}
	}
}

// record parses one row, naming each bad cell by its column.
func record(line int, header, cols, row []string) ward.PatchRecord {
	rec := ward.PatchRecord{Line: line, Raw: append([]string(nil), row...)}
	if len(row) > len(header) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: "(row)",
			Message: fmt.Sprintf("%d cells, but the header has %d columns", len(row), len(header))})
	}
	for i, cell := range row {
		if i >= len(cols) || cols[i] == "" {
			continue
		}
		if msg := set(&rec.Patch, cols[i], cell); msg != "" {
			rec.Problems = append(rec.Problems, ward.FieldProblem{Field: header[i], Message: msg})
		}
	}
	for _, p := range patchplan.Check(&rec.Patch) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: columnOf(header, cols, p.Field), Message: p.Message})
	}
	return rec
}

// columnOf returns the header of the column holding field f, or f.
func columnOf(header, cols []string, f string) string {
	for i, c := range cols {
		if c == f {
			return header[i]
		}
	}
	return f
}

// mapColumns says which field each column holds ("" for none). A missing
// required column, or two columns claiming one field, refuses the file.
func mapColumns(name string, header []string) ([]string, error) {
	cols := make([]string, len(header))
	at := map[string]int{}
	var probs []string
	for i, h := range header {
		f := synonymIndex[headerKey(h)]
		if f == "" {
			continue
		}
		if prev, dup := at[f]; dup {
			probs = append(probs, fmt.Sprintf("columns %q and %q both hold %s", header[prev], h, f))
			continue
		}
		cols[i], at[f] = f, i
	}
	for _, f := range required {
		if _, ok := at[f]; !ok {
			probs = append(probs, fmt.Sprintf("no %s column (looked for %s)", f, quoteList(synonyms[f], 5)))
		}
	}
	_, advs := at[patchplan.FieldAdvisories]
	if _, cves := at[patchplan.FieldCVEs]; !advs && !cves {
		probs = append(probs, fmt.Sprintf("no column of advisories or CVEs the patches fix (looked for %s and %s)",
			quoteList(synonyms[patchplan.FieldAdvisories], 3), quoteList(synonyms[patchplan.FieldCVEs], 3)))
	}
	if len(probs) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s: %s", name, strings.Join(probs, "; "))
	}
	return cols, nil
}

func quoteList(ss []string, n int) string {
	var q []string
	for _, s := range ss[:min(n, len(ss))] {
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ward.Errorf(ward.EINVALID, "%s:%d: %v (column %d); nothing after this line can be read reliably", name, pe.StartLine, pe.Err, pe.Column)
	}
	return ward.WrapError(ward.EINVALID, err, "%s: cannot read", name)
}

// sniffDelimiter picks the delimiter of the header line: the one of comma,
// semicolon, tab and pipe that occurs most outside quotes.
func sniffDelimiter(text []byte) rune {
	head := text
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(head) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t' || r == '|'):
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t', '|'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}
