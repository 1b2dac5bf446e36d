package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

var itemBox = regexp.MustCompile(`name="item" value="(\d+):(\d+)"`)

// TestTriageQueueCache pages through the cached triage queue and checks a
// decision shows at once on the cached ranking.
func TestTriageQueueCache(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		// Every page of 7, in order, gives the ranking the API gives.
		var paged []string
		next := "/findings?limit=7"
		for pages := 0; next != ""; pages++ {
			if pages > 20 {
				t.Fatal("too many pages")
			}
			res := mustDo(t, srv, "GET", next, nil)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s: %d", next, res.Status)
			}
			for _, m := range itemBox.FindAllStringSubmatch(string(res.Body), -1) {
				paged = append(paged, m[1]+":"+m[2])
			}
			next = ""
			if m := regexp.MustCompile(`rel="next" href="\?([^"]+)"`).FindStringSubmatch(string(res.Body)); m != nil {
				next = "/findings?" + strings.ReplaceAll(m[1], "&amp;", "&")
			}
		}
		ranked := mustGet[struct {
			Items []struct {
				FindingID int64 `json:"finding_id"`
				DeviceID  int64 `json:"device_id"`
			} `json:"items"`
		}](t, srv, "/api/v1/risk/findings?limit=1000")
		var want []string
		for _, it := range ranked.Items {
			want = append(want, id(it.FindingID)+":"+id(it.DeviceID))
		}
		if strings.Join(paged, ",") != strings.Join(want, ",") {
			t.Fatalf("paged queue:\n%v\nwant the API's ranking:\n%v", paged, want)
		}
		// Decide the first row through the form: the cached page shows it
		// decided at once, without its checkbox.
		form := url.Values{"item": {paged[0]}, "status": {"not_affected"}, "justification": {"component_not_present"},
			"comment": {"removed at install"}, "next": {"/findings?limit=7"}}
		res := mustRequest(t, srv, "POST", "/findings/triage", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "decided just now: not affected") {
			t.Fatalf("after a decision: %d, want the queue with the decision shown\n%.500s", res.Status, res.Body)
		}
		if strings.Contains(string(res.Body), `value="`+paged[0]+`"`) {
			t.Error("the decided row still has its checkbox")
		}
		// The grouped view, computed before the decision, shows it too.
		if res := mustDo(t, srv, "GET", "/findings?view=groups", nil); res.Status != http.StatusOK {
			t.Fatalf("grouped view: %d", res.Status)
		}
		form.Set("item", paged[1])
		form.Set("next", "/findings?view=groups")
		res = mustRequest(t, srv, "POST", "/findings/triage", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "decided just now: not affected") {
			t.Errorf("grouped view after a decision: %d, want the decision shown", res.Status)
		}
	})
}
