package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

// TestRouteMatrix walks every route in the table as an anonymous caller
// and as each role, and checks that exactly the roles the table allows get
// past authorization.
func TestRouteMatrix(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		routes := web.NewServer(db, discardLogger(), db.Engine()).Routes()
		if len(routes) < 40 {
			t.Fatalf("only %d routes in the table", len(routes))
		}
		servers := map[string]*httptestServer{"": newClient(t, db, "")}
		for _, role := range ward.Roles {
			servers[role] = newClient(t, db, role)
		}
		for _, rt := range routes {
			path := concretePath(rt.Path)
			for role, srv := range servers {
				res := srv.do(t, rt.Method, path)
				if rt.Perm == web.PermPublic {
					// Public handlers may refuse a bad form themselves
					// (403 for an expired sign-in form) but never ask
					// for credentials.
					if res.Status == http.StatusUnauthorized {
						t.Errorf("%s %s as %q: public route answered 401", rt.Method, path, role)
					}
					continue
				}
				want := web.Allowed(role, rt.Perm)
				denied := res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden ||
					res.Status == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login")
				if want && denied {
					t.Errorf("%s %s as %q (needs %s): denied with %d %s", rt.Method, path, role, rt.Perm, res.Status, res.Body)
				}
				if !want && !denied {
					t.Errorf("%s %s as %q (needs %s): allowed with %d", rt.Method, path, role, rt.Perm, res.Status)
				}
				if !want && role == "" && strings.HasPrefix(path, "/api/") && res.Status != http.StatusUnauthorized {
					t.Errorf("%s %s anonymous: got %d, want 401", rt.Method, path, res.Status)
				}
				if !want && role != "" && res.Status != http.StatusForbidden {
					t.Errorf("%s %s as %q: got %d, want 403", rt.Method, path, role, res.Status)
				}
			}
		}
	})
}

// httptestServer is a server with a client that does not follow
// redirects, so a redirect to the sign-in page can be seen.
type httptestServer struct{ *httptest.Server }

func newClient(tb testing.TB, db *sqlstore.DB, role string) *httptestServer {
	srv := mustServeAs(tb, db, role)
	srv.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &httptestServer{srv}
}

func (s *httptestServer) do(tb testing.TB, method, path string) apiResponse {
	tb.Helper()
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return mustRequest(tb, s.Server, method, path, "application/json", strings.NewReader("{}"))
	}
	return mustRequest(tb, s.Server, method, path, "", nil)
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// concretePath fills path parameters with values that name no record, so
// allowed mutations fail with not found instead of changing test data.
func concretePath(p string) string {
	p = strings.ReplaceAll(p, "{$}", "")
	return placeholder.ReplaceAllStringFunc(p, func(m string) string {
		if strings.Contains(m, "id}") || m == "{id}" {
			return "999999"
		}
		return "none"
	})
}
