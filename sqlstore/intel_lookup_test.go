package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// KEV and EPSS on findings and advisories, over the labeled devset and the
// 153 real CISA advisories, with the real KEV catalog (2025.08.25) and the
// real EPSS excerpts of testdata. Two devset advisories name a CVE of the
// real catalog and have findings: ICSMA-20-049-01 (BlueKeep,
// CVE-2019-0708) and ICSMA-21-187-01 (Ghostcat, CVE-2020-1938). The real
// EPSS excerpts score no CVE of a devset finding (only CVE-1999-* and
// CVE-2021-33885 of ICSMA-21-294-01), so the scores of inventedEPSS are
// made up for the test: they are not FIRST's.

// inventedEPSS scores devset CVEs. INVENTED values, not FIRST data.
const inventedEPSS = `#model_version:v2025.03.14,score_date:2025-08-25T00:00:00+0000
cve,epss,percentile
CVE-2019-0708,0.94,0.999
CVE-2020-1938,0.5,0.97
CVE-2015-9251,0.6,0.975
CVE-2019-9636,0.2,0.9
CVE-2022-47376,0.00123,0.45
`

const (
	bluekeepID = "ICSMA-20-049-01" // Spacelabs Xhibit Telemetry Receiver: CVE-2019-0708, KEV due 2022-05-03
	vueID      = "ICSMA-21-187-01" // Philips Vue PACS: 16 CVEs, CVE-2020-1938 in KEV (due 2022-03-17)
	aicID      = "ICSMA-23-047-01" // BD Alaris Infusion Central: CVE-2022-47376, not in KEV
)

// kevFindings are the devset findings with a CVE in the real KEV catalog.
var kevFindings = []string{
	"DEV-102605 " + vueID, "DEV-104813 " + bluekeepID, "DEV-107373 " + bluekeepID, "DEV-112019 " + vueID,
	"DEV-119762 " + vueID, "DEV-128057 " + vueID, "DEV-138677 " + bluekeepID, "DEV-141696 " + vueID,
	"DEV-169760 " + vueID, "DEV-175200 " + vueID, "DEV-175428 " + vueID, "DEV-184780 " + bluekeepID,
}

