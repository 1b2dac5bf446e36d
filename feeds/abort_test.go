package feeds

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"ward"
)

// TestSyncCancel cancels the context from inside fn after the third
// document: Sync stops at once, reports the three, and requests nothing
// more.
func TestSyncCancel(t *testing.T) {
	c := mustCISA(t, "directory")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := newStore()
	fn := func(d Document) error {
		st.put(d)
		if len(st.docs) == 3 {
			cancel()
		}
		return nil
	}
	rep, err := (&Syncer{}).Sync(ctx, c.www.srv.URL+metadataPath, nil, fn)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v, want context.Canceled", err)
	}
	if rep.Listed != 12 || rep.Downloaded != 3 || rep.Failed != 0 {
		t.Errorf("got report %+v, want 12 listed, 3 downloaded, 0 failed", rep)
	}
	hits := c.raw.requests()
	if got := hits[c.path(c.docs[3])] + hits[c.path(c.docs[3])+".sha512"]; got != 0 {
		t.Errorf("got %d requests for the fourth document, want 0", got)
	}
}

// TestSyncCancelDuringRequest cancels while a document download hangs:
// the sync returns promptly with the context's error, not a per-document
// failure.
func TestSyncCancelDuringRequest(t *testing.T) {
	c := mustCISA(t, "directory")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.raw.handle(c.path(c.docs[5]), func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	start := time.Now()
	rep, err := (&Syncer{}).Sync(ctx, c.www.srv.URL+metadataPath, nil, newStore().put)
	if !errors.Is(err, context.Canceled) || ward.ErrorCode(err) != ward.EINTERNAL {
		t.Fatalf("got error %v (code %q), want context.Canceled with code %q", err, ward.ErrorCode(err), ward.EINTERNAL)
	}
	if rep.Downloaded != 5 || rep.Failed != 0 {
		t.Errorf("got report %+v, want 5 downloaded and no failures", rep)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("got Sync returning after %v, want promptly", d)
	}
}

// TestSyncFnError checks that fn's error stops the sync, keeps its code
// and names the document.
func TestSyncFnError(t *testing.T) {
	c := mustCISA(t, "directory")
	calls := 0
	fn := func(d Document) error {
		calls++
		if calls == 2 {
			return ward.Errorf(ward.ECONFLICT, "advisory already imported from another source")
		}
		return nil
	}
	rep, err := (&Syncer{}).Sync(context.Background(), c.www.srv.URL+metadataPath, nil, fn)
	if ward.ErrorCode(err) != ward.ECONFLICT || !strings.Contains(err.Error(), "importing "+c.docs[1]) {
		t.Errorf("got %v (code %q), want ECONFLICT naming %s", err, ward.ErrorCode(err), c.docs[1])
	}
	if calls != 2 || rep.Downloaded != 1 {
		t.Errorf("got %d calls and %d downloaded, want 2 and 1", calls, rep.Downloaded)
	}
	if _, err := (&Syncer{}).Sync(context.Background(), c.www.srv.URL+metadataPath, nil, nil); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("got %v for a nil fn, want EINVALID", err)
	}
}

// TestSyncLeavesClientAlone checks that Sync's redirect policy goes on a
// copy, not on the caller's client, and that UserAgent is sent.
func TestSyncLeavesClientAlone(t *testing.T) {
	c := mustCISA(t, "directory")
	var agent string
	c.raw.handle("/index.txt", func(w http.ResponseWriter, r *http.Request) {
		agent = r.UserAgent()
		w.Write(mustRead(t, "cisa/index.txt"))
	})
	client := &http.Client{Timeout: 10 * time.Second}
	mustSync(t, &Syncer{Client: client, UserAgent: "ward-test/0"}, c.www.srv.URL+metadataPath, nil, newStore())
	if client.CheckRedirect != nil {
		t.Errorf("got the caller's CheckRedirect set, want it untouched")
	}
	if agent != "ward-test/0" {
		t.Errorf("got User-Agent %q, want %q", agent, "ward-test/0")
	}
}

func TestDefaultClientTimeouts(t *testing.T) {
	c := DefaultClient()
	tr := c.Transport.(*http.Transport)
	if c.Timeout == 0 || tr.ResponseHeaderTimeout == 0 || tr.TLSHandshakeTimeout == 0 {
		t.Errorf("got timeouts %v overall, %v header, %v TLS; want all set", c.Timeout, tr.ResponseHeaderTimeout, tr.TLSHandshakeTimeout)
	}
}
