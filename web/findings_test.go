package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/cmms"
	"ward/ingest/csaf"
	"ward/ingest/nvd"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// The advisory, finding, triage and match endpoints over the labeled
// devset: its 62 devices, the 153 real CISA advisories and one real NVD
// record, imported and matched through the use cases.

const aicID = "ICSMA-23-047-01" // BD Alaris Infusion Central: DEV-126223, DEV-165415 affected, DEV-178576 under investigation

// csafFiles is an AdvisorySource over the CISA advisories of testdata.
type csafFiles struct {
	files []string
	i     int
}

func (s *csafFiles) Next() (*ward.Advisory, error) {
	if s.i == len(s.files) {
		return nil, io.EOF
	}
	f, err := os.Open(s.files[s.i])
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s.i++
	return csaf.Parse(f, filepath.Base(s.files[s.i-1]))
}

// mustLoadDevset imports the devset inventory, the CISA advisories and the
// NVD record CVE-2023-0001, and matches them.
func mustLoadDevset(tb testing.TB, db *sqlstore.DB) *app.App {
	tb.Helper()
	ctx := context.Background()
	a := &app.App{Store: db}
	f, err := os.Open("../testdata/ward-devset/inventory.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd, err := cmms.NewReader(f, "inventory.csv", cmms.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	if _, _, err := a.ImportDevices(ctx, rd, ward.ImportOptions{}); err != nil {
		tb.Fatalf("import devices: %v", err)
	}
	files, _ := filepath.Glob("../testdata/cisa-csaf/*.json")
	sort.Strings(files)
	if len(files) != 153 {
		tb.Fatalf("got %d CISA advisories, want 153", len(files))
	}
	if _, _, err := a.ImportAdvisories(ctx, &csafFiles{files: files}); err != nil {
		tb.Fatalf("import advisories: %v", err)
	}
	nf, err := os.Open("../testdata/nvd/cves-CVE-2023-0001.json.gz")
	if err != nil {
		tb.Fatal(err)
	}
	defer nf.Close()
	nr, err := nvd.NewReader(nf, "cves-CVE-2023-0001.json.gz")
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := a.ImportAdvisories(ctx, nr); err != nil {
		tb.Fatalf("import NVD: %v", err)
	}
	return a
}

// advisoryPage and findingPage are the bodies of the list endpoints.
type advisoryPage struct {
	Items      []ward.Advisory `json:"items"`
	NextCursor string          `json:"next_cursor"`
}

type findingPage struct {
	Items      []ward.Finding `json:"items"`
	NextCursor string         `json:"next_cursor"`
}

// mustAllAdvisories walks every page of GET /api/v1/advisories?query.
func mustAllAdvisories(tb testing.TB, srv *httptest.Server, query url.Values) []ward.Advisory {
	tb.Helper()
	var all []ward.Advisory
	seen := map[int64]bool{}
	q := cloneValues(query)
	for pages := 0; ; pages++ {
		if pages > 200 {
			tb.Fatalf("advisories?%s: more than 200 pages", query.Encode())
		}
		page := mustGet[advisoryPage](tb, srv, "/api/v1/advisories?"+q.Encode())
		for _, a := range page.Items {
			if seen[a.ID] {
				tb.Fatalf("advisories?%s: advisory %d (%s) served twice", query.Encode(), a.ID, a.TrackingID)
			}
			seen[a.ID] = true
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		q.Set("cursor", page.NextCursor)
	}
}

// mustAllFindings walks every page of GET /api/v1/findings?query and
// requires each (finding, device) pair once.
func mustAllFindings(tb testing.TB, srv *httptest.Server, query url.Values) []ward.Finding {
	tb.Helper()
	var all []ward.Finding
	seen := map[[2]int64]bool{}
	q := cloneValues(query)
	for pages := 0; ; pages++ {
		if pages > 500 {
			tb.Fatalf("findings?%s: more than 500 pages", query.Encode())
		}
		page := mustGet[findingPage](tb, srv, "/api/v1/findings?"+q.Encode())
		for _, f := range page.Items {
			k := [2]int64{f.ID, f.DeviceID}
			if seen[k] {
				tb.Fatalf("findings?%s: finding %d of device %d served twice", query.Encode(), f.ID, f.DeviceID)
			}
			seen[k] = true
		}
		all = append(all, page.Items...)
		if page.NextCursor == "" {
			return all
		}
		if len(page.Items) == 0 {
			tb.Fatalf("findings?%s: an empty page with a next cursor", query.Encode())
		}
		q.Set("cursor", page.NextCursor)
	}
}

func cloneValues(v url.Values) url.Values {
	q := url.Values{}
	for k, vs := range v {
		q[k] = slices.Clone(vs)
	}
	return q
}

// pairs renders findings as sorted "asset tag advisory status" lines.
func pairs(fs []ward.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.AssetTag + " " + f.AdvisoryRef + " " + f.Status
	}
	sort.Strings(out)
	return out
}

