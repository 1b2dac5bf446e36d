package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestAdvisoryKEVAndEPSS(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		mustLoadDevset(t, db)
		c := mustImportCatalogs(t, db)

		var listed []ward.Advisory
		f := ward.AdvisoryFilter{Limit: 40}
		for {
			page, err := db.FindAdvisories(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			listed = append(listed, page.Items...)
			if page.NextCursor == "" {
				break
			}
			f.After = page.NextCursor
		}
		if len(listed) != 153 {
			t.Fatalf("FindAdvisories: got %d advisories, want 153", len(listed))
		}
		byID := map[string]ward.Advisory{}
		nkev := 0
		for _, l := range listed {
			whole, err := db.FindAdvisory(ctx, l.Source, l.TrackingID)
			if err != nil {
				t.Fatal(err)
			}
			want := c.of(whole.CVEs())
			if got := advisoryIntel(l); got != want {
				t.Errorf("FindAdvisories: %s (CVEs %v): got %+v, want %+v", l.TrackingID, whole.CVEs(), got, want)
			}
			if got := advisoryIntel(*whole); got != want {
				t.Errorf("FindAdvisory %s: got %+v, want %+v", l.TrackingID, got, want)
			}
			if l.KEV {
				nkev++
			}
			byID[l.TrackingID] = l
		}
		// Six of the CISA advisories name a CVE of the real catalog.
		if nkev != 6 {
			t.Errorf("advisories with a KEV CVE: got %d, want 6", nkev)
		}
		for _, c := range []struct {
			id   string
			want intel
		}{
			{bluekeepID, intel{KEV: true, Due: ward.Date{Year: 2022, Month: 5, Day: 3}, EPSS: 0.94, Pct: 0.999}},
			// Seven KEV CVEs (EternalBlue and others): the earliest due
			// date is CVE-2017-0146's; no EPSS score was imported for them.
			{"ICSMA-18-058-02", intel{KEV: true, Due: ward.Date{Year: 2022, Month: 4, Day: 15}}},
			// The real per-CVE EPSS excerpt: its last row, of 2022-12-19.
			{"ICSMA-21-294-01", intel{EPSS: 0.01978, Pct: 0.78753}},
			{aicID, intel{EPSS: 0.00123, Pct: 0.45}},
			{"ICSMA-17-009-01A", intel{}},
		} {
			if got := advisoryIntel(byID[c.id]); got != c.want {
				t.Errorf("%s: got %+v, want %+v", c.id, got, c.want)
			}
		}
		// The catalogs are read when advisories are: EPSS scores updated
		// show at once.
		if _, err := db.ImportEPSS(ctx, []ward.EPSS{{CVE: "CVE-2022-47376", Score: 0.5, Percentile: 0.96}}); err != nil {
			t.Fatal(err)
		}
		page, err := db.FindAdvisories(ctx, ward.AdvisoryFilter{CVE: "CVE-2022-47376"})
		if err != nil || len(page.Items) != 1 || advisoryIntel(page.Items[0]) != (intel{EPSS: 0.5, Pct: 0.96}) {
			t.Errorf("after a new EPSS score: got %+v, %v; want %s with 0.5 / 0.96", page, err, aicID)
		}
	})
}

// TestFindingStreamChunks lists one KEV finding on more devices than a
// stream reads at once, so its rows span several chunks (and, on
// PostgreSQL, several fetches of the cursor).
func TestFindingStreamChunks(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		a := mustLoadDevset(t, db)
		c := mustImportCatalogs(t, db)
		// 2,500 more units of DEV-104813's model and version (Spacelabs
		// Xhibit Telemetry Receiver 1.0.2, affected by BlueKeep).
		var b strings.Builder
		b.WriteString("Asset Tag,Manufacturer,Model,Model Number,Software Version,Facility\r\n")
		for i := range 2500 {
			fmt.Fprintf(&b, "XTR-%05d,SPACELABS MEDICAL,XHIBIT TELEMETRY RECEIVER,96280,1.0.2,St. Aldhelm Regional Medical Center\r\n", i)
		}
		mustImportCMMS(t, a, b.String())

		all := mustEachFinding(t, db, ward.FindingFilter{Statuses: ward.FindingStatuses})
		checkFindings(t, "EachFinding", c, all)
		kev := mustEachFinding(t, db, ward.FindingFilter{KEV: true})
		if len(kev) != len(kevFindings)+2500 {
			t.Errorf("KEV findings: got %d, want %d", len(kev), len(kevFindings)+2500)
		}
		units := 0
		for i, f := range kev {
			if !f.KEV {
				t.Errorf("KEV finding %d (%s %s): got KEV false", i, f.AssetTag, f.AdvisoryRef)
			}
			if strings.HasPrefix(f.AssetTag, "XTR-") {
				units++
				if want := (intel{KEV: true, Due: ward.Date{Year: 2022, Month: 5, Day: 3}, EPSS: 0.94, Pct: 0.999}); findingIntel(f) != want {
					t.Errorf("KEV finding %d (%s %s): got %+v, want %+v", i, f.AssetTag, f.AdvisoryRef, findingIntel(f), want)
				}
			}
			if i > 0 && (kev[i-1].ID > f.ID || kev[i-1].ID == f.ID && kev[i-1].DeviceID >= f.DeviceID) {
				t.Fatalf("KEV findings out of order at %d: (%d, %d) after (%d, %d)", i, f.ID, f.DeviceID, kev[i-1].ID, kev[i-1].DeviceID)
			}
		}
		if units != 2500 {
			t.Errorf("KEV findings of the new units: got %d, want 2500", units)
		}
		if paged := mustPagedFindings(t, db, ward.FindingFilter{KEV: true}, 1000); len(paged) != len(kev) {
			t.Errorf("KEV findings by pages of 1000: got %d, want %d", len(paged), len(kev))
		}
	})
}
