package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"ward"
	"ward/auth"
)

// OIDCConfig configures OpenID Connect single sign-on.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string // never logged
	RedirectURL  string // https://ward.example/auth/oidc/callback
	// GroupsClaim names the ID token claim listing the user's groups.
	GroupsClaim string
	// GroupRoles maps a group to a Ward role; a user in several mapped
	// groups gets the most powerful role. A user in none is refused.
	GroupRoles map[string]string
}

// oidcClient is the provider, discovered on first use so that Ward starts
// even when the identity provider is briefly down.
type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	provider *oidc.Provider
}

func (c *oidcClient) get(ctx context.Context) (*oidc.Provider, *oauth2.Config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider == nil {
		p, err := oidc.NewProvider(ctx, c.cfg.Issuer)
		if err != nil {
			return nil, nil, ward.WrapError(ward.EINTERNAL, err, "the single sign-on provider is unreachable")
		}
		c.provider = p
	}
	return c.provider, &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret,
		RedirectURL: c.cfg.RedirectURL, Endpoint: c.provider.Endpoint(),
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}, nil
}

const oidcCookie = "ward_oidc"

// oidcState is what the login round trip keeps in a short-lived cookie.
type oidcState struct {
	State, Nonce, Verifier, Next string
}

func (s *Server) handleOIDCLogin(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return ward.Errorf(ward.ENOTFOUND, "single sign-on is not configured")
	}
	_, conf, err := s.oidc.get(r.Context())
	if err != nil {
		return err
	}
	st := oidcState{Verifier: oauth2.GenerateVerifier(), Next: safeNext(r.URL.Query().Get("next"))}
	if st.State, err = auth.NewSecret(); err != nil {
		return err
	}
	if st.Nonce, err = auth.NewSecret(); err != nil {
		return err
	}
	b, _ := json.Marshal(st)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/auth/oidc/",
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 600})
	http.Redirect(w, r, conf.AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)),
		http.StatusFound)
	return nil
}

func (s *Server) handleOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	if s.oidc == nil {
		return ward.Errorf(ward.ENOTFOUND, "single sign-on is not configured")
	}
	st, err := readOIDCState(r)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc/", MaxAge: -1})
	if e := r.URL.Query().Get("error"); e != "" {
		return ward.Errorf(ward.EUNAUTHORIZED, "the identity provider refused the sign-in: %s", e)
	}
	if r.URL.Query().Get("state") != st.State {
		return ward.Errorf(ward.EUNAUTHORIZED, "sign-in state does not match: start again")
	}
	provider, conf, err := s.oidc.get(r.Context())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tok, err := conf.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return ward.WrapError(ward.EUNAUTHORIZED, err, "the identity provider did not accept the sign-in code")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: s.oidc.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return ward.WrapError(ward.EUNAUTHORIZED, err, "the identity token does not verify")
	}
	if idt.Nonce != st.Nonce {
		return ward.Errorf(ward.EUNAUTHORIZED, "the identity token was not issued for this sign-in")
	}
	u, err := s.oidcUser(r.Context(), idt)
	if err != nil {
		return err
	}
	if err := s.store.RecordLogin(ward.WithActor(r.Context(), ward.Actor("sso:"+u.Username)), u.ID, true, 0, 0); err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, st.Next, http.StatusSeeOther)
	return nil
}

func readOIDCState(r *http.Request) (oidcState, error) {
	var st oidcState
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return st, ward.Errorf(ward.EUNAUTHORIZED, "the sign-in took too long or cookies are blocked: start again")
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &st) != nil || st.State == "" {
		return st, ward.Errorf(ward.EUNAUTHORIZED, "sign-in state is unreadable: start again")
	}
	return st, nil
}

// oidcClaims are the ID token claims Ward reads.
type oidcClaims struct {
	Subject           string `json:"sub"`
	PreferredUsername string `json:"preferred_username"`
	Email             string `json:"email"`
	Name              string `json:"name"`
}

// oidcUser maps a verified ID token to a Ward user: the role from the
// groups claim, created on first sign-in and kept in step afterwards. A
// local account of the same name is never taken over.
func (s *Server) oidcUser(ctx context.Context, idt *oidc.IDToken) (*ward.User, error) {
	var c oidcClaims
	all := map[string]any{}
	if err := idt.Claims(&c); err != nil || idt.Claims(&all) != nil {
		return nil, ward.Errorf(ward.EUNAUTHORIZED, "the identity token's claims are unreadable")
	}
	if c.Subject == "" {
		return nil, ward.Errorf(ward.EUNAUTHORIZED, "the identity token names no subject")
	}
	role := s.oidcRole(all[s.oidc.cfg.GroupsClaim])
	if role == "" {
		return nil, ward.Errorf(ward.EFORBIDDEN, "your groups give you no role in Ward: ask an administrator")
	}
	name := c.PreferredUsername
	if name == "" {
		name = c.Email
	}
	if name == "" {
		name = c.Subject
	}
	ctx = ward.WithActor(ctx, ward.Actor("sso:"+name))
	issuer := s.oidc.cfg.Issuer
	u, err := s.store.FindUserBySubject(ctx, issuer, c.Subject)
	switch {
	case ward.IsNotFound(err):
		// A first sign-in: the name must be free, so that neither a local
		// account nor another single sign-on account is taken over.
		if _, err := s.store.FindUserByName(ctx, name); err == nil {
			return nil, ward.Errorf(ward.EFORBIDDEN, "an account named %q already exists; ask an administrator", name)
		} else if !ward.IsNotFound(err) {
			return nil, err
		}
		u = &ward.User{Username: name, Name: c.Name, Email: c.Email, Role: role, Source: issuer, Subject: c.Subject}
		return u, s.store.CreateUser(ctx, u)
	case err != nil:
		return nil, err
	case u.Disabled:
		return nil, ward.Errorf(ward.EFORBIDDEN, "your Ward account is disabled")
	case u.Role != role:
		return s.store.UpdateUser(ctx, u.ID, ward.UserUpdate{Role: &role})
	}
	return u, nil
}

// oidcRole returns the most powerful role the groups map to, or "".
func (s *Server) oidcRole(claim any) string {
	var groups []string
	switch g := claim.(type) {
	case []any:
		for _, v := range g {
			if str, ok := v.(string); ok {
				groups = append(groups, str)
			}
		}
	case string:
		groups = strings.Fields(g)
	}
	best := ""
	for _, g := range groups {
		r := s.oidc.cfg.GroupRoles[g]
		if r != "" && (best == "" || slices.Index(ward.Roles, r) < slices.Index(ward.Roles, best)) {
			best = r
		}
	}
	return best
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	// Browsers drop tabs and newlines from a Location, so "/\t/evil.example"
	// would become "//evil.example", another site: refuse control characters.
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	return next
}
