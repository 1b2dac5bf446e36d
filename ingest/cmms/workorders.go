package cmms

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"ward"
)

// woSynonyms lists, per work order field, the column names CMMS exports
// give it, compared after headerKey normalisation; the first is Ward's
// own (export) name.
var woSynonyms = map[ward.WorkOrderField][]string{
	ward.WOFieldNumber: {"number", "work order", "work order no", "work order id", "wo", "wo no", "wo id",
		"order no", "ticket", "ticket no", "request no", "job no"},
	ward.WOFieldType: {"type", "work type", "wo type", "work order type", "order type", "job type",
		"maintenance type"},
	ward.WOFieldStatus:   {"status", "wo status", "work order status", "order status", "job status"},
	ward.WOFieldAssetTag: {"asset tag", "asset", "asset no", "asset id", "tag", "tag no", "equipment", "equipment no", "equipment id", "equip no", "control no", "device id", "biomed no"},
	ward.WOFieldTitle:    {"title", "summary", "subject", "short description", "problem", "reported problem", "task"},
	ward.WOFieldDescription: {"description", "details", "request", "problem description", "work requested",
		"long description"},
	ward.WOFieldPriority: {"priority", "wo priority", "urgency"},
	ward.WOFieldTeam:     {"team", "assigned team", "responsible team", "shop", "work group", "group"},
	ward.WOFieldAssignee: {"assignee", "assigned to", "technician", "tech", "engineer", "performed by"},
	ward.WOFieldTargetVersion: {"target version", "to version", "new version", "install version",
		"installed version", "version installed"},
	ward.WOFieldScheduled:      {"scheduled", "scheduled date", "planned date", "schedule date"},
	ward.WOFieldDue:            {"due", "due date", "target date", "date due", "required by"},
	ward.WOFieldStarted:        {"started", "start date", "date started", "started date", "work started"},
	ward.WOFieldCompleted:      {"completed", "completed date", "date completed", "completion date", "closed", "closed date", "date closed", "finished"},
	ward.WOFieldEstimatedHours: {"estimated hours", "est hours", "estimate", "estimated time", "planned hours"},
	ward.WOFieldLabourHours:    {"labour hours", "labor hours", "labour", "labor", "hours", "hours worked", "time spent", "actual hours"},
	ward.WOFieldParts:          {"parts", "parts used", "materials"},
	ward.WOFieldPartsCost:      {"parts cost", "material cost", "materials cost", "parts total"},
	ward.WOFieldLabourCost:     {"labour cost", "labor cost", "labour total", "labor total"},
	ward.WOFieldCost:           {"cost", "total cost", "total", "wo cost"},
	ward.WOFieldDowntimeHours:  {"downtime hours", "downtime", "down time", "hours down"},
	ward.WOFieldNotes:          {"notes", "comments", "resolution", "action taken", "work performed", "corrective action"},
	ward.WOFieldLinks:          {"links", "references", "addresses"},
	ward.WOFieldSchedule:       {"pm schedule", "pm schedule id", "schedule", "schedule id"},
	ward.WOFieldCreatedAt:      {"created at", "created", "opened", "date opened", "open date", "opened date", "request date", "date requested", "reported"},
	ward.WOFieldCreatedBy:      {"created by", "requested by", "requester", "opened by", "reported by"},
}

var woSynonymIndex = func() map[string]ward.WorkOrderField {
	idx := map[string]ward.WorkOrderField{}
	for f, syns := range woSynonyms {
		for _, s := range syns {
			k := headerKey(s)
			if prev, dup := idx[k]; dup && prev != f {
				panic(fmt.Sprintf("cmms: work order synonym %q for both %v and %v", s, prev, f))
			}
			idx[k] = f
		}
	}
	return idx
}()

// WorkOrderReader reads work orders from a CMMS CSV export (or a file
// Ward exported). It implements ward.WorkOrderSource and
// ward.WorkOrderColumnNamer. Parsing runs ahead in a goroutine; call
// Close when stopping early.
type WorkOrderReader struct {
	name    string
	header  []string
	fields  []ward.WorkOrderField // per column; -1 for none
	col     map[ward.WorkOrderField]int
	present ward.WorkOrderFieldSet
	ignored []string
	ahead   *rowPipe[ward.WorkOrderRecord]
}

