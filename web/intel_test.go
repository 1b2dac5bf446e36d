package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/ingest/epss"
	"ward/ingest/kev"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// KEV and EPSS over the API: the devset and CISA advisories with the real
// KEV catalog of testdata, in which CVE-2019-0708 (ICSMA-20-049-01) and
// CVE-2020-1938 (ICSMA-21-187-01) are listed. The real EPSS excerpts score
// no devset CVE, so inventedEPSS makes scores up: they are not FIRST's.

// inventedEPSS scores devset CVEs. INVENTED values, not FIRST data.
const inventedEPSS = `cve,epss,percentile
CVE-2019-0708,0.94,0.999
CVE-2020-1938,0.5,0.97
CVE-2022-47376,0.00123,0.45
`

const bluekeepID = "ICSMA-20-049-01" // Spacelabs Xhibit Telemetry Receiver, CVE-2019-0708: KEV due 2022-05-03

// wantKEV are the devset's open findings with a CVE in the real catalog.
var wantKEV = []string{
	"DEV-102605 ICSMA-21-187-01 affected", "DEV-104813 " + bluekeepID + " affected", "DEV-107373 " + bluekeepID + " affected",
	"DEV-112019 ICSMA-21-187-01 affected", "DEV-119762 ICSMA-21-187-01 affected", "DEV-128057 ICSMA-21-187-01 affected",
	"DEV-138677 " + bluekeepID + " under_investigation", "DEV-141696 ICSMA-21-187-01 under_investigation",
	"DEV-169760 ICSMA-21-187-01 affected", "DEV-175200 ICSMA-21-187-01 affected", "DEV-175428 ICSMA-21-187-01 under_investigation",
	"DEV-184780 " + bluekeepID + " affected",
}

// mustImportIntel imports the real KEV catalog and inventedEPSS.
func mustImportIntel(tb testing.TB, db *sqlstore.DB) {
	tb.Helper()
	ctx := context.Background()
	f, err := os.Open("../testdata/kev/known_exploited_vulnerabilities.json")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	entries, _, err := kev.Parse(f, "known_exploited_vulnerabilities.json")
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := db.ImportKEV(ctx, entries); err != nil {
		tb.Fatal(err)
	}
	scores, err := epss.Parse(strings.NewReader(inventedEPSS), "epss_scores-2025-08-25.csv")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.ImportEPSS(ctx, scores); err != nil {
		tb.Fatal(err)
	}
}

// rawItems returns the items of a page as JSON objects, to see which
// fields the API writes.
func rawItems(tb testing.TB, body []byte) []map[string]any {
	tb.Helper()
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		tb.Fatalf("page %s: %v", body, err)
	}
	return page.Items
}

