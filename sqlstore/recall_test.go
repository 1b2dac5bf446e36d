package sqlstore_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// TestRecallImport checks the upsert by number: creation, an unchanged
// re-import, the merge of an enforcement record into a recall record, and
// all-or-nothing refusal naming file and JSON path.
func TestRecallImport(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		res, _ := s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		if res.Created != 2 || res.Updated != 0 || len(res.Changed) != 2 {
			t.Fatalf("first import: got %+v, want 2 created", res)
		}
		res, _ = s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		if res.Unchanged != 2 || res.Created+res.Updated != 0 || len(res.Changed) != 0 {
			t.Fatalf("re-import: got %+v, want 2 unchanged", res)
		}
		// The enforcement report of Z-0053-2020 adds its class; its empty
		// fields leave the recall record's alone.
		enf := &ward.Recall{Number: "z-0053-2020", Sources: []string{ward.RecallSourceEnforcement}, Classification: "II",
			Firm: "Arrow International Inc", FDAStatus: "Terminated"}
		enf.Number, _ = ward.NormalizeRecallNumber(enf.Number)
		res, _ = s.mustImport(t, recalls(enf))
		if res.Updated != 1 {
			t.Fatalf("merge: got %+v, want 1 updated", res)
		}
		r, err := db.FindRecall(s.ctx, "Z-0053-2020")
		if err != nil {
			t.Fatal(err)
		}
		if r.Classification != "II" || r.CodeInfo != arrowRecall().CodeInfo || strings.Join(r.Sources, ",") != "openfda_enforcement,openfda_recall" {
			t.Errorf("merged recall: got class %q, sources %v, code info %q", r.Classification, r.Sources, r.CodeInfo)
		}
		if r.Manufacturer != "Teleflex" || r.Scope == nil || len(r.Scope.Lots) != 9 {
			t.Errorf("matched recall: got manufacturer %q, scope %+v; want Teleflex and 9 lots", r.Manufacturer, r.Scope)
		}
		if r.Matches == nil || r.Matches.Open != 2 || r.Matches.NotApplicable != 1 {
			t.Errorf("counts: got %+v, want 2 open and 1 not applicable", r.Matches)
		}

		bad := &ward.RecordError{File: "recalls.json", Path: "/results/1/classification", Message: `"Class IV" is not a recall classification`}
		fresh := monitorRecall()
		fresh.Number = "Z-9002-2024"
		_, _, err = s.app.ImportRecalls(s.ctx, recalls(fresh, bad), false)
		if ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(err.Error(), "recalls.json: /results/1/classification") {
			t.Fatalf("refused record: got %v, want EINVALID naming file and path", err)
		}
		if _, err := db.FindRecall(s.ctx, "Z-9002-2024"); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Fatalf("after a refused import: got %v, want nothing imported", err)
		}
		res, _, err = s.app.ImportRecalls(s.ctx, recalls(fresh, bad), true)
		if err != nil || res.Created != 1 || res.RejectedCount != 1 || res.Rejected[0].Path != "/results/1/classification" {
			t.Fatalf("--skip-invalid: got %+v, %v", res, err)
		}
		page, err := db.FindRecalls(s.ctx, ward.RecallFilter{Q: "z-900", Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Items[0].Number != "Z-9002-2024" || page.NextCursor == "" {
			t.Fatalf("find by number prefix: got %+v, %v", page, err)
		}
		page, err = db.FindRecalls(s.ctx, ward.RecallFilter{Q: "z-900", After: page.NextCursor})
		if err != nil || len(page.Items) != 1 || page.Items[0].Number != "Z-9001-2024" {
			t.Fatalf("second page: got %+v, %v", page, err)
		}
		if _, err := db.FindRecall(s.ctx, "not a number"); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad number: got %v, want EINVALID", err)
		}
	})
}

// TestRecallMatching checks each match's status, confidence and
// explanation, and that a revised recall replaces its matches.
func TestRecallMatching(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		_, rep := s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		if rep.Recalls != 2 || rep.Changes.Added != 5 {
			t.Fatalf("match report: got %+v, want 2 recalls and 5 matches added", rep)
		}
		got := s.mustMatches(t, ward.RecallMatchFilter{})
		want := []struct {
			key, status, confidence, explains string
		}{
			{"CVC-1 Z-0053-2020", ward.RecallOpen, ward.RecallExact, `lot "13F18C0374" (from its UDI) is listed in the recall`},
			{"CVC-2 Z-0053-2020", ward.RecallNotApplicable, ward.RecallModelNumber, `lot "99X0001" (from its UDI) is not among the 9 lots`},
			{"CVC-3 Z-0053-2020", ward.RecallOpen, ward.RecallModelNumber, `model number "AK-25502" of Pediatric CVC Kit appears in the recall`},
			{"MON-1 Z-9001-2024", ward.RecallOpen, ward.RecallExact, `serial "DE12345678" is listed in the recall`},
			{"MON-2 Z-9001-2024", ward.RecallNotApplicable, ward.RecallModelName, `serial "DE99999999" is not among the 2 serial numbers`},
		}
		if len(got) != len(want) {
			t.Fatalf("got matches %v, want %d", statuses(got), len(want))
		}
		for _, w := range want {
			m, ok := got[w.key]
			switch {
			case !ok:
				t.Errorf("%s: no match", w.key)
			case m.Status != w.status || m.Confidence != w.confidence || !strings.Contains(m.Explanation, w.explains):
				t.Errorf("%s: got %s/%s %q, want %s/%s containing %q", w.key, m.Status, m.Confidence, m.Explanation,
					w.status, w.confidence, w.explains)
			case m.StatusSource != ward.RecallStatusFromMatcher || m.Firm == "" || m.Model == "" || m.Facility == "":
				t.Errorf("%s: got source %q, firm %q, model %q, facility %q", w.key, m.StatusSource, m.Firm, m.Model, m.Facility)
			}
		}
		// FDA corrects the serial list: MON-2 is now listed, MON-1 not.
		rev := monitorRecall()
		rev.CodeInfo = "Serial Numbers: DE99999999"
		res, rep := s.mustImport(t, recalls(rev))
		if res.Updated != 1 || rep.Changes.Updated != 2 || rep.Changes.Added+rep.Changes.Removed != 0 {
			t.Fatalf("revision: got %+v and %+v, want 1 recall updated and 2 matches updated", res, rep.Changes)
		}
		got = s.mustMatches(t, ward.RecallMatchFilter{Recall: "Z-9001-2024"})
		if got["MON-1 Z-9001-2024"].Status != ward.RecallNotApplicable || got["MON-2 Z-9001-2024"].Status != ward.RecallOpen {
			t.Errorf("after revision: got %v", statuses(got))
		}
		full, err := s.app.MatchAllRecalls(s.ctx)
		if err != nil || full.Changes.Unchanged != 5 || full.Changes.Added+full.Changes.Updated+full.Changes.Removed != 0 {
			t.Fatalf("full re-match: got %+v, %v; want 5 unchanged", full, err)
		}
	})
}

