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

// The recall scenario: Teleflex (Arrow) central venous catheter kits
// against FDA's real recall Z-0053-2020 (nine lots of REF AK-25502), and
// Philips IntelliVue MX450 monitors against an invented recall limited to
// two serial numbers (test data, numbered Z-9001-2024, not FDA's).

const recallInventory = `Asset Tag,Manufacturer,Model,Model Number,Serial Number,UDI,Facility,Department,Device Type
CVC-1,Arrow International,Pediatric CVC Kit,AK-25502,,(01)00884838003880(10)13F18C0374,North Hospital,ICU,Catheter Kit
CVC-2,Teleflex,Pediatric CVC Kit,AK-25502,,(01)00884838003880(10)99X0001,North Hospital,ICU,Catheter Kit
CVC-3,Teleflex,Pediatric CVC Kit,AK-25502,,,South Hospital,ICU,Catheter Kit
MON-1,Philips,IntelliVue MX450,866062,DE12345678,,North Hospital,ICU,Patient Monitor
MON-2,Philips,IntelliVue MX450,866062,DE99999999,,South Hospital,ICU,Patient Monitor
PUMP-1,BD,Alaris 8015 PC Unit,8015,,,North Hospital,ICU,Infusion Pump
`

// arrowRecall holds the fields of FDA's recall Z-0053-2020 as openFDA
// publishes them (testdata/openfda/device-recall-examples.json).
func arrowRecall() *ward.Recall {
	return &ward.Recall{Number: "Z-0053-2020", EventID: "82984", Sources: []string{ward.RecallSourceRecall},
		Firm: "Arrow International Inc", ProductCode: "FOZ",
		DeviceName:         "Catheter, Intravascular, Therapeutic, Short-Term Less Than 30 Days",
		ProductDescription: "Pediatric Two-Lumen Central Venous Catheterization\nKit with Blue FlexTip ARROWg+ard Blue Catheter, REF AK-25502",
		CodeInfo:           "Lot/Batch Numbers: 13F18C0374, 13F18H0580, 13F18D0504, 13F18L0507,  13F18E0380, 13F18L0714, 13F18G0180, 13F18L0936,  13F18G0480",
		Reason:             "Lidstock contains a labeling error.  The lidstock shows the catheter cross section of the gauge (GA) values in a reversed manner.",
		RootCause:          "Employee error", FDAStatus: "Terminated", Quantity: "3,143", KNumbers: []string{"K900263"},
		Initiated: day("2019-05-17"), Terminated: day("2020-09-24")}
}

// monitorRecall is an invented recall (test data) of two MX450 serials.
func monitorRecall() *ward.Recall {
	return &ward.Recall{Number: "Z-9001-2024", Sources: []string{ward.RecallSourceEnforcement},
		Firm: "Philips Medical Systems", ProductCode: "MHX", Classification: "II", FDAStatus: "Ongoing",
		ProductDescription: "IntelliVue MX450 patient monitor",
		CodeInfo:           "Serial Numbers: DE12345678, DE12345679",
		Reason:             "Test recall: the battery may fail to charge."}
}

// recallSlice is a RecallSource over recalls (or record errors) in memory.
type recallSlice struct {
	items []any
	i     int
}

func (s *recallSlice) Name() string { return "recalls.json" }

func (s *recallSlice) Next() (*ward.Recall, error) {
	if s.i == len(s.items) {
		return nil, io.EOF
	}
	s.i++
	switch v := s.items[s.i-1].(type) {
	case *ward.Recall:
		c := *v
		return &c, nil
	case *ward.RecordError:
		return nil, v
	}
	panic("recallSlice holds recalls and record errors")
}

func recalls(items ...any) *recallSlice { return &recallSlice{items: items} }

// recallScenario is a loaded recall scenario.
type recallScenario struct {
	db  *sqlstore.DB
	app *app.App
	ctx context.Context
}

// mustRecallScenario loads the inventory with a ticking clock, so that
// every write is a second after the one before.
func mustRecallScenario(tb testing.TB, db *sqlstore.DB) *recallScenario {
	tb.Helper()
	t := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	db.SetClock(func() time.Time { t = t.Add(time.Second); return t })
	s := &recallScenario{db: db, app: &app.App{Store: db}, ctx: ward.WithActor(context.Background(), "tester")}
	mustImportCMMS(tb, s.app, recallInventory)
	return s
}

func (s *recallScenario) mustImport(tb testing.TB, src ward.RecallSource) (*ward.RecallImportResult, *app.RecallMatchReport) {
	tb.Helper()
	res, rep, err := s.app.ImportRecalls(s.ctx, src, false)
	if err != nil {
		tb.Fatalf("import recalls: %v", err)
	}
	return res, rep
}

// mustMatches returns the matches of f by asset tag and recall number.
func (s *recallScenario) mustMatches(tb testing.TB, f ward.RecallMatchFilter) map[string]ward.RecallMatch {
	tb.Helper()
	out := map[string]ward.RecallMatch{}
	err := s.db.EachRecallMatch(s.ctx, f, func(m *ward.RecallMatch) error {
		out[m.AssetTag+" "+m.RecallNumber] = *m
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// statuses summarises matches as key → status.
func statuses(ms map[string]ward.RecallMatch) map[string]string {
	out := map[string]string{}
	for k, m := range ms {
		out[k] = m.Status
	}
	return out
}

// day parses a date the test writes correctly.
func day(s string) ward.Date {
	d, err := ward.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
