package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"ward"
	"ward/auth"
)

// Cookie names. The __Host- prefix (with Secure and Path=/) stops a
// sibling subdomain from planting a session cookie; without TLS the
// browser refuses that prefix, so plain names are used.
const (
	sessionCookie       = "ward_session"
	secureSessionCookie = "__Host-ward_session"
)

// SessionTTL is how long an idle session lives; activity slides it.
const SessionTTL = 12 * time.Hour

type principalKey struct{}

// principalFrom returns the request's principal, or nil when anonymous.
func principalFrom(ctx context.Context) *ward.Principal {
	p, _ := ctx.Value(principalKey{}).(*ward.Principal)
	return p
}

func withPrincipal(ctx context.Context, p *ward.Principal) context.Context {
	ctx = context.WithValue(ctx, principalKey{}, p)
	return ward.WithActor(ctx, ward.Actor("web:"+p.User.Username))
}

func (s *Server) cookieName() string {
	if s.opts.SecureCookies {
		return secureSessionCookie
	}
	return sessionCookie
}

// authenticate finds who a request comes from: a bearer token, else a
// session cookie. No credentials is anonymous (nil, nil); bad ones are
// EUNAUTHORIZED.
func (s *Server) authenticate(r *http.Request) (*ward.Principal, string, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !strings.HasPrefix(token, auth.TokenPrefix) {
			return nil, "", ward.Errorf(ward.EUNAUTHORIZED, "use \"Authorization: Bearer TOKEN\" with a Ward API token")
		}
		p, err := s.store.AuthenticateToken(r.Context(), auth.HashSecret(strings.TrimSpace(token)))
		return p, "", err
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, "", nil
	}
	p, err := s.store.AuthenticateSession(r.Context(), auth.HashSecret(c.Value), SessionTTL)
	if err != nil {
		return nil, "", err
	}
	return p, c.Value, nil
}

// startSession signs a user in: a new random session id, stored hashed,
// in an HttpOnly, SameSite=Lax cookie (Secure under TLS).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *ward.User) error {
	id, err := auth.NewSecret()
	if err != nil {
		return err
	}
	if err := s.store.CreateSession(r.Context(), &ward.Session{Hash: auth.HashSecret(id), UserID: u.ID,
		ExpiresAt: time.Now().Add(SessionTTL)}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: id, Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(SessionTTL.Seconds())})
	return nil
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request, sessionID string) {
	if sessionID != "" {
		s.store.DeleteSession(r.Context(), auth.HashSecret(sessionID))
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// csrfOK checks a state-changing request made with a session cookie: it
// must carry the session's CSRF token (form field or X-CSRF-Token header),
// and an Origin header, when sent, must be this site. Token-authenticated
// requests carry no ambient credential and need neither.
func (s *Server) csrfOK(r *http.Request, sessionID string) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	if sessionID == "" {
		return true
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || !strings.EqualFold(u.Host, r.Host) {
			return false
		}
	}
	token := r.Header.Get("X-CSRF-Token")
	if token == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		token = r.PostFormValue("csrf_token")
	}
	return auth.CheckCSRF(s.opts.CSRFKey, sessionID, token)
}

// csrfToken is the current session's CSRF token, for forms and the page's
// meta tag.
func (s *Server) csrfToken(r *http.Request) string {
	id, _ := r.Context().Value(sessionIDKey{}).(string)
	if id == "" {
		return ""
	}
	return auth.CSRFToken(s.opts.CSRFKey, id)
}

type sessionIDKey struct{}