// storeFindings lists the store's findings for f, as pairs.
func storeFindings(tb testing.TB, db *sqlstore.DB, f ward.FindingFilter) []string {
	tb.Helper()
	var out []ward.Finding
	if err := db.EachFinding(context.Background(), f, func(fd *ward.Finding) error {
		out = append(out, *fd)
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
	return pairs(out)
}

func TestAdvisoryListAndGet(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)

		all := mustGet[advisoryPage](t, srv, "/api/v1/advisories?limit=1000")
		if len(all.Items) != 154 || all.NextCursor != "" {
			t.Fatalf("advisories?limit=1000: got %d and cursor %q, want 154 and none", len(all.Items), all.NextCursor)
		}
		for i := 1; i < len(all.Items); i++ {
			p, c := all.Items[i-1], all.Items[i]
			if p.ImportedAt.Before(c.ImportedAt) || p.ImportedAt.Equal(c.ImportedAt) && p.ID < c.ID {
				t.Fatalf("advisory order: %s (%v, %d) before %s (%v, %d), want most recently imported first",
					p.TrackingID, p.ImportedAt, p.ID, c.TrackingID, c.ImportedAt, c.ID)
			}
		}
		paged := mustAllAdvisories(t, srv, url.Values{"limit": {"17"}})
		if len(paged) != len(all.Items) {
			t.Errorf("advisories by pages of 17: got %d, want %d", len(paged), len(all.Items))
		}
		for i := range paged {
			if i < len(all.Items) && paged[i].ID != all.Items[i].ID {
				t.Fatalf("advisories by pages of 17: item %d is %s, want %s", i, paged[i].TrackingID, all.Items[i].TrackingID)
			}
		}

		bySource := map[string]int{}
		for _, src := range []string{ward.SourceCSAF, ward.SourceNVD} {
			for _, a := range mustAllAdvisories(t, srv, url.Values{"source": {src}, "limit": {"50"}}) {
				if a.Source != src {
					t.Errorf("source=%s: got %s %s", src, a.Source, a.TrackingID)
				}
				bySource[src]++
			}
		}
		if bySource[ward.SourceCSAF] != 153 || bySource[ward.SourceNVD] != 1 {
			t.Errorf("by source: got %v, want 153 csaf and 1 nvd", bySource)
		}

		for _, cve := range []string{"CVE-2022-47376", "cve-2022-47376"} {
			got := mustAllAdvisories(t, srv, url.Values{"cve": {cve}})
			if len(got) != 1 || got[0].TrackingID != aicID {
				t.Errorf("cve=%s: got %v, want only %s", cve, trackingIDs(got), aicID)
			}
		}
		bluekeep := mustAllAdvisories(t, srv, url.Values{"cve": {"CVE-2019-0708"}})
		if !slices.Contains(trackingIDs(bluekeep), "ICSMA-20-049-01") {
			t.Errorf("cve=CVE-2019-0708: got %v, want ICSMA-20-049-01 among them", trackingIDs(bluekeep))
		}
		for _, a := range bluekeep {
			full := mustGet[ward.Advisory](t, srv, "/api/v1/advisories/"+a.Source+"/"+url.PathEscape(a.TrackingID))
			if !slices.Contains(full.CVEs(), "CVE-2019-0708") {
				t.Errorf("cve=CVE-2019-0708 listed %s, whose CVEs are %v", a.TrackingID, full.CVEs())
			}
		}
		if got := mustAllAdvisories(t, srv, url.Values{"q": {"icsma-23-047"}}); len(got) != 1 || got[0].TrackingID != aicID {
			t.Errorf("q=icsma-23-047: got %v, want only %s", trackingIDs(got), aicID)
		}
		alaris := mustAllAdvisories(t, srv, url.Values{"q": {"Alaris"}})
		if len(alaris) < 2 || !slices.Contains(trackingIDs(alaris), aicID) {
			t.Errorf("q=Alaris: got %v, want several BD advisories with %s", trackingIDs(alaris), aicID)
		}
		for _, a := range alaris {
			if !strings.Contains(strings.ToLower(a.Title), "alaris") {
				t.Errorf("q=Alaris: got %s %q, whose title does not name Alaris", a.TrackingID, a.Title)
			}
		}
		if got := mustAllAdvisories(t, srv, url.Values{"source": {ward.SourceNVD}, "q": {"Alaris"}}); len(got) != 0 {
			t.Errorf("source=nvd&q=Alaris: got %v, want none", trackingIDs(got))
		}

		for _, path := range []string{"/api/v1/advisories/csaf/" + aicID, "/api/v1/advisories/csaf/icsma-23-047-01"} {
			a := mustGet[ward.Advisory](t, srv, path)
			if a.TrackingID != aicID || a.Revision != "2" || len(a.Products) != 1 || len(a.Vulnerabilities) != 1 ||
				a.Vulnerabilities[0].CVE != "CVE-2022-47376" || a.Products[0].Version != ">= 1.1 | <= 1.3.2" {
				t.Errorf("GET %s: got %s rev %q, %d products, %d vulnerabilities; want the whole advisory", path, a.TrackingID,
					a.Revision, len(a.Products), len(a.Vulnerabilities))
			}
		}
		if a := mustGet[ward.Advisory](t, srv, "/api/v1/advisories/nvd/CVE-2023-0001"); a.Source != ward.SourceNVD || len(a.Vulnerabilities) != 1 {
			t.Errorf("GET the NVD record: got %s %s with %d vulnerabilities", a.Source, a.TrackingID, len(a.Vulnerabilities))
		}
		for _, path := range []string{"/api/v1/advisories/csaf/ICSMA-99-999-99", "/api/v1/advisories/nvd/" + aicID, "/api/v1/advisories/cve5/CVE-2023-0001"} {
			mustAPIError(t, mustDo(t, srv, http.MethodGet, path, nil), http.StatusNotFound, ward.ENOTFOUND)
		}
		for _, q := range []string{"limit=x", "limit=-1", "cursor=not-a-cursor"} {
			mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/advisories?"+q, nil), http.StatusBadRequest, ward.EINVALID)
		}
	})
}