func TestFindingKEVAndEPSS(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := mustLoadDevset(t, db)
		if got := mustEachFinding(t, db, ward.FindingFilter{Statuses: ward.FindingStatuses}); slices.ContainsFunc(got, func(f ward.Finding) bool {
			return f.KEV || f.EPSS != 0 || !f.KEVDueDate.IsZero()
		}) {
			t.Fatalf("before any KEV or EPSS import: a finding shows KEV or EPSS")
		}
		c := mustImportCatalogs(t, db)
		all := ward.FindingFilter{Statuses: ward.FindingStatuses}

		streamed := mustEachFinding(t, db, all)
		checkFindings(t, "EachFinding", c, streamed)
		for _, size := range []int{1, 7, 1000} {
			paged := mustPagedFindings(t, db, all, size)
			checkFindings(t, "FindFindings", c, paged)
			if !slices.Equal(refs(paged), refs(streamed)) {
				t.Errorf("pages of %d: got %d findings, want the %d streamed", size, len(paged), len(streamed))
			}
		}
		named := map[string]intel{
			"DEV-104813 " + bluekeepID: {KEV: true, Due: ward.Date{Year: 2022, Month: 5, Day: 3}, EPSS: 0.94, Pct: 0.999},
			// The KEV CVE is CVE-2020-1938; the highest score is another's.
			"DEV-175200 " + vueID: {KEV: true, Due: ward.Date{Year: 2022, Month: 3, Day: 17}, EPSS: 0.6, Pct: 0.975},
			"DEV-126223 " + aicID: {EPSS: 0.00123, Pct: 0.45},
		}
		for _, f := range streamed {
			if want, ok := named[f.AssetTag+" "+f.AdvisoryRef]; ok {
				if got := findingIntel(f); got != want {
					t.Errorf("%s %s: got %+v, want %+v", f.AssetTag, f.AdvisoryRef, got, want)
				}
				delete(named, f.AssetTag+" "+f.AdvisoryRef)
			}
		}
		if len(named) > 0 {
			t.Errorf("findings not listed: %v", named)
		}

		// The KEV filter, alone and with others, streamed and paged.
		kevOnly := ward.FindingFilter{Statuses: ward.FindingStatuses, KEV: true}
		if got := refs(mustEachFinding(t, db, kevOnly)); !slices.Equal(got, kevFindings) {
			t.Errorf("KEV findings: got %v, want %v", got, kevFindings)
		}
		if got := refs(mustPagedFindings(t, db, kevOnly, 5)); !slices.Equal(got, kevFindings) {
			t.Errorf("KEV findings by pages of 5: got %v, want %v", got, kevFindings)
		}
		if got := refs(mustEachFinding(t, db, ward.FindingFilter{KEV: true, Statuses: []string{ward.FindingUnderInvestigation}})); !slices.Equal(got,
			[]string{"DEV-138677 " + bluekeepID, "DEV-141696 " + vueID, "DEV-175428 " + vueID}) {
			t.Errorf("KEV findings under investigation: got %v", got)
		}
		d, err := db.FindDeviceByTag(ctx, "DEV-104813")
		if err != nil {
			t.Fatal(err)
		}
		if got := refs(mustEachFinding(t, db, ward.FindingFilter{KEV: true, DeviceID: d.ID})); !slices.Equal(got, []string{"DEV-104813 " + bluekeepID}) {
			t.Errorf("KEV findings of DEV-104813: got %v", got)
		}
		if got := mustEachFinding(t, db, ward.FindingFilter{KEV: true, Advisory: aicID, Statuses: ward.FindingStatuses}); len(got) != 0 {
			t.Errorf("KEV findings of %s: got %v, want none", aicID, refs(got))
		}

		// A finding names only its own CVEs: once a revision says
		// CVE-2020-1938 (and CVE-2015-9251) are fixed, the Vue PACS
		// findings leave KEV and score lower, while the advisory still
		// names the KEV CVE.
		if _, _, err := a.ImportAdvisories(ctx, &oneAdvisory{mustRevise(t, "icsma-21-187-01", "CVE-2020-1938", "CVE-2015-9251")}); err != nil {
			t.Fatal(err)
		}
		streamed = mustEachFinding(t, db, all)
		checkFindings(t, "after the revision", c, streamed)
		for _, f := range streamed {
			if f.AssetTag == "DEV-175200" && f.AdvisoryRef == vueID {
				if want := (intel{EPSS: 0.2, Pct: 0.9}); findingIntel(f) != want || slices.Contains(f.CVEs, "CVE-2020-1938") {
					t.Errorf("DEV-175200 after the revision: got %+v with CVEs %v, want %+v without CVE-2020-1938", findingIntel(f), f.CVEs, want)
				}
			}
		}
		var bluekeepOnly []string
		for _, r := range kevFindings {
			if strings.HasSuffix(r, bluekeepID) {
				bluekeepOnly = append(bluekeepOnly, r)
			}
		}
		if got := refs(mustEachFinding(t, db, kevOnly)); !slices.Equal(got, bluekeepOnly) {
			t.Errorf("KEV findings after the revision: got %v, want %v", got, bluekeepOnly)
		}
		vue, err := db.FindAdvisory(ctx, ward.SourceCSAF, vueID)
		if err != nil {
			t.Fatal(err)
		}
		if want := (intel{KEV: true, Due: ward.Date{Year: 2022, Month: 3, Day: 17}, EPSS: 0.6, Pct: 0.975}); advisoryIntel(*vue) != want {
			t.Errorf("%s after the revision: got %+v, want %+v (its CVEs are unchanged)", vueID, advisoryIntel(*vue), want)
		}

		// KEV and EPSS are read, not stored: a new catalog shows at once.
		if _, _, err := db.ImportKEV(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got := mustEachFinding(t, db, kevOnly); len(got) != 0 {
			t.Errorf("KEV findings with an empty catalog: got %v", refs(got))
		}
		for _, f := range mustEachFinding(t, db, all) {
			if f.KEV || !f.KEVDueDate.IsZero() {
				t.Errorf("with an empty catalog: %s %s shows KEV", f.AssetTag, f.AdvisoryRef)
			}
		}
	})
}
