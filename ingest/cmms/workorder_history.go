package cmms

import (
	"fmt"
	"io"
	"strings"

	"ward"
)

// History columns: Ward's export names first, then what CMMS audit
// exports call them.
const (
	hNumber = iota
	hAt
	hActor
	hField
	hOld
	hNew
	numHistoryCols
)

var historySynonyms = [numHistoryCols][]string{
	hNumber: woSynonyms[ward.WOFieldNumber],
	hAt:     {"at", "date", "changed at", "change date", "timestamp", "when", "date time", "modified"},
	hActor:  {"actor", "user", "changed by", "by", "modified by", "who"},
	hField:  {"field", "attribute", "column", "property", "changed field"},
	hOld:    {"old", "old value", "from", "before", "previous value"},
	hNew:    {"new", "new value", "to", "after", "value"},
}

// HistoryReader reads the history of work orders: one change per row,
// naming the order by number. It implements ward.WorkOrderChangeSource.
type HistoryReader struct {
	name   string
	header []string
	col    [numHistoryCols]int
	ahead  *rowPipe[ward.WorkOrderChangeRecord]
}

// NewHistoryReader reads the header of a history file and starts reading
// its rows. EINVALID naming the file when a required column (number, at,
// field, new) is missing.
func NewHistoryReader(r io.Reader, name string, opts Options) (*HistoryReader, error) {
	cr, header, err := openCSV(r, name, opts)
	if err != nil {
		return nil, err
	}
	rd := &HistoryReader{name: name, header: header}
	for c := range rd.col {
		rd.col[c] = -1
	}
	for i, h := range header {
		k := headerKey(h)
		for c, syns := range historySynonyms {
			if rd.col[c] < 0 && containsKey(syns, k) {
				rd.col[c] = i
				break
			}
		}
	}
	var missing []string
	for _, c := range []int{hNumber, hAt, hField, hNew} {
		if rd.col[c] < 0 {
			missing = append(missing, fmt.Sprintf("%s (looked for %s)", historySynonyms[c][0], quoteList(historySynonyms[c], 4)))
		}
	}
	if len(missing) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s: line 1: missing required column(s) %s", name, strings.Join(missing, ", "))
	}
	if opts.DateOrder == "" {
		opts.DateOrder = DateOrderMDY
	}
	rd.ahead = startRowPipe(cr, func(line int, row []string) *ward.WorkOrderChangeRecord { return rd.record(line, row, opts) },
		func(line int, msg string) *ward.WorkOrderChangeRecord {
			return &ward.WorkOrderChangeRecord{Line: line, Raw: []string{}, Problems: []ward.FieldProblem{{Field: "(row)", Message: msg}}}
		}, name)
	return rd, nil
}

func containsKey(syns []string, k string) bool {
	for _, s := range syns {
		if headerKey(s) == k {
			return true
		}
	}
	return false
}

// Name returns the file name used in messages.
func (rd *HistoryReader) Name() string { return rd.name }

// Header returns the file's column names as written.
func (rd *HistoryReader) Header() []string { return rd.header }

// Next returns the next record, or io.EOF after the last.
func (rd *HistoryReader) Next() (*ward.WorkOrderChangeRecord, error) { return rd.ahead.next() }

// Close stops the parsing goroutine.
func (rd *HistoryReader) Close() error { return rd.ahead.close() }

// maxHistoryValue bounds an old or new value: the longest field, notes.
const maxHistoryValue = 32000

func (rd *HistoryReader) record(line int, row []string, opts Options) *ward.WorkOrderChangeRecord {
	rec := &ward.WorkOrderChangeRecord{Line: line, Raw: append([]string(nil), row...)}
	if len(row) > len(rd.header) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: "(row)",
			Message: fmt.Sprintf("has %d fields but the header has %d (an unquoted delimiter inside a value?)", len(row), len(rd.header))})
		return rec
	}
	cell := func(c int) string {
		if i := rd.col[c]; i >= 0 && i < len(row) {
			return undefuse(row[i])
		}
		return ""
	}
	problem := func(c int, msg string) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: rd.header[rd.col[c]], Message: msg})
	}
	ch := &rec.Change
	for _, t := range []struct {
		c         int
		dst       *string
		max       int
		multiline bool
	}{
		{hNumber, &ch.Number, 64, false}, {hField, &ch.Field, 64, false},
		{hOld, &ch.Old, maxHistoryValue, true}, {hNew, &ch.New, maxHistoryValue, true},
	} {
		v, err := ward.CleanText(cell(t.c), t.max, "the value", t.multiline)
		if err != nil {
			problem(t.c, strings.TrimPrefix(ward.ErrorMessage(err), "the value "))
			continue
		}
		*t.dst = v
	}
	actor, err := ward.CleanText(cell(hActor), 128, "the value", false)
	if err != nil {
		problem(hActor, strings.TrimPrefix(ward.ErrorMessage(err), "the value "))
	}
	ch.Actor = ward.Actor(actor)
	if ch.At, err = parseTimestamp(strings.TrimSpace(cell(hAt)), opts.DateOrder); err != nil {
		problem(hAt, err.Error())
	}
	for _, req := range []struct {
		c int
		v string
	}{{hNumber, ch.Number}, {hField, ch.Field}} {
		if req.v == "" && len(rec.Problems) == 0 {
			problem(req.c, "is required")
		}
	}
	if ch.At.IsZero() && len(rec.Problems) == 0 {
		problem(hAt, "is required")
	}
	return rec
}
