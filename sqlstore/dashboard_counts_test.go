package sqlstore_test

import (
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// TestCountOpenRecalls checks the dashboard's open-recall tile against the
// recall listing as statuses move: a user's not-applicable closes a match,
// a work order keeps it outstanding until completed.
func TestCountOpenRecalls(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		north, err := db.FindFacilityByName(s.ctx, "North Hospital")
		if err != nil {
			t.Fatal(err)
		}
		check := func(step string, want, wantNorth int64) {
			t.Helper()
			for _, c := range []struct {
				scope []int64
				want  int64
			}{{nil, want}, {[]int64{north.ID}, wantNorth}} {
				n, err := db.CountOpenRecalls(s.ctx, c.scope)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				listed := len(s.mustMatches(t, ward.RecallMatchFilter{Statuses: []string{ward.RecallOutstanding}, FacilityIDs: c.scope}))
				if n != c.want || n != int64(listed) {
					t.Errorf("%s, facilities %v: counted %d, want %d (the listing has %d)", step, c.scope, n, c.want, listed)
				}
			}
		}
		check("no recall", 0, 0)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		check("imported", 3, 2)
		if _, err := db.SetRecallStatus(s.ctx, ward.RecallStatusChange{AssetTag: "CVC-1", Recall: "Z-0053-2020",
			Status: ward.RecallNotApplicable, Note: "lot checked"}); err != nil {
			t.Fatal(err)
		}
		check("one not applicable", 2, 1)
		rep, err := s.app.CreateRecallWorkOrders(s.ctx, ward.RecallMatchFilter{AssetTag: "MON-1"}, app.RecallWorkOrderOptions{})
		if err != nil || len(rep.WorkOrders) != 1 {
			t.Fatalf("work order: %+v, %v", rep, err)
		}
		check("in progress", 2, 1)
		wo := rep.WorkOrders[0]
		for _, st := range []string{ward.WorkOrderInProgress, ward.WorkOrderCompleted} {
			if _, err := db.UpdateWorkOrder(s.ctx, wo.ID, ward.WorkOrderUpdate{Status: &st}); err != nil {
				t.Fatal(err)
			}
		}
		check("completed", 1, 0)
		if _, err := db.CountOpenRecalls(s.ctx, []int64{-1}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad facility: got %v, want EINVALID", err)
		}
	})
}

// TestCountPatchReady checks the dashboard's patch-ready tile against the
// queue's devices, for all facilities and one.
func TestCountPatchReady(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		south, err := db.FindFacilityByName(s.ctx, "South Hospital")
		if err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountPatchReady(s.ctx, nil); err != nil || n != 0 {
			t.Fatalf("empty catalog: got %d, %v; want 0", n, err)
		}
		mustCreatePatch(t, db, aicPatch())
		for _, c := range []struct {
			scope []int64
			want  int64
		}{{nil, 7}, {[]int64{south.ID}, 2}} {
			n, err := db.CountPatchReady(s.ctx, c.scope)
			listed := len(mustReadyDevices(t, db, ward.PatchReadyFilter{FacilityIDs: c.scope}))
			if err != nil || n != c.want || n != int64(listed) {
				t.Errorf("facilities %v: got %d, %v; want %d (the queue lists %d)", c.scope, n, err, c.want, listed)
			}
		}
	})
}
