package nvd

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"ward"
)

// mutate returns the bare CVE-2021-33885 record with the nth occurrence
// (from 1) of old replaced by new; it fails the test if there is none.
func mutate(tb testing.TB, old, new string, nth int) string {
	tb.Helper()
	s := string(mustReadFile(tb, fixture("CVE-2021-33885.json")))
	at := -1
	for i := 0; i < nth; i++ {
		j := strings.Index(s[at+1:], old)
		if j < 0 {
			tb.Fatalf("occurrence %d of %q not in the record", nth, old)
		}
		at += 1 + j
	}
	return s[:at] + new + s[at+len(old):]
}

// inResponse puts rec second in an API response, after a good record, so
// that error paths must carry the right position.
func inResponse(tb testing.TB, rec string) string {
	tb.Helper()
	good := string(mustReadFile(tb, fixture("CVE-2021-33885.json")))
	return `{"format":"NVD_CVE","vulnerabilities":[{"cve":` + good + `}, {"cve":` + rec + `}]}`
}

func TestRecordErrors(t *testing.T) {
	const at = "x.json: /vulnerabilities/1/cve"
	tests := []struct {
		name, old, new string
		nth            int
		want           string
	}{
		{"bad id", `"CVE-2021-33885"`, `"CVE-21-1"`, 1, at + `/id: got "CVE-21-1"`},
		{"bad date", `"2021-08-25T12:15:16.873"`, `"yesterday"`, 1, at + `/published: got "yesterday"`},
		{"bad modified", `"2026-06-17T03:55:20.113"`, `"2026-13-17T03:55:20"`, 1, at + `/lastModified: got "2026-13-17T03:55:20"`},
		{"score as string", `"baseScore": 9.8`, `"baseScore": "9.8"`, 1, at + `/metrics/cvssMetricV31/1/cvssData/baseScore: got a JSON string, want a number`},
		{"score out of range", `"baseScore": 10.0`, `"baseScore": 10.5`, 2, at + `/metrics/cvssMetricV2/0/cvssData/baseScore: got 10.5`},
		{"score missing", `"baseScore": 9.8,`, ``, 1, at + `/metrics/cvssMetricV31/1/cvssData/baseScore: missing`},
		{"config operator", `"operator": "AND"`, `"operator": "XOR"`, 1, at + `/configurations/0/operator: got "XOR", want AND or OR`},
		{"node operator", `"operator": "OR"`, `"operator": "or"`, 2, at + `/configurations/0/nodes/1/operator: got "or"`},
		{"bad criteria", `"cpe:2.3:h:bbraun:spacestation_8713142u:-:*:*:*:*:*:*:*"`, `"cpe:2.3:h:bbraun"`, 1, at + `/configurations/0/nodes/1/cpeMatch/1/criteria: got "cpe:2.3:h:bbraun"`},
		{"vulnerable missing", `"vulnerable": false,`, ``, 1, at + `/configurations/0/nodes/1/cpeMatch/0/vulnerable: missing`},
		{"vulnerable as string", `"vulnerable": false`, `"vulnerable": "no"`, 2, at + `/configurations/0/nodes/1/cpeMatch/1/vulnerable: got a JSON string, want true or false`},
		{"tags as string", `"tags": [
        "Broken Link"
      ]`, `"tags": "Broken Link"`, 2, at + `/references/2/tags: got a JSON string, want an array`},
		{"descriptions as object", `"descriptions": [`, `"descriptions": {"x": [`, 1, "x.json: /vulnerabilities/1: malformed JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := inResponse(t, mutate(t, tc.old, tc.new, tc.nth))
			got, _, err := readAll([]byte(in), "x.json")
			checkErr(t, err, tc.want)
			if len(got) != 1 {
				t.Errorf("got %d advisories before the error, want 1", len(got))
			}
		})
	}
}

// TestSingleRecordErrors checks paths in a single-record file, wrapped and
// bare.
func TestSingleRecordErrors(t *testing.T) {
	rec := mutate(t, `"vulnerable": true`, `"vulnerable": 1`, 1)
	_, _, err := readAll([]byte(`{"cve":`+rec+`}`), "one.json")
	checkErr(t, err, "one.json: /cve/configurations/0/nodes/0/cpeMatch/0/vulnerable: got a JSON number")
	_, _, err = readAll([]byte(mutate(t, `"2021-08-25T12:15:16.873"`, `""`, 1)), "bare.json")
	checkErr(t, err, `bare.json: /published: got ""`)
}