func TestFindingKEVFilterAndFields(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		mustImportIntel(t, db)
		srv := mustServe(t, db)

		for _, q := range []url.Values{{"kev": {"true"}}, {"kev": {"1"}}, {"kev": {"true"}, "limit": {"5"}}} {
			got := mustAllFindings(t, srv, q)
			if !slices.Equal(pairs(got), wantKEV) {
				t.Errorf("findings?%s: got %v, want %v", q.Encode(), pairs(got), wantKEV)
			}
			for _, f := range got {
				if !f.KEV || f.KEVDueDate.IsZero() {
					t.Errorf("findings?%s: %s %s has kev %v, due %v", q.Encode(), f.AssetTag, f.AdvisoryRef, f.KEV, f.KEVDueDate)
				}
			}
		}
		if got, want := pairs(mustAllFindings(t, srv, url.Values{"kev": {"false"}})), pairs(mustAllFindings(t, srv, nil)); !slices.Equal(got, want) {
			t.Errorf("kev=false: got %d findings, want all %d open ones", len(got), len(want))
		}
		if got := pairs(mustAllFindings(t, srv, url.Values{"kev": {"true"}, "asset_tag": {"DEV-104813"}})); !slices.Equal(got,
			[]string{"DEV-104813 " + bluekeepID + " affected"}) {
			t.Errorf("kev=true&asset_tag=DEV-104813: got %v", got)
		}
		if got := mustAllFindings(t, srv, url.Values{"kev": {"true"}, "advisory": {aicID}}); len(got) != 0 {
			t.Errorf("kev=true&advisory=%s: got %v, want none", aicID, pairs(got))
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings?kev=maybe", nil), http.StatusBadRequest, ward.EINVALID)

		// The fields as JSON: kev and epss always, the due date when known.
		r := mustDo(t, srv, http.MethodGet, "/api/v1/findings?asset_tag=DEV-104813", nil)
		items := rawItems(t, r.Body)
		if len(items) != 1 || items[0]["kev"] != true || items[0]["kev_due_date"] != "2022-05-03" ||
			items[0]["epss"] != 0.94 || items[0]["epss_percentile"] != 0.999 {
			t.Errorf("DEV-104813's finding: got %v, want kev true, due 2022-05-03, epss 0.94 (0.999)", items)
		}
		r = mustDo(t, srv, http.MethodGet, "/api/v1/findings?asset_tag=DEV-126223", nil)
		items = rawItems(t, r.Body)
		if _, has := items[0]["kev_due_date"]; len(items) != 1 || items[0]["kev"] != false || has || items[0]["epss"] != 0.00123 {
			t.Errorf("DEV-126223's finding: got %v, want kev false, no due date, epss 0.00123", items)
		}
		fid := int64(items[0]["id"].(float64))
		if got := mustGet[findingPage](t, srv, "/api/v1/findings/"+id(fid)); len(got.Items) == 0 || got.Items[0].EPSS != 0.00123 {
			t.Errorf("GET /findings/%d: got %+v, want EPSS 0.00123", fid, got.Items)
		}
	})
}

func TestAdvisoryKEVFields(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		mustImportIntel(t, db)
		srv := mustServe(t, db)

		var listed map[string]any
		r := mustDo(t, srv, http.MethodGet, "/api/v1/advisories?cve=CVE-2019-0708", nil)
		for _, a := range rawItems(t, r.Body) {
			if a["tracking_id"] == bluekeepID {
				listed = a
			}
		}
		if listed == nil || listed["kev"] != true || listed["kev_due_date"] != "2022-05-03" || listed["epss"] != 0.94 || listed["epss_percentile"] != 0.999 {
			t.Errorf("advisories?cve=CVE-2019-0708: got %v for %s, want kev true, due 2022-05-03, epss 0.94 (0.999)", listed, bluekeepID)
		}
		whole := mustGet[ward.Advisory](t, srv, "/api/v1/advisories/csaf/"+bluekeepID)
		if !whole.KEV || whole.KEVDueDate.String() != "2022-05-03" || whole.EPSS != 0.94 || whole.EPSSPercentile != 0.999 {
			t.Errorf("GET %s: got kev %v due %v epss %v (%v)", bluekeepID, whole.KEV, whole.KEVDueDate, whole.EPSS, whole.EPSSPercentile)
		}
		// An advisory's zero KEV and EPSS fields are left out of its JSON,
		// as parsers write it.
		var aic map[string]any
		if err := json.Unmarshal(mustDo(t, srv, http.MethodGet, "/api/v1/advisories/csaf/"+aicID, nil).Body, &aic); err != nil {
			t.Fatal(err)
		}
		if _, has := aic["kev"]; has || aic["epss"] != 0.00123 || aic["epss_percentile"] != 0.45 {
			t.Errorf("GET %s: got kev %v, epss %v (%v); want no kev and 0.00123 (0.45)", aicID, aic["kev"], aic["epss"], aic["epss_percentile"])
		}
		nkev := 0
		for _, a := range mustAllAdvisories(t, srv, url.Values{"limit": {"50"}}) {
			if a.KEV {
				nkev++
			}
		}
		// ICSMA-17-215-01, -17-215-02, -18-058-02, -20-049-01, -20-170-01
		// and -21-187-01 name a CVE of the real catalog.
		if nkev != 6 {
			t.Errorf("advisories with kev: got %d, want 6", nkev)
		}
	})
}
