package csaf

import (
	"bytes"
	"path/filepath"
	"testing"

	"ward"
)

// FuzzParse feeds Parse arbitrary bytes: it must never panic, must fail
// only with EINVALID (the reader cannot fail), must return an advisory
// exactly when it returns no error, and must agree with Validate on
// whether the document has a problem that blocks import.
func FuzzParse(f *testing.F) {
	// Small seeds only: the fuzzer minimizes every input that finds new
	// coverage, and minimizing a 25 KB advisory takes minutes.
	seeds, _ := filepath.Glob(filepath.Join(oasisDir, "mandatory", "*-1-0[1-9]-01.json"))
	for _, path := range append(seeds, "../../testdata/csaf/cisa/icsma-17-009-01a.json") {
		f.Add(mustReadFile(f, path))
	}
	f.Add([]byte(baseDoc))
	f.Add([]byte(`{"document": {}}`))
	f.Add([]byte("\xef\xbb\xbf[1, 2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(bytes.NewReader(data), "fuzz.json")
		blocking := 0
		for _, p := range Validate(data, "fuzz.json") {
			if !p.Lenient {
				blocking++
			}
		}
		switch {
		case err != nil && ward.ErrorCode(err) != ward.EINVALID:
			t.Fatalf("got %v (%s), want EINVALID", err, ward.ErrorCode(err))
		case err != nil && a != nil:
			t.Fatalf("got advisory and error %v, want nil advisory", err)
		case err == nil && a == nil:
			t.Fatal("got nil advisory and nil error")
		case err == nil && a.Source != ward.SourceCSAF:
			t.Fatalf("got source %q, want %q", a.Source, ward.SourceCSAF)
		case (err == nil) != (blocking == 0):
			t.Fatalf("Parse error %v but Validate found %d blocking problems", err, blocking)
		}
	})
}