func trackingIDs(as []ward.Advisory) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.TrackingID
	}
	return out
}

func TestFindingList(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		ctx := context.Background()

		open := mustAllFindings(t, srv, nil)
		if got, want := pairs(open), storeFindings(t, db, ward.FindingFilter{}); !slices.Equal(got, want) {
			t.Fatalf("default listing: got %d findings, want the store's %d open ones", len(got), len(want))
		}
		if len(open) < 46 {
			t.Fatalf("default listing: got %d findings, want at least the devset's 46 labeled pairs", len(open))
		}
		for _, f := range open {
			if !ward.OpenStatus(f.Status) {
				t.Errorf("default listing: %s %s is %s, want only open findings", f.AssetTag, f.AdvisoryRef, f.Status)
			}
			if f.Explanation == "" || f.AdvisoryTitle == "" || f.Source == "" || len(f.CVEs) == 0 || f.FirstSeen.IsZero() {
				t.Errorf("finding %d of %s: got %+v, want explanation, title, source, CVEs and first seen", f.ID, f.AssetTag, f)
			}
		}

		// One decision so that status=all differs from the default.
		d165 := mustDevice(t, db, "DEV-165415")
		mustDecode[ward.Triage](t, mustDo(t, srv, http.MethodPost, "/api/v1/triage", map[string]any{
			"device_id": d165.ID, "source": "csaf", "advisory_id": aicID, "status": "not_affected",
			"justification": "vulnerable_code_not_in_execute_path"}), http.StatusOK)

		for _, c := range []struct {
			query string
			want  []string
		}{
			{"status=affected", []string{ward.FindingAffected}},
			{"status=under_investigation", []string{ward.FindingUnderInvestigation}},
			{"status=affected,under_investigation", []string{ward.FindingAffected, ward.FindingUnderInvestigation}},
			{"status=affected&status=under_investigation", []string{ward.FindingAffected, ward.FindingUnderInvestigation}},
			{"status=not_affected", []string{ward.FindingNotAffected}},
			{"status=all", ward.FindingStatuses},
		} {
			q, _ := url.ParseQuery(c.query)
			got := mustAllFindings(t, srv, q)
			want := storeFindings(t, db, ward.FindingFilter{Statuses: c.want})
			if !slices.Equal(pairs(got), want) {
				t.Errorf("findings?%s: got %d findings, want the store's %d", c.query, len(got), len(want))
			}
			for _, f := range got {
				if !slices.Contains(c.want, f.Status) {
					t.Errorf("findings?%s: got %s %s with status %s", c.query, f.AssetTag, f.AdvisoryRef, f.Status)
				}
			}
		}
		// DEV-165415's finding left the open ones for not_affected: status=all
		// still lists every pair.
		if n := len(mustAllFindings(t, srv, url.Values{"status": {"all"}})); n != len(open) {
			t.Errorf("status=all: got %d findings, want %d", n, len(open))
		}
		if got := pairs(mustAllFindings(t, srv, url.Values{"status": {"not_affected"}})); !slices.Equal(got, []string{"DEV-165415 " + aicID + " not_affected"}) {
			t.Errorf("status=not_affected: got %v, want DEV-165415's triaged finding", got)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings?status=wontfix", nil), http.StatusBadRequest, ward.EINVALID)

		// The advisory by tracking ID (any case), by CVE and by database ID.
		adv, err := db.FindAdvisory(ctx, ward.SourceCSAF, aicID)
		if err != nil {
			t.Fatal(err)
		}
		wantAIC := []string{"DEV-126223 " + aicID + " affected", "DEV-178576 " + aicID + " under_investigation"}
		for _, q := range []url.Values{
			{"advisory": {aicID}}, {"advisory": {strings.ToLower(aicID)}}, {"advisory": {"CVE-2022-47376"}},
			{"advisory": {"cve-2022-47376"}}, {"advisory_db_id": {id(adv.ID)}},
		} {
			if got := pairs(mustAllFindings(t, srv, q)); !slices.Equal(got, wantAIC) {
				t.Errorf("findings?%s: got %v, want %v", q.Encode(), got, wantAIC)
			}
		}
		if got := mustAllFindings(t, srv, url.Values{"advisory": {"CVE-1999-0001"}}); len(got) != 0 {
			t.Errorf("advisory=CVE-1999-0001: got %v, want none", pairs(got))
		}

		// By device: asset tag and ID agree.
		d := mustDevice(t, db, "DEV-175200")
		byTag := pairs(mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-175200"}}))
		byID := pairs(mustAllFindings(t, srv, url.Values{"device_id": {id(d.ID)}}))
		wantPACS := []string{"DEV-175200 ICSMA-21-187-01 affected", "DEV-175200 ICSMA-24-200-01 affected"}
		if !slices.Equal(byTag, wantPACS) || !slices.Equal(byID, wantPACS) {
			t.Errorf("DEV-175200: by tag %v, by id %v; want %v", byTag, byID, wantPACS)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings?asset_tag=NOPE-1", nil), http.StatusNotFound, ward.ENOTFOUND)
		for _, q := range []string{"device_id=x", "model_id=-3", "facility_id=abc", "advisory_db_id=1.5", "limit=x", "cursor=zzz"} {
			mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings?"+q, nil), http.StatusBadRequest, ward.EINVALID)
		}

		// By model and by facility.
		m := mustDevice(t, db, "DEV-178576")
		for _, f := range mustAllFindings(t, srv, url.Values{"model_id": {id(m.ModelID)}, "status": {"all"}}) {
			if f.ModelID != m.ModelID {
				t.Errorf("model_id=%d: got %s %s of model %d", m.ModelID, f.AssetTag, f.AdvisoryRef, f.ModelID)
			}
		}
		if got := pairs(mustAllFindings(t, srv, url.Values{"model_id": {id(m.ModelID)}, "status": {"all"}})); !slices.Contains(got, "DEV-165415 "+aicID+" not_affected") ||
			!slices.Contains(got, "DEV-178576 "+aicID+" under_investigation") {
			t.Errorf("model_id=%d: got %v, want both BD Alaris Infusion Central findings", m.ModelID, got)
		}
		fac := mustDevice(t, db, "DEV-165415").FacilityID
		other := mustDevice(t, db, "DEV-178576").FacilityID
		var inFac int
		for _, f := range mustAllFindings(t, srv, url.Values{"facility_id": {id(fac)}, "status": {"all"}}) {
			inFac++
			if dev := mustDevice(t, db, f.AssetTag); dev.FacilityID != fac {
				t.Errorf("facility_id=%d: got %s of facility %d", fac, f.AssetTag, dev.FacilityID)
			}
		}
		both := len(mustAllFindings(t, srv, url.Values{"facility_id": {id(fac) + "," + id(other)}, "status": {"all"}}))
		if inFac == 0 || both <= inFac {
			t.Errorf("facility filters: got %d in one facility and %d in two, want some and more", inFac, both)
		}

		// Pages of every size visit each (finding, device) pair once.
		all := pairs(mustAllFindings(t, srv, url.Values{"status": {"all"}, "limit": {"1000"}}))
		for _, size := range []string{"1", "7", "50"} {
			if got := pairs(mustAllFindings(t, srv, url.Values{"status": {"all"}, "limit": {size}})); !slices.Equal(got, all) {
				t.Errorf("pages of %s: got %d findings, want %d", size, len(got), len(all))
			}
		}
	})
}

func TestFindingGet(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := mustLoadDevset(t, db)
		srv := mustServe(t, db)
		// A second unit of the group of DEV-165415 (BD Alaris Infusion Central 1.3.2).
		rd, err := cmms.NewReader(strings.NewReader("Asset Tag,Manufacturer,Model,Software Version,Facility\r\n"+
			"DEV-900001,BD,Alaris Infusion Central,1.3.2,St. Aldhelm Regional Medical Center\r\n"), "unit.csv", cmms.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, rep, err := a.ImportDevices(context.Background(), rd, ward.ImportOptions{}); err != nil || rep.Groups != 0 {
			t.Fatalf("import a unit of a matched group: %+v, %v; want no group to match", rep, err)
		}
		rd.Close()
		page := mustGet[findingPage](t, srv, "/api/v1/findings?asset_tag=DEV-165415")
		if len(page.Items) != 1 {
			t.Fatalf("DEV-165415: got %d findings, want 1", len(page.Items))
		}
		fid := page.Items[0].ID
		got := mustGet[findingPage](t, srv, "/api/v1/findings/"+id(fid))
		if tags := pairs(got.Items); !slices.Equal(tags, []string{"DEV-165415 " + aicID + " affected", "DEV-900001 " + aicID + " affected"}) {
			t.Errorf("GET /findings/%d: got %v, want the finding for both units", fid, tags)
		}
		for _, f := range got.Items {
			if f.ID != fid || f.SoftwareVersion != "1.3.2" {
				t.Errorf("GET /findings/%d: got finding %d version %q", fid, f.ID, f.SoftwareVersion)
			}
		}
		// A closed finding is still served by ID.
		mustDecode[ward.Triage](t, mustDo(t, srv, http.MethodPost, "/api/v1/triage", map[string]any{
			"model_id": page.Items[0].ModelID, "software_version": "1.3.2", "advisory_db_id": page.Items[0].AdvisoryID,
			"status": "fixed", "comment": "patched by BD field service"}), http.StatusOK)
		got = mustGet[findingPage](t, srv, "/api/v1/findings/"+id(fid))
		if len(got.Items) != 2 || got.Items[0].Status != ward.FindingFixed || got.Items[0].ComputedStatus != ward.FindingAffected {
			t.Errorf("GET /findings/%d after triage fixed: got %v, want both units, fixed", fid, pairs(got.Items))
		}
		if one := mustGet[findingPage](t, srv, "/api/v1/findings/"+id(fid)+"?limit=1"); len(one.Items) != 1 || one.NextCursor == "" {
			t.Errorf("GET /findings/%d?limit=1: got %d items, cursor %q; want 1 and a cursor", fid, len(one.Items), one.NextCursor)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings/999999", nil), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/findings/x", nil), http.StatusBadRequest, ward.EINVALID)
	})
}

func TestTriageAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		ctx := context.Background()
		adv, err := db.FindAdvisory(ctx, ward.SourceCSAF, aicID)
		if err != nil {
			t.Fatal(err)
		}
		d := mustDevice(t, db, "DEV-165415")

		// By device and advisory source and tracking ID.
		tr := mustDecode[ward.Triage](t, mustDo(t, srv, http.MethodPost, "/api/v1/triage", map[string]any{
			"device_id": d.ID, "source": "csaf", "advisory_id": strings.ToLower(aicID), "status": "not_affected",
			"justification": "vulnerable_code_not_in_execute_path", "comment": "BD service note 2023-114"}), http.StatusOK)
		if tr.ID == 0 || tr.ModelID != d.ModelID || tr.SoftwareVersion != "1.3.2" || tr.AdvisoryID != adv.ID ||
			tr.AdvisoryRevision != "2" || tr.Actor != "web:test-admin" || tr.At.IsZero() {
			t.Errorf("triage by device: got %+v, want model %d, version 1.3.2, advisory %d, revision 2, actor web:test-admin", tr, d.ModelID, adv.ID)
		}
		if got := mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-165415"}}); len(got) != 0 {
			t.Errorf("DEV-165415 open findings after not_affected: got %v, want none", pairs(got))
		}
		got := mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-165415"}, "status": {"not_affected"}})
		if len(got) != 1 || got[0].Triage == nil || got[0].Triage.ID != tr.ID || got[0].Triage.Comment != "BD service note 2023-114" {
			t.Errorf("DEV-165415 not_affected: got %+v, want the finding with the decision attached", got)
		}

		// By model and version and advisory database ID: a risk acceptance.
		rk := mustDecode[ward.Triage](t, mustDo(t, srv, http.MethodPost, "/api/v1/triage", map[string]any{
			"model_id": d.ModelID, "software_version": "1.3.2", "advisory_db_id": adv.ID, "status": "risk_accepted",
			"justification": "isolated VLAN", "expires": "2099-12-31"}), http.StatusOK)
		if rk.ID != tr.ID || rk.Status != ward.TriageRiskAccepted || rk.Expires.String() != "2099-12-31" {
			t.Errorf("risk acceptance: got %+v, want decision %d replaced, expiring 2099-12-31", rk, tr.ID)
		}
		got = mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-165415"}})
		if len(got) != 1 || got[0].Status != ward.FindingAffected || got[0].Triage == nil || got[0].Triage.Status != ward.TriageRiskAccepted {
			t.Errorf("DEV-165415 after risk acceptance: got %+v, want affected with the acceptance attached", got)
		}

		valid := map[string]any{"device_id": d.ID, "advisory_db_id": adv.ID, "status": "fixed"}
		with := func(kv ...any) map[string]any {
			m := map[string]any{}
			for k, v := range valid {
				m[k] = v
			}
			for i := 0; i < len(kv); i += 2 {
				if kv[i+1] == nil {
					delete(m, kv[i].(string))
				} else {
					m[kv[i].(string)] = kv[i+1]
				}
			}
			return m
		}
		for _, c := range []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"not_affected without justification", with("status", "not_affected"), 400, ward.EINVALID},
			{"not_affected with free text", with("status", "not_affected", "justification", "fine"), 400, ward.EINVALID},
			{"risk_accepted without expiry", with("status", "risk_accepted", "justification", "VLAN"), 400, ward.EINVALID},
			{"bad status", with("status", "ignored"), 400, ward.EINVALID},
			{"bad expiry", with("status", "risk_accepted", "justification", "VLAN", "expires", "31/12/2099"), 400, ward.EINVALID},
			{"no advisory", with("advisory_db_id", nil), 400, ward.EINVALID},
			{"source without advisory id", with("advisory_db_id", nil, "source", "csaf"), 400, ward.EINVALID},
			{"unknown field", with("severity", "high"), 400, ward.EINVALID},
			{"malformed JSON", `{"device_id": `, 400, ward.EINVALID},
			{"device id as text", with("device_id", "DEV-165415"), 400, ward.EINVALID},
			{"unknown device", with("device_id", 999999), 404, ward.ENOTFOUND},
			{"unknown advisory id", with("advisory_db_id", 999999), 404, ward.ENOTFOUND},
			{"unknown tracking id", with("advisory_db_id", nil, "source", "csaf", "advisory_id", "ICSMA-99-999-99"), 404, ward.ENOTFOUND},
			{"unknown model", with("device_id", nil, "model_id", 999999, "software_version", "1.3.2"), 404, ward.ENOTFOUND},
		} {
			t.Run(c.name, func(t *testing.T) {
				mustAPIError(t, mustDo(t, srv, http.MethodPost, "/api/v1/triage", c.body), c.status, c.code)
			})
		}
		if got := mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-165415"}}); len(got) != 1 || got[0].Triage == nil || got[0].Triage.Status != ward.TriageRiskAccepted {
			t.Errorf("after refused requests: got %+v, want the risk acceptance unchanged", got)
		}
	})
}

