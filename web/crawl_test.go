package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
	"ward/web"
)

var hrefs = regexp.MustCompile(`href="(/[^"#]*)`)

// crawl follows the site's own links from the dashboard, breadth first, as
// a user of role, and fails on any server error or broken page. It returns
// how many pages it read.
func crawl(t *testing.T, srv *httptest.Server, limit int) int {
	t.Helper()
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	n := 0
	for len(queue) > 0 && n < limit {
		p := queue[0]
		queue = queue[1:]
		res := mustDo(t, srv, "GET", p, nil)
		n++
		if res.Status >= 500 || res.Status == http.StatusNotFound && !strings.Contains(p, "/advisories/") {
			t.Errorf("GET %s: %d\n%.300s", p, res.Status, res.Body)
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range hrefs.FindAllStringSubmatch(string(res.Body), -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			u, err := url.Parse(link)
			if err != nil || strings.HasPrefix(u.Path, "/static/") || u.Path == "/logout" || u.Query().Get("fresh") != "" {
				continue
			}
			// Pages differ by path and by which parameters are set, not
			// by every value: that keeps the crawl broad, not deep.
			keys := make([]string, 0, len(u.Query()))
			for k := range u.Query() {
				keys = append(keys, k)
			}
			key := u.Path + "?" + strings.Join(sortStrings(keys), "&")
			if !seen[key] {
				seen[key] = true
				queue = append(queue, link)
			}
		}
	}
	return n
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// TestCrawl reads every page reachable from the dashboard, as an admin
// and as a viewer, over the labelled device set: no link may lead to a
// server error or a missing page.
func TestCrawl(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		for _, role := range []string{ward.RoleAdmin, ward.RoleViewer} {
			if n := crawl(t, mustServeAs(t, db, role), 400); n < 20 {
				t.Errorf("%s: crawled only %d pages", role, n)
			}
		}
		// A user limited to one facility must never be shown a link to a
		// record outside it (it would answer "not found").
		facs, err := db.FindFacilities(seedCtx)
		if err != nil {
			t.Fatal(err)
		}
		a := &app.App{Store: db, PasswordParams: auth.TestParams}
		if _, err := a.CreateUser(seedCtx, &ward.User{Username: "crawler", Role: ward.RoleClinicalEngineering,
			FacilityIDs: []int64{facs[0].ID}}, "crawler password 1"); err != nil {
			t.Fatal(err)
		}
		token, _, err := a.CreateToken(seedCtx, "crawler", "", "test", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		srv := mustServeAs(t, db, "")
		srv.Client().Transport = bearer{token: token, base: srv.Client().Transport}
		if n := crawl(t, srv, 400); n < 20 {
			t.Errorf("scoped user: crawled only %d pages", n)
		}
	})
}

// TestCrawlDB crawls a database named by WARD_CRAWL_DB (e.g. a demo
// health system) as an admin.
func TestCrawlDB(t *testing.T) {
	dsn := os.Getenv("WARD_CRAWL_DB")
	if dsn == "" {
		t.Skip("set WARD_CRAWL_DB to crawl a database")
	}
	db, err := sqlstore.Open(seedCtx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv := httptest.NewServer(web.NewServer(db, discardLogger(), db.Engine()))
	defer srv.Close()
	srv.Client().Transport = bearer{token: mustToken(t, db, ward.RoleAdmin), base: srv.Client().Transport}
	t.Logf("crawled %d pages", crawl(t, srv, 1500))
}
