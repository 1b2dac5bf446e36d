package cve5

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"ward"
	"ward/ingest/jsonptr"
)

// typeError reports a value of the wrong JSON type. encoding/json names
// the field ("containers.cna.affected.versions.status") but not the array
// positions on the way; locate finds them so that the message points at
// the one bad value.
func typeError(name string, raw []byte, te *json.UnmarshalTypeError) error {
	where := "/" + strings.ReplaceAll(te.Field, ".", "/")
	if p, ok := jsonptr.Locate(raw, te.Field, te.Value); ok {
		where = p
	}
	if where == "" {
		where = "/"
	}
	return ward.WrapError(ward.EINVALID, te, "%s: %s: got a JSON %s, want %s", name, where, te.Value, jsonptr.Want(te))
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
