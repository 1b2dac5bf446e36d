package recallmatch

import (
	"strings"
	"testing"

	"ward"
	"ward/match"
	"ward/names"
)

// registry is a small manufacturer registry for the tests: name → aliases.
type registry map[int64][]string

func (r registry) Resolve(vendor string) []match.Resolution {
	for id, ns := range r {
		for i, n := range ns {
			if names.Key(n) == names.Key(vendor) {
				how := "alias"
				if i == 0 {
					how = "same name"
				}
				return []match.Resolution{{ID: id, How: how, Name: ns[0]}}
			}
		}
	}
	return nil
}

func (r registry) Words(id int64) map[string]bool {
	w := map[string]bool{}
	for _, n := range r[id] {
		for _, x := range names.Words(n) {
			w[x] = true
		}
	}
	return w
}

var testRegistry = registry{
	1: {"Philips", "Philips Medical Systems", "Philips North America"},
	2: {"BD", "Becton Dickinson", "CareFusion", "CareFusion 303"},
	3: {"Teleflex", "Arrow International"},
}

var testModels = []ward.Model{
	{ID: 10, ManufacturerID: 1, Name: "IntelliVue MX450", Aliases: []string{"MX450", "IntelliVue MX450 Patient Monitor"}, ModelNumbers: []string{"866062"}, ProductCode: "MHX"},
	{ID: 11, ManufacturerID: 1, Name: "IntelliVue MX800", Aliases: []string{"MX800"}, ModelNumbers: []string{"865240"}, ProductCode: "MHX"},
	{ID: 12, ManufacturerID: 1, Name: "HeartStart MRx", Aliases: []string{"MRx", "Defibrillator"}, ProductCode: "MKJ"},
	{ID: 20, ManufacturerID: 2, Name: "Alaris 8015 PC Unit", Aliases: []string{"Infusion Pump"}, ModelNumbers: []string{"8015"}, ProductCode: "FRN"},
	{ID: 21, ManufacturerID: 2, Name: "Alaris 8100 LVP Module", ModelNumbers: []string{"8100"}, ProductCode: "FRN"},
	{ID: 30, ManufacturerID: 3, Name: "Arrow Pediatric CVC Kit", ModelNumbers: []string{"AK-25502"}, ProductCode: "FOZ"},
}

func identities(r *ward.Recall) map[int64]*Identity {
	return Prepare(r, testRegistry).Models(testModels)
}

