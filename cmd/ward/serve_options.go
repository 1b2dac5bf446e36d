package main

import (
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"strings"

	"ward"
	"ward/app"
	"ward/ingest/patches"
	"ward/web"
)

// serveOptions are the serve flags for TLS, cookies and single sign-on.
type serveOptions struct {
	tlsCert, tlsKey string
	secureCookies   bool
	oidcIssuer      string
	oidcClientID    string
	oidcRedirect    string
	oidcGroups      string
	oidcRoles       string
}

func (o *serveOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.tlsCert, "tls-cert", os.Getenv("WARD_TLS_CERT"), "PEM certificate: serve HTTPS (env WARD_TLS_CERT)")
	fs.StringVar(&o.tlsKey, "tls-key", os.Getenv("WARD_TLS_KEY"), "PEM private key for --tls-cert (env WARD_TLS_KEY)")
	fs.BoolVar(&o.secureCookies, "secure-cookies", os.Getenv("WARD_SECURE_COOKIES") == "1", "mark cookies Secure when a TLS proxy sits in front (env WARD_SECURE_COOKIES=1)")
	fs.StringVar(&o.oidcIssuer, "oidc-issuer", os.Getenv("WARD_OIDC_ISSUER"), "OpenID Connect issuer URL: enables single sign-on (env WARD_OIDC_ISSUER)")
	fs.StringVar(&o.oidcClientID, "oidc-client-id", os.Getenv("WARD_OIDC_CLIENT_ID"), "OpenID Connect client id (env WARD_OIDC_CLIENT_ID); the secret is read from WARD_OIDC_CLIENT_SECRET only")
	fs.StringVar(&o.oidcRedirect, "oidc-redirect-url", os.Getenv("WARD_OIDC_REDIRECT_URL"), "this Ward's callback, https://HOST/auth/oidc/callback (env WARD_OIDC_REDIRECT_URL)")
	fs.StringVar(&o.oidcGroups, "oidc-groups-claim", envOr("WARD_OIDC_GROUPS_CLAIM", "groups"), "ID token claim that lists the user's groups")
	fs.StringVar(&o.oidcRoles, "oidc-roles", os.Getenv("WARD_OIDC_ROLES"), "group to role mapping: \"biomed=clinical_engineering,secops=it_security\" (env WARD_OIDC_ROLES)")
}

// options turns the flags into web options. Secrets come from the
// environment, never from flags, so they do not show in process lists.
func (o *serveOptions) options(e *env) (web.Options, error) {
	opts := web.Options{TLSCert: o.tlsCert, TLSKey: o.tlsKey, SecureCookies: o.secureCookies, RecallReader: openRecallReader,
		PatchReader: patches.Read, WorkOrderReader: openWorkOrderReader, WorkOrderHistoryReader: openHistoryReader}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return opts, fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if k := os.Getenv("WARD_CSRF_KEY"); k != "" {
		key, err := hex.DecodeString(k)
		if err != nil || len(key) < 32 {
			return opts, fmt.Errorf("WARD_CSRF_KEY must be at least 32 bytes in hex (shared by every instance)")
		}
		opts.CSRFKey = key
	}
	if o.oidcIssuer == "" {
		return opts, nil
	}
	secret := os.Getenv("WARD_OIDC_CLIENT_SECRET")
	if o.oidcClientID == "" || o.oidcRedirect == "" || secret == "" {
		return opts, fmt.Errorf("single sign-on needs --oidc-client-id, --oidc-redirect-url and WARD_OIDC_CLIENT_SECRET")
	}
	roles, err := parseRoleMap(o.oidcRoles)
	if err != nil {
		return opts, err
	}
	opts.OIDC = &web.OIDCConfig{Issuer: o.oidcIssuer, ClientID: o.oidcClientID, ClientSecret: secret,
		RedirectURL: o.oidcRedirect, GroupsClaim: o.oidcGroups, GroupRoles: roles}
	return opts, nil
}

// parseRoleMap reads "group=role,group=role".
func parseRoleMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		group, role, ok := strings.Cut(pair, "=")
		group, role = strings.TrimSpace(group), strings.TrimSpace(role)
		if !ok || group == "" || !ward.ValidRole(role) {
			return nil, fmt.Errorf("--oidc-roles: %q is not group=role with a role among %s", pair, strings.Join(ward.Roles, ", "))
		}
		m[group] = role
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("--oidc-roles: map at least one group to a role, or no one can sign in")
	}
	return m, nil
}

// bootstrapAdmin creates the first administrator when there is no user
// and prints its one-time password: the only time it is shown.
func bootstrapAdmin(ctx context.Context, e *env, store app.Store) error {
	password, created, err := (&app.App{Store: store}).Bootstrap(ctx)
	if err != nil || !created {
		return err
	}
	fmt.Fprintf(e.stderr, "\nNo user existed, so Ward created an administrator:\n  username: admin\n  password: %s\n"+
		"This one-time password is shown only now; you will choose a new one at first sign-in.\n\n", password)
	return nil
}
