package nvd

import (
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"ward"
	"ward/ingest/jsonptr"
)

// syntaxError reports a failure of the JSON stream while at path.
func (r *Reader) syntaxError(path string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return ward.WrapError(ward.EINVALID, err, "%s: %s: malformed JSON near byte %d", r.name, jsonptr.OrRoot(path), r.dec.InputOffset())
	}
	return readError(r.name, path, err)
}

// readError classifies an error of the underlying reader: a truncated or
// corrupt file is the input's fault (EINVALID), anything else is not.
func readError(name, path string, err error) error {
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: unexpected end of input; truncated file?", name, jsonptr.OrRoot(path))
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &ce):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: corrupt gzip data", name, jsonptr.OrRoot(path))
	}
	return ward.WrapError(ward.EINTERNAL, err, "%s: %s: reading failed", name, jsonptr.OrRoot(path))
}

// typeError reports a value of the wrong JSON type in the record raw at
// path. encoding/json names the field ("cve.metrics.cvssMetricV31.cvssData.baseScore")
// but not the array positions on the way; locate finds them in raw so that
// the message points at the one bad value.
func typeError(name, path string, raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return ward.WrapError(ward.EINVALID, err, "%s: %s: malformed JSON at byte %d of the record", name, jsonptr.OrRoot(path), se.Offset)
		}
		return ward.WrapError(ward.EINVALID, err, "%s: %s: cannot decode the record", name, jsonptr.OrRoot(path))
	}
	where := path + "/" + strings.ReplaceAll(te.Field, ".", "/")
	if te.Field == "" {
		where = path
	}
	if p, ok := jsonptr.Locate(raw, te.Field, te.Value); ok {
		where = path + p
	}
	return ward.WrapError(ward.EINVALID, err, "%s: %s: got a JSON %s, want %s", name, jsonptr.OrRoot(where), te.Value, jsonptr.Want(te))
}
