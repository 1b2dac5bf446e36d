// Package openfda reads FDA device recalls in the JSON formats of openFDA's
// device recall (/device/recall) and device enforcement
// (/device/enforcement) endpoints and bulk downloads: an object
// {"meta": …, "results": [record, …]}, or a bare array of records, plain or
// gzip-compressed. Both kinds of record may be mixed; each is told by its
// number field (product_res_number or recall_number).
//
// The results are streamed with encoding/json's token API: one record is
// held at a time, and a record larger than MaxRecord or an input larger
// than MaxInput is refused, so a hostile or damaged download cannot
// exhaust memory. Errors name the file and the JSON pointer of the bad
// value ("recall.json: /results/17/event_date_initiated: …").
package openfda

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"ward"
	"ward/ingest/jsonptr"
)

// Limits on hostile input.
const (
	// MaxRecord is the largest record accepted, in bytes of JSON. Real
	// records stay under 100 KiB even with long lot lists.
	MaxRecord = 4 << 20
	// MaxInput is the most (decompressed) JSON read from one input; the
	// whole openFDA device recall download is far smaller.
	MaxInput = 8 << 30
)

// Meta is the "meta" object of an openFDA response, when present.
type Meta struct {
	LastUpdated string `json:"last_updated"`
	Results     struct {
		Skip  int64 `json:"skip"`
		Limit int64 `json:"limit"`
		Total int64 `json:"total"`
	} `json:"results"`
}

// Reader streams the recalls of one openFDA file. It implements
// ward.RecallSource. A Reader is not safe for concurrent use.
type Reader struct {
	name     string
	win      *window
	dec      *json.Decoder
	prefix   string // JSON pointer of the results array
	index    int
	inObject bool
	done     bool
	meta     Meta
	err      error // sticky: a broken stream cannot be read past
}

// NewReader returns a Reader over r, which holds openFDA JSON, optionally
// gzip-compressed (told by its magic bytes). name labels messages. It
// reads up to the first record and returns EINVALID if the input is not
// of an accepted shape, EINTERNAL if reading r fails.
func NewReader(r io.Reader, name string) (*Reader, error) {
	if name == "" {
		name = "input"
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "%s: corrupt gzip data", name)
		}
		in = zr
	}
	rd := &Reader{name: name, win: &window{r: in, limit: MaxInput}}
	rd.dec = json.NewDecoder(rd.win)
	if err := rd.start(); err != nil {
		return nil, err
	}
	return rd, nil
}

// Name implements ward.RecallSource.
func (r *Reader) Name() string { return r.name }

// Meta returns the file's meta object, as far as it was read before the
// results (openFDA writes it first).
func (r *Reader) Meta() Meta { return r.meta }

// Next returns the next recall, or io.EOF after the last. A malformed
// record gives a *ward.RecordError and the next call reads on; malformed
// JSON or a failing input gives an error every later call repeats.
func (r *Reader) Next() (*ward.Recall, error) {
	if r.err != nil {
		return nil, r.err
	}
	rec, err := r.next()
	var re *ward.RecordError
	if err != nil && err != io.EOF && !errors.As(err, &re) {
		r.err = err
	}
	return rec, err
}

func (r *Reader) next() (*ward.Recall, error) {
	if r.done {
		return nil, io.EOF
	}
	if !r.dec.More() {
		r.done = true
		if err := r.finish(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	path := r.prefix + "/" + strconv.Itoa(r.index)
	r.index++
	r.win.bound(r.dec.InputOffset() + MaxRecord)
	var w wireRecord
	err := r.dec.Decode(&w)
	r.win.bound(MaxInput)
	if err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// The decoder read the whole record: the next one can be read.
			return nil, &ward.RecordError{File: r.name, Path: typePath(path, te), Message: typeMessage(te)}
		}
		if errors.Is(err, errTooLarge) && r.win.read < MaxInput {
			return nil, ward.Errorf(ward.EINVALID, "%s: %s: the record is larger than %d bytes", r.name, path, MaxRecord)
		}
		return nil, r.streamError(path, err)
	}
	return convert(r.name, path, &w)
}

