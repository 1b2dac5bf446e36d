package feeds

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// mustSync runs one sync and fails the test on a returned error.
func mustSync(tb testing.TB, s *Syncer, providerURL string, known Known, st *store) *Report {
	tb.Helper()
	rep, err := s.Sync(context.Background(), providerURL, known, st.put)
	if err != nil {
		tb.Fatalf("Sync(%s): got error %v, want none", providerURL, err)
	}
	return rep
}

// checkCounts compares a report's counts; Errors are checked by length.
func checkCounts(tb testing.TB, got *Report, want Report) {
	tb.Helper()
	if got.Listed != want.Listed || got.Downloaded != want.Downloaded || got.Unchanged != want.Unchanged ||
		got.Failed != want.Failed || len(got.Errors) != want.Failed {
		tb.Errorf("got report listed %d, downloaded %d, unchanged %d, failed %d, errors %v; want %d, %d, %d, %d",
			got.Listed, got.Downloaded, got.Unchanged, got.Failed, got.Errors, want.Listed, want.Downloaded, want.Unchanged, want.Failed)
	}
}

// checkDocuments checks that st holds every fixture document, byte for
// byte, with the hash of its .sha512 file.
func checkDocuments(tb testing.TB, c *cisa, st *store, wantUpdated bool) {
	tb.Helper()
	for _, u := range c.docs {
		d, ok := st.docs[u]
		if !ok {
			tb.Errorf("got no document %s, want it", u)
			continue
		}
		if !bytes.Equal(d.Body, c.raw.file(c.path(u))) {
			tb.Errorf("%s: got a body of %d bytes, want the fixture's %d", u, len(d.Body), len(c.raw.file(c.path(u))))
		}
		if want := strings.Fields(string(c.raw.file(c.path(u) + ".sha512")))[0]; d.SHA512 != want {
			tb.Errorf("%s: got SHA-512 %s, want %s", u, d.SHA512, want)
		}
		if len(d.SHA256) != 64 {
			tb.Errorf("%s: got SHA-256 %q, want 64 hex digits", u, d.SHA256)
		}
		if wantUpdated && !d.Updated.Equal(c.updated[u]) {
			tb.Errorf("%s: got updated %v, want %v", u, d.Updated, c.updated[u])
		}
	}
}

// TestSyncDirectory covers scenario 1: the first sync through the
// provider metadata fetches and verifies all twelve documents; the second
// trusts changes.csv and Known and requests nothing but the listings.
func TestSyncDirectory(t *testing.T) {
	c := mustCISA(t, "directory")
	st := newStore()
	s := &Syncer{}
	rep := mustSync(t, s, c.www.srv.URL+metadataPath, nil, st)
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 12})
	checkDocuments(t, c, st, true)
	if got := st.delivered(); !slices.Equal(got, c.docs) {
		t.Errorf("got delivery order %v, want %v", got, c.docs)
	}
	if got := c.raw.requests(); got[c.path(c.docs[0])] != 1 || got[c.path(c.docs[0])+".sha512"] != 1 || got[c.path(c.docs[0])+".sha256"] != 0 {
		t.Errorf("got requests %v, want each document and its .sha512 once, no .sha256", got)
	}

	rep = mustSync(t, s, c.www.srv.URL+metadataPath, st.known, st)
	checkCounts(t, rep, Report{Listed: 12, Unchanged: 12})
	want := map[string]int{"/index.txt": 1, "/changes.csv": 1}
	if got := c.raw.requests(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got second-sync requests %v, want only %v", got, want)
	}
	if got := st.delivered(); len(got) != 0 {
		t.Errorf("got %d documents delivered again, want none", len(got))
	}
}

// TestSyncUnchangedByHash checks the fallback when no update time helps:
// Known has the hashes but no times, so Sync fetches each .sha512 and
// nothing else.
func TestSyncUnchangedByHash(t *testing.T) {
	c := mustCISA(t, "directory")
	st := newStore()
	s := &Syncer{}
	mustSync(t, s, c.www.srv.URL+metadataPath, nil, st)
	c.raw.requests()
	hashOnly := func(url string) (string, time.Time, bool) {
		h, _, ok := st.known(url)
		return h, time.Time{}, ok
	}
	rep := mustSync(t, s, c.www.srv.URL+metadataPath, hashOnly, st)
	checkCounts(t, rep, Report{Listed: 12, Unchanged: 12})
	got := c.raw.requests()
	for _, u := range c.docs {
		if got[c.path(u)] != 0 || got[c.path(u)+".sha512"] != 1 {
			t.Errorf("%s: got %d document and %d .sha512 requests, want 0 and 1", u, got[c.path(u)], got[c.path(u)+".sha512"])
		}
	}
}