// NewWorkOrderReader reads the header of a work order file and starts
// reading its rows. EINVALID naming the file when it is not text, its
// header cannot be read, two columns hold one field, or it has no work
// order number column.
func NewWorkOrderReader(r io.Reader, name string, opts Options) (*WorkOrderReader, error) {
	cr, header, err := openCSV(r, name, opts)
	if err != nil {
		return nil, err
	}
	rd := &WorkOrderReader{name: name, header: header, fields: make([]ward.WorkOrderField, len(header)),
		col: map[ward.WorkOrderField]int{}}
	var problems []string
	for i, h := range header {
		rd.fields[i] = -1
		f, ok := woSynonymIndex[headerKey(h)]
		if !ok {
			if strings.TrimSpace(h) != "" {
				rd.ignored = append(rd.ignored, h)
			}
			continue
		}
		if prev, dup := rd.col[f]; dup {
			problems = append(problems, fmt.Sprintf("columns %q and %q both hold %s", header[prev], h, f))
			continue
		}
		rd.fields[i], rd.col[f], rd.present = f, i, rd.present.With(f)
	}
	if !rd.present.Has(ward.WOFieldNumber) {
		problems = append(problems, fmt.Sprintf("missing required column number (looked for %s)",
			quoteList(woSynonyms[ward.WOFieldNumber], 5)))
	}
	if len(problems) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s: line 1: %s", name, strings.Join(problems, "; "))
	}
	if opts.DateOrder == "" {
		opts.DateOrder = DateOrderMDY
	}
	rd.ahead = startRowPipe(cr, func(line int, row []string) *ward.WorkOrderRecord { return rd.record(line, row, opts) },
		func(line int, msg string) *ward.WorkOrderRecord {
			return &ward.WorkOrderRecord{Line: line, Raw: []string{}, Problems: []ward.FieldProblem{{Field: "(row)", Message: msg}}}
		}, name)
	return rd, nil
}

// Name returns the file name used in messages.
func (rd *WorkOrderReader) Name() string { return rd.name }

// Header returns the file's column names as written.
func (rd *WorkOrderReader) Header() []string { return rd.header }

// Ignored returns the columns that hold no known field.
func (rd *WorkOrderReader) Ignored() []string { return rd.ignored }

// WorkOrderColumn returns the file's name for the column holding f, or "".
func (rd *WorkOrderReader) WorkOrderColumn(f ward.WorkOrderField) string {
	if i, ok := rd.col[f]; ok {
		return rd.header[i]
	}
	return ""
}

// Next returns the next record, or io.EOF after the last.
func (rd *WorkOrderReader) Next() (*ward.WorkOrderRecord, error) { return rd.ahead.next() }

// Close stops the parsing goroutine.
func (rd *WorkOrderReader) Close() error { return rd.ahead.close() }

// openCSV decodes r, detects the delimiter and reads the header row.
func openCSV(r io.Reader, name string, opts Options) (*csv.Reader, []string, error) {
	text, err := decode(r, name, opts.Encoding)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(text, 64<<10)
	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, nil, ward.Errorf(ward.EINVALID, "%s is empty", name)
	}
	if err != nil {
		return nil, nil, csvError(name, err)
	}
	return cr, append([]string(nil), header...), nil
}

// rowPipe parses CSV rows into records in a goroutine, in batches, so
// parsing and the database writes of an import use two cores.
type rowPipe[T any] struct {
	batches chan []*T
	errc    chan error
	done    chan struct{}
	once    sync.Once
	cur     []*T
	err     error
}

func startRowPipe[T any](cr *csv.Reader, record func(line int, row []string) *T, bad func(line int, msg string) *T, name string) *rowPipe[T] {
	ra := &rowPipe[T]{batches: make(chan []*T, 8), errc: make(chan error, 1), done: make(chan struct{})}
	go func() {
		defer close(ra.batches)
		batch := make([]*T, 0, pipeRows)
		send := func() bool {
			select {
			case ra.batches <- batch:
				batch = make([]*T, 0, pipeRows)
				return true
			case <-ra.done:
				return false
			}
		}
		for {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) && !errors.Is(pe.Err, csv.ErrQuote) {
				batch = append(batch, bad(pe.StartLine, pe.Err.Error()+fmt.Sprintf(" at column %d", pe.Column)))
			} else if err != nil {
				ra.errc <- csvError(name, err)
				return
			} else if !blank(row) {
				line, _ := cr.FieldPos(0)
				batch = append(batch, record(line, row))
			}
			if len(batch) == pipeRows && !send() {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}()
	return ra
}

const pipeRows = 256

func (ra *rowPipe[T]) next() (*T, error) {
	for len(ra.cur) == 0 {
		if ra.err != nil {
			return nil, ra.err
		}
		b, ok := <-ra.batches
		if !ok {
			ra.err = io.EOF
			select {
			case err := <-ra.errc:
				ra.err = err
			default:
			}
			continue
		}
		ra.cur = b
	}
	rec := ra.cur[0]
	ra.cur = ra.cur[1:]
	return rec, nil
}

func (ra *rowPipe[T]) close() error {
	ra.once.Do(func() { close(ra.done) })
	return nil
}
