// Package cmms reads device inventories exported from a CMMS (computerised
// maintenance management system) as CSV: it finds the columns under the
// many names exports give them, copes with the encodings and delimiters
// Excel and older systems produce, and validates every cell, reporting each
// problem with file, line and column. It never touches a database.
package cmms

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"ward"
)

// Options control how a file is read.
type Options struct {
	// Mapping names columns that no built-in synonym covers.
	Mapping Mapping
	// Encoding is EncodingAuto (the default) or a named encoding.
	Encoding string
	// DateOrder is DateOrderMDY (default) or DateOrderDMY for numeric dates.
	DateOrder string
}

// Reader reads device records from a CMMS CSV export. It implements
// ward.DeviceSource. Parsing runs ahead in a goroutine, so validation and
// the database writes of an import use both cores; call Close when
// stopping early.
type Reader struct {
	name   string
	header []string
	cols   *columnMap
	pipe   *rowPipe[ward.DeviceRecord]
	enums  map[enumKey]enumResult // used by the parsing goroutine only
}

// NewReader reads the header of a CSV export and starts reading its rows.
// It returns EINVALID naming the file when the file is not text, the
// header cannot be read, or a required column is missing.
func NewReader(r io.Reader, name string, opts Options) (*Reader, error) {
	text, err := decode(r, name, opts.Encoding)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, ward.Errorf(ward.EINVALID, "%s is empty", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	header = append([]string(nil), header...)
	cols, err := mapColumns(name, header, opts.Mapping)
	if err != nil {
		return nil, err
	}
	if opts.DateOrder == "" {
		opts.DateOrder = DateOrderMDY
	}
	rd := &Reader{name: name, header: header, cols: cols, enums: map[enumKey]enumResult{}}
	rd.pipe = startRowPipe(cr, func(line int, row []string) *ward.DeviceRecord { return rd.record(line, row, opts) },
		func(line int, msg string) *ward.DeviceRecord {
			// A stray quote spoils one record; csv resynchronises at the
			// next line, so report it and read on.
			return &ward.DeviceRecord{Line: line, Raw: []string{}, Problems: []ward.FieldProblem{{Field: "(row)", Message: msg}}}
		}, name)
	return rd, nil
}

// Name returns the file name used in messages.
func (rd *Reader) Name() string { return rd.name }

// Header returns the file's column names as written.
func (rd *Reader) Header() []string { return rd.header }

// Column returns the file's name for the column holding f, or "".
func (rd *Reader) Column(f ward.DeviceField) string {
	if i, ok := rd.cols.col[f]; ok {
		return rd.header[i]
	}
	return ""
}

// Ignored returns the columns that hold no known field.
func (rd *Reader) Ignored() []string { return rd.cols.ignored }

// Next returns the next record, or io.EOF after the last. A record may
// carry Problems; the error is for a file that cannot be read on.
func (rd *Reader) Next() (*ward.DeviceRecord, error) { return rd.pipe.next() }

// Close stops the parsing goroutine.
func (rd *Reader) Close() error { return rd.pipe.close() }

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
	var we *ward.Error
	if errors.As(err, &we) {
		return err
	}
	return ward.WrapError(ward.EINVALID, err, "%s: cannot read", name)
}

// sniffDelimiter picks the delimiter of the header line: the one of comma,
// semicolon (European Excel), tab and pipe that occurs most outside quotes.
func sniffDelimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size())
	if i := strings.IndexByte(string(head), '\n'); i >= 0 {
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
