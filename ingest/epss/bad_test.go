package epss

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"ward"
)

const head = "#model_version:v2023.03.01,score_date:2023-03-09T00:00:00+0000\ncve,epss,percentile\n"

// truncatedGzip compresses text and cuts off the gzip trailer, as an
// interrupted download does.
func truncatedGzip(text string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	zw.Close()
	return b.String()[:b.Len()-6]
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, file, in, want string }{
		{"empty", "x.csv", "", "x.csv: no header line"},
		{"comment only", "x.csv", "#model_version:v1\n", "x.csv: no header line"},
		{"no epss column", "x.csv", "cve,score\n", `x.csv:1: no epss column in header "cve,score"`},
		{"no cve anywhere", "scores.csv", "date,epss\n2021-01-01,0.1\n", "scores.csv:1: no cve column, and the file name carries no CVE ID"},
		{"duplicate column", "x.csv", "cve,epss,EPSS\n", `x.csv:1:3: column "EPSS" appears twice`},
		{"score above 1", "x.csv", head + "CVE-2021-1234,1.5,0.9\n", `x.csv:3:2: column "epss": got "1.5", want a number from 0 to 1`},
		{"negative percentile", "x.csv", head + "CVE-2021-1234,0.5,-0.1\n", `x.csv:3:3: column "percentile": got "-0.1"`},
		{"NaN", "x.csv", head + "CVE-2021-1234,NaN,0.5\n", `x.csv:3:2: column "epss": got "NaN"`},
		{"Inf", "x.csv", head + "CVE-2021-1234,0.5,+Inf\n", `x.csv:3:3: column "percentile": got "+Inf"`},
		{"not a number", "x.csv", head + "CVE-2021-1234,high,0.5\n", `x.csv:3:2: column "epss": got "high"`},
		{"empty score", "x.csv", head + "CVE-2021-1234,,0.5\n", `x.csv:3:2: column "epss": got ""`},
		{"bad CVE", "x.csv", head + "CVE-21-1234,0.5,0.5\n", `x.csv:3:1: column "cve": got "CVE-21-1234"`},
		{"too few fields", "x.csv", head + "CVE-2021-1234\n", "x.csv:3: has 1 fields, the header has 3"},
		{"too many fields", "x.csv", head + "CVE-2021-1234,0.1,0.2,0.3\n", "x.csv:3: has 4 fields, the header has 3"},
		{"ragged without percentile last", "x.csv", "cve,percentile,epss\nCVE-2021-1234,0.5\n", "x.csv:2: has 2 fields, the header has 3"},
		{"bad score date", "x.csv", "#score_date:yesterday\ncve,epss\n", `x.csv:1:1: score_date "yesterday" is not a date-time`},
		{"bad row date", "CVE-2021-33885.epss", "date,model,epss\n2021-02-30,v1,0.1\n", `CVE-2021-33885.epss:2:1: column "date": got "2021-02-30"`},
		{"duplicate", "x.csv", head + "CVE-2021-1234,0.1,0.2\nCVE-2021-1235,0.1,0.2\nCVE-2021-1234,0.3,0.4\n", "x.csv:5: CVE-2021-1234 is scored twice for 2023-03-09, first on line 3"},
		{"duplicate date in series", "CVE-2021-33885.epss", "date,model,epss\n2021-09-01,v1,0.1\n2021-09-01,v1,0.2\n", "CVE-2021-33885.epss:3: CVE-2021-33885 is scored twice for 2021-09-01, first on line 2"},
		{"two problems", "x.csv", head + "CVE-2021-1234,2,3\n", "x.csv: 2 problems, nothing imported:\n\tx.csv:3:2: column \"epss\": got \"2\", want a number from 0 to 1\n\tx.csv:3:3:"},
		{"long line", "x.csv", "cve,epss\n" + strings.Repeat("x", MaxLineBytes+1), "x.csv:2: line is longer than"},
		{"bad gzip header", "x.csv.gz", "\x1f\x8bxxxxxxxxxx", "x.csv.gz: corrupt or truncated gzip data after line 0"},
		{"truncated gzip", "x.csv.gz", truncatedGzip(head + strings.Repeat("CVE-2021-1234,0.1,0.2\n", 1)), "x.csv.gz: corrupt or truncated gzip data after line 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tc.in), tc.file)
			switch {
			case err == nil:
				t.Fatalf("got %d rows and no error, want %q", len(got), tc.want)
			case ward.ErrorCode(err) != ward.EINVALID:
				t.Errorf("got code %q (%v), want %q", ward.ErrorCode(err), err, ward.EINVALID)
			case !strings.Contains(err.Error(), tc.want):
				t.Errorf("got error %q, want it to contain %q", err, tc.want)
			}
			if got != nil {
				t.Errorf("got %d rows with the error, want none", len(got))
			}
		})
	}
}

// TestManyProblems checks that the error lists the first 20 problems and
// counts the rest.
func TestManyProblems(t *testing.T) {
	in := head + strings.Repeat("CVE-2021-1234,2,0.5\n", 25)
	_, err := Parse(strings.NewReader(in), "x.csv")
	if err == nil || !strings.Contains(err.Error(), "25 problems") || !strings.HasSuffix(err.Error(), "... and 5 more") {
		t.Errorf("got %v, want 25 problems with 5 not listed", err)
	}
}

func TestParseReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := Parse(iotest.ErrReader(boom), "x.csv")
	if ward.ErrorCode(err) != ward.EINTERNAL || !errors.Is(err, boom) {
		t.Errorf("got %v (code %q), want %v with code %q", err, ward.ErrorCode(err), boom, ward.EINTERNAL)
	}
}

// FuzzParse checks that Parse never panics, fails only with EINVALID, and
// that what it returns passes its own rules.
func FuzzParse(f *testing.F) {
	f.Add([]byte(head+"CVE-2021-1234,0.1,0.2\n"), "x.csv")
	f.Add([]byte("date,model,epss,percentile\n2021-08-26,v1,0.01374\n2022-02-04,v2,0.2385,0.95086\n"), "CVE-2021-33885.epss")
	f.Add([]byte("cve,epss\r\nCVE-2021-1234,1e-3\r\n"), "epss_scores-2021-04-14.csv")
	f.Add([]byte("\xef\xbb\xbf#score_date:2023-03-09\n\npercentile,cve,epss\n,CVE-2021-1234,0\n"), "x.csv")
	f.Fuzz(func(t *testing.T, in []byte, name string) {
		got, err := Parse(bytes.NewReader(in), name)
		if err != nil {
			if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Fatalf("got code %q, want %q for %v", code, ward.EINVALID, err)
			}
			return
		}
		seen := map[key]bool{}
		for _, e := range got {
			k := key{e.CVE, e.Date}
			if !validCVEID(e.CVE) || seen[k] || !(e.Score >= 0 && e.Score <= 1) || !(e.Percentile >= 0 && e.Percentile <= 1) {
				t.Fatalf("got %+v, want a unique CVE ID and date with scores from 0 to 1", e)
			}
			seen[k] = true
		}
	})
}