// TestTriageWithoutTarget: a decision naming neither a device nor a model
// is a request to correct, not a missing model.
func TestTriageWithoutTarget(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		adv, err := db.FindAdvisory(context.Background(), ward.SourceCSAF, aicID)
		if err != nil {
			t.Fatal(err)
		}
		r := mustDo(t, srv, http.MethodPost, "/api/v1/triage", map[string]any{"advisory_db_id": adv.ID, "status": "fixed"})
		msg := mustAPIError(t, r, http.StatusBadRequest, ward.EINVALID)
		for _, field := range []string{"device_id", "model_id"} {
			if !strings.Contains(msg, field) {
				t.Errorf("POST /triage without a target: got message %q, want it to name %s", msg, field)
			}
		}
	})
}

func TestMatchAPI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		before := storeFindings(t, db, ward.FindingFilter{Statuses: ward.FindingStatuses})
		rep := mustDecode[app.MatchReport](t, mustDo(t, srv, http.MethodPost, "/api/v1/match", nil), http.StatusOK)
		if rep.Groups == 0 || rep.Advisories == 0 || rep.Findings == 0 {
			t.Errorf("POST /match: got %+v, want groups, advisories and findings counted", rep)
		}
		if c := rep.Changes; c.Added != 0 || c.Removed != 0 || c.Updated != 0 || c.Unchanged != rep.Findings {
			t.Errorf("POST /match right after the imports: got %+v, want every finding unchanged", c)
		}
		if after := storeFindings(t, db, ward.FindingFilter{Statuses: ward.FindingStatuses}); !slices.Equal(after, before) {
			t.Errorf("POST /match changed the findings: %d before, %d after", len(before), len(after))
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/match", nil), http.StatusMethodNotAllowed, "method_not_allowed")
	})
}

