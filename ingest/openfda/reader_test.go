package openfda

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"

	"ward"
)

const okRecord = `{"product_res_number":"Z-0001-2020","recalling_firm":"Acme","product_code":"FRN","event_date_initiated":"2020-01-02"}`

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

// TestReaderShapes reads the accepted shapes and checks what comes out.
func TestReaderShapes(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		want  []string // recall numbers
		total int64
	}{
		{"response", []byte(`{"meta":{"last_updated":"2024-01-01","results":{"skip":0,"limit":2,"total":9}},"results":[` + okRecord + `,` +
			`{"recall_number":"z-0002-2020","classification":"Class I","recall_initiation_date":"20200105"}]}`), []string{"Z-0001-2020", "Z-0002-2020"}, 9},
		{"results before meta", []byte(`{"results":[` + okRecord + `],"meta":{"last_updated":"x"},"extra":[1,{"a":2}]}`), []string{"Z-0001-2020"}, 0},
		{"bare array", []byte(`[` + okRecord + `]`), []string{"Z-0001-2020"}, 0},
		{"gzip", gz(`{"results":[` + okRecord + `]}`), []string{"Z-0001-2020"}, 0},
		{"empty results", []byte(`{"results":[]}`), nil, 0},
		{"number as number", []byte(`[{"recall_number":"Z-0003-04","event_id":62561}]`), []string{"Z-0003-04"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad, err := readAll(t, tt.in, "f.json")
			if err != nil || len(bad) > 0 {
				t.Fatalf("got error %v and refused %v, want none", err, bad)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r.Number)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	rd, err := NewReader(bytes.NewReader(tests[0].in), "f.json")
	if err != nil {
		t.Fatal(err)
	}
	if m := rd.Meta(); m.Results.Total != 9 || m.LastUpdated != "2024-01-01" {
		t.Errorf("got meta %+v, want total 9 updated 2024-01-01", m)
	}
	r, _ := rd.Next()
	r2, _ := rd.Next()
	if r.Sources[0] != ward.RecallSourceRecall || r2.Sources[0] != ward.RecallSourceEnforcement || r2.Classification != "I" ||
		r2.Initiated.String() != "2020-01-05" || r.Initiated.String() != "2020-01-02" {
		t.Errorf("got %+v and %+v, want a device recall and a Class I enforcement record with their dates", r, r2)
	}
}

// TestRecordErrors checks that a bad record is refused by file and JSON
// path and that the records after it still read.
func TestRecordErrors(t *testing.T) {
	tests := []struct {
		record, want string
	}{
		{`{"product_res_number":"ZZ-1"}`, `f.json: /results/0/product_res_number: "ZZ-1" is not an FDA recall number (want the form Z-0359-2013)`},
		{`{"recall_number":"Z-1-2020","classification":"Class IV"}`, `f.json: /results/0/classification: "Class IV" is not a recall classification (want Class I, II or III)`},
		{`{"product_res_number":"Z-1-2020","event_date_initiated":"2020-13-45"}`, `f.json: /results/0/event_date_initiated: "2020-13-45" is not a date (want YYYY-MM-DD or YYYYMMDD)`},
		{`{"product_res_number":"Z-1-2020","product_code":"F1"}`, `f.json: /results/0/product_code: "F1" is not an FDA product code (want three letters)`},
		{`{"product_res_number":"Z-1-2020","recalling_firm":{"name":"x"}}`, `f.json: /results/0/recalling_firm: got a JSON object, want a string`},
		{`{"product_res_number":"Z-1-2020","k_numbers":"K1"}`, `f.json: /results/0/k_numbers: got a JSON string, want an array of strings`},
		{`{"recall_number":"D-1-2020","product_type":"Drugs"}`, `f.json: /results/0/product_type: "Drugs": not a device recall`},
		{`"Z-1-2020"`, `f.json: /results/0: got a JSON string, want an object`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			recs, bad, err := readAll(t, []byte(`{"results":[`+tt.record+`,`+okRecord+`]}`), "f.json")
			if err != nil {
				t.Fatalf("got stream error %v, want a record error", err)
			}
			if len(bad) != 1 || bad[0] != tt.want {
				t.Errorf("got refused %q, want %q", bad, tt.want)
			}
			if len(recs) != 1 || recs[0].Number != "Z-0001-2020" {
				t.Errorf("got %d recalls after the bad one, want the good one", len(recs))
			}
		})
	}
}

// TestStreamErrors checks inputs that cannot be read past.
func TestStreamErrors(t *testing.T) {
	huge := `{"results":[{"product_res_number":"Z-1-2020","code_info":"` + strings.Repeat("L", MaxRecord) + `"}]}`
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "f.json: empty input, want openFDA recall JSON"},
		{"scalar", []byte(`42`), "f.json: got 42 at the top level, want a JSON object or array"},
		{"no results", []byte(`{"meta":{}}`), `f.json: no "results" array: not an openFDA device recall or enforcement file`},
		{"results not array", []byte(`{"results":{}}`), `f.json: /results: got "{", want an array of recall records`},
		{"bad meta", []byte(`{"meta":{"results":{"total":"many"}},"results":[]}`), "f.json: /meta/results/total: got a JSON string, want a number"},
		{"truncated", []byte(`{"results":[` + okRecord), "f.json: /results: unexpected end of input; truncated file?"},
		{"syntax", []byte(`{"results":[{"product_res_number":}]}`), "f.json: /results/0: malformed JSON near byte"},
		{"trailing", []byte(`{"results":[]} {}`), `f.json: got "{" after the end of the JSON value, want the end of the input`},
		{"record too large", []byte(huge), "f.json: /results/0: the record is larger than 4194304 bytes"},
		{"corrupt gzip", append(gz(`{"results":[` + okRecord + `]}`)[:20], 0, 0, 0, 0, 0, 0, 0), "f.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, tt.in, "f.json")
			if err == nil || ward.ErrorCode(err) != ward.EINVALID || !strings.HasPrefix(ward.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v (%s), want EINVALID %q", err, ward.ErrorCode(err), tt.want)
			}
		})
	}
}

