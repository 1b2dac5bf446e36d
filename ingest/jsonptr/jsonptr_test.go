package jsonptr

import (
	"encoding/json"
	"testing"
)

func TestLocate(t *testing.T) {
	doc := []byte(`{"a":[{"b":1},{"B":"x","c/d":{"e~f":true}}],"n":null}`)
	for _, tc := range []struct {
		field, kind, want string
		ok                bool
	}{
		{"a.b", "string", "/a/1/B", true},
		{"a.b", "number", "/a/0/b", true},
		{"a.c/d.e~f", "bool", "/a/1/c~1d/e~0f", true},
		{"n", "null", "/n", true},
		{"a", "array", "/a", true},
		{"", "object", "", true},
		{"a.b", "bool", "", false},
		{"missing", "string", "", false},
	} {
		got, ok := Locate(doc, tc.field, tc.kind)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Locate(%q, %q) = %q, %v; want %q, %v", tc.field, tc.kind, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := Locate([]byte(`{`), "a", "string"); ok {
		t.Error("Locate on malformed JSON: found something")
	}
}

func TestWant(t *testing.T) {
	var v struct {
		S string
		B *bool
		N int
		L []string
		O struct{}
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"S":1}`, "a string"}, {`{"B":"y"}`, "true or false"}, {`{"N":"1"}`, "a number"},
		{`{"L":{}}`, "an array"}, {`{"O":[]}`, "an object"},
	} {
		err := json.Unmarshal([]byte(tc.doc), &v)
		te, ok := err.(*json.UnmarshalTypeError)
		if !ok {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		if got := Want(te); got != tc.want {
			t.Errorf("%s: Want = %q, want %q", tc.doc, got, tc.want)
		}
	}
}

func TestMessages(t *testing.T) {
	long := "ééééééééééééééééééééééééééééééééé" // 66 bytes
	if got := Clip(long); got != long[:60]+"…" {
		t.Errorf("Clip: %q", got)
	}
	if got := Clip("x" + long); got != ("x" + long)[:59]+"…" {
		t.Errorf("Clip on a character boundary: %q", got)
	}
	for tok, want := range map[json.Token]string{json.Delim('['): `"["`, "ab": `string "ab"`, nil: "null", 1.5: "1.5", true: "true"} {
		if got := Describe(tok); got != want {
			t.Errorf("Describe(%v) = %q, want %q", tok, got, want)
		}
	}
	if OrRoot("") != "/" || OrRoot("/a") != "/a" {
		t.Error("OrRoot")
	}
}
