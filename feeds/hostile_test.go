package feeds

import (
	"bytes"
	"crypto/sha512"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"ward"
)

// setSHA512 serves body at the document's path with a matching .sha512,
// as a provider that published it on purpose would.
func setSHA512(c *cisa, docURL string, body []byte) {
	sum := sha512.Sum512(body)
	c.raw.set(c.path(docURL), body)
	c.raw.set(c.path(docURL)+".sha512", []byte(hex.EncodeToString(sum[:])+"\n"))
}

// TestSyncDocumentFailures covers the per-document half of scenario 4:
// each case breaks one document, which lands in Report.Errors with its
// URL, while the others are delivered. No case may reach the evil host.
func TestSyncDocumentFailures(t *testing.T) {
	tests := []struct {
		name     string
		metadata string
		syncer   Syncer
		// setup breaks the provider and returns the URL the error names.
		setup  func(c *cisa, evil *site) string
		listed int
		code   string
		msg    string
	}{
		{"oversize by Content-Length", "directory", Syncer{MaxDocument: 64 << 10}, func(c *cisa, _ *site) string {
			return c.raw.srv.URL + docPrefix + "2021/icsma-21-187-01.json" // 103,474 bytes
		}, 12, ward.EINVALID, "larger than the 65536-byte limit"},
		{"oversize streamed without end", "directory", Syncer{MaxDocument: 128 << 10}, func(c *cisa, _ *site) string {
			u := c.docs[0]
			c.raw.handle(c.path(u), func(w http.ResponseWriter, r *http.Request) {
				chunk := bytes.Repeat([]byte("{"), 4096)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
					w.(http.Flusher).Flush()
				}
			})
			return u
		}, 12, ward.EINVALID, "larger than the 131072-byte limit"},
		{"404 document", "directory", Syncer{}, func(c *cisa, _ *site) string {
			c.raw.remove(c.path(c.docs[2]))
			return c.docs[2]
		}, 12, ward.ENOTFOUND, "404"},
		{"500 document", "directory", Syncer{}, func(c *cisa, _ *site) string {
			c.raw.handle(c.path(c.docs[2]), func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
			return c.docs[2]
		}, 12, ward.EINTERNAL, "unexpected HTTP 500"},
		{"index.txt names another host", "directory", Syncer{}, func(c *cisa, evil *site) string {
			u := evil.srv.URL + "/2025/icsma-25-999-01.json"
			c.raw.set("/index.txt", append(c.raw.file("/index.txt"), u+"\n"...))
			return u
		}, 13, ward.EFORBIDDEN, "neither the provider's nor a listed distribution's"},
		{"ROLIE hash link on another host", "rolie", Syncer{}, func(c *cisa, evil *site) string {
			feed := strings.Replace(string(c.raw.file(feedPath)), c.docs[0]+".sha512", evil.srv.URL+"/x.json.sha512", 1)
			c.raw.set(feedPath, []byte(feed))
			return c.docs[0]
		}, 12, ward.EFORBIDDEN, "hash file refused"},
		{"redirect to another host", "directory", Syncer{}, func(c *cisa, evil *site) string {
			c.raw.handle(c.path(c.docs[4]), func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, evil.srv.URL+"/internal/admin.json", http.StatusFound)
			})
			return c.docs[4]
		}, 12, ward.EFORBIDDEN, "neither the provider's nor a listed distribution's"},
		{"file URL in the ROLIE feed", "rolie", Syncer{}, func(c *cisa, _ *site) string {
			feed := strings.ReplaceAll(string(c.raw.file(feedPath)), c.docs[1]+`"`, `file:///etc/passwd.json"`)
			c.raw.set(feedPath, []byte(feed))
			return "file:///etc/passwd.json"
		}, 12, ward.EINVALID, "is not an http or https URL"},
		{"HTML instead of JSON", "directory", Syncer{}, func(c *cisa, _ *site) string {
			setSHA512(c, c.docs[6], []byte("<!DOCTYPE html><html><body>Sign in</body></html>"))
			return c.docs[6]
		}, 12, ward.EINVALID, "not a JSON document"},
		{"TLP:AMBER document", "directory", Syncer{}, func(c *cisa, _ *site) string {
			setSHA512(c, c.docs[8], bytes.Replace(c.raw.file(c.path(c.docs[8])), []byte(`"WHITE"`), []byte(`"AMBER"`), 1))
			return c.docs[8]
		}, 12, ward.EINVALID, `tlp/label: got "AMBER"`},
		{"no hash published", "directory", Syncer{}, func(c *cisa, _ *site) string {
			c.raw.remove(c.path(c.docs[9]) + ".sha512")
			return c.docs[9]
		}, 12, ward.EINVALID, "no .sha512 or .sha256 file published"},
		{"hash file is HTML", "directory", Syncer{}, func(c *cisa, _ *site) string {
			c.raw.set(c.path(c.docs[9])+".sha512", []byte("<html>Not here</html>"))
			return c.docs[9]
		}, 12, ward.EINVALID, "want 128 hex digits"},
		{"hash file oversize", "directory", Syncer{}, func(c *cisa, _ *site) string {
			c.raw.set(c.path(c.docs[9])+".sha512", bytes.Repeat([]byte("a"), 5000))
			return c.docs[9]
		}, 12, ward.EINVALID, "larger than the 4096-byte limit"},
		{"stalled server", "directory", Syncer{Client: &http.Client{Timeout: 200 * time.Millisecond}}, func(c *cisa, _ *site) string {
			c.raw.handle(c.path(c.docs[10]), func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
			return c.docs[10]
		}, 12, ward.EINTERNAL, "Client.Timeout exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCISA(t, tc.metadata)
			evil := newSite(t)
			evil.handle("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) })
			bad := tc.setup(c, evil)
			st := newStore()
			rep := mustSync(t, &tc.syncer, c.www.srv.URL+metadataPath, nil, st)
			checkCounts(t, rep, Report{Listed: tc.listed, Downloaded: tc.listed - 1, Failed: 1})
			if _, ok := st.docs[bad]; ok {
				t.Errorf("got %s delivered, want it refused", bad)
			}
			if len(rep.Errors) == 1 {
				err := rep.Errors[0]
				if got := ward.ErrorCode(err); got != tc.code {
					t.Errorf("got code %q (%v), want %q", got, err, tc.code)
				}
				if msg := err.Error(); !strings.Contains(msg, bad) || !strings.Contains(msg, tc.msg) {
					t.Errorf("got error %q, want it to name %s and say %q", msg, bad, tc.msg)
				}
			}
			if got := evil.requests(); len(got) != 0 {
				t.Errorf("got requests to the other host %v, want none", got)
			}
		})
	}
}
