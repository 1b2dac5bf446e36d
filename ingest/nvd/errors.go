package nvd

import (
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ward"
)

// syntaxError reports a failure of the JSON stream while at path.
func (r *Reader) syntaxError(path string, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return ward.WrapError(ward.EINVALID, err, "%s: %s: malformed JSON near byte %d", r.name, orRoot(path), r.dec.InputOffset())
	}
	return readError(r.name, path, err)
}

// readError classifies an error of the underlying reader: a truncated or
// corrupt file is the input's fault (EINVALID), anything else is not.
func readError(name, path string, err error) error {
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: unexpected end of input; truncated file?", name, orRoot(path))
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &ce):
		return ward.WrapError(ward.EINVALID, err, "%s: %s: corrupt gzip data", name, orRoot(path))
	}
	return ward.WrapError(ward.EINTERNAL, err, "%s: %s: reading failed", name, orRoot(path))
}

func orRoot(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// describe names a JSON token for a message.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return fmt.Sprintf("string %q", truncate(v))
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%v", v)
	}
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// escape encodes a key as a JSON pointer token (RFC 6901).
func escape(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	var b strings.Builder
	for _, c := range []byte(key) {
		switch c {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
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
			return ward.WrapError(ward.EINVALID, err, "%s: %s: malformed JSON at byte %d of the record", name, orRoot(path), se.Offset)
		}
		return ward.WrapError(ward.EINVALID, err, "%s: %s: cannot decode the record", name, orRoot(path))
	}
	where := path + "/" + strings.ReplaceAll(te.Field, ".", "/")
	if te.Field == "" {
		where = path
	}
	if p, ok := locate(raw, te.Field, te.Value); ok {
		where = path + p
	}
	return ward.WrapError(ward.EINVALID, err, "%s: %s: got a JSON %s, want %s", name, orRoot(where), te.Value, goType(te))
}

func goType(te *json.UnmarshalTypeError) string {
	switch s := te.Type.String(); {
	case s == "string":
		return "a string"
	case s == "bool" || s == "*bool":
		return "true or false"
	case strings.Contains(s, "float") || strings.Contains(s, "int"):
		return "a number"
	case strings.HasPrefix(s, "[]"):
		return "an array"
	default:
		return "an object"
	}
}

// locate returns the JSON pointer of the first value in raw whose object
// keys follow field (dotted, as encoding/json reports it, matched without
// case as encoding/json does) through any array positions, and whose JSON
// kind is kind. It is only called on the error path.
func locate(raw []byte, field, kind string) (string, bool) {
	var v any
	if field == "" || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return find(v, strings.Split(field, "."), kind)
}

func find(v any, keys []string, kind string) (string, bool) {
	switch x := v.(type) {
	case []any:
		if len(keys) == 0 {
			return "", kind == "array"
		}
		for i, e := range x {
			if p, ok := find(e, keys, kind); ok {
				return "/" + strconv.Itoa(i) + p, true
			}
		}
		return "", false
	case map[string]any:
		if len(keys) == 0 {
			return "", kind == "object"
		}
		for k, e := range x {
			if strings.EqualFold(k, keys[0]) {
				if p, ok := find(e, keys[1:], kind); ok {
					return "/" + escape(k) + p, true
				}
			}
		}
		return "", false
	}
	return "", len(keys) == 0 && kindOf(v) == kind
}

// kindOf names v's JSON kind the way json.UnmarshalTypeError.Value does.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}