// start reads up to the first record: into a results array, remembering
// the meta object on the way.
func (r *Reader) start() error {
	tok, err := r.dec.Token()
	if err != nil {
		if err == io.EOF {
			return ward.Errorf(ward.EINVALID, "%s: empty input, want openFDA recall JSON", r.name)
		}
		return r.streamError("", err)
	}
	switch tok {
	case json.Delim('['):
		return nil
	case json.Delim('{'):
	default:
		return ward.Errorf(ward.EINVALID, "%s: got %s at the top level, want a JSON object or array", r.name, jsonptr.Describe(tok))
	}
	r.inObject = true
	for r.dec.More() {
		key, err := r.key()
		if err != nil {
			return err
		}
		if key == "results" {
			if tok, err := r.dec.Token(); err != nil {
				return r.streamError("/results", err)
			} else if tok != json.Delim('[') {
				return ward.Errorf(ward.EINVALID, "%s: /results: got %s, want an array of recall records", r.name, jsonptr.Describe(tok))
			}
			r.prefix = "/results"
			return nil
		}
		if err := r.skipOrMeta(key); err != nil {
			return err
		}
	}
	return ward.Errorf(ward.EINVALID, `%s: no "results" array: not an openFDA device recall or enforcement file`, r.name)
}

// skipOrMeta reads the value of a top-level key other than results.
func (r *Reader) skipOrMeta(key string) error {
	r.win.bound(r.dec.InputOffset() + MaxRecord)
	defer r.win.bound(MaxInput)
	if key == "meta" {
		if err := r.dec.Decode(&r.meta); err != nil {
			return r.valueError("/meta", err)
		}
		return nil
	}
	var skip json.RawMessage
	if err := r.dec.Decode(&skip); err != nil {
		return r.valueError("/"+jsonptr.Escape(key), err)
	}
	return nil
}

// finish reads what follows the results: the array's end, the rest of the
// object, and the end of the input.
func (r *Reader) finish() error {
	if _, err := r.dec.Token(); err != nil {
		return r.streamError(r.prefix, err)
	}
	for r.inObject && r.dec.More() {
		key, err := r.key()
		if err != nil {
			return err
		}
		if err := r.skipOrMeta(key); err != nil {
			return err
		}
	}
	if r.inObject {
		if _, err := r.dec.Token(); err != nil {
			return r.streamError("", err)
		}
	}
	tok, err := r.dec.Token()
	switch {
	case err == io.EOF:
		return nil
	case err != nil:
		return r.streamError("", err)
	}
	return ward.Errorf(ward.EINVALID, "%s: got %s after the end of the JSON value, want the end of the input", r.name, jsonptr.Describe(tok))
}

func (r *Reader) key() (string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return "", r.streamError("", err)
	}
	s, ok := tok.(string)
	if !ok {
		return "", ward.Errorf(ward.EINVALID, "%s: got %s, want an object key", r.name, jsonptr.Describe(tok))
	}
	return s, nil
}

// valueError reports a failure decoding a value at path.
func (r *Reader) valueError(path string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return ward.WrapError(ward.EINVALID, err, "%s: %s: %s", r.name, typePath(path, te), typeMessage(te))
	}
	return r.streamError(path, err)
}

// streamError reports a failure of the JSON stream while at path.
func (r *Reader) streamError(path string, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: malformed JSON near byte %d", r.name, jsonptr.OrRoot(path), r.dec.InputOffset())
	case errors.Is(err, errTooLarge) && r.win.read >= MaxInput:
		return ward.Errorf(ward.EINVALID, "%s: the input is larger than %d bytes", r.name, int64(MaxInput))
	case errors.Is(err, errTooLarge):
		return ward.Errorf(ward.EINVALID, "%s: %s: the value is larger than %d bytes", r.name, jsonptr.OrRoot(path), MaxRecord)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: unexpected end of input; truncated file?", r.name, jsonptr.OrRoot(path))
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, new(flate.CorruptInputError)):
		return ward.WrapError(ward.EINVALID, err, "%s: corrupt gzip data", r.name)
	}
	return ward.WrapError(ward.EINTERNAL, err, "%s: %s: reading failed", r.name, jsonptr.OrRoot(path))
}

// errTooLarge is the window's refusal to read past its bound.
var errTooLarge = errors.New("input exceeds the size limit")

// window is a reader that refuses to read past an absolute offset, which
// the Reader moves to bound one record (or the whole input).
type window struct {
	r     io.Reader
	read  int64
	limit int64
}

func (w *window) bound(off int64) { w.limit = min(off, MaxInput) }

func (w *window) Read(p []byte) (int, error) {
	if w.read >= w.limit {
		return 0, errTooLarge
	}
	if room := w.limit - w.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := w.r.Read(p)
	w.read += int64(n)
	return n, err
}
