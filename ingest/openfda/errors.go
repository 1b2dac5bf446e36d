package openfda

import (
	"encoding/json"
	"fmt"
	"strings"

	"ward/ingest/jsonptr"
)

// typePath is the JSON pointer of the value a type error is about: the
// record's path and the field encoding/json names (dotted).
func typePath(path string, te *json.UnmarshalTypeError) string {
	if te.Field == "" {
		return jsonptr.OrRoot(path)
	}
	parts := strings.Split(te.Field, ".")
	for i := range parts {
		parts[i] = jsonptr.Escape(parts[i])
	}
	return path + "/" + strings.Join(parts, "/")
}

func typeMessage(te *json.UnmarshalTypeError) string {
	want := "a string"
	switch t := te.Type.String(); {
	case strings.HasPrefix(t, "[]"):
		want = "an array of strings"
	case strings.HasPrefix(t, "struct"), strings.HasPrefix(t, "openfda."):
		if !strings.HasSuffix(t, "text") && !strings.HasSuffix(t, "loose") {
			want = "an object"
		}
	case strings.Contains(t, "int"):
		want = "a number"
	}
	return fmt.Sprintf("got a JSON %s, want %s", te.Value, want)
}

// kindOf names the JSON kind of a raw value.
func kindOf(b []byte) string {
	if len(b) == 0 {
		return "value"
	}
	switch b[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}
