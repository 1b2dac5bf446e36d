package web_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// mockIdP is a minimal OpenID Connect provider: discovery, keys, an
// authorization endpoint that signs in a configured user at once, and a
// token endpoint that checks the PKCE verifier and issues a signed ID
// token.
type mockIdP struct {
	*httptest.Server
	key      *rsa.PrivateKey
	clientID string
	mu       sync.Mutex
	claims   map[string]any       // the user the next sign-in is for
	codes    map[string]mockGrant // code → grant
	tamper   func(map[string]any) // changes the next ID token's claims
}

type mockGrant struct{ nonce, challenge string }

func newMockIdP(t *testing.T, clientID string) *mockIdP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	m := &mockIdP{key: key, clientID: clientID, codes: map[string]mockGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"issuer": m.URL, "authorization_endpoint": m.URL + "/authorize",
			"token_endpoint": m.URL + "/token", "jwks_uri": m.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") != clientID || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" {
			http.Error(w, "bad authorization request", http.StatusBadRequest)
			return
		}
		code, _ := auth.NewSecret()
		m.mu.Lock()
		m.codes[code] = mockGrant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
		m.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		m.mu.Lock()
		g, ok := m.codes[r.PostForm.Get("code")]
		delete(m.codes, r.PostForm.Get("code"))
		claims := map[string]any{}
		for k, v := range m.claims {
			claims[k] = v
		}
		tamper := m.tamper
		m.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		now := time.Now()
		claims["iss"], claims["aud"], claims["nonce"] = m.URL, clientID, g.nonce
		claims["iat"], claims["exp"] = now.Unix(), now.Add(5*time.Minute).Unix()
		if tamper != nil {
			tamper(claims)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": m.sign(t, claims)})
	})
	m.Server = httptest.NewServer(mux)
	t.Cleanup(m.Close)
	return m
}

func (m *mockIdP) sign(t *testing.T, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: m.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	sig, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sig.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (m *mockIdP) next(claims map[string]any, tamper func(map[string]any)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.claims, m.tamper = claims, tamper
}

// TestOIDCSignIn signs in through the mock provider: groups map to roles,
// users are created and kept in step, and a forged or mismatched sign-in
// is refused.
func TestOIDCSignIn(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		idp := newMockIdP(t, "ward-test")
		var ward1 *httptest.Server
		ward1 = httptest.NewUnstartedServer(nil)
		ward1.Start()
		t.Cleanup(ward1.Close)
		ward1.Config.Handler = web.NewServer(db, discardLogger(), db.Engine(), web.Options{OIDC: &web.OIDCConfig{
			Issuer: idp.URL, ClientID: "ward-test", ClientSecret: "s3cret", RedirectURL: ward1.URL + "/auth/oidc/callback",
			GroupsClaim: "groups", GroupRoles: map[string]string{"biomed": ward.RoleClinicalEngineering, "secops": ward.RoleITSecurity, "ciso": ward.RoleViewer}}})
		a := &app.App{Store: db, PasswordParams: auth.TestParams}
		if _, err := a.CreateUser(seedCtx, &ward.User{Username: "localbob", Role: ward.RoleViewer}, "a long local password"); err != nil {
			t.Fatal(err)
		}
		signIn := func(claims map[string]any, tamper func(map[string]any)) (*http.Response, string) {
			idp.next(claims, tamper)
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			res, err := c.Get(ward1.URL + "/auth/oidc/login?next=/findings")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var b strings.Builder
			buf := make([]byte, 4096)
			for {
				n, err := res.Body.Read(buf)
				b.Write(buf[:n])
				if err != nil {
					break
				}
			}
			return res, b.String()
		}
		// A biomed engineer: created with the mapped role, lands on next.
		res, body := signIn(map[string]any{"sub": "u1", "preferred_username": "carla", "email": "carla@example.org",
			"groups": []string{"staff", "biomed"}}, nil)
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/findings" || !strings.Contains(body, "Findings triage") {
			t.Fatalf("biomed sign-in: %d at %s", res.StatusCode, res.Request.URL)
		}
		u, err := db.FindUserByName(seedCtx, "carla")
		if err != nil || u.Role != ward.RoleClinicalEngineering || u.Source != idp.URL || u.LastLogin.IsZero() {
			t.Fatalf("carla: %+v, %v", u, err)
		}
		// Her groups change at the provider: the role follows.
		if res, _ := signIn(map[string]any{"sub": "u1", "preferred_username": "carla", "groups": []string{"ciso"}}, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("second sign-in: %d", res.StatusCode)
		}
		if u, _ := db.FindUserByName(seedCtx, "carla"); u.Role != ward.RoleViewer {
			t.Errorf("carla after a group change: role %s, want viewer", u.Role)
		}
		// Carla renames herself at the provider: she is still the same
		// Ward account, known by her subject.
		if res, _ := signIn(map[string]any{"sub": "u1", "preferred_username": "carla.new", "groups": []string{"ciso"}}, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("sign-in after a rename: %d", res.StatusCode)
		}
		if _, err := db.FindUserByName(seedCtx, "carla.new"); !ward.IsNotFound(err) {
			t.Errorf("a rename at the provider created a second account: %v", err)
		}
		for _, tc := range []struct {
			name   string
			claims map[string]any
			tamper func(map[string]any)
			status int
		}{
			{"no mapped group", map[string]any{"sub": "u2", "preferred_username": "dan", "groups": []string{"staff"}}, nil, http.StatusForbidden},
			{"local account takeover", map[string]any{"sub": "u3", "preferred_username": "localbob", "groups": []string{"biomed"}}, nil, http.StatusForbidden},
			{"another subject claims carla's name", map[string]any{"sub": "u7", "preferred_username": "carla", "groups": []string{"biomed"}}, nil, http.StatusForbidden},
			{"no subject", map[string]any{"preferred_username": "nosub", "groups": []string{"biomed"}}, nil, http.StatusUnauthorized},
			{"wrong nonce", map[string]any{"sub": "u4", "preferred_username": "eve", "groups": []string{"biomed"}},
				func(c map[string]any) { c["nonce"] = "replayed" }, http.StatusUnauthorized},
			{"wrong audience", map[string]any{"sub": "u5", "preferred_username": "eve", "groups": []string{"biomed"}},
				func(c map[string]any) { c["aud"] = "another-app" }, http.StatusUnauthorized},
			{"expired token", map[string]any{"sub": "u6", "preferred_username": "eve", "groups": []string{"biomed"}},
				func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }, http.StatusUnauthorized},
		} {
			if res, _ := signIn(tc.claims, tc.tamper); res.StatusCode != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, res.StatusCode, tc.status)
			}
		}
		if _, err := db.FindUserByName(seedCtx, "eve"); !ward.IsNotFound(err) {
			t.Errorf("eve was created by a refused sign-in: %v", err)
		}
		// A callback without the state cookie (a forged link) is refused.
		res2, err := http.Get(ward1.URL + "/auth/oidc/callback?code=x&state=y")
		if err != nil {
			t.Fatal(err)
		}
		res2.Body.Close()
		if res2.StatusCode != http.StatusUnauthorized {
			t.Errorf("forged callback: status %d, want 401", res2.StatusCode)
		}
	})
}
