package openfda

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/openfda/golden")

var fixtures = filepath.Join("..", "..", "testdata", "openfda")

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// exampleValue returns one top-level value of an openFDA documentation
// examples file, verbatim.
func exampleValue(tb testing.TB, file, key string) []byte {
	tb.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(mustReadFile(tb, filepath.Join(fixtures, file)), &doc); err != nil {
		tb.Fatal(err)
	}
	if doc[key] == nil {
		tb.Fatalf("%s has no %q", file, key)
	}
	return doc[key]
}

// readAll reads every record, collecting record errors apart.
func readAll(tb testing.TB, in []byte, name string) ([]*ward.Recall, []string, error) {
	tb.Helper()
	rd, err := NewReader(bytes.NewReader(in), name)
	if err != nil {
		return nil, nil, err
	}
	var recs []*ward.Recall
	var bad []string
	for {
		r, err := rd.Next()
		var re *ward.RecordError
		switch {
		case err == io.EOF:
			return recs, bad, nil
		case errors.As(err, &re):
			bad = append(bad, re.Error())
		case err != nil:
			return recs, bad, err
		default:
			recs = append(recs, r)
		}
	}
}

// golden compares got, as indented JSON, with the named golden file.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join(fixtures, "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := mustReadFile(t, path); !bytes.Equal(b, want) {
		t.Errorf("%s: got\n%s\nwant\n%s", name, b, want)
	}
}

// TestGoldenDeviceRecall reads the real response of openFDA's device
// recall documentation (the Arrow International recall Z-0053-2020), and
// its single-record example (Z-0359-2013) wrapped as a response.
func TestGoldenDeviceRecall(t *testing.T) {
	recs, bad, err := readAll(t, exampleValue(t, "device-recall-examples.json", "anatomy"), "anatomy.json")
	if err != nil || len(bad) > 0 {
		t.Fatalf("got error %v and refused %v, want none", err, bad)
	}
	if len(recs) != 1 || recs[0].Number != "Z-0053-2020" || recs[0].ProductCode != "FOZ" {
		t.Fatalf("got %+v, want the one recall Z-0053-2020 of product code FOZ", recs)
	}
	golden(t, "device-recall-anatomy.golden.json", recs)

	wrapped := append(append([]byte(`{"results":[`), exampleValue(t, "device-recall-examples.json", "record")...), "]}"...)
	recs, bad, err = readAll(t, wrapped, "record.json")
	if err != nil || len(bad) > 0 || len(recs) != 1 {
		t.Fatalf("got %d recalls, error %v and refused %v, want one recall", len(recs), err, bad)
	}
	golden(t, "device-recall-record.golden.json", recs)
}

// TestEnforcementExamples reads the enforcement documentation's examples:
// its response holds an empty record and its sample record has no
// recall_number, so both are refused by path, and the sample given a
// number reads with its classification and YYYYMMDD dates.
func TestEnforcementExamples(t *testing.T) {
	_, bad, err := readAll(t, exampleValue(t, "device-enforcement-examples.json", "anatomy"), "anatomy.json")
	if err != nil || len(bad) != 1 || bad[0] != "anatomy.json: /results/0: no product_res_number or recall_number: not a device recall record" {
		t.Fatalf("got error %v and refused %q, want the empty record refused", err, bad)
	}
	result := exampleValue(t, "device-enforcement-examples.json", "result")
	_, bad, _ = readAll(t, append(append([]byte(`[`), result...), ']'), "result.json")
	if len(bad) != 1 || bad[0] != "result.json: /0: no product_res_number or recall_number: not a device recall record" {
		t.Fatalf("got refused %q, want the record without a number refused", bad)
	}
	// The same record with a recall number added (test input, not FDA's).
	var m map[string]any
	if err := json.Unmarshal(result, &m); err != nil {
		t.Fatal(err)
	}
	m["recall_number"] = "Z-2179-2012"
	b, _ := json.Marshal([]any{m})
	recs, bad, err := readAll(t, b, "numbered.json")
	if err != nil || len(bad) > 0 || len(recs) != 1 {
		t.Fatalf("got %d recalls, error %v and refused %v, want one recall", len(recs), err, bad)
	}
	golden(t, "device-enforcement-result.golden.json", recs)
}
