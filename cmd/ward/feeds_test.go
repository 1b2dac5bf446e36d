package main

import (
	"crypto/sha512"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
)

// cisaDirectory serves testdata/feeds/cisa the way cisagov/CSAF's
// directory distribution lays it out: index.txt and changes.csv at the
// root naming csaf_files/OT/white/YEAR/FILE. override replaces one
// document's bytes (and its .sha512) to simulate a publication. requests
// counts document downloads.
func cisaDirectory(t *testing.T, override map[string][]byte, requests *atomic.Int64) *httptest.Server {
	t.Helper()
	files := http.FileServer(http.Dir(repoFile("feeds/cisa")))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, "/csaf_files/OT/white")
		name, isHash := strings.CutSuffix(path, ".sha512")
		if body, ok := override[name]; ok {
			if isHash {
				sum := sha512.Sum512(body)
				w.Write([]byte(hex.EncodeToString(sum[:]) + "  " + name[strings.LastIndex(name, "/")+1:] + "\n"))
				return
			}
			requests.Add(1)
			w.Write(body)
			return
		}
		if path != r.URL.Path && strings.HasSuffix(path, ".json") {
			requests.Add(1)
		}
		r.URL.Path = path
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFeedsSync(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		var requests atomic.Int64
		override := map[string][]byte{}
		srv := cisaDirectory(t, override, &requests)

		out := mustRun(t, dsn, "feeds", "sync", srv.URL+"/")
		mustContain(t, "first sync", out, "12 listed, 12 downloaded, 0 unchanged, 0 failed",
			"advisories: 12 added, 0 updated, 0 unchanged")
		if n := requests.Load(); n != 12 {
			t.Errorf("first sync downloaded %d documents, want 12", n)
		}
		adv := mustRun(t, dsn, "advisories", "--source", "csaf", "--format", "csv")
		mustContain(t, "advisories after sync", adv, "ICSMA-25-058-01", "ICSMA-17-009-01A")

		// Nothing changed: changes.csv times say so, no document is fetched.
		requests.Store(0)
		out = mustRun(t, dsn, "feeds", "sync", srv.URL+"/")
		mustContain(t, "second sync", out, "12 listed, 0 downloaded, 12 unchanged, 0 failed",
			"advisories: 0 added, 0 updated, 0 unchanged")
		if n := requests.Load(); n != 0 {
			t.Errorf("second sync downloaded %d documents, want 0", n)
		}

		listed := mustRun(t, dsn, "feeds", "list", "--format", "csv", "--prefix", srv.URL+"/csaf_files/OT/white/2025/")
		mustContain(t, "feeds list", listed, "url,tracking_id,updated,fetched_at\n",
			srv.URL+"/csaf_files/OT/white/2025/icsma-25-058-01.json,ICSMA-25-058-01,2025-02-27,")
		if n := strings.Count(listed, "\n"); n != 2 {
			t.Errorf("feeds list --prefix 2025: got %d lines, want header and one document:\n%s", n, listed)
		}
	})
}

// TestFeedsSyncInvalidDocument: a document with a valid hash that is not
// valid CSAF is reported and not recorded; the others are imported, and
// the next sync tries it again.
func TestFeedsSyncInvalidDocument(t *testing.T) {
	dsn := newSQLite(t)
	var requests atomic.Int64
	orig, err := os.ReadFile(repoFile("feeds/cisa/2024/icsma-24-023-01.json"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(orig), `"category": "csaf_security_advisory"`, `"category": ""`, 1)
	if broken == string(orig) {
		t.Fatal("test document has no category to break")
	}
	override := map[string][]byte{"/2024/icsma-24-023-01.json": []byte(broken)}
	srv := cisaDirectory(t, override, &requests)

	r := runDB(t, dsn, "feeds", "sync", srv.URL+"/")
	mustExit(t, r, 1, "sync with an invalid document")
	mustContain(t, "sync with an invalid document", r.stdout, "12 listed, 12 downloaded", "advisories: 11 added")
	mustContain(t, "sync with an invalid document", r.stderr, "icsma-24-023-01.json", "1 document(s) failed")
	if strings.Contains(mustRun(t, dsn, "feeds", "list"), "icsma-24-023-01") {
		t.Error("the invalid document was recorded as imported; the next sync would skip it")
	}

	// The provider fixes it: the next sync fetches only that document.
	delete(override, "/2024/icsma-24-023-01.json")
	requests.Store(0)
	out := mustRun(t, dsn, "feeds", "sync", srv.URL+"/")
	mustContain(t, "sync after the fix", out, "1 downloaded, 11 unchanged, 0 failed", "advisories: 1 added")
	if n := requests.Load(); n != 1 {
		t.Errorf("sync after the fix downloaded %d documents, want 1", n)
	}
}

func TestFeedsUsage(t *testing.T) {
	dsn := newSQLite(t)
	mustExit(t, runDB(t, dsn, "feeds"), 2, "feeds without a subcommand")
	mustExit(t, runDB(t, dsn, "feeds", "sync"), 2, "feeds sync without a URL")
	r := runDB(t, dsn, "feeds", "sync", "file:///etc/passwd")
	if r.code == 0 {
		t.Errorf("feeds sync file:///etc/passwd: exit 0, want a refusal")
	}
	mustContain(t, "feeds sync of a file URL", r.stderr, "file")
}
