package cve5

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"ward"
)

// typeError reports a value of the wrong JSON type. encoding/json names
// the field ("containers.cna.affected.versions.status") but not the array
// positions on the way; locate finds them so that the message points at
// the one bad value.
func typeError(name string, raw []byte, te *json.UnmarshalTypeError) error {
	where := "/" + strings.ReplaceAll(te.Field, ".", "/")
	if p, ok := locate(raw, te.Field, te.Value); ok {
		where = p
	}
	if where == "" {
		where = "/"
	}
	return ward.WrapError(ward.EINVALID, te, "%s: %s: got a JSON %s, want %s", name, where, te.Value, goType(te))
}

func goType(te *json.UnmarshalTypeError) string {
	switch s := te.Type.String(); {
	case s == "string":
		return "a string"
	case s == "bool":
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
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	var keys []string
	if field != "" {
		keys = strings.Split(field, ".")
	}
	return find(v, keys, kind)
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

// escape encodes a key as a JSON pointer token (RFC 6901).
func escape(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// decodeError reports malformed JSON or a value of the wrong type.
func decodeError(name string, b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(b)) == 0:
		return ward.Errorf(ward.EINVALID, "%s: empty input, want a CVE JSON 5 record", name)
	case errors.As(err, &se):
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return ward.WrapError(ward.EINVALID, err, "%s:%d: malformed JSON", name, line)
	case errors.As(err, &te):
		return typeError(name, b, te)
	}
	return ward.WrapError(ward.EINVALID, err, "%s: cannot decode the record", name)
}
