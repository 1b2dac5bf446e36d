package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"ward"
)

// syntaxError reports malformed JSON by line, column and the JSON path of
// the last value read before it, which is what a user needs to find the
// spot in an editor. The decoder's text is safe to show and says what was
// wrong, so it goes into the message.
func syntaxError(name string, data []byte, e *json.SyntaxError) error {
	// The offset counts the offending byte; the column should point at it.
	line, col := lineCol(data, e.Offset-1)
	where := ""
	if p, _ := locate(data, e.Offset); p != "$" {
		where = " after " + p
	}
	return &ward.Error{
		Code:    ward.EINVALID,
		Message: fmt.Sprintf("%s:%d:%d: malformed JSON%s: %s", name, line, col, where, e.Error()),
	}
}

// decodeError reports a value of the wrong JSON type, such as a number
// where a string belongs. The decoder's own text names Go types, so it is
// kept as the cause for logs only.
func decodeError(name string, data []byte, err error) error {
	var e *json.UnmarshalTypeError
	if !errors.As(err, &e) {
		return ward.WrapError(ward.EINVALID, err, "%s: not a valid SBOM", name)
	}
	// The offset lies past the value (or inside it, for an object); the
	// column should point at its first byte.
	path, start := locate(data, e.Offset)
	line, col := lineCol(data, start)
	return ward.WrapError(ward.EINVALID, err, "%s:%d:%d: %s: got a JSON %s, want %s",
		name, line, col, path, e.Value, jsonKind(e.Type))
}

// jsonKind names the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = 1 + len(before) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// frame is one open object or array on the way down to a value.
type frame struct {
	array bool
	index int    // of the current element, -1 before the first
	key   string // of the current member, "" before the first
	inKey bool   // the next string token is a key
}

// locate returns the JSON path, such as "components[3].version", of the
// value that ends at or contains byte offset off, and the offset where
// that value's last token read starts. encoding/json reports an offset
// but names struct fields only, without array indexes, so the path is
// found again by re-reading the tokens up to the offset. It is used for
// error messages alone, so its cost does not matter.
func locate(data []byte, off int64) (path string, start int64) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	// begin marks the start of a value in the innermost container; end
	// marks its end, after which an object expects its next key.
	begin := func() {
		if n := len(stack); n > 0 && stack[n-1].array {
			stack[n-1].index++
		}
	}
	end := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].inKey = true
		}
	}
	for dec.InputOffset() < off {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			break
		}
		// Token skips the separators before a token; so does start.
		start = before
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[start]) >= 0 {
			start++
		}
		switch tok {
		case json.Delim('{'):
			begin()
			stack = append(stack, frame{inKey: true})
		case json.Delim('['):
			begin()
			stack = append(stack, frame{array: true, index: -1})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			end()
		default:
			if s, ok := tok.(string); ok && len(stack) > 0 && stack[len(stack)-1].inKey {
				stack[len(stack)-1].key = s
				stack[len(stack)-1].inKey = false
				continue
			}
			begin()
			end()
		}
	}
	var b strings.Builder
	for _, f := range stack {
		switch {
		case f.array && f.index >= 0:
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		case !f.array && f.key != "":
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(f.key)
		}
	}
	if b.Len() == 0 {
		return "$", start
	}
	return b.String(), start
}

// isBlank reports whether s holds nothing but white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }
