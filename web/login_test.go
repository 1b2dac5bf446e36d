package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// session is a browser-like client: a cookie jar, no automatic
// redirects, and the CSRF token of the last page it read.
type session struct {
	t    *testing.T
	srv  *httptest.Server
	c    *http.Client
	csrf string
}

func newSession(t *testing.T, srv *httptest.Server) *session {
	jar, _ := cookiejar.New(nil)
	return &session{t: t, srv: srv, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]*)"|name="csrf-token" content="([^"]+)"`)

func (s *session) get(path string) (int, string, http.Header) {
	s.t.Helper()
	res, err := s.c.Get(s.srv.URL + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	for _, m := range csrfField.FindAllStringSubmatch(string(b), -1) {
		if v := m[1] + m[2]; v != "" {
			s.csrf = v
		}
	}
	return res.StatusCode, string(b), res.Header
}

func (s *session) post(path string, form url.Values) (int, http.Header) {
	s.t.Helper()
	res, err := s.c.PostForm(s.srv.URL+path, form)
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header
}

func (s *session) login(user, password string) (int, http.Header) {
	s.t.Helper()
	s.get("/login")
	return s.post("/login", url.Values{"username": {user}, "password": {password}, "csrf_token": {s.csrf}, "next": {"/devices"}})
}

func mustUser(t *testing.T, db *sqlstore.DB, name, role, password string) {
	t.Helper()
	a := &app.App{Store: db, PasswordParams: auth.TestParams}
	if _, err := a.CreateUser(seedCtx, &ward.User{Username: name, Role: role}, password); err != nil {
		t.Fatal(err)
	}
}

// TestLoginFlow covers sign-in, the session cookie's flags, CSRF on
// forms, sign-out, and a failed sign-in, with their audit entries.
func TestLoginFlow(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustUser(t, db, "nina", ward.RoleClinicalEngineering, "a long enough password")
		srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine(), web.Options{SecureCookies: false}))
		t.Cleanup(srv.Close)
		s := newSession(t, srv)
		if status, h := func() (int, http.Header) { st, _, h := s.get("/devices"); return st, h }(); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Fatalf("anonymous /devices: %d → %s, want a redirect to /login", status, h.Get("Location"))
		}
		// A sign-in without the login form's token is refused.
		if status, _ := s.post("/login", url.Values{"username": {"nina"}, "password": {"a long enough password"}}); status != http.StatusForbidden {
			t.Errorf("sign-in without the form token: %d, want 403", status)
		}
		if status, _ := s.login("nina", "wrong password"); status != http.StatusUnauthorized {
			t.Errorf("wrong password: %d, want 401", status)
		}
		status, h := s.login("nina", "a long enough password")
		if status != http.StatusSeeOther || h.Get("Location") != "/devices" {
			t.Fatalf("sign-in: %d → %q", status, h.Get("Location"))
		}
		var cookie string
		for _, c := range h.Values("Set-Cookie") {
			if strings.HasPrefix(c, "ward_session=") {
				cookie = c
			}
		}
		if !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Errorf("session cookie %q lacks HttpOnly or SameSite", cookie)
		}
		if st, body, _ := s.get("/devices"); st != http.StatusOK || !strings.Contains(body, "Inventory") {
			t.Fatalf("signed-in /devices: %d", st)
		}
		// Signing in again while signed in works (the form has its own token).
		if st, h := s.login("nina", "a long enough password"); st != http.StatusSeeOther || h.Get("Location") != "/devices" {
			t.Errorf("second sign-in while signed in: %d → %q", st, h.Get("Location"))
		}
		s.get("/devices")
		// A form post with the session but without its CSRF token fails.
		form := url.Values{"name": {"Night shift"}, "kind": {"clinical_engineering"}}
		if st, _ := s.post("/findings/triage", form); st != http.StatusForbidden {
			t.Errorf("post without CSRF token: %d, want 403", st)
		}
		form = url.Values{"item": {"1:1"}, "status": {"fixed"}, "comment": {"x"}, "csrf_token": {"forged"}}
		if st, _ := s.post("/findings/triage", form); st != http.StatusForbidden {
			t.Errorf("post with a forged CSRF token: %d, want 403", st)
		}
		// Sign out: the session no longer works.
		if st, _ := s.post("/logout", url.Values{"csrf_token": {s.csrf}}); st != http.StatusSeeOther {
			t.Errorf("sign-out: %d", st)
		}
		if st, _, _ := s.get("/devices"); st != http.StatusSeeOther {
			t.Errorf("after sign-out /devices: %d, want a redirect", st)
		}
		page, err := db.FindAudit(seedCtx, ward.AuditFilter{Action: "login."})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range page.Items {
			actions = append(actions, e.Action)
		}
		if j := strings.Join(actions, ","); !strings.Contains(j, "login.failure") || !strings.Contains(j, "login.success") {
			t.Errorf("audit of logins: %s", j)
		}
	})
}

// TestLoginMustChangeAndLimits covers the first sign-in with a one-time
// password and the sign-in rate limit.
func TestLoginMustChangeAndLimits(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := &app.App{Store: db, PasswordParams: auth.TestParams}
		u := &ward.User{Username: "otto", Role: ward.RoleTechnician}
		onetime, err := a.CreateUser(seedCtx, u, "")
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine()))
		t.Cleanup(srv.Close)
		s := newSession(t, srv)
		status, h := s.login("otto", onetime)
		if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/account/password") {
			t.Fatalf("one-time sign-in: %d → %s, want the change-password page", status, h.Get("Location"))
		}
		if st, _, h := s.get("/devices"); st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/account/password") {
			t.Errorf("before changing the password /devices: %d → %s", st, h.Get("Location"))
		}
		s.get("/account/password")
		if st, _ := s.post("/account/password", url.Values{"current": {onetime}, "new": {"short"}, "confirm": {"short"}, "csrf_token": {s.csrf}}); st != http.StatusBadRequest {
			t.Errorf("too short a password: %d, want 400", st)
		}
		if st, _ := s.post("/account/password", url.Values{"current": {onetime}, "new": {"otto's new passphrase"}, "confirm": {"otto's new passphrase"}, "csrf_token": {s.csrf}}); st != http.StatusSeeOther {
			t.Fatalf("password change: %d", st)
		}
		if st, _ := s.login("otto", "otto's new passphrase"); st != http.StatusSeeOther {
			t.Fatalf("sign-in with the new password: %d", st)
		}
		if st, _, _ := s.get("/devices"); st != http.StatusOK {
			t.Errorf("after the change /devices: %d", st)
		}
		// Ten wrong passwords for one user: the limiter answers 429.
		var last int
		for range 12 {
			last, _ = newSession(t, srv).login("otto", "guess guess guess")
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("after 12 failed sign-ins: %d, want 429", last)
		}
	})
}

// TestBearerTokens checks that expired, revoked and malformed tokens are
// refused.
func TestBearerTokens(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServeAs(t, db, "")
		token := mustToken(t, db, ward.RoleITSecurity)
		call := func(auth string) int {
			req, _ := http.NewRequest("GET", srv.URL+"/api/v1/devices", nil)
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		if st := call("Bearer " + token); st != http.StatusOK {
			t.Fatalf("valid token: %d", st)
		}
		for name, h := range map[string]string{"none": "", "malformed": "Bearer nope", "basic": "Basic dXNlcjpwYXNz",
			"unknown": "Bearer ward_" + strings.Repeat("a", 52)} {
			if st := call(h); st != http.StatusUnauthorized {
				t.Errorf("%s: %d, want 401", name, st)
			}
		}
		toks, err := db.FindTokens(seedCtx, 0)
		if err != nil || len(toks) == 0 {
			t.Fatal(err)
		}
		if err := db.RevokeToken(seedCtx, toks[len(toks)-1].ID); err != nil {
			t.Fatal(err)
		}
		if st := call("Bearer " + token); st != http.StatusUnauthorized {
			t.Errorf("revoked token: %d, want 401", st)
		}
	})
}
