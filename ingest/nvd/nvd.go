// Package nvd reads CVE records in the NVD CVE API 2.0 JSON format into
// ward.Advisory values, one advisory per CVE.
//
// Three shapes are accepted, plain or gzip-compressed (detected by the
// magic bytes, not the file name): an API response object whose
// "vulnerabilities" array holds {"cve": {...}} items, a bare JSON array of
// such items (or of bare CVE objects), and a single CVE, wrapped or bare,
// as the per-CVE feed mirrors write it. Responses are streamed: only one
// record is held in memory at a time, so a full NVD dump can be imported
// on a small machine.
//
// Records with vulnStatus "Rejected" are skipped and counted. A malformed
// record stops the import with an EINVALID error naming the file and the
// JSON pointer of the bad value, e.g.
// "nvdcve.json.gz: /vulnerabilities/1234/cve/published: ...".
//
// Weaknesses "NVD-CWE-noinfo" and "NVD-CWE-Other" are dropped: they say
// that NVD found no CWE, and keeping them would make them look like
// weakness IDs to anything that joins on CWEs.
package nvd

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"ward"
	"ward/ingest/jsonptr"
)

// Reader streams the advisories of one NVD file. It implements
// ward.AdvisorySource. A Reader is not safe for concurrent use.
type Reader struct {
	name string
	dec  *json.Decoder
	tape *tape

	// Streaming state: prefix is the JSON pointer of the array being read
	// ("/vulnerabilities", or "" for a bare array), index the position of
	// the next element, inObject whether the array sits inside the
	// top-level object whose remaining keys must still be read.
	prefix   string
	index    int
	inObject bool

	// single is the one record of a single-CVE file, at pointer singlePath.
	single     *record
	singlePath string

	rejected int
	err      error // sticky: once Next fails it keeps failing the same way
}

// NewReader returns a Reader over r, which holds NVD JSON, optionally
// gzip-compressed. name labels error messages (usually the file name). It
// reads up to the first record and returns EINVALID if the input is not
// JSON of one of the accepted shapes, and EINTERNAL if reading r fails.
func NewReader(r io.Reader, name string) (*Reader, error) {
	if name == "" {
		name = "input"
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var in io.Reader = br
	// Gzip is detected by its magic bytes because feed files are often
	// renamed, and decompressing transparently costs nothing here.
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, readError(name, "", err)
		}
		in = zr
	}
	rd := &Reader{name: name, tape: &tape{r: in}}
	rd.dec = json.NewDecoder(rd.tape)
	if err := rd.start(); err != nil {
		return nil, err
	}
	return rd, nil
}

// Rejected returns how many records with vulnStatus "Rejected" Next has
// skipped so far.
func (r *Reader) Rejected() int { return r.rejected }

// Next returns the next advisory, or io.EOF after the last. It returns
// EINVALID for a malformed record or malformed JSON, and EINTERNAL when
// reading the input fails. After an error every call returns it again.
func (r *Reader) Next() (*ward.Advisory, error) {
	if r.err != nil {
		return nil, r.err
	}
	a, err := r.next()
	if err != nil {
		r.err = err
	}
	return a, err
}

func (r *Reader) next() (*ward.Advisory, error) {
	if r.single != nil {
		rec := r.single
		r.single = nil
		if err := r.expectEOF(); err != nil {
			return nil, err
		}
		if rec.VulnStatus == statusRejected {
			r.rejected++
			return nil, io.EOF
		}
		return convert(r.name, r.singlePath, rec)
	}
	if r.dec == nil {
		return nil, io.EOF
	}
	for r.dec.More() {
		path := r.prefix + "/" + strconv.Itoa(r.index)
		r.index++
		start := r.dec.InputOffset()
		r.tape.mark(start)
		var it item
		if err := r.dec.Decode(&it); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return nil, r.syntaxError(path, err)
			}
			// The decoder has read the whole record; the tape still
			// holds its text, in which locate finds the bad value.
			raw := bytes.TrimLeft(r.tape.slice(start, r.dec.InputOffset()), ", \t\r\n")
			return nil, typeError(r.name, path, raw, err)
		}
		rec := &it.record
		if it.CVE != nil {
			rec, path = it.CVE, path+"/cve"
		}
		if rec.VulnStatus == statusRejected {
			r.rejected++
			continue
		}
		return convert(r.name, path, rec)
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}