// TestRecallMatchFilters checks the outstanding default of listings,
// facility and device filters, pagination and bad filters.
func TestRecallMatchFilters(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		facs, err := db.FindFacilities(s.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var north int64
		for _, f := range facs {
			if f.Name == "North Hospital" {
				north = f.ID
			}
		}
		tests := []struct {
			name string
			f    ward.RecallMatchFilter
			want []string
		}{
			{"outstanding", ward.RecallMatchFilter{Statuses: []string{"outstanding"}}, []string{"CVC-1 Z-0053-2020", "CVC-3 Z-0053-2020", "MON-1 Z-9001-2024"}},
			{"facility", ward.RecallMatchFilter{FacilityIDs: []int64{north}}, []string{"CVC-1 Z-0053-2020", "CVC-2 Z-0053-2020", "MON-1 Z-9001-2024"}},
			{"device", ward.RecallMatchFilter{AssetTag: "cvc-2"}, []string{"CVC-2 Z-0053-2020"}},
			{"confidence", ward.RecallMatchFilter{Confidences: []string{ward.RecallExact}}, []string{"CVC-1 Z-0053-2020", "MON-1 Z-9001-2024"}},
			{"not applicable", ward.RecallMatchFilter{Statuses: []string{"not applicable"}}, []string{"CVC-2 Z-0053-2020", "MON-2 Z-9001-2024"}},
		}
		for _, tt := range tests {
			got := keys(s.mustMatches(t, tt.f))
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}
		var paged []string
		f := ward.RecallMatchFilter{Limit: 2}
		for {
			page, err := db.FindRecallMatches(s.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.Items {
				paged = append(paged, m.AssetTag)
			}
			if page.NextCursor == "" {
				break
			}
			f.After = page.NextCursor
		}
		if len(paged) != 5 {
			t.Errorf("pages: got %v, want 5 matches", paged)
		}
		for _, f := range []ward.RecallMatchFilter{{Statuses: []string{"pending"}}, {Confidences: []string{"high"}}, {After: "x"}, {Recall: "Z0053"}} {
			if _, err := db.FindRecallMatches(s.ctx, f); ward.ErrorCode(err) != ward.EINVALID {
				t.Errorf("%+v: got %v, want EINVALID", f, err)
			}
		}
	})
}

func keys(m map[string]ward.RecallMatch) []string {
	return slices.Sorted(maps.Keys(m))
}

// TestRecallDeviceChanges checks the device side: a device imported after
// the recalls is matched, and a device whose serial changes is re-matched
// alone.
func TestRecallDeviceChanges(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		mustImportCMMS(t, s.app, "Asset Tag,Manufacturer,Model,Model Number,UDI,Facility\n"+
			"CVC-4,Teleflex,Pediatric CVC Kit,AK-25502,(01)00884838003880(10)13F18L0936,South Hospital\n")
		m := s.mustMatches(t, ward.RecallMatchFilter{AssetTag: "CVC-4"})["CVC-4 Z-0053-2020"]
		if m.Status != ward.RecallOpen || m.Confidence != ward.RecallExact {
			t.Fatalf("imported after the recall: got %+v, want an exact open match", m)
		}
		d, err := db.FindDeviceByTag(s.ctx, "MON-2")
		if err != nil {
			t.Fatal(err)
		}
		serial := "DE12345679"
		if _, err := s.app.UpdateDevice(s.ctx, d.ID, ward.DeviceUpdate{Serial: &serial}); err != nil {
			t.Fatal(err)
		}
		got := statuses(s.mustMatches(t, ward.RecallMatchFilter{}))
		if got["MON-2 Z-9001-2024"] != ward.RecallOpen || got["MON-1 Z-9001-2024"] != ward.RecallOpen || len(got) != 6 {
			t.Fatalf("after the serial change: got %v, want MON-2 open and 6 matches", got)
		}
	})
}
