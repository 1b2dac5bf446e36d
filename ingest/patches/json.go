package patches

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"ward"
	"ward/patchplan"
)

// readJSON reads a JSON catalog: an array of entry objects, or an object
// whose "patches" member is one. Each record's Line is the line its object
// starts on and Raw holds the object's JSON text.
func readJSON(text []byte, name string) (*ward.PatchBatch, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	if err := openArray(dec, name); err != nil {
		return nil, jsonError(text, name, err)
	}
	b := &ward.PatchBatch{Name: name, Columns: map[string]string{}}
	for dec.More() {
		start := skipSeparators(text, int(dec.InputOffset()))
		var obj json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			return nil, jsonError(text, name, err)
		}
		line, col := position(text, start)
		b.Records = append(b.Records, jsonRecord(line, col, obj))
		if len(b.Records) > maxRecords {
			return nil, ward.Errorf(ward.EINVALID, "%s has more than %d entries; split it", name, maxRecords)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonError(text, name, err)
	}
	return b, nil
}

// openArray reads up to the opening bracket of the entries.
func openArray(dec *json.Decoder, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == json.Delim('[') {
		return nil
	}
	if tok != json.Delim('{') {
		return ward.Errorf(ward.EINVALID, "%s: want an array of patches or an object with a \"patches\" array", name)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key == "patches" {
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				return ward.Errorf(ward.EINVALID, "%s: \"patches\" must be an array", name)
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return ward.Errorf(ward.EINVALID, "%s: the object has no \"patches\" array", name)
}

// jsonRecord parses one entry object, naming each bad member by its key.
func jsonRecord(line, col int, obj json.RawMessage) ward.PatchRecord {
	rec := ward.PatchRecord{Line: line, Raw: []string{string(obj)}}
	problem := func(field, format string, args ...any) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(obj, &members); err != nil {
		problem("(entry)", "the entry at column %d is not an object", col)
		return rec
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	keyOf := map[string]string{} // field → the key the file used for it
	for _, k := range keys {
		f := synonymIndex[headerKey(k)]
		if f == "" {
			problem(k, "unknown field (known: %s)", strings.Join(fields, ", "))
			continue
		}
		if prev, dup := keyOf[f]; dup {
			problem(k, "gives %s again (after %q)", f, prev)
			continue
		}
		keyOf[f] = k
		sep := ", "
		if f == patchplan.FieldAppliesTo {
			sep = " | " // a list of versions is a list of alternatives
		}
		v, err := jsonText(members[k], sep)
		if err != nil {
			problem(k, "%v", err)
			continue
		}
		if msg := set(&rec.Patch, f, v); msg != "" {
			problem(k, "%s", msg)
		}
	}
	for _, p := range patchplan.Check(&rec.Patch) {
		field := p.Field
		if k, ok := keyOf[field]; ok {
			field = k
		}
		problem(field, "%s", p.Message)
	}
	return rec
}

// jsonText renders a member as the text a CSV cell would hold: strings as
// they are, numbers and booleans as written, arrays of them joined by sep,
// null as empty.
func jsonText(raw json.RawMessage, sep string) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return fmt.Sprint(x), nil
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			switch y := e.(type) {
			case string:
				parts = append(parts, y)
			case json.Number:
				parts = append(parts, y.String())
			default:
				return "", errors.New("want a list of strings")
			}
		}
		return strings.Join(parts, sep), nil
	}
	return "", errors.New("want a string, number, true or false, or a list of strings")
}

// skipSeparators moves past the white space and comma before a value.
func skipSeparators(text []byte, at int) int {
	for at < len(text) && strings.IndexByte(" \t\r\n,", text[at]) >= 0 {
		at++
	}
	return at
}

// position returns the 1-based line and column of byte offset at.
func position(text []byte, at int) (line, col int) {
	at = min(at, len(text))
	line = 1 + bytes.Count(text[:at], []byte("\n"))
	return line, at - bytes.LastIndexByte(text[:at], '\n')
}

// jsonError names the line and column of a syntax error.
func jsonError(text []byte, name string, err error) error {
	var se *json.SyntaxError
	var we *ward.Error
	switch {
	case errors.As(err, &we):
		return err
	case errors.As(err, &se):
		line, col := position(text, int(se.Offset))
		return ward.Errorf(ward.EINVALID, "%s:%d:%d: malformed JSON: %v", name, line, col, se)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ward.Errorf(ward.EINVALID, "%s: the JSON ends too early", name)
	}
	return ward.WrapError(ward.EINVALID, err, "%s: not a patch catalog", name)
}
