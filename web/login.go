package web

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"ward"
	"ward/auth"
)

// loginCookie carries the login form's anti-forgery value: before a
// session exists, the form and the cookie must agree (double submit), so a
// foreign page cannot sign a browser in as someone else.
const loginCookie = "ward_login"

// loginData fills the login page.
type loginData struct {
	Error, Username, Next, LoginCSRF string
	SSO                              bool
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error {
	return s.loginPage(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, status int, d loginData) error {
	token, err := auth.NewSecret()
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/login", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	d.LoginCSRF, d.SSO = token, s.oidc != nil
	return s.render(w, r, status, "login", "Sign in", "", d)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return ward.Errorf(ward.EINVALID, "unreadable sign-in form")
	}
	d := loginData{Username: strings.TrimSpace(r.PostFormValue("username")), Next: safeNext(r.PostFormValue("next"))}
	c, err := r.Cookie(loginCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf_token"))) != 1 {
		d.Error = "The sign-in form expired. Please try again."
		return s.loginPage(w, r, http.StatusForbidden, d)
	}
	now := time.Now()
	okIP, waitIP := s.loginByIP.allow(clientIP(r), now)
	okUser, waitUser := s.loginByUser.allow(strings.ToLower(d.Username), now)
	if !okIP || !okUser {
		wait := max(waitIP, waitUser).Round(time.Second)
		d.Error = fmt.Sprintf("Too many sign-in attempts. Try again in %s.", wait)
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		return s.loginPage(w, r, http.StatusTooManyRequests, d)
	}
	u, err := s.app.Login(r.Context(), d.Username, r.PostFormValue("password"))
	if err != nil {
		if ward.ErrorCode(err) != ward.EUNAUTHORIZED {
			return err
		}
		d.Error = ward.ErrorMessage(err)
		return s.loginPage(w, r, http.StatusUnauthorized, d)
	}
	if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
		// Signing in again ends the session the browser held.
		s.store.DeleteSession(r.Context(), auth.HashSecret(c.Value))
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	next := d.Next
	if u.MustChange {
		next = "/account/password?next=" + url.QueryEscape(d.Next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	id, _ := r.Context().Value(sessionIDKey{}).(string)
	s.endSession(w, r, id)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// passwordData fills the change-password page.
type passwordData struct {
	Error    string
	Required bool
}

func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	return s.render(w, r, http.StatusOK, "password", "Change password", "", passwordData{Required: p.User.MustChange})
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	p := principalFrom(r.Context())
	fail := func(status int, msg string) error {
		return s.render(w, r, status, "password", "Change password", "", passwordData{Error: msg, Required: p.User.MustChange})
	}
	if p.User.Source != "local" {
		return fail(http.StatusBadRequest, "Your password is managed by your organisation's single sign-on.")
	}
	if _, err := s.app.Login(r.Context(), p.User.Username, r.PostFormValue("current")); err != nil {
		return fail(http.StatusBadRequest, "The current password is wrong.")
	}
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		return fail(http.StatusBadRequest, "The two new passwords differ.")
	}
	if r.PostFormValue("new") == r.PostFormValue("current") {
		return fail(http.StatusBadRequest, "Choose a password other than the current one.")
	}
	if err := s.app.SetPassword(r.Context(), p.User.ID, r.PostFormValue("new"), false); err != nil {
		if ward.ErrorCode(err) == ward.EINVALID {
			return fail(http.StatusBadRequest, ward.ErrorMessage(err))
		}
		return err
	}
	// Changing the password ends every session: sign in again.
	http.Redirect(w, r, "/login?next="+url.QueryEscape(safeNext(r.URL.Query().Get("next"))), http.StatusSeeOther)
	return nil
}

// clientIP is the address the request came from. Ward does not trust
// X-Forwarded-For: behind a proxy every client shares its address, which
// makes the per-address limit stricter, never looser.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
