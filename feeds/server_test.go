package feeds

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fixtures is the trimmed copy of CISA's OT/white directory distribution
// (see testdata/SOURCES.md).
const fixtures = "../testdata/feeds"

// Paths on the test servers. They mirror CISA's split: the metadata on
// www.cisa.gov, the files on raw.githubusercontent.com below the repo
// root, which is where index.txt's paths are relative to.
const (
	metadataPath = "/.well-known/csaf/provider-metadata.json"
	feedPath     = "/csaf_files/OT/white/cisa-csaf-ot-feed-tlp-white.json"
	docPrefix    = "/csaf_files/OT/white/"
)

// site is an httptest server that serves files from memory, lets a test
// replace any path with a handler, and counts requests per path.
type site struct {
	srv      *httptest.Server
	mu       sync.Mutex
	files    map[string][]byte
	handlers map[string]http.HandlerFunc
	hits     map[string]int
}

func newSite(tb testing.TB) *site {
	tb.Helper()
	s := &site{files: map[string][]byte{}, handlers: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	h := s.handlers[r.URL.Path]
	body, ok := s.files[r.URL.Path]
	s.mu.Unlock()
	switch {
	case h != nil:
		h(w, r)
	case ok:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(body)
	default:
		http.NotFound(w, r)
	}
}

func (s *site) set(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = body
}

func (s *site) file(path string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files[path]
}

func (s *site) remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, path)
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

// requests returns the number of requests per path and resets the count.
func (s *site) requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	got := s.hits
	s.hits = map[string]int{}
	return got
}

// cisa is a fake CISA: www serves the provider metadata, raw the
// directory distribution and the ROLIE feed.
type cisa struct {
	www, raw *site
	docs     []string             // document URLs, sorted
	updated  map[string]time.Time // document URL → its changes.csv time
}

// mustCISA starts the two servers. metadata names the fixture serving as
// provider-metadata.json: "directory" or "rolie".
func mustCISA(tb testing.TB, metadata string) *cisa {
	tb.Helper()
	c := &cisa{www: newSite(tb), raw: newSite(tb), updated: map[string]time.Time{}}
	fill := func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte("{{www}}"), []byte(c.www.srv.URL))
		return bytes.ReplaceAll(b, []byte("{{raw}}"), []byte(c.raw.srv.URL))
	}
	c.www.set(metadataPath, fill(mustRead(tb, "provider-metadata-"+metadata+".json")))
	c.raw.set(feedPath, fill(mustRead(tb, "cisa-csaf-ot-feed-tlp-white.json")))
	c.raw.set("/index.txt", mustRead(tb, "cisa/index.txt"))
	changes := mustRead(tb, "cisa/changes.csv")
	c.raw.set("/changes.csv", changes)
	files, err := filepath.Glob(filepath.Join(fixtures, "cisa", "20*", "icsma-*"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("got %d fixture files (%v), want some", len(files), err)
	}
	for _, f := range files {
		rel := strings.TrimPrefix(filepath.ToSlash(f), fixtures+"/cisa/")
		c.raw.set(docPrefix+rel, mustRead(tb, "cisa/"+rel))
		if strings.HasSuffix(rel, ".json") {
			c.docs = append(c.docs, c.raw.srv.URL+docPrefix+rel)
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(changes)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	for _, row := range rows {
		t, err := time.Parse(time.RFC3339, row[1])
		if err != nil {
			tb.Fatal(err)
		}
		c.updated[c.raw.srv.URL+"/"+row[0]] = t
	}
	return c
}

// path returns the server path of a document URL.
func (c *cisa) path(docURL string) string { return strings.TrimPrefix(docURL, c.raw.srv.URL) }

func mustRead(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// store is an importer's memory of what it stored, keyed by URL.
type store struct {
	mu   sync.Mutex
	docs map[string]Document
	got  []string // URLs in delivery order
}

func newStore() *store { return &store{docs: map[string]Document{}} }

func (s *store) put(d Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[d.URL] = d
	s.got = append(s.got, d.URL)
	return nil
}

func (s *store) known(url string) (string, time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[url]
	return d.SHA512, d.Updated, ok
}

// delivered returns the URLs delivered since the last call.
func (s *store) delivered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	got := s.got
	s.got = nil
	return got
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