// TestErrorIsSticky checks that a broken stream keeps failing.
func TestErrorIsSticky(t *testing.T) {
	rd, err := NewReader(strings.NewReader(`[`+okRecord+`,{"x":]`), "f.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	_, err1 := rd.Next()
	_, err2 := rd.Next()
	if err1 == nil || err1 != err2 || errors.Is(err1, io.EOF) {
		t.Errorf("got %v then %v, want the same error twice", err1, err2)
	}
}

// TestCleanText checks that control characters are blanked and long text
// is cut at a rune boundary.
func TestCleanText(t *testing.T) {
	if got := clean(" a\x00b\tc\r\nd\x1b "); got != "a b\tc\r\nd" {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("é", maxText)
	if got := clean(long); len(got) > maxText || !strings.HasSuffix(got, "é") {
		t.Errorf("got %d bytes ending %q, want at most %d ending with a whole rune", len(got), got[len(got)-2:], maxText)
	}
}

// FuzzReader feeds arbitrary bytes to the reader: it must never panic,
// every error must carry a code, and records must have valid numbers.
func FuzzReader(f *testing.F) {
	f.Add([]byte(`{"meta":{},"results":[` + okRecord + `]}`))
	f.Add([]byte(`[{"recall_number":"Z-0003-04","event_id":62561,"classification":"Class II","recall_initiation_date":"20120716"}]`))
	f.Add([]byte(`{"results":[{"product_res_number":"Z-1-2020","k_numbers":["K1",null,3],"openfda":{"device_name":["a"]}}]}`))
	f.Add(gz(`{"results":[` + okRecord + `]}`))
	f.Add([]byte(`{"results":[{},{"product_res_number":"x"}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		rd, err := NewReader(bytes.NewReader(in), "fuzz.json")
		if err != nil {
			if ward.ErrorCode(err) == ward.EINTERNAL {
				t.Fatalf("got internal error %v", err)
			}
			return
		}
		for range 10000 {
			r, err := rd.Next()
			if err == io.EOF {
				return
			}
			var re *ward.RecordError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				if ward.ErrorCode(err) == ward.EINTERNAL {
					t.Fatalf("got internal error %v", err)
				}
				return
			}
			if _, err := ward.NormalizeRecallNumber(r.Number); err != nil || r.Number == "" {
				t.Fatalf("got recall number %q", r.Number)
			}
		}
	})
}
