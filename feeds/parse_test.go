package feeds

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"ward"
)

func mustURL(tb testing.TB, s string) *url.URL {
	tb.Helper()
	u, err := url.Parse(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// TestParseOASISExamples reads the CSAF 2.0 specification's own example
// provider metadata and ROLIE feed.
func TestParseOASISExamples(t *testing.T) {
	metaURL := mustURL(t, "https://www.example.com/.well-known/csaf/provider-metadata.json")
	dists, err := parseMetadata(mustRead(t, "oasis/example-01-provider-metadata.json"), metaURL)
	if err != nil {
		t.Fatal(err)
	}
	if len(dists) != 1 || !dists[0].rolie || dists[0].url.String() != "https://www.example.com/.well-known/csaf/feed-tlp-white.json" {
		t.Errorf("got distributions %+v, want the one TLP:WHITE feed", dists)
	}

	feedURL := mustURL(t, "https://psirt.domain.tld/advisories/csaf/feed-tlp-white.json")
	entries, err := parseROLIE(mustRead(t, "oasis/example-01-feed-tlp-white.json"), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	want := entry{
		url:     "https://psirt.domain.tld/advisories/csaf/2020/2020-ESA-001.json",
		updated: time.Date(2021, 1, 1, 12, 0, 0, 0, time.UTC),
		hashes:  []string{"https://psirt.domain.tld/advisories/csaf/2020/2020-ESA-001.json.sha512"},
	}
	if len(entries) != 1 || entries[0].url != want.url || !entries[0].updated.Equal(want.updated) || strings.Join(entries[0].hashes, " ") != want.hashes[0] {
		t.Errorf("got entries %+v, want [%+v]", entries, want)
	}
}

func TestParseIndexAndChanges(t *testing.T) {
	dir := mustURL(t, "https://csaf.example.com/white/")
	where := mustURL(t, "https://csaf.example.com/white/index.txt")
	tests := []struct {
		name    string
		changes bool
		in      string
		want    string // "url@time" joined by spaces; time omitted for index.txt
	}{
		{"index with BOM, CRLF and blank lines", false, "\ufeff2024/a.json\r\n\r\n2025/b.json\r\n", "https://csaf.example.com/white/2024/a.json https://csaf.example.com/white/2025/b.json"},
		{"index with absolute URL", false, "https://other.example.org/x.json\n", "https://other.example.org/x.json"},
		{"index with dot segments", false, "../secret/x.json\n", "https://csaf.example.com/secret/x.json"},
		{"changes quoted as in the spec", true, `"2020/example_company_-_2020-yh4711.json","2020-07-01T10:09:07Z"` + "\n", "https://csaf.example.com/white/2020/example_company_-_2020-yh4711.json@2020-07-01T10:09:07Z"},
		{"changes as CISA writes it", true, "csaf_files/OT/white/2023/icsma-23-047-01.json,2023-02-27T13:27:41.553636Z\n", "https://csaf.example.com/white/csaf_files/OT/white/2023/icsma-23-047-01.json@2023-02-27T13:27:41.553636Z"},
		{"empty", true, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parse := parseIndex
			if tc.changes {
				parse = parseChanges
			}
			entries, err := parse([]byte(tc.in), dir, where)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				s := e.url
				if tc.changes {
					s += "@" + e.updated.Format(time.RFC3339Nano)
				}
				got = append(got, s)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}

func TestParseHashFile(t *testing.T) {
	sha512Hex := strings.Repeat("ab", 64)
	tests := []struct {
		name string
		in   string
		rank int
		want string // the digest, or the error text
	}{
		{"sha512sum output", sha512Hex + "  icsma-24-023-01.json\n", 0, sha512Hex},
		{"bare digest, no newline", sha512Hex, 0, sha512Hex},
		{"upper case", strings.ToUpper(sha512Hex), 0, sha512Hex},
		{"BSD tag style", "SHA512 (x.json) = " + sha512Hex, 0, `got "SHA512", want 128 hex digits`},
		{"SHA-256 in a .sha512 file", strings.Repeat("ab", 32), 0, "want 128 hex digits"},
		{"not hex", strings.Repeat("zz", 64), 0, "want 128 hex digits"},
		{"empty", "\n", 0, "empty hash file"},
		{"sha256", strings.Repeat("0f", 32) + " *x.json", 1, strings.Repeat("0f", 32)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseHashFile([]byte(tc.in), tc.rank)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckCSAF(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"white", `{"document": {"csaf_version": "2.0", "distribution": {"tlp": {"label": "WHITE"}}}}`, ""},
		{"clear", `{"document": {"csaf_version": "2.0", "distribution": {"tlp": {"label": "CLEAR"}}}}`, ""},
		{"no label", `{"document": {"csaf_version": "2.0"}}`, ""},
		{"red", `{"document": {"csaf_version": "2.0", "distribution": {"tlp": {"label": "RED"}}}}`, `got "RED", want WHITE or CLEAR`},
		{"CSAF 2.1", `{"document": {"csaf_version": "2.1"}}`, `/document/csaf_version: got "2.1", want "2.0"`},
		{"other JSON", `{"feed": {}}`, "/document missing"},
		{"HTML", `<html></html>`, "not a JSON document"},
		{"trailing garbage", `{"document": {"csaf_version": "2.0"}} <html>`, "not a JSON document"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := checkCSAF([]byte(tc.in))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != "" && (ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(errText(err), tc.want)):
				t.Errorf("got %v, want EINVALID saying %q", err, tc.want)
			}
		})
	}
}

func TestMergeEntries(t *testing.T) {
	t1, t2 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	got := mergeEntries(
		[]entry{{url: "https://h/b.json", updated: t1}, {url: "https://h/a.json"}},
		[]entry{{url: "https://h/b.json", updated: t2, hashes: []string{"https://h/b.json.sha512"}}, {url: "https://h/a.json", updated: t1}},
	)
	if len(got) != 2 || got[0].url != "https://h/a.json" || !got[0].updated.Equal(t1) || !got[1].updated.Equal(t2) || len(got[1].hashes) != 1 {
		t.Errorf("got %+v, want a.json@%v then b.json@%v with its hash link", got, t1, t2)
	}
}
