// Package fdaclass reads the FDA product classification file, foiclass.txt
// from https://www.fda.gov/medical-devices/classify-your-medical-device/download-product-code-classification-files,
// into ward.ProductCode values. The file is pipe-delimited text with one
// header row. FDA writes it in Windows-1252 with CRLF line ends, but
// hand-edited copies turn up in UTF-8 and with LF, so both are accepted.
//
// Device classes are "1", "2" and "3"; FDA's field reference (open.fda.gov,
// device classification, device_class) gives "U" as Unclassified, "N" as
// Not classified and "F" as HDE (Humanitarian Device Exemption). The file
// writes F in lower case; Parse stores it as "F".
//
// THIRDPARTYFLAG holds Y, N and, in about 960 rows, P. FDA documents only Y
// (eligible for third-party review) and N; what P means is not documented in
// the sources at hand, so P is accepted and stored as not eligible.
package fdaclass

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"ward"
)

// Limits on the input. The real file is under 2 MiB with lines under 4 KiB;
// the limits only stop a wrong or hostile input from eating memory.
const (
	// MaxLineBytes is the longest line Parse accepts.
	MaxLineBytes = 1 << 20
	// MaxFileBytes is the largest input Parse accepts.
	MaxFileBytes = 64 << 20
)

// Column names as FDA spells them; the header is matched without regard to
// case, and columns may come in any order.
const (
	colCode         = "PRODUCTCODE"
	colName         = "DEVICENAME"
	colClass        = "DEVICECLASS"
	colPanel        = "REVIEW_PANEL"
	colSpecialty    = "MEDICALSPECIALTY"
	colRegulation   = "REGULATIONNUMBER"
	colSubmission   = "SUBMISSION_TYPE_ID"
	colDefinition   = "DEFINITION"
	colUnclassified = "UNCLASSIFIED_REASON"
	colGMPExempt    = "GMPEXEMPTFLAG"
	colThirdParty   = "THIRDPARTYFLAG"
	colImplant      = "Implant_Flag"
	colLifeSustain  = "Life_Sustain_support_flag"
)

var requiredColumns = []string{colCode, colName, colClass}

var utf8BOM = []byte("\xef\xbb\xbf")

// Parse reads an FDA product classification file from r and returns its
// rows in file order. name labels error messages, as in
// "foiclass.txt:17: field "PRODUCTCODE": ...". Parse checks every row and
// returns either all rows or none: on bad rows it returns one EINVALID error
// listing the first 20 problems and counting the rest. It also returns
// EINVALID for a missing header or required column (PRODUCTCODE,
// DEVICENAME, DEVICECLASS), a line over MaxLineBytes, input over
// MaxFileBytes and duplicate product codes, and EINTERNAL when reading r
// fails.
func Parse(r io.Reader, name string) ([]ward.ProductCode, error) {
	if name == "" {
		name = "input"
	}
	lr := &io.LimitedReader{R: r, N: MaxFileBytes + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(nil, MaxLineBytes) // starts small, grows up to the limit
	var (
		cols   *columns
		codes  []ward.ProductCode
		probs  = problems{name: name}
		first  = map[string]int{} // product code -> line it was first seen on
		lineNo int
	)
	for sc.Scan() {
		lineNo++
		if lr.N <= 0 {
			return nil, tooBig(name)
		}
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if cols == nil {
			var err error
			if cols, err = readHeader(name, lineNo, decode(bytes.TrimPrefix(line, utf8BOM))); err != nil {
				return nil, err
			}
			continue
		}
		pc, ok := cols.row(line, lineNo, &probs)
		if !ok {
			continue
		}
		if prev, dup := first[pc.Code]; dup {
			probs.addf(lineNo, "field %q: duplicate product code %q, first on line %d", cols.name(colCode), pc.Code, prev)
			continue
		}
		first[pc.Code] = lineNo
		codes = append(codes, pc)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, ward.WrapError(ward.EINVALID, err, "%s:%d: line is longer than %d bytes", name, lineNo+1, MaxLineBytes)
		}
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: reading failed after line %d", name, lineNo)
	}
	if lr.N <= 0 {
		return nil, tooBig(name)
	}
	if cols == nil {
		return nil, ward.Errorf(ward.EINVALID, "%s: empty file, want a header row naming %s", name, strings.Join(requiredColumns, ", "))
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return codes, nil
}

func tooBig(name string) error {
	return ward.Errorf(ward.EINVALID, "%s: larger than %d MiB; not an FDA product classification file?", name, MaxFileBytes>>20)
}

// decode returns line as text: UTF-8 when it is valid UTF-8, otherwise
// Windows-1252, which FDA uses. Deciding per line keeps a file that an
// editor partly re-encoded readable. Windows-1252 maps every byte, so this
// never fails.
func decode(line []byte) string {
	if utf8.Valid(line) {
		return string(line)
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(line)
	if err != nil {
		return strings.ToValidUTF8(string(line), "\uFFFD")
	}
	return string(b)
}

// columns maps the header of one file to column positions.
type columns struct {
	names []string       // as spelled in the file, for messages
	index map[string]int // upper-cased name -> position
}

func readHeader(file string, lineNo int, line string) (*columns, error) {
	c := &columns{names: strings.Split(line, "|"), index: map[string]int{}}
	for i, n := range c.names {
		n = strings.TrimSpace(n)
		c.names[i] = n
		key := strings.ToUpper(n)
		if key == "" {
			continue
		}
		if _, dup := c.index[key]; dup {
			return nil, ward.Errorf(ward.EINVALID, "%s:%d: header names column %q twice", file, lineNo, n)
		}
		c.index[key] = i
	}
	var missing []string
	for _, n := range requiredColumns {
		if _, ok := c.index[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s:%d: header lacks column %s; is this an FDA product classification file?",
			file, lineNo, strings.Join(missing, ", "))
	}
	return c, nil
}

// name returns the name of a known column as the file spells it.
func (c *columns) name(col string) string {
	if i, ok := c.index[strings.ToUpper(col)]; ok {
		return c.names[i]
	}
	return col
}
