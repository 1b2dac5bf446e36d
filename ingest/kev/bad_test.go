package kev

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"ward"
)

// good is a valid entry; tests replace parts of it.
const good = `{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","vulnerabilityName":"Log4Shell","dateAdded":"2021-12-10","shortDescription":"x","requiredAction":"Apply updates.","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known","notes":"","cwes":["CWE-20"]}`

func catalogOf(entries ...string) string {
	return `{"title":"t","catalogVersion":"2025.08.25","dateReleased":"2025-08-25T17:04:19.9796Z","count":` +
		strconv.Itoa(len(entries)) + `,"vulnerabilities":[` + strings.Join(entries, ",") + `]}`
}

func TestParseErrors(t *testing.T) {
	other := strings.Replace(good, "CVE-2021-44228", "CVE-2017-0144", 1)
	tests := []struct{ name, in, want string }{
		{"empty", "", "x.json: empty input"},
		{"array", "[]", "x.json: /: got a JSON array, want an object"},
		{"malformed", `{"catalogVersion":`, "x.json: malformed JSON"},
		{"no version", strings.Replace(catalogOf(good), `"catalogVersion":"2025.08.25",`, "", 1), "x.json: /catalogVersion: missing"},
		{"no entries", `{"catalogVersion":"1"}`, "x.json: /vulnerabilities: missing"},
		{"count", strings.Replace(catalogOf(good, other), `"count":2`, `"count":3`, 1), "x.json: /count: got 3, want 2"},
		{"bad CVE", catalogOf(other, strings.Replace(good, "CVE-2021-44228", "CVE-2021-442", 1)), `x.json: /vulnerabilities/1/cveID: got "CVE-2021-442"`},
		{"lower-case CVE", catalogOf(strings.Replace(good, "CVE-2021-44228", "cve-2021-44228", 1)), `x.json: /vulnerabilities/0/cveID: got "cve-2021-44228"`},
		{"duplicate", catalogOf(good, other, good), "x.json: /vulnerabilities/2/cveID: CVE-2021-44228 is listed twice, at /vulnerabilities/0 and /vulnerabilities/2"},
		{"bad date", catalogOf(strings.Replace(good, "2021-12-24", "2021-02-30", 1)), `x.json: /vulnerabilities/0/dueDate: got "2021-02-30", want a date YYYY-MM-DD`},
		{"empty date", catalogOf(strings.Replace(good, "2021-12-10", "", 1)), `x.json: /vulnerabilities/0/dateAdded: got ""`},
		{"missing field", catalogOf(strings.Replace(good, `"product":"Log4j2",`, "", 1)), "x.json: /vulnerabilities/0/product: missing"},
		{"bad CWE", catalogOf(strings.Replace(good, `"CWE-20"`, `"CWE-20a"`, 1)), `x.json: /vulnerabilities/0/cwes/0: got "CWE-20a"`},
		{"CWEs as string", catalogOf(strings.Replace(good, `["CWE-20"]`, `"CWE-20"`, 1)), "x.json: /vulnerabilities/0/cwes: got a JSON string, want an array"},
		{"date as number", catalogOf(strings.Replace(good, `"2021-12-10"`, `20211210`, 1)), "x.json: /vulnerabilities/0/dateAdded: got a JSON number, want a string"},
		{"two problems", catalogOf(strings.Replace(strings.Replace(good, "2021-12-10", "x", 1), "CWE-20", "20", 1)),
			"x.json: 2 problems, nothing imported:\n\t/vulnerabilities/0/dateAdded: got \"x\", want a date YYYY-MM-DD\n\t/vulnerabilities/0/cwes/0: got \"20\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := Parse(strings.NewReader(tc.in), "x.json")
			switch {
			case err == nil:
				t.Fatalf("got %d entries and no error, want %q", len(got), tc.want)
			case ward.ErrorCode(err) != ward.EINVALID:
				t.Errorf("got code %q (%v), want %q", ward.ErrorCode(err), err, ward.EINVALID)
			case !strings.Contains(err.Error(), tc.want):
				t.Errorf("got error %q, want it to contain %q", err, tc.want)
			}
			if got != nil {
				t.Errorf("got %d entries with the error, want none", len(got))
			}
		})
	}
}

// TestParseDefaults checks the values Parse fills in: Unknown for a
// missing ransomware field (older catalogs), nil for an empty CWE list,
// and no count check when the catalog has no count.
func TestParseDefaults(t *testing.T) {
	e := strings.Replace(strings.Replace(good, `"knownRansomwareCampaignUse":"Known",`, "", 1), `["CWE-20"]`, `[]`, 1)
	in := strings.Replace(catalogOf(e), `"count":1,`, "", 1)
	got, _, err := Parse(strings.NewReader(in), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Ransomware != RansomwareUnknown || got[0].CWEs != nil {
		t.Errorf("got ransomware %q and CWEs %v, want %q and nil", got[0].Ransomware, got[0].CWEs, RansomwareUnknown)
	}
}

func TestParseReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	_, _, err := Parse(iotest.ErrReader(boom), "x.json")
	if ward.ErrorCode(err) != ward.EINTERNAL || !errors.Is(err, boom) {
		t.Errorf("got %v (code %q), want %v with code %q", err, ward.ErrorCode(err), boom, ward.EINTERNAL)
	}
}

// FuzzParse checks that Parse never panics, fails only with EINVALID, and
// that what it returns passes its own rules.
func FuzzParse(f *testing.F) {
	f.Add([]byte(catalogOf(good)))
	f.Add([]byte(catalogOf(good, good)))
	f.Add([]byte(`{"catalogVersion":"1","vulnerabilities":[{"cveID":"CVE-2021-1234","cwes":["CWE-1"],"dateAdded":"2021-02-29"}]}`))
	f.Add([]byte(`{"catalogVersion":"1","count":"2","vulnerabilities":[null,7]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, version, err := Parse(bytes.NewReader(in), "fuzz")
		if err != nil {
			if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Fatalf("got code %q, want %q for %v", code, ward.EINVALID, err)
			}
			return
		}
		if version == "" {
			t.Fatalf("got empty catalog version, want one")
		}
		seen := map[string]bool{}
		for _, e := range got {
			if !validCVEID(e.CVE) || seen[e.CVE] || e.DateAdded.IsZero() || e.DueDate.IsZero() || e.Ransomware == "" {
				t.Fatalf("got entry %+v, want a unique CVE ID, dates and a ransomware value", e)
			}
			seen[e.CVE] = true
			for _, c := range e.CWEs {
				if !validCWE(c) {
					t.Fatalf("got CWE %q, want CWE-nnn", c)
				}
			}
		}
	})
}
