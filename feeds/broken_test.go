package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"ward"
)

// editMetadata rewrites the served provider-metadata.json through edit.
func editMetadata(tb testing.TB, c *cisa, edit func(m map[string]any)) {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(c.www.file(metadataPath), &m); err != nil {
		tb.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	c.www.set(metadataPath, b)
}

// firstFeed returns the metadata's first ROLIE feed object.
func firstFeed(m map[string]any) map[string]any {
	d := m["distributions"].([]any)[0].(map[string]any)
	return d["rolie"].(map[string]any)["feeds"].([]any)[0].(map[string]any)
}

// TestSyncBrokenProvider covers the returned-error half of scenario 4:
// broken or hostile metadata and listings stop the sync with an error
// naming the file and the problem, before any document is fetched.
func TestSyncBrokenProvider(t *testing.T) {
	meta := func(c *cisa) string { return c.www.srv.URL + metadataPath }
	index := func(c *cisa) string { return c.raw.srv.URL + "/index.txt" }
	changes := func(c *cisa) string { return c.raw.srv.URL + "/changes.csv" }
	feed := func(c *cisa) string { return c.raw.srv.URL + feedPath }
	tests := []struct {
		name     string
		metadata string
		syncer   Syncer
		setup    func(t *testing.T, c *cisa)
		where    func(c *cisa) string // the URL the error must name
		code     string
		msg      string
	}{
		{"HTML metadata", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.www.set(metadataPath, []byte("<!DOCTYPE html>\n<html><head><title>Page not found</title></head></html>"))
		}, meta, ward.EINVALID, "is not a provider-metadata.json: invalid character '<'"},
		{"truncated metadata", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.www.set(metadataPath, c.www.file(metadataPath)[:200])
		}, meta, ward.EINVALID, "unexpected end of JSON input"},
		{"metadata is an array", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.www.set(metadataPath, []byte(`[]`))
		}, meta, ward.EINVALID, "cannot unmarshal array"},
		{"oversize metadata", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			pad := bytes.Repeat([]byte(" "), maxMetadata)
			c.www.set(metadataPath, append(pad, c.www.file(metadataPath)...))
		}, meta, ward.EINVALID, "larger than the 1048576-byte limit"},
		{"metadata 404", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.www.remove(metadataPath)
		}, meta, ward.ENOTFOUND, "404"},
		{"essential fields", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) {
				delete(m, "canonical_url")
				m["metadata_version"] = "1.2"
				m["role"] = "csaf_aggregator"
				m["publisher"].(map[string]any)["category"] = "hacker"
				m["last_updated"] = "yesterday"
			})
		}, meta, ward.EINVALID, `/canonical_url: missing; /metadata_version: got "1.2", want "2.0"; /role: got "csaf_aggregator"` +
			`, want one of csaf_publisher, csaf_provider, csaf_trusted_provider; /last_updated: got "yesterday", want an RFC 3339 date-time; /publisher/category: got "hacker"`},
		{"no publisher", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { delete(m, "publisher") })
		}, meta, ward.EINVALID, "/publisher: missing"},
		{"canonical URL elsewhere", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { m["canonical_url"] = "https://www.cisa.gov/csaf/metadata.json" })
		}, meta, ward.EINVALID, "want an http(s) URL ending in /provider-metadata.json"},
		{"no distributions", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { delete(m, "distributions") })
		}, meta, ward.EINVALID, "/distributions: missing"},
		{"empty distribution", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { m["distributions"] = []any{map[string]any{"summary": "x"}} })
		}, meta, ward.EINVALID, "/distributions/0: neither directory_url nor rolie"},
		{"ftp directory", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) {
				m["distributions"] = []any{map[string]any{"directory_url": "ftp://ftp.cisa.gov/csaf/"}}
			})
		}, meta, ward.EINVALID, `/distributions/0/directory_url: ftp://ftp.cisa.gov/csaf/ is not an http or https URL`},
		{"file URL feed", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { firstFeed(m)["url"] = "file:///etc/passwd.json" })
		}, meta, ward.EINVALID, "/distributions/0/rolie/feeds/0/url: file:///etc/passwd.json is not an http or https URL"},
		{"unknown TLP label", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { firstFeed(m)["tlp_label"] = "PURPLE" })
		}, meta, ward.EINVALID, `/distributions/0/rolie/feeds/0/tlp_label: got "PURPLE"`},
		{"only restricted feeds", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			editMetadata(t, c, func(m map[string]any) { firstFeed(m)["tlp_label"] = "GREEN" })
		}, meta, ward.ENOTFOUND, "lists no TLP:WHITE or TLP:CLEAR distribution"},
		{"HTML index.txt", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set("/index.txt", []byte("<html>\n<body>Moved</body>\n</html>\n"))
		}, index, ward.EINVALID, `line 1: got "<html>", want the path of a .json file`},
		{"changes.csv bad time", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set("/changes.csv", bytes.Replace(c.raw.file("/changes.csv"), []byte("2022-06-16T00:00:00.000000Z"), []byte("16/06/2022"), 1))
		}, changes, ward.EINVALID, `line 6: got time "16/06/2022", want RFC 3339`},
		{"changes.csv extra field", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set("/changes.csv", append(c.raw.file("/changes.csv"), "a.json,2025-01-01T00:00:00Z,x\n"...))
		}, changes, ward.EINVALID, "wrong number of fields"},
		{"oversize index", "directory", Syncer{MaxListing: 512}, func(t *testing.T, c *cisa) {}, index, ward.EINVALID, "larger than the 512-byte limit"},
		{"no index files", "directory", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.remove("/index.txt")
			c.raw.remove("/changes.csv")
		}, func(c *cisa) string { return c.raw.srv.URL + "/" }, ward.ENOTFOUND, "has neither index.txt nor changes.csv"},
		{"HTML feed", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set(feedPath, []byte("<html>rate limited</html>"))
		}, feed, ward.EINVALID, "is not a ROLIE feed"},
		{"feed without /feed", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set(feedPath, []byte(`{"entry": []}`))
		}, feed, ward.EINVALID, "is not a ROLIE feed: /feed missing"},
		{"feed entry without link", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set(feedPath, []byte(`{"feed": {"entry": [{"id": "ICSMA-1", "link": [{"rel": "signature", "href": "x.asc"}]}]}}`))
		}, feed, ward.EINVALID, `/feed/entry/0 ("ICSMA-1"): no content src or self link`},
		{"feed entry bad time", "rolie", Syncer{}, func(t *testing.T, c *cisa) {
			c.raw.set(feedPath, bytes.Replace(c.raw.file(feedPath), []byte(`"updated": "2024-05-30T06:00:00.000000Z"`), []byte(`"updated": "May 30"`), 1))
		}, feed, ward.EINVALID, `/feed/entry/1/updated: got "May 30", want RFC 3339`},
		{"oversize feed", "rolie", Syncer{MaxListing: 4096}, func(t *testing.T, c *cisa) {}, feed, ward.EINVALID, "larger than the 4096-byte limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCISA(t, tc.metadata)
			tc.setup(t, c)
			rep, err := tc.syncer.Sync(context.Background(), c.www.srv.URL+metadataPath, nil, newStore().put)
			if err == nil {
				t.Fatalf("got no error and report %+v, want %q", rep, tc.msg)
			}
			if got := ward.ErrorCode(err); got != tc.code {
				t.Errorf("got code %q (%v), want %q", got, err, tc.code)
			}
			if msg := err.Error(); !strings.Contains(msg, tc.where(c)) || !strings.Contains(msg, tc.msg) {
				t.Errorf("got error %q, want it to name %s and say %q", msg, tc.where(c), tc.msg)
			}
			if rep == nil || rep.Listed != 0 || rep.Downloaded != 0 {
				t.Errorf("got report %+v, want an empty one", rep)
			}
			for path := range c.raw.requests() {
				if strings.HasPrefix(path, docPrefix+"20") {
					t.Errorf("got a request for %s, want no document requested", path)
				}
			}
		})
	}
}