func TestFileErrors(t *testing.T) {
	good := string(mustReadFile(t, fixture("CVE-2021-33885.json")))
	var gz bytes.Buffer
	gz.Write(mustReadFile(t, fixture("cves-CVE-2023-0001.json.gz")))
	corrupt := gz.Bytes()[:len(gz.Bytes())-40]
	tests := []struct{ name, in, want string }{
		{"empty", "", "x.json: empty input"},
		{"blank", " \n", "x.json: empty input"},
		{"number", "42", "x.json: got 42 at the top level"},
		{"string", `"CVE-2021-1"`, "x.json: got string"},
		{"other api", `{"resultsPerPage":1,"products":[]}`, `x.json: neither a CVE API response`},
		{"records not array", `{"vulnerabilities":{}}`, `x.json: /vulnerabilities: got "{", want an array`},
		{"truncated", `{"vulnerabilities":[{"cve":` + good[:200], "x.json: /vulnerabilities/0: unexpected end of input"},
		{"unclosed array", `[{"cve":` + good + `}`, "x.json: /: unexpected end of input"},
		{"trailing data", `[{"cve":` + good + `}] []`, `x.json: got "[" after the end of the JSON value`},
		{"trailing after single", good + ` {}`, `x.json: got "{" after the end`},
		{"garbage element", `[{"cve":` + good + `}, nul]`, "x.json: /1: malformed JSON"},
		{"not gzip after magic", "\x1f\x8bxxxxxxxxxxxx", "x.json: /: corrupt gzip data"},
		{"truncated gzip", string(corrupt), "x.json: /vulnerabilities/0: unexpected end of input"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readAll([]byte(tc.in), "x.json")
			checkErr(t, err, tc.want)
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("got no error, want %q", want)
	case ward.ErrorCode(err) != ward.EINVALID:
		t.Errorf("got code %q (%v), want %q", ward.ErrorCode(err), err, ward.EINVALID)
	case !strings.Contains(err.Error(), want):
		t.Errorf("got error %q, want it to contain %q", err, want)
	}
}

// TestErrorSticks checks that Next keeps failing after an error rather
// than resuming in the middle of a bad record.
func TestErrorSticks(t *testing.T) {
	in := inResponse(t, mutate(t, `"CVE-2021-33885"`, `"x"`, 1))
	r, err := NewReader(strings.NewReader(in), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatalf("first record: got %v, want nil", err)
	}
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("got errors %v then %v, want the same error twice", err1, err2)
	}
}

// TestReadFailure checks that a failing reader is reported as EINTERNAL:
// it is not the file's fault.
func TestReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	good := string(mustReadFile(t, fixture("CVE-2021-33885.json")))
	in := io.MultiReader(strings.NewReader(`[{"cve":`+good+`},`), iotest.ErrReader(boom))
	r, err := NewReader(in, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = r.Next()
	}
	if code := ward.ErrorCode(err); code != ward.EINTERNAL || !errors.Is(err, boom) {
		t.Errorf("got %v with code %q, want %v with code %q", err, code, boom, ward.EINTERNAL)
	}
}

// FuzzReader checks that the reader never panics, fails only with
// EINVALID on input held in memory, and that every advisory it returns
// keeps the package's promises.
func FuzzReader(f *testing.F) {
	good := mustReadFile(f, fixture("CVE-2021-33885.json"))
	f.Add(good)
	f.Add([]byte(`{"cve":` + string(good) + `}`))
	f.Add([]byte(`[{"cve":{"id":"CVE-1999-0001","vulnStatus":"Rejected"}},{"id":"CVE-2000-12345","published":"2000-01-01T00:00:00","lastModified":"2000-01-01T00:00:00Z"}]`))
	f.Add([]byte(`{"vulnerabilities":[{"cve":{"id":"CVE-2000-1234","published":"2000-01-01T00:00:00","lastModified":"2000-01-01T00:00:00","configurations":[{"nodes":[{"operator":"OR","cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:v\\:x:p:1.0:*:*:*:*:*:*:*","versionStartExcluding":"1|2"}]}]}]}}],"x":1}`))
	f.Add(mustReadFile(f, fixture("cves-CVE-2023-0001.json.gz")))
	f.Add([]byte("\x1f\x8b"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := NewReader(bytes.NewReader(in), "fuzz")
		for err == nil {
			var a *ward.Advisory
			if a, err = r.Next(); err == nil {
				checkAdvisory(t, a)
			}
		}
		if err != io.EOF && ward.ErrorCode(err) != ward.EINVALID {
			t.Fatalf("got %v with code %q, want io.EOF or code %q", err, ward.ErrorCode(err), ward.EINVALID)
		}
	})
}

func checkAdvisory(t *testing.T, a *ward.Advisory) {
	t.Helper()
	if !validCVEID(a.TrackingID) || a.Source != ward.SourceNVD || len(a.Vulnerabilities) != 1 {
		t.Fatalf("got tracking ID %q, source %q, %d vulnerabilities; want a CVE ID, %q, 1", a.TrackingID, a.Source, len(a.Vulnerabilities), ward.SourceNVD)
	}
	if _, err := time.Parse(time.RFC3339, a.Revision); err != nil {
		t.Fatalf("got revision %q, want RFC 3339: %v", a.Revision, err)
	}
	v := a.Vulnerabilities[0]
	if len(v.Statuses) != len(a.Products) {
		t.Fatalf("got %d statuses for %d products, want one each", len(v.Statuses), len(a.Products))
	}
	keys := map[string]bool{}
	for i, p := range a.Products {
		if p.Key == "" || keys[p.Key] || v.Statuses[i].ProductKey != p.Key || p.Version == "" {
			t.Fatalf("product %d: got key %q version %q (status for %q), want a unique key, a version and its status", i, p.Key, p.Version, v.Statuses[i].ProductKey)
		}
		keys[p.Key] = true
	}
	for _, s := range v.Scores {
		if s.BaseScore < 0 || s.BaseScore > 10 || s.Vector == "" {
			t.Fatalf("got score %+v, want a vector and a base score from 0 to 10", s)
		}
	}
}
