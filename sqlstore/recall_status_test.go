package sqlstore_test

import (
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// TestRecallStatus checks a user's status and note: the note is required,
// the status shows with who set it, a re-match keeps it, and the audit
// trail records it.
func TestRecallStatus(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		set := ward.RecallStatusChange{AssetTag: "CVC-3", Recall: "Z-0053-2020", Status: "not_applicable"}
		if _, err := db.SetRecallStatus(s.ctx, set); ward.ErrorCode(err) != ward.EINVALID {
			t.Fatalf("no note: got %v, want EINVALID", err)
		}
		set.Note = "Label checked: lot 13F18A0001 is not among the recalled lots."
		m, err := db.SetRecallStatus(s.ctx, set)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != ward.RecallNotApplicable || m.StatusSource != ward.RecallStatusFromUser || m.UserStatus == nil ||
			m.UserStatus.Actor != "tester" || m.UserStatus.Note != set.Note || m.ComputedStatus != ward.RecallOpen {
			t.Fatalf("got %+v (user %+v), want not_applicable set by tester with the note", m, m.UserStatus)
		}
		// The recall is revised and re-matched: the user's decision stays.
		rev := arrowRecall()
		rev.Reason += " (revised)"
		s.mustImport(t, recalls(rev))
		got := s.mustMatches(t, ward.RecallMatchFilter{AssetTag: "CVC-3"})["CVC-3 Z-0053-2020"]
		if got.Status != ward.RecallNotApplicable || got.UserStatus == nil {
			t.Fatalf("after re-match: got %+v, want the user's status kept", got)
		}
		for _, c := range []ward.RecallStatusChange{
			{MatchID: m.ID, Status: "fixed", Note: "x"},
			{AssetTag: "CVC-3", Status: "completed", Note: "x"},
		} {
			if _, err := db.SetRecallStatus(s.ctx, c); ward.ErrorCode(err) != ward.EINVALID {
				t.Errorf("%+v: got %v, want EINVALID", c, err)
			}
		}
		for _, c := range []ward.RecallStatusChange{
			{MatchID: 99999, Status: "completed", Note: "x"},
			{AssetTag: "PUMP-1", Recall: "Z-0053-2020", Status: "completed", Note: "x"},
		} {
			if _, err := db.SetRecallStatus(s.ctx, c); ward.ErrorCode(err) != ward.ENOTFOUND {
				t.Errorf("%+v: got %v, want ENOTFOUND", c, err)
			}
		}
		page, err := db.FindAudit(s.ctx, ward.AuditFilter{Action: "recall.status"})
		if err != nil || len(page.Items) != 1 || !strings.Contains(string(page.Items[0].After), "lot 13F18A0001") {
			t.Fatalf("audit: got %+v, %v; want one recall.status entry with the note", page, err)
		}
	})
}

// TestRecallWorkOrders checks the closure of a recall through its work
// orders: creation moves open matches to in progress, completing an
// order completes the recall on its device, cancelling one reopens it,
// and a user's later status beats an earlier order.
func TestRecallWorkOrders(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustRecallScenario(t, db)
		s.mustImport(t, recalls(arrowRecall(), monitorRecall()))
		rep, err := s.app.CreateRecallWorkOrders(s.ctx, ward.RecallMatchFilter{}, app.RecallWorkOrderOptions{DryRun: true})
		if err != nil || rep.Matches != 3 || len(rep.WorkOrders) != 0 {
			t.Fatalf("dry run: got %+v, %v; want 3 open matches and no order", rep, err)
		}
		rep, err = s.app.CreateRecallWorkOrders(s.ctx, ward.RecallMatchFilter{}, app.RecallWorkOrderOptions{Due: day("2024-04-01")})
		if err != nil || len(rep.WorkOrders) != 3 || rep.ByRecall["Z-0053-2020"] != 2 {
			t.Fatalf("create: got %+v, %v; want 3 orders, 2 for Z-0053-2020", rep, err)
		}
		orders := map[string]ward.WorkOrder{}
		for _, wo := range rep.WorkOrders {
			orders[wo.AssetTag] = wo
		}
		mon := orders["MON-1"]
		if mon.Type != ward.WorkOrderRecall || mon.Priority != "high" || len(mon.Links) != 1 || mon.Links[0].Ref != "Z-9001-2024" ||
			!strings.Contains(mon.Description, `serial "DE12345678" is listed`) || mon.Due != day("2024-04-01") {
			t.Fatalf("MON-1 order: got %+v", mon)
		}
		again, err := s.app.CreateRecallWorkOrders(s.ctx, ward.RecallMatchFilter{}, app.RecallWorkOrderOptions{})
		if err != nil || again.Matches != 0 {
			t.Fatalf("second run: got %+v, %v; want no open match left", again, err)
		}
		m := s.mustMatches(t, ward.RecallMatchFilter{AssetTag: "MON-1"})["MON-1 Z-9001-2024"]
		if m.Status != ward.RecallInProgress || m.WorkOrder == nil || m.WorkOrder.Number != mon.Number {
			t.Fatalf("with an open order: got %s (%+v), want in_progress by %s", m.Status, m.WorkOrder, mon.Number)
		}
		for _, st := range []string{ward.WorkOrderInProgress, ward.WorkOrderCompleted} {
			if _, err := db.UpdateWorkOrder(s.ctx, mon.ID, ward.WorkOrderUpdate{Status: &st}); err != nil {
				t.Fatal(err)
			}
		}
		m = s.mustMatches(t, ward.RecallMatchFilter{AssetTag: "MON-1"})["MON-1 Z-9001-2024"]
		if m.Status != ward.RecallCompleted || m.StatusSource != ward.RecallStatusFromWorkOrder || m.WorkOrder.Completed.IsZero() {
			t.Fatalf("completed order: got %s from %s (%+v), want completed by the order", m.Status, m.StatusSource, m.WorkOrder)
		}
		cancel := ward.WorkOrderCancelled
		if _, err := db.UpdateWorkOrder(s.ctx, orders["CVC-3"].ID, ward.WorkOrderUpdate{Status: &cancel}); err != nil {
			t.Fatal(err)
		}
		// The user reopens MON-1 after the order (the fix did not hold).
		if _, err := db.SetRecallStatus(s.ctx, ward.RecallStatusChange{AssetTag: "MON-1", Recall: "Z-9001-2024",
			Status: "open", Note: "Battery failed again after the firmware update"}); err != nil {
			t.Fatal(err)
		}
		got := statuses(s.mustMatches(t, ward.RecallMatchFilter{Statuses: []string{ward.RecallOutstanding, ward.RecallCompleted}}))
		want := map[string]string{"CVC-1 Z-0053-2020": ward.RecallInProgress, "CVC-3 Z-0053-2020": ward.RecallOpen, "MON-1 Z-9001-2024": ward.RecallOpen}
		if len(got) != len(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: got %s, want %s", k, got[k], v)
			}
		}
		r, err := db.FindRecall(s.ctx, "Z-0053-2020")
		if err != nil || r.Matches.InProgress != 1 || r.Matches.Open != 1 || r.Matches.NotApplicable != 1 {
			t.Fatalf("counts: got %+v, %v", r.Matches, err)
		}
	})
}
