package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Output formats of list commands.
const (
	formatTable = "table"
	formatCSV   = "csv"
	formatJSON  = "json"
	formatJSONL = "jsonl"
)

func checkFormat(f string) error {
	switch f {
	case formatTable, formatCSV, formatJSON, formatJSONL:
		return nil
	}
	return fmt.Errorf("unknown format %q (use table, csv, json or jsonl)", f)
}

// listWriter writes rows of a list in one format. Table and CSV use the
// columns; JSON and JSONL write each row's object as given.
type listWriter struct {
	format  string
	w       *bufio.Writer
	tab     *tabwriter.Writer
	csv     *csv.Writer
	columns []string
	n       int
}

func newListWriter(w io.Writer, format string, columns []string) *listWriter {
	lw := &listWriter{format: format, w: bufio.NewWriterSize(w, 256<<10), columns: columns}
	switch format {
	case formatTable:
		lw.tab = tabwriter.NewWriter(lw.w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(lw.tab, strings.ToUpper(strings.Join(columns, "\t")))
	case formatCSV:
		lw.csv = csv.NewWriter(lw.w)
		lw.csv.Write(columns)
	case formatJSON:
		lw.w.WriteString("[")
	}
	return lw
}

// row writes one row: cells for table and CSV, obj (or, when raw is set,
// pre-encoded JSON) for JSON formats.
func (lw *listWriter) row(cells []string, obj any, raw []byte) error {
	lw.n++
	switch lw.format {
	case formatTable:
		for i := range cells {
			cells[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(cells[i])
		}
		fmt.Fprintln(lw.tab, strings.Join(cells, "\t"))
		if lw.n%1000 == 0 {
			return lw.tab.Flush()
		}
		return nil
	case formatCSV:
		for i := range cells {
			cells[i] = csvSafe(cells[i])
		}
		return lw.csv.Write(cells)
	}
	if lw.format == formatJSON {
		if lw.n > 1 {
			lw.w.WriteByte(',')
		}
		lw.w.WriteString("\n  ")
	}
	if raw == nil {
		var err error
		if raw, err = json.Marshal(obj); err != nil {
			return err
		}
	}
	lw.w.Write(raw)
	if lw.format == formatJSONL {
		return lw.w.WriteByte('\n')
	}
	return nil
}

func (lw *listWriter) close() error {
	switch lw.format {
	case formatTable:
		lw.tab.Flush()
	case formatCSV:
		lw.csv.Flush()
		if err := lw.csv.Error(); err != nil {
			return err
		}
	case formatJSON:
		if lw.n > 0 {
			lw.w.WriteString("\n")
		}
		lw.w.WriteString("]\n")
	}
	return lw.w.Flush()
}

// csvSafe defuses values a spreadsheet would run as a formula (=, +, -, @
// at the start): the inventory is hostile input and CSV exports are opened
// in Excel.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseListFlags parses the flags of a command that takes no argument and
// lists in a --format: bad flags, a stray argument or an unknown format
// are usage errors.
func parseListFlags(e *env, fs *flag.FlagSet, args []string, format *string) error {
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	return nil
}
