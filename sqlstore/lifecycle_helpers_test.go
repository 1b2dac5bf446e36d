package sqlstore_test

import (
	"context"
	"io"
	"testing"
	"time"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

// The lifecycle scenario, on 1 March 2026: Alaris Infusion Central units
// (10-year life, supported to 2030, 20,000.00 to replace) at two
// hospitals and one with no facility, against the real ICSMA-23-047-01
// (versions 1.1 to 1.3.2, CVE-2022-47376, CVSS 7.3), and two units of an
// old monitor out of support.
var lcToday = time.Date(2026, time.March, 1, 9, 0, 0, 0, time.UTC)

const lcInventory = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility,Department,Status,Acquisition Date,Acquisition Cost,Last Seen
L-01,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service,2022-01-10,18000,2026-02-27
L-02,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service,2014-05-01,15000,2026-02-27
L-03,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,In Service,2021-01-01,18000,2025-06-01
L-04,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,Retired,2012-01-01,15000,
L-05,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,North Hospital,Pharmacy,Disposed,2010-01-01,15000,
L-06,BD,Alaris Infusion Central,Infusion Data Server,1.3.2,South Hospital,ICU,In Service,2022-06-01,18000,2026-02-28
L-07,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,South Hospital,ICU,In Service,2022-06-01,18000,2026-02-28
L-08,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,South Hospital,ICU,In Service,2022-06-01,18000,2026-02-28
L-09,BD,Alaris Infusion Central,Infusion Data Server,1.4.0,,,In Service,2023-01-01,18000,
L-10,Philips,Old Monitor,Patient Monitor,A.01,South Hospital,ICU,In Service,2020-01-01,9000,2026-02-28
L-11,Philips,Old Monitor,Patient Monitor,A.01,South Hospital,ICU,In Service,2021-01-01,,2026-02-28
`

// lcWant is the recommendation of each listed unit under the default
// policy.
var lcWant = map[string]string{
	"L-01": ward.LifecycleKeep, "L-02": ward.LifecycleReplace, "L-03": ward.LifecycleReallocate,
	"L-04": ward.LifecycleDispose, "L-06": ward.LifecycleKeep, "L-07": ward.LifecycleReplace,
	"L-08": ward.LifecycleUpgrade, "L-09": ward.LifecycleKeep, "L-10": ward.LifecycleReplace, "L-11": ward.LifecycleReplace,
}

// lcScenario is a loaded lifecycle scenario.
type lcScenario struct {
	db    *sqlstore.DB
	ctx   context.Context
	ids   map[string]int64
	north int64
	aic   int64
}

func mustLifecycleScenario(tb testing.TB, db *sqlstore.DB) *lcScenario {
	tb.Helper()
	db.SetClock(func() time.Time { return lcToday })
	s := &lcScenario{db: db, ctx: ward.WithActor(context.Background(), "test"), ids: map[string]int64{}}
	a := &app.App{Store: db}
	mustImportCMMS(tb, a, lcInventory)
	if _, _, err := a.ImportAdvisories(s.ctx, &csafFiles{files: []string{"../testdata/cisa-csaf/icsma-23-047-01.json"}}); err != nil {
		tb.Fatalf("import advisory: %v", err)
	}
	for tag := range lcWant {
		d, err := db.FindDeviceByTag(s.ctx, tag)
		if err != nil {
			tb.Fatal(err)
		}
		s.ids[tag] = d.ID
		if tag == "L-01" {
			s.north, s.aic = d.FacilityID, d.ModelID
		}
	}
	eos, life, cost := ward.Date{Year: 2030, Month: time.December, Day: 31}, 10, ward.Money(2000000)
	mustUpdateModel(tb, db, s.aic, ward.ModelUpdate{ExpectedLifeYears: &life, EndOfSupport: &eos, ReplacementCost: &cost})
	monitor := mustDeviceByTag(tb, db, "L-10").ModelID
	old, parts := ward.Date{Year: 2024, Month: time.June, Day: 30}, ward.PartsUnavailable
	mustUpdateModel(tb, db, monitor, ward.ModelUpdate{ExpectedLifeYears: &life, EndOfSupport: &old, Parts: &parts})
	s.mustRepairs(tb)
	s.mustRecall(tb, "L-08")
	return s
}

func mustUpdateModel(tb testing.TB, db *sqlstore.DB, id int64, upd ward.ModelUpdate) {
	tb.Helper()
	if _, err := db.UpdateModel(ward.WithActor(context.Background(), "test"), id, upd); err != nil {
		tb.Fatalf("UpdateModel %d: %v", id, err)
	}
}

func mustDeviceByTag(tb testing.TB, db *sqlstore.DB, tag string) *ward.Device {
	tb.Helper()
	d, err := db.FindDeviceByTag(context.Background(), tag)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// mustRepairs gives L-07 two repairs in the last 12 months costing
// 11,000.00 (55% of a replacement) and 30 hours down, one older repair
// and a cancelled one, neither of which counts.
func (s *lcScenario) mustRepairs(tb testing.TB) {
	tb.Helper()
	repair := func(number string, status string, started, completed ward.Date, cost ward.Money, down float64) ward.WorkOrder {
		return ward.WorkOrder{Number: number, Type: ward.WorkOrderRepair, Status: status, AssetTag: "L-07", Started: started,
			Completed: completed, Cost: cost, DowntimeHours: down}
	}
	d := func(y int, m time.Month, day int) ward.Date { return ward.Date{Year: y, Month: m, Day: day} }
	wos := []ward.WorkOrder{
		repair("CM-1", ward.WorkOrderCompleted, d(2025, 9, 1), d(2025, 9, 2), 600000, 20),
		repair("CM-2", ward.WorkOrderCompleted, d(2026, 1, 14), d(2026, 1, 15), 500000, 10),
		repair("CM-OLD", ward.WorkOrderCompleted, d(2024, 6, 1), d(2024, 6, 2), 900000, 100),
		repair("CM-X", ward.WorkOrderCancelled, ward.Date{}, ward.Date{}, 900000, 0),
	}
	if _, err := s.db.CreateWorkOrders(s.ctx, wos); err != nil {
		tb.Fatalf("CreateWorkOrders: %v", err)
	}
}

// mustRecall records an open class II recall match on the unit tagged.
func (s *lcScenario) mustRecall(tb testing.TB, tag string) {
	tb.Helper()
	rc := &ward.Recall{Number: "Z-9100-2025", Sources: []string{ward.RecallSourceEnforcement}, Firm: "Becton Dickinson",
		ProductCode: "MRZ", Classification: "II", FDAStatus: "Ongoing", ProductDescription: "Alaris Infusion Central (test data)",
		Reason: "Test recall: the server may drop pump connections."}
	if _, err := s.db.ImportRecalls(s.ctx, &lcRecalls{items: []*ward.Recall{rc}}, false); err != nil {
		tb.Fatalf("ImportRecalls: %v", err)
	}
	stored, err := s.db.FindRecall(s.ctx, rc.Number)
	if err != nil {
		tb.Fatal(err)
	}
	v := &ward.RecallVerdict{RecallID: stored.ID, Matches: []ward.ComputedRecallMatch{{DeviceID: s.ids[tag],
		Status: ward.RecallOpen, Confidence: "exact_identifier", Explanation: "test match"}}}
	if _, err := s.db.ReplaceRecallMatches(s.ctx, ward.RecallMatchScope{RecallIDs: []int64{stored.ID}}, &lcVerdicts{items: []*ward.RecallVerdict{v}}); err != nil {
		tb.Fatalf("ReplaceRecallMatches: %v", err)
	}
}

type lcRecalls struct{ items []*ward.Recall }

func (s *lcRecalls) Name() string { return "test recalls" }
func (s *lcRecalls) Next() (*ward.Recall, error) {
	if len(s.items) == 0 {
		return nil, io.EOF
	}
	r := s.items[0]
	s.items = s.items[1:]
	return r, nil
}

type lcVerdicts struct{ items []*ward.RecallVerdict }

func (s *lcVerdicts) Next() (*ward.RecallVerdict, error) {
	if len(s.items) == 0 {
		return nil, io.EOF
	}
	v := s.items[0]
	s.items = s.items[1:]
	return v, nil
}

// mustLifecycle streams the recommendations f selects.
func mustLifecycle(tb testing.TB, db *sqlstore.DB, f ward.LifecycleFilter) []ward.LifecycleRecommendation {
	tb.Helper()
	var out []ward.LifecycleRecommendation
	if err := db.EachLifecycle(context.Background(), f, func(r *ward.LifecycleRecommendation) error {
		out = append(out, *r)
		return nil
	}); err != nil {
		tb.Fatalf("EachLifecycle %+v: %v", f, err)
	}
	return out
}

// byTag indexes recommendations by asset tag.
func byTag(rs []ward.LifecycleRecommendation) map[string]ward.LifecycleRecommendation {
	out := map[string]ward.LifecycleRecommendation{}
	for _, r := range rs {
		out[r.AssetTag] = r
	}
	return out
}
