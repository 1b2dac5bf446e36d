package web_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// chromiumPath finds a headless-capable Chromium. Without one the browser
// tests skip, except under CI, where .ci/run installs it.
func chromiumPath(tb testing.TB) string {
	for _, name := range []string{os.Getenv("WARD_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatal("CI is set but no Chromium is installed (apt-get install -y chromium)")
	}
	tb.Skip("no Chromium: install it (apt-get install -y chromium) to run the browser tests")
	return ""
}

// browser is one headless Chromium tab on a real Ward server.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot int
}

// newBrowser starts Chromium (one per test) against srv.
func newBrowser(t *testing.T, srv *httptest.Server) *browser {
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return &browser{t: t, ctx: ctx, base: srv.URL}
}

// do runs steps, failing the test with a screenshot on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.screenshot("failed-" + what)
		b.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the visible text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(sel))
	if err != nil {
		b.screenshot("failed-text")
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func (b *browser) location() string {
	b.t.Helper()
	l, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	return l
}

// waitFor waits until the tab has navigated to a URL containing want and
// the new page is ready: a click or a submit returns before the browser
// has left the old page.
func (b *browser) waitFor(want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ready, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("document.readyState === 'complete' && location.href.includes("+jsString(want)+")"))
		if err == nil && ready {
			return
		}
		if time.Now().After(deadline) {
			b.screenshot("failed-wait")
			b.t.Fatalf("waiting for a page at %q: at %s (%v)", want, b.location(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// countTextPrefix counts the elements matching css whose text starts
// with prefix.
func (b *browser) countTextPrefix(css, prefix string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int]("[...document.querySelectorAll("+jsString(css)+")].filter(e => e.textContent.trim().startsWith("+jsString(prefix)+")).length"))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// count returns how many elements match a CSS selector.
func (b *browser) count(css string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int]("document.querySelectorAll("+jsString(css)+").length"))
	if err != nil {
		b.t.Fatalf("count %s: %v", css, err)
	}
	return n
}

// screenshot saves the page under the test's artifact directory
// (go test -artifacts -outputdir DIR keeps them).
func (b *browser) screenshot(name string) {
	b.shot++
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(b.t.ArtifactDir(), strings.ReplaceAll(b.t.Name(), "/", "_")+"-"+twoDigits(b.shot)+"-"+name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

// login signs in through the login page.
func (b *browser) login(username, password string) {
	b.t.Helper()
	b.do("open the login page", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible("#username"))
	b.screenshot("login")
	b.do("sign in", chromedp.SendKeys("#username", username), chromedp.SendKeys("#password", password),
		chromedp.Submit("#password"))
	b.waitFor(b.base + "/")
	b.do("see the signed-in page", chromedp.WaitVisible("header nav"))
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", "\\'") + "'" }

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// mustBrowserServer loads the labelled device set, with two accounts
// whose passwords the test knows.
func mustBrowserServer(t *testing.T, db *sqlstore.DB) *httptest.Server {
	mustLoadDevset(t, db)
	a := &app.App{Store: db, PasswordParams: auth.TestParams}
	for _, u := range []*ward.User{{Username: "alice", Role: ward.RoleAdmin}, {Username: "victor", Role: ward.RoleViewer}} {
		if _, err := a.CreateUser(seedCtx, u, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine()))
	t.Cleanup(srv.Close)
	return srv
}

// TestBrowserFlows drives the real UI in headless Chromium: sign in,
// filter the inventory, open a device, triage a finding with a
// justification, and check that a viewer cannot change anything.
func TestBrowserFlows(t *testing.T) {
	chromiumPath(t)
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustBrowserServer(t, db)
		b := newBrowser(t, srv)
		b.login("alice", "correct horse battery")
		b.screenshot("dashboard")
		if got := b.text("h1"); got != "Dashboard" {
			t.Fatalf("after sign-in: h1 %q, want Dashboard", got)
		}

		// Filter the inventory by status and search.
		b.do("open the inventory", chromedp.Navigate(b.base+"/devices"), chromedp.WaitVisible("#devices"))
		all := b.count("#devices tbody tr")
		b.do("type a search", chromedp.SendKeys(`#q`, "DEV-19"))
		b.do("submit the filters", chromedp.Submit(`#q`))
		b.waitFor("q=DEV-19")
		b.screenshot("inventory-filtered")
		// On a tablet the page must not overflow sideways: wide tables
		// scroll inside themselves.
		b.do("tablet width", chromedp.EmulateViewport(768, 1024))
		if wide, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth > window.innerWidth + 1")); err != nil || wide {
			t.Errorf("inventory at tablet width overflows the window (%v)", err)
		}
		b.screenshot("inventory-tablet")
		b.do("laptop width", chromedp.EmulateViewport(1280, 900))
		filtered := b.count("#devices tbody tr td a")
		if other := b.count(`#devices tbody tr td:first-child a:not([href=""])`) - b.countTextPrefix("#devices tbody tr td:first-child a", "DEV-19"); other != 0 {
			t.Errorf("filter q=DEV-19: %d rows do not start with DEV-19", other)
		}
		if filtered == 0 || filtered >= all || !strings.Contains(b.location(), "q=DEV-19") {
			t.Fatalf("filter q=DEV-19: %d of %d rows, location %s", filtered, all, b.location())
		}

		// Open a device with findings.
		b.do("open the findings", chromedp.Navigate(b.base+"/findings"), chromedp.WaitVisible("#findings"))
		b.do("open a device", chromedp.Click("#findings tbody tr td:nth-child(3) a"))
		b.waitFor("/devices/")
		b.screenshot("device")
		if b.count("article.finding") == 0 {
			t.Fatal("the device page shows no finding")
		}

		// Triage its first finding with a justification.
		first, err := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.querySelector('article.finding').id"))
		if err != nil || first == "" {
			t.Fatalf("id of the first finding: %q, %v", first, err)
		}
		b.do("triage", chromedp.SetValue(`article.finding form select[name="status"]`, "not_affected"),
			chromedp.SetValue(`article.finding form select[name="justification"]`, "vulnerable_code_not_in_execute_path"),
			chromedp.SendKeys(`article.finding form input[name="comment"]`, "OEM letter: service disabled"),
			chromedp.Submit(`article.finding form input[name="comment"]`))
		b.waitFor("flash=")
		b.screenshot("triaged")
		if got := b.text(".flash"); !strings.Contains(got, "recorded") {
			t.Fatalf("after triage: flash %q", got)
		}
		if got := b.text("#" + first); !strings.Contains(got, "OEM letter: service disabled") || !strings.Contains(got, "Not affected") {
			t.Fatalf("the triage record is not shown: %q", got)
		}
	})
}

// TestBrowserViewerReadOnly checks that a viewer sees no change controls
// and that a forged change is refused.
func TestBrowserViewerReadOnly(t *testing.T) {
	chromiumPath(t)
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustBrowserServer(t, db)
		b := newBrowser(t, srv)
		b.login("victor", "correct horse battery")
		b.do("open findings", chromedp.Navigate(b.base+"/findings"), chromedp.WaitVisible("#findings"))
		b.screenshot("viewer-findings")
		if n := b.count(`input[name="item"]`) + b.count("fieldset.bulk"); n != 0 {
			t.Errorf("a viewer sees %d triage controls", n)
		}
		b.do("open a device", chromedp.Click("#findings tbody tr td:nth-child(2) a"))
		b.waitFor("/devices/")
		if n := b.count("form"); n != 1 { // only the sign-out form
			t.Errorf("a viewer's device page has %d forms, want only sign-out", n)
		}
		if n := b.count(`a[href="/admin"]`); n != 0 {
			t.Error("a viewer sees the admin link")
		}
		// A forged form post with the viewer's own CSRF token is refused.
		status, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(async () => {
			const body = new URLSearchParams({csrf_token: document.querySelector('meta[name=csrf-token]').content,
				item: '1:1', status: 'not_affected', comment: 'forged'});
			const r = await fetch('/findings/triage', {method: 'POST', body});
			return r.status; })()`, chromedp.EvalAwaitPromise))
		if err != nil || status != 403 {
			t.Errorf("viewer's triage post: status %d, err %v; want 403", status, err)
		}
		b.do("open admin", chromedp.Navigate(b.base+"/admin"), chromedp.WaitVisible("h1"))
		b.screenshot("viewer-admin-refused")
		if got := b.text("h1"); got != "Not allowed" {
			t.Errorf("viewer on /admin: h1 %q, want Not allowed", got)
		}
	})
}