// TestModels checks which models a recall identifies, and how.
func TestModels(t *testing.T) {
	tests := []struct {
		name string
		r    ward.Recall
		want map[int64]string // model ID → confidence
	}{
		{"model number", ward.Recall{Firm: "Philips Medical Systems", ProductCode: "MHX", CodeInfo: "Model Number 866062, all serial numbers"},
			map[int64]string{10: ward.RecallModelNumber}},
		{"alias designator", ward.Recall{Firm: "Philips North America Llc", ProductCode: "MHX", ProductDescription: "IntelliVue Patient Monitors MX450 and MX550"},
			map[int64]string{10: ward.RecallModelName}},
		{"camel-case brand", ward.Recall{Firm: "Philips", ProductCode: "MKJ", ProductDescription: "HeartStart MRx monitor/defibrillator"},
			map[int64]string{12: ward.RecallModelName}},
		{"generic alias does not identify", ward.Recall{Firm: "CareFusion 303, Inc.", ProductCode: "FRN", ProductDescription: "Infusion Pump, large volume"},
			map[int64]string{20: ward.RecallProductCode, 21: ward.RecallProductCode}},
		{"a named model keeps the others out", ward.Recall{Firm: "CareFusion 303, Inc.", ProductCode: "FRN", ProductDescription: "Alaris PC unit, model 8015"},
			map[int64]string{20: ward.RecallModelNumber}},
		{"terminated: no product-code match", ward.Recall{Firm: "CareFusion 303, Inc.", ProductCode: "FRN", FDAStatus: "Terminated", ProductDescription: "Infusion set"},
			map[int64]string{}},
		{"other product code: an accessory", ward.Recall{Firm: "Philips", ProductCode: "DSA", ProductDescription: "ECG trunk cable for IntelliVue MX450"},
			map[int64]string{}},
		{"unresolved firm", ward.Recall{Firm: "Acme Medical", ProductCode: "MHX", ProductDescription: "MX450"}, map[int64]string{}},
		{"number listed as a lot is not a model number", ward.Recall{Firm: "BD", ProductCode: "FRN", FDAStatus: "Terminated", CodeInfo: "Lot numbers 8015, 8016"},
			map[int64]string{}},
		{"real: Z-0053-2020", ward.Recall{Firm: "Arrow International Inc", ProductCode: "FOZ",
			ProductDescription: "Pediatric Two-Lumen Central Venous Catheterization\nKit with Blue FlexTip ARROWg+ard Blue Catheter, REF AK-25502",
			CodeInfo:           "Lot/Batch Numbers: 13F18C0374, 13F18H0580", FDAStatus: "Terminated"},
			map[int64]string{30: ward.RecallModelNumber}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[int64]string{}
			for id, ident := range identities(&tt.r) {
				got[id] = ident.Confidence
				if !strings.HasPrefix(ident.Why, "recalling firm ") {
					t.Errorf("model %d: explanation %q does not start with the firm", id, ident.Why)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for id, c := range tt.want {
				if got[id] != c {
					t.Errorf("model %d: got %q, want %q (all: %v)", id, got[id], c, got)
				}
			}
		})
	}
}

// TestExplanation checks a whole explanation, as a clinical engineer
// reads it.
func TestExplanation(t *testing.T) {
	r := &ward.Recall{Firm: "Philips Medical Systems", ProductCode: "MHX", ProductDescription: "IntelliVue MX450 patient monitor",
		CodeInfo: "Serial Numbers: DE12345678, DE12345679"}
	p := Prepare(r, testRegistry)
	id := p.Models(testModels)[10]
	m, ok := p.Unit(id, &ward.RecallUnit{DeviceID: 1, ModelID: 10, Serial: "DE12345679"})
	want := `recalling firm "Philips Medical Systems" = manufacturer "Philips" (alias); model "IntelliVue MX450" is named in the product description ("IntelliVue MX450 patient monitor"); serial "DE12345679" is listed in the recall`
	if !ok || m.Explanation != want || m.Confidence != ward.RecallExact || m.Status != ward.RecallOpen {
		t.Errorf("got %+v\nwant %s", m, want)
	}
}

// TestUnits checks the per-device decision against listed serials, lots,
// identifiers and dates.
func TestUnits(t *testing.T) {
	const gtinA, gtinB = "00884838081338", "00885403300076"
	tests := []struct {
		name     string
		r        ward.Recall
		model    bool // the unit's model (IntelliVue MX450) is identified
		u        ward.RecallUnit
		ok       bool
		status   string
		conf     string
		explains string
	}{
		{"no lists: every unit", ward.Recall{Firm: "Philips", ProductCode: "MHX", ProductDescription: "MX450"}, true,
			ward.RecallUnit{Serial: "X1"}, true, ward.RecallOpen, ward.RecallModelName, "every unit of the model is concerned"},
		{"serial listed", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "SN: A100, A101"}, true,
			ward.RecallUnit{Serial: "a-101"}, true, ward.RecallOpen, ward.RecallExact, `serial "a-101" is listed in the recall`},
		{"serial in range", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "Serial numbers A100 through A200"}, true,
			ward.RecallUnit{Serial: "A150"}, true, ward.RecallOpen, ward.RecallExact, `serial "A150" is listed`},
		{"serial not listed", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "Serial numbers A100 through A200, B7"}, true,
			ward.RecallUnit{Serial: "A201"}, true, ward.RecallNotApplicable, ward.RecallModelName, `serial "A201" is not among the 1 serial number and 1 range the recall lists`},
		{"serial unknown", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "SN A100"}, true,
			ward.RecallUnit{}, true, ward.RecallOpen, ward.RecallModelName, "has no serial on record: check its label"},
		{"lot from UDI", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "Lot 13F18C0374"}, true,
			ward.RecallUnit{UDI: "(01)" + gtinA + "(10)13F18C0374"}, true, ward.RecallOpen, ward.RecallExact, `lot "13F18C0374" (from its UDI) is listed`},
		{"other lot from UDI", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "Lot 13F18C0374"}, true,
			ward.RecallUnit{UDI: "(01)" + gtinA + "(10)99X"}, true, ward.RecallNotApplicable, ward.RecallModelName, `lot "99X" (from its UDI) is not among the 1 lot`},
		{"lot unknown", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "Lot 13F18C0374"}, true,
			ward.RecallUnit{Serial: "X"}, true, ward.RecallOpen, ward.RecallModelName, "lot is not on record"},
		{"DI listed, firm unknown", ward.Recall{Firm: "Somebody Else", CodeInfo: "UDI-DI " + gtinA}, false,
			ward.RecallUnit{UDIDI: gtinA}, true, ward.RecallOpen, ward.RecallExact, "UDI device identifier " + gtinA + " is listed in the recall of \"Somebody Else\""},
		{"DI not listed, model named", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "GTIN " + gtinA}, true,
			ward.RecallUnit{UDIDI: gtinB}, true, ward.RecallNotApplicable, ward.RecallModelName, "is not among the 1 the recall lists"},
		{"DI not listed, model number named", ward.Recall{Firm: "Philips", CodeInfo: "Model 866062 GTIN " + gtinA}, true,
			ward.RecallUnit{UDIDI: gtinB}, true, ward.RecallOpen, ward.RecallModelNumber, "but its model number is: check its label"},
		{"unidentified, DI unlisted", ward.Recall{Firm: "Philips", CodeInfo: "GTIN " + gtinA}, false,
			ward.RecallUnit{UDIDI: gtinB}, false, "", "", ""},
		{"acquired before the period", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "units manufactured between 2022-01-01 and 2022-06-30"}, true,
			ward.RecallUnit{AcquisitionDate: d(2021, 3, 1)}, true, ward.RecallNotApplicable, ward.RecallModelName, "acquired 2021-03-01, before the earliest manufacturing date"},
		{"acquired after the start", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "units manufactured between 2022-01-01 and 2022-06-30"}, true,
			ward.RecallUnit{AcquisitionDate: d(2023, 3, 1)}, true, ward.RecallOpen, ward.RecallModelName, "manufacturing date is not on record"},
		{"made within the period", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "manufactured from 01/2022 to 06/2022"}, true,
			ward.RecallUnit{UDI: "(01)" + gtinA + "(11)220315"}, true, ward.RecallOpen, ward.RecallExact, "manufactured 2022-03-15 (from its UDI), within"},
		{"made after the period", ward.Recall{Firm: "Philips", ProductDescription: "MX450", CodeInfo: "manufactured from 01/2022 to 06/2022"}, true,
			ward.RecallUnit{UDI: "(01)" + gtinA + "(11)220715"}, true, ward.RecallNotApplicable, ward.RecallModelName, "outside the period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Prepare(&tt.r, testRegistry)
			var id *Identity
			if tt.model {
				if id = p.Models(testModels)[10]; id == nil {
					t.Fatalf("model not identified")
				}
			}
			tt.u.DeviceID, tt.u.ModelID = 7, 10
			m, ok := p.Unit(id, &tt.u)
			if ok != tt.ok {
				t.Fatalf("got ok %v, want %v (%+v)", ok, tt.ok, m)
			}
			if !ok {
				return
			}
			if m.Status != tt.status || m.Confidence != tt.conf || !strings.Contains(m.Explanation, tt.explains) || m.DeviceID != 7 {
				t.Errorf("got %s %s %q\nwant %s %s containing %q", m.Status, m.Confidence, m.Explanation, tt.status, tt.conf, tt.explains)
			}
		})
	}
}

// TestFirm checks firm resolution through whole names, the part before
// a comma and leading words.
func TestFirm(t *testing.T) {
	tests := []struct {
		firm string
		want int64
		how  string
	}{
		{"Philips Medical Systems", 1, "alias"},
		{"CareFusion 303, Inc., 3750 Torrey View Ct, San Diego CA", 2, "alias"},
		{"Philips Healthcare (Suzhou) Co., Ltd.", 1, `leading words "Philips"`},
		{"Arrowhead Medical", 0, ""},
		{"", 0, ""},
	}
	for _, tt := range tests {
		res := resolveFirm(tt.firm, testRegistry)
		var got int64
		how := ""
		if len(res) > 0 {
			got, how = res[0].ID, res[0].How
		}
		if got != tt.want || how != tt.how {
			t.Errorf("%q: got %d (%s), want %d (%s)", tt.firm, got, how, tt.want, tt.how)
		}
	}
}
