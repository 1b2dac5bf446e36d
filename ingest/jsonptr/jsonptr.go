// Package jsonptr points at the value of a JSON document that failed to
// decode, so importers can name it (RFC 6901 JSON pointers). It is pure.
package jsonptr

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Escape encodes a key as a JSON pointer token.
func Escape(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

// Locate returns the JSON pointer of the first value in raw whose object
// keys follow field (dotted, as encoding/json reports it, matched without
// case as encoding/json does) through any array positions, and whose JSON
// kind is kind (as json.UnmarshalTypeError.Value names it). An empty field
// is the document itself. It is meant for the error path only: it parses
// raw again.
func Locate(raw []byte, field, kind string) (string, bool) {
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
					return "/" + Escape(k) + p, true
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

// Want says in words what kind of JSON value the Go type of a failed
// decode expected: "a string", "a number", "an array", ….
func Want(te *json.UnmarshalTypeError) string {
	switch s := strings.TrimPrefix(te.Type.String(), "*"); {
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

// OrRoot is path, or "/" for the document itself, for messages.
func OrRoot(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// Describe names a JSON token for a message.
func Describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return fmt.Sprintf("string %q", Clip(v))
	case nil:
		return "null"
	default:
		return fmt.Sprintf("%v", v)
	}
}

// Clip shortens a value quoted in a message to 60 bytes, on a character
// boundary.
func Clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
