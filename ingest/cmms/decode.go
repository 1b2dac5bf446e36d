package cmms

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"ward"
)

// Encodings accepted by Options.Encoding.
const (
	EncodingAuto        = "auto"
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
	EncodingLatin1      = "latin-1"
	EncodingUTF16       = "utf-16"
)

// maxLine bounds one physical line, so a file without line breaks (or a
// hostile one) cannot make the reader buffer without limit.
const maxLine = 1 << 20

// decode returns a reader of UTF-8 text from r in the given encoding.
//
// In auto mode a byte-order mark decides UTF-8 or UTF-16; without one each
// line is taken as UTF-8 when it is valid UTF-8 and as Windows-1252
// otherwise. CMMS exports are usually one or the other, but files pasted
// together from two systems mix them, and per-line detection reads both.
// Latin-1 is read as Windows-1252, its superset for printable text.
func decode(r io.Reader, name, enc string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8 << 10)
	if err := sniffBinary(head, name); err != nil {
		return nil, err
	}
	switch enc {
	case "", EncodingAuto:
	case EncodingUTF8:
		br.Discard(bomLen(head, utf8BOM))
		return &lineDecoder{src: br, name: name, strict: true}, nil
	case EncodingWindows1252, EncodingLatin1, "cp1252", "iso-8859-1":
		return &lineDecoder{src: br, name: name, forceLegacy: true}, nil
	case EncodingUTF16, "utf-16le", "utf-16be":
		return utf16Reader(br, enc), nil
	default:
		return nil, ward.Errorf(ward.EINVALID, "unknown encoding %q (use auto, utf-8, windows-1252, latin-1 or utf-16)", enc)
	}
	switch {
	case bytes.HasPrefix(head, utf8BOM):
		br.Discard(len(utf8BOM))
		return &lineDecoder{src: br, name: name}, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return utf16Reader(br, EncodingUTF16), nil
	}
	return &lineDecoder{src: br, name: name}, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func bomLen(b, bom []byte) int {
	if bytes.HasPrefix(b, bom) {
		return len(bom)
	}
	return 0
}

func utf16Reader(r io.Reader, enc string) io.Reader {
	endian := unicode.LittleEndian
	if enc == "utf-16be" {
		endian = unicode.BigEndian
	}
	// ExpectBOM would refuse a file without one; UseBOM follows a BOM when
	// present and falls back to the stated byte order.
	return transform.NewReader(r, unicode.UTF16(endian, unicode.UseBOM).NewDecoder())
}

// sniffBinary refuses files that are plainly not text, with a hint for the
// commonest mistake: an Excel workbook instead of its CSV export.
func sniffBinary(head []byte, name string) error {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return ward.Errorf(ward.EINVALID, "%s is a ZIP archive (an .xlsx workbook?): export it as CSV", name)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return ward.Errorf(ward.EINVALID, "%s is an old Excel (.xls) workbook: export it as CSV", name)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return nil // UTF-16 text has NUL bytes
	case bytes.IndexByte(head, 0) >= 0:
		return ward.Errorf(ward.EINVALID, "%s is not a text file (it contains NUL bytes)", name)
	}
	return nil
}

// lineDecoder transcodes line by line to UTF-8.
type lineDecoder struct {
	src         *bufio.Reader
	name        string
	strict      bool // invalid UTF-8 is an error
	forceLegacy bool // every line is Windows-1252
	line        int
	buf         []byte // reused: a line is fully read out before the next is loaded
	out         []byte
	err         error
	legacy      *encoding.Decoder
}

var errLongLine = errors.New("line too long")

func (d *lineDecoder) Read(p []byte) (int, error) {
	for len(d.out) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		line, err := d.readLine()
		d.line++
		if err != nil && err != io.EOF {
			d.err = err
			if err == errLongLine {
				d.err = ward.Errorf(ward.EINVALID, "%s:%d: line is longer than %d bytes", d.name, d.line, maxLine)
			}
		} else if err == io.EOF {
			d.err = io.EOF
		}
		if len(line) == 0 {
			continue
		}
		switch {
		case !d.forceLegacy && utf8.Valid(line):
			d.out = line
		case d.strict:
			d.err = ward.Errorf(ward.EINVALID, "%s:%d: not valid UTF-8 (try --encoding windows-1252)", d.name, d.line)
		default:
			if d.legacy == nil {
				d.legacy = charmap.Windows1252.NewDecoder()
			}
			d.out, _ = d.legacy.Bytes(line)
		}
	}
	n := copy(p, d.out)
	d.out = d.out[n:]
	return n, nil
}

// readLine returns the next line with its terminator, at most maxLine bytes.
func (d *lineDecoder) readLine() ([]byte, error) {
	d.buf = d.buf[:0]
	for {
		chunk, err := d.src.ReadSlice('\n')
		if len(d.buf)+len(chunk) > maxLine {
			return nil, errLongLine
		}
		d.buf = append(d.buf, chunk...)
		if err != bufio.ErrBufferFull {
			return d.buf, err
		}
	}
}