// statusRejected is the vulnStatus of a CVE ID that was withdrawn: it
// names no vulnerability and must not produce findings.
const statusRejected = "Rejected"

// start reads the input up to its first record and decides its shape.
func (r *Reader) start() error {
	tok, err := r.dec.Token()
	if err != nil {
		if err == io.EOF {
			return ward.Errorf(ward.EINVALID, "%s: empty input, want NVD CVE API JSON", r.name)
		}
		return r.syntaxError("", err)
	}
	switch tok {
	case json.Delim('['):
		return nil
	case json.Delim('{'):
	default:
		return ward.Errorf(ward.EINVALID, "%s: got %s at the top level, want a JSON object or array", r.name, jsonptr.Describe(tok))
	}
	// An object is an API response, a wrapped {"cve": ...} record or a
	// bare record. Every key but "vulnerabilities" is kept: for a single
	// record they are the record, and for a response they are small.
	fields := map[string]json.RawMessage{}
	for r.dec.More() {
		r.tape.mark(r.dec.InputOffset())
		key, err := r.key("")
		if err != nil {
			return err
		}
		if key == "vulnerabilities" {
			if tok, err := r.dec.Token(); err != nil {
				return r.syntaxError("/vulnerabilities", err)
			} else if tok != json.Delim('[') {
				return ward.Errorf(ward.EINVALID, "%s: /vulnerabilities: got %s, want an array", r.name, jsonptr.Describe(tok))
			}
			r.prefix, r.inObject = "/vulnerabilities", true
			return nil
		}
		var v json.RawMessage
		if err := r.dec.Decode(&v); err != nil {
			return r.syntaxError("/"+jsonptr.Escape(key), err)
		}
		fields[key] = v
	}
	if _, err := r.dec.Token(); err != nil { // the closing brace
		return r.syntaxError("", err)
	}
	return r.startSingle(fields)
}

// startSingle prepares the one record of a single-CVE object.
func (r *Reader) startSingle(fields map[string]json.RawMessage) error {
	raw, path := fields["cve"], "/cve"
	if raw == nil {
		if fields["id"] == nil {
			return ward.Errorf(ward.EINVALID, `%s: neither a CVE API response (no "vulnerabilities") nor a CVE record (no "cve" or "id")`, r.name)
		}
		var err error
		if raw, err = json.Marshal(fields); err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "%s: re-encoding the record", r.name)
		}
		path = ""
	}
	rec := new(record)
	if err := json.Unmarshal(raw, rec); err != nil {
		return typeError(r.name, path, raw, err)
	}
	r.single, r.singlePath = rec, path
	return nil
}

// finish reads what follows the record array: the array's end, the rest
// of the response object, and the end of the input.
func (r *Reader) finish() error {
	if _, err := r.dec.Token(); err != nil { // the closing bracket
		return r.syntaxError(r.prefix, err)
	}
	for r.inObject && r.dec.More() {
		key, err := r.key("")
		if err != nil {
			return err
		}
		var skip json.RawMessage
		if err := r.dec.Decode(&skip); err != nil {
			return r.syntaxError("/"+jsonptr.Escape(key), err)
		}
	}
	if r.inObject {
		if _, err := r.dec.Token(); err != nil {
			return r.syntaxError("", err)
		}
	}
	return r.expectEOF()
}

// expectEOF checks that nothing but white space follows the top-level
// value: trailing data means a concatenated or damaged file.
func (r *Reader) expectEOF() error {
	if r.dec == nil {
		return nil
	}
	tok, err := r.dec.Token()
	switch {
	case err == io.EOF:
		r.dec = nil
		return nil
	case err != nil:
		return r.syntaxError("", err)
	default:
		return ward.Errorf(ward.EINVALID, "%s: got %s after the end of the JSON value, want the end of the input", r.name, jsonptr.Describe(tok))
	}
}

// key reads an object key.
func (r *Reader) key(path string) (string, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return "", r.syntaxError(path, err)
	}
	s, ok := tok.(string)
	if !ok {
		return "", ward.Errorf(ward.EINVALID, "%s: %s: got %s, want an object key", r.name, jsonptr.OrRoot(path), jsonptr.Describe(tok))
	}
	return s, nil
}
