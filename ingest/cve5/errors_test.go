package cve5

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"ward"
)

// mutate returns the CVE-2025-0626 record with the nth occurrence (from 1)
// of old replaced by new.
func mutate(tb testing.TB, old, new string, nth int) string {
	tb.Helper()
	s := string(mustReadFile(tb, fixture("CVE-2025-0626.json")))
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

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		nth            int
		want           string
	}{
		{"not a record", `"CVE_RECORD"`, `"CVE_RECORD_LIST"`, 1, `x.json: /dataType: got "CVE_RECORD_LIST"`},
		{"version 4", `"dataVersion": "5.1"`, `"dataVersion": "4.0"`, 1, `x.json: /dataVersion: got "4.0", want 5.x`},
		{"bad id", `"cveId": "CVE-2025-0626"`, `"cveId": "CVE-2025-06"`, 1, `x.json: /cveMetadata/cveId: got "CVE-2025-06"`},
		{"bad state", `"PUBLISHED"`, `"RESERVED"`, 1, `x.json: /cveMetadata/state: got "RESERVED"`},
		{"bad date", `"2025-01-30T18:17:29.717Z"`, `"30/01/2025"`, 1, `x.json: /cveMetadata/datePublished: got "30/01/2025"`},
		{"bad status", `"status": "affected"`, `"status": "vulnerable"`, 1, `x.json: /containers/cna/affected/0/versions/0/status: got "vulnerable", want affected, unaffected or unknown`},
		{"bad default", `"defaultStatus": "unaffected"`, `"defaultStatus": "fixed"`, 1, `x.json: /containers/cna/affected/0/defaultStatus: got "fixed"`},
		{"both bounds", `"version": "All versions"`, `"version": "1", "lessThan": "2", "lessThanOrEqual": "2"`, 1, `x.json: /containers/cna/affected/0/versions/0: has both lessThan and lessThanOrEqual`},
		{"changes without range", `"version": "All versions"`, `"version": "1", "changes": [{"at": "1.1", "status": "unaffected"}]`, 1, `x.json: /containers/cna/affected/0/versions/0/changes: given for a single version`},
		{"bad change", `"version": "All versions"`, `"version": "1", "lessThan": "2", "changes": [{"at": "1.1", "status": "fixed"}]`, 1, `x.json: /containers/cna/affected/0/versions/0/changes/0/status: got "fixed"`},
		{"score out of range", `"baseScore": 7.5`, `"baseScore": 75`, 1, `x.json: /containers/cna/metrics/1/cvssV3_1/baseScore: got 75`},
		{"score as string", `"baseScore": 7.5`, `"baseScore": "7.5"`, 1, `x.json: /containers/cna/metrics/1/cvssV3_1/baseScore: got a JSON string, want a number`},
		{"tags as string", `"references": [`, `"references": [{"url": "https://x", "tags": "bad"},`, 2, `x.json: /containers/adp/0/references/0/tags: got a JSON string, want an array`},
		{"malformed", `"state": "PUBLISHED",`, `"state": "PUBLISHED"`, 1, `x.json:8: malformed JSON`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(mutate(t, tc.old, tc.new, tc.nth)), "x.json")
			checkErr(t, err, ward.EINVALID, tc.want)
		})
	}
}

func TestParseBadInput(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "x.json: empty input"},
		{"array", "[]", "x.json: /: got a JSON array, want an object"},
		{"nvd record", string(mustReadFile(t, fixture("../nvd/CVE-2021-33885.json"))), `x.json: /dataType: got ""`},
		{"trailing", minimalRecord(`[]`) + "{}", "x.json:3: malformed JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.in), "x.json")
			checkErr(t, err, ward.EINVALID, tc.want)
		})
	}
}

func TestParseRejected(t *testing.T) {
	in := `{"dataType":"CVE_RECORD","dataVersion":"5.1","cveMetadata":{"cveId":"CVE-2024-0001","state":"REJECTED"},
		"containers":{"cna":{"rejectedReasons":[{"lang":"en","value":"duplicate"}]}}}`
	_, err := Parse(strings.NewReader(in), "x.json")
	checkErr(t, err, ward.ENOTFOUND, "x.json: CVE-2024-0001 is rejected")
	if !errors.Is(err, ErrRejected) {
		t.Errorf("got %v, want it to wrap ErrRejected", err)
	}
}

func TestParseReadFailure(t *testing.T) {
	_, err := Parse(iotest.ErrReader(errors.New("disk on fire")), "x.json")
	checkErr(t, err, ward.EINTERNAL, "x.json: reading failed")
}

func checkErr(t *testing.T, err error, code, want string) {
	t.Helper()
	switch {
	case err == nil:
		t.Fatalf("got no error, want %q", want)
	case ward.ErrorCode(err) != code:
		t.Errorf("got code %q (%v), want %q", ward.ErrorCode(err), err, code)
	case !strings.Contains(err.Error(), want):
		t.Errorf("got error %q, want it to contain %q", err, want)
	}
}

// FuzzParse checks that Parse never panics, fails only with EINVALID (or
// ErrRejected), and that every advisory it returns keeps the package's
// promises.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"CVE-2021-33885.json", "CVE-2023-30563.json", "CVE-2025-0626.json"} {
		f.Add(mustReadFile(f, fixture(name)))
	}
	f.Add([]byte(minimalRecord(`[{"vendor":"V","product":"P","defaultStatus":"unknown","versions":[{"version":"1","lessThan":"*","status":"affected","changes":[{"at":"1.5","status":"unaffected"}]}]}]`)))
	f.Add([]byte(`{"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-0001","state":"REJECTED"}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		a, err := Parse(bytes.NewReader(in), "fuzz")
		if err != nil {
			if code := ward.ErrorCode(err); code != ward.EINVALID && !errors.Is(err, ErrRejected) {
				t.Fatalf("got %v with code %q, want code %q or ErrRejected", err, code, ward.EINVALID)
			}
			return
		}
		if !validCVEID(a.TrackingID) || a.Source != ward.SourceCVE5 || len(a.Vulnerabilities) != 1 || a.Title == "" {
			t.Fatalf("got tracking ID %q, source %q, %d vulnerabilities, title %q; want a CVE ID, %q, 1, a title", a.TrackingID, a.Source, len(a.Vulnerabilities), a.Title, ward.SourceCVE5)
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
			s := v.Statuses[i]
			if keys[p.Key] || s.ProductKey != p.Key || p.Version == "" {
				t.Fatalf("product %d: got key %q version %q (status for %q), want a unique key, a version and its status", i, p.Key, p.Version, s.ProductKey)
			}
			switch s.Status {
			case ward.ProductAffected, ward.ProductNotAffected, ward.ProductUnderInvestigation:
			default:
				t.Fatalf("product %s: got status %q, want a ward product status", p.Key, s.Status)
			}
			keys[p.Key] = true
		}
	})
}