// TestSyncChanged covers scenario 2: a republished document comes again;
// one whose bytes changed under an old .sha512 is a hash mismatch and is
// never delivered.
func TestSyncChanged(t *testing.T) {
	c := mustCISA(t, "directory")
	st := newStore()
	s := &Syncer{}
	mustSync(t, s, c.www.srv.URL+metadataPath, nil, st)
	st.delivered()

	updated, tampered := c.docs[3], c.docs[7]
	newBody := bytes.Replace(c.raw.file(c.path(updated)), []byte(`"status": "final"`), []byte(`"status": "interim"`), 1)
	if bytes.Equal(newBody, c.raw.file(c.path(updated))) {
		t.Fatalf("%s has no final status to change", updated)
	}
	sum := sha512.Sum512(newBody)
	c.raw.set(c.path(updated), newBody)
	c.raw.set(c.path(updated)+".sha512", []byte(hex.EncodeToString(sum[:])+"  "+updated[strings.LastIndex(updated, "/")+1:]))
	changes := string(c.raw.file("/changes.csv"))
	changes = strings.Replace(changes, strings.TrimPrefix(c.path(updated), "/")+","+c.updated[updated].Format("2006-01-02T15:04:05.000000Z"),
		strings.TrimPrefix(c.path(updated), "/")+",2025-03-01T12:00:00Z", 1)
	if changes == string(c.raw.file("/changes.csv")) {
		t.Fatalf("changes.csv has no line for %s", updated)
	}
	c.raw.set("/changes.csv", []byte(changes))
	c.raw.set(c.path(tampered), append(c.raw.file(c.path(tampered)), ' '))

	// The importer lost its record of the tampered document, so Sync
	// cannot skip it and must download it.
	forgetful := func(url string) (string, time.Time, bool) {
		if url == tampered {
			return "", time.Time{}, false
		}
		return st.known(url)
	}
	rep, err := s.Sync(context.Background(), c.www.srv.URL+metadataPath, forgetful, st.put)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, rep, Report{Listed: 12, Downloaded: 1, Unchanged: 10, Failed: 1})
	if got := st.delivered(); !slices.Equal(got, []string{updated}) {
		t.Errorf("got delivered %v, want only %s", got, updated)
	}
	if d := st.docs[updated]; !bytes.Equal(d.Body, newBody) || d.SHA512 != hex.EncodeToString(sum[:]) || !d.Updated.Equal(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("got %s with SHA-512 %s updated %v, want the new bytes, %x, 2025-03-01T12:00:00Z", updated, d.SHA512, d.Updated, sum)
	}
	if len(rep.Errors) == 1 {
		if msg := rep.Errors[0].Error(); !strings.Contains(msg, tampered) || !strings.Contains(msg, "hash mismatch") {
			t.Errorf("got error %q, want a hash mismatch naming %s", msg, tampered)
		}
	}

	// An importer that still knows the tampered document keeps its copy:
	// the published hash says nothing changed, so nothing is downloaded.
	rep = mustSync(t, s, c.www.srv.URL+metadataPath, st.known, st)
	checkCounts(t, rep, Report{Listed: 12, Unchanged: 12})
}

// BenchmarkSync measures a first sync of the twelve CISA documents from
// the local test server: metadata, index.txt, changes.csv, then a .sha512
// and a document per advisory, each hashed twice and checked as JSON.
func BenchmarkSync(b *testing.B) {
	c := mustCISA(b, "directory")
	s := &Syncer{}
	var bytes int64
	for _, u := range c.docs {
		bytes += int64(len(c.raw.file(c.path(u))))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		rep, err := s.Sync(context.Background(), c.www.srv.URL+metadataPath, nil, func(Document) error { n++; return nil })
		if err != nil || rep.Downloaded != 12 || n != 12 {
			b.Fatalf("got %d delivered, report %+v, error %v; want 12 and no error", n, rep, err)
		}
	}
}

// BenchmarkSyncUnchanged measures the nightly case: everything known,
// changes.csv says nothing is newer, so only the listings are fetched.
func BenchmarkSyncUnchanged(b *testing.B) {
	c := mustCISA(b, "directory")
	s := &Syncer{}
	st := newStore()
	mustSync(b, s, c.www.srv.URL+metadataPath, nil, st)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := s.Sync(context.Background(), c.www.srv.URL+metadataPath, st.known, st.put)
		if err != nil || rep.Unchanged != 12 {
			b.Fatalf("got report %+v, error %v; want 12 unchanged", rep, err)
		}
	}
}