// TestDevicePatchRematches changes a device's version through the API and
// follows its findings.
func TestDevicePatchRematches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustLoadDevset(t, db)
		srv := mustServe(t, db)
		d := mustDevice(t, db, "DEV-150055") // Alaris Infusion Central 1.0.4: below ">= 1.1 | <= 1.3.2"
		aic := func() []string {
			var out []string
			for _, f := range mustAllFindings(t, srv, url.Values{"asset_tag": {"DEV-150055"}, "status": {"all"}}) {
				if f.AdvisoryRef == aicID {
					out = append(out, fmt.Sprintf("%s %s %s", f.SoftwareVersion, f.Status, f.Confidence))
				}
			}
			return out
		}
		if got := aic(); len(got) != 0 {
			t.Fatalf("DEV-150055 at 1.0.4: got %v, want no %s finding", got, aicID)
		}
		for _, step := range []struct {
			version string
			want    []string
		}{
			{"1.2.0", []string{"1.2.0 affected name_and_version"}},
			{"", []string{" under_investigation name_only"}},
			{"1.4.0", nil},
			{"1.0.4", nil},
			{"1.3.2", []string{"1.3.2 affected name_and_version"}},
		} {
			got := mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, "/api/v1/devices/"+id(d.ID),
				map[string]any{"software_version": step.version}), http.StatusOK)
			if got.SoftwareVersion != step.version {
				t.Errorf("PATCH software_version %q: got %q", step.version, got.SoftwareVersion)
			}
			if f := aic(); !slices.Equal(f, step.want) {
				t.Errorf("DEV-150055 at %q: got %s findings %v, want %v", step.version, aicID, f, step.want)
			}
		}
	})
}
