package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"ward"
)

// guard wraps a route's handler with who may call it: it authenticates
// the request, refuses what the principal's role does not allow, checks
// CSRF on state-changing requests made with a session cookie, and sends
// users who must change their password to do that first.
func (s *Server) guard(perm Perm, ownCSRF bool, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, sessionID, err := s.authenticate(r)
		if err != nil && perm == PermPublic {
			// Public routes serve anyone: stale credentials (or a database
			// that is down, for the health check) do not stop them.
			p, sessionID, err = nil, "", nil
		}
		if err != nil {
			if sessionID == "" && isPage(r) {
				s.endSession(w, r, "")
				return s.toLogin(w, r)
			}
			return err
		}
		ctx := r.Context()
		if p != nil {
			ctx = context.WithValue(withPrincipal(ctx, p), sessionIDKey{}, sessionID)
			r = r.WithContext(ctx)
		}
		switch {
		case perm == PermPublic:
		case p == nil && isPage(r):
			return s.toLogin(w, r)
		case p == nil:
			return ward.Errorf(ward.EUNAUTHORIZED, "sign in, or send \"Authorization: Bearer TOKEN\"")
		case p.User.MustChange && p.Via == "session" && !passwordExempt(r):
			if isPage(r) {
				http.Redirect(w, r, "/account/password?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return ward.Errorf(ward.EFORBIDDEN, "choose a new password first (/account/password)")
		case !allowed(p, perm):
			return ward.Errorf(ward.EFORBIDDEN, "your role (%s) may not do this", strings.ReplaceAll(p.Role, "_", " "))
		}
		if !ownCSRF && !s.csrfOK(r, sessionID) {
			return ward.Errorf(ward.EFORBIDDEN, "the form expired or came from another site: reload the page and try again")
		}
		return h(w, r)
	}
}

// isPage reports whether a request is for an HTML page rather than the
// API, which answers in JSON.
func isPage(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/healthz" && r.URL.Path != "/metrics"
}

func passwordExempt(r *http.Request) bool {
	return r.URL.Path == "/account/password" || r.URL.Path == "/logout"
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) error {
	next := "/"
	if r.Method == http.MethodGet {
		next = r.URL.RequestURI()
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
	return nil
}
