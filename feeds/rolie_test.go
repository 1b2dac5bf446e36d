package feeds

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSyncROLIE covers scenario 3: the same twelve documents through a
// ROLIE feed. The metadata also lists a TLP:AMBER feed, which must not be
// touched, and one entry spells its hash link "ref" as CISA's feeds do.
func TestSyncROLIE(t *testing.T) {
	c := mustCISA(t, "rolie")
	st := newStore()
	s := &Syncer{}
	rep := mustSync(t, s, c.www.srv.URL+metadataPath, nil, st)
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 12})
	checkDocuments(t, c, st, true)
	got := c.raw.requests()
	if got["/csaf_files/OT/amber/feed-tlp-amber.json"] != 0 {
		t.Errorf("got %d requests for the TLP:AMBER feed, want 0", got["/csaf_files/OT/amber/feed-tlp-amber.json"])
	}
	if got["/index.txt"]+got["/changes.csv"] != 0 {
		t.Errorf("got requests %v, want none for index.txt or changes.csv", got)
	}
	for _, u := range c.docs {
		if got[c.path(u)+".sha512"] != 1 || got[c.path(u)+".sha256"] != 0 {
			t.Errorf("%s: got %d .sha512 and %d .sha256 requests, want 1 and 0", u, got[c.path(u)+".sha512"], got[c.path(u)+".sha256"])
		}
	}

	rep = mustSync(t, s, c.www.srv.URL+metadataPath, st.known, st)
	checkCounts(t, rep, Report{Listed: 12, Unchanged: 12})
	want := map[string]int{feedPath: 1}
	if got := c.raw.requests(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got second-sync requests %v, want only %v", got, want)
	}
}

// TestSyncBothDistributions lists the documents twice, in a directory
// and a ROLIE feed on the same files: each is fetched once.
func TestSyncBothDistributions(t *testing.T) {
	c := mustCISA(t, "rolie")
	meta := string(c.www.file(metadataPath))
	meta = strings.Replace(meta, `"distributions": [`, `"distributions": [{"directory_url": "`+c.raw.srv.URL+`/"},`, 1)
	c.www.set(metadataPath, []byte(meta))
	st := newStore()
	rep := mustSync(t, &Syncer{}, c.www.srv.URL+metadataPath, nil, st)
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 12})
	got := c.raw.requests()
	for _, u := range c.docs {
		if got[c.path(u)] != 1 {
			t.Errorf("%s: got %d requests, want 1", u, got[c.path(u)])
		}
	}
}

// TestSyncEntryPoints checks each form providerURL may take.
func TestSyncEntryPoints(t *testing.T) {
	c := mustCISA(t, "directory")
	tests := []struct {
		name string
		url  string
		want []string // paths fetched before any document
	}{
		{"metadata URL", c.www.srv.URL + metadataPath, []string{"www" + metadataPath, "raw/index.txt", "raw/changes.csv"}},
		{"web root holding the metadata", c.www.srv.URL, []string{"www" + metadataPath, "raw/index.txt", "raw/changes.csv"}},
		{"ROLIE feed", c.raw.srv.URL + feedPath, []string{"raw" + feedPath}},
		{"directory without metadata", c.raw.srv.URL + "/", []string{"raw" + metadataPath, "raw/index.txt", "raw/changes.csv"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.www.requests()
			c.raw.requests()
			st := newStore()
			rep := mustSync(t, &Syncer{}, tc.url, nil, st)
			checkCounts(t, rep, Report{Listed: 12, Downloaded: 12})
			checkDocuments(t, c, st, true)
			var got []string
			for site, hits := range map[string]map[string]int{"www": c.www.requests(), "raw": c.raw.requests()} {
				for path := range hits {
					if !strings.HasPrefix(path, docPrefix+"20") {
						got = append(got, site+path)
					}
				}
			}
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got listing requests %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSyncSHA256Only(t *testing.T) {
	c := mustCISA(t, "directory")
	u := c.docs[5]
	c.raw.remove(c.path(u) + ".sha512")
	c.raw.set(c.path(u)+".sha256", []byte("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08 icsma.json\n"))
	st := newStore()
	rep := mustSync(t, &Syncer{}, c.www.srv.URL+metadataPath, nil, st)
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 11, Failed: 1})
	if msg := fmt.Sprint(rep.Errors); !strings.Contains(msg, "hash mismatch") || !strings.Contains(msg, u) {
		t.Errorf("got errors %s, want a hash mismatch for %s", msg, u)
	}

	// Now the right SHA-256, upper case as some tools write it.
	c.raw.set(c.path(u)+".sha256", bytes.ToUpper([]byte(sha256Hex(c.raw.file(c.path(u))))))
	rep = mustSync(t, &Syncer{}, c.www.srv.URL+metadataPath, nil, st)
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 12})
	if got := st.docs[u].SHA256; got != sha256Hex(c.raw.file(c.path(u))) {
		t.Errorf("got SHA-256 %s, want %s", got, sha256Hex(c.raw.file(c.path(u))))
	}
}