// TestSyncRefusesProviderURL checks that bad provider URLs fail before
// any request.
func TestSyncRefusesProviderURL(t *testing.T) {
	tests := []struct{ url, msg string }{
		{"", "provider URL: empty URL"},
		{"file:///etc/csaf/provider-metadata.json", "file:///etc/csaf/provider-metadata.json is not an http or https URL"},
		{"ftp://ftp.example.com/csaf/", "is not an http or https URL"},
		{"https://user:secret@example.com/.well-known/csaf/provider-metadata.json", "https://user:xxxxx@example.com/.well-known/csaf/provider-metadata.json carries credentials"},
		{"https://", "has no host"},
		{"http://exa mple.com/", "is not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			_, err := (&Syncer{}).Sync(context.Background(), tc.url, nil, newStore().put)
			if ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(errText(err), tc.msg) {
				t.Errorf("got %v (code %q), want EINVALID saying %q", err, ward.ErrorCode(err), tc.msg)
			}
			if strings.Contains(errText(err), "secret") {
				t.Errorf("got %q, want the password redacted", err)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestSyncNothingThere points Sync at a directory with neither metadata
// nor index files.
func TestSyncNothingThere(t *testing.T) {
	c := mustCISA(t, "directory")
	u := c.raw.srv.URL + "/csaf/"
	_, err := (&Syncer{}).Sync(context.Background(), u, nil, newStore().put)
	want := u + " has neither .well-known/csaf/provider-metadata.json nor index.txt or changes.csv"
	if ward.ErrorCode(err) != ward.ENOTFOUND || errText(err) != want {
		t.Errorf("got %v (code %q), want ENOTFOUND %q", err, ward.ErrorCode(err), want)
	}
}

// TestSyncRestrictedOnly checks that metadata without public
// distributions, found under a web root, is reported as such rather than
// taken for a missing file.
func TestSyncRestrictedOnly(t *testing.T) {
	c := mustCISA(t, "rolie")
	editMetadata(t, c, func(m map[string]any) { firstFeed(m)["tlp_label"] = "RED" })
	_, err := (&Syncer{}).Sync(context.Background(), c.www.srv.URL, nil, newStore().put)
	if want := "lists no TLP:WHITE or TLP:CLEAR distribution"; ward.ErrorCode(err) != ward.ENOTFOUND || !strings.Contains(errText(err), want) {
		t.Errorf("got %v (code %q), want ENOTFOUND saying %q", err, ward.ErrorCode(err), want)
	}
}
