package recallmatch

import (
	"encoding/json"
	"testing"
	"time"

	"ward"
)

// TestParseScope reads code_info and product descriptions. The first
// three are real openFDA texts (testdata/openfda: recall Z-0053-2020 of
// Arrow International and the enforcement example of Encore Medical); the
// others are written for the test in the styles FDA recall notices use.
func TestParseScope(t *testing.T) {
	tests := []struct {
		name, codeInfo, description string
		want                        ward.RecallScope
	}{
		{"real: Z-0053-2020 lots", "Lot/Batch Numbers: 13F18C0374, 13F18H0580, 13F18D0504, 13F18L0507,  13F18E0380, 13F18L0714, 13F18G0180, 13F18L0936,  13F18G0480",
			"Pediatric Two-Lumen Central Venous Catheterization\nKit with Blue FlexTip ARROWg+ard Blue Catheter, REF AK-25502\n\nProduct Usage;  Provide short-term (< 30 days) central venous access for treatment of diseases or conditions requiring central venous access",
			ward.RecallScope{Lots: []string{"13F18C0374", "13F18H0580", "13F18D0504", "13F18L0507", "13F18E0380", "13F18L0714", "13F18G0180", "13F18L0936", "13F18G0480"},
				ModelNumbers: []string{"AK-25502"}}},
		{"real: enforcement lot and ref", "Lot 007A1037, Ref 010-55-25.",
			"djo surgical Screw 6.5 mm, Sz 25mm, low profile.\n\nProduct is intended for the fixation of the acetabular shell or fracture repair",
			ward.RecallScope{Lots: []string{"007A1037"}, ModelNumbers: []string{"010-55-25"}}},
		{"real: no code info", "", "", ward.RecallScope{}},
		{"serial list and range", "Serial Numbers: AB1234, AB1235 and AB1240; SN1000 through SN1500", "",
			ward.RecallScope{Serials: []string{"AB1234", "AB1235", "AB1240"}, SerialRanges: []ward.CodeRange{{From: "SN1000", To: "SN1500"}}}},
		{"serial range in one token", "S/N 0001000-0001999", "", ward.RecallScope{SerialRanges: []ward.CodeRange{{From: "0001000", To: "0001999"}}}},
		{"udi di and gs1 string", "UDI-DI: 00884838081338, 0884838081344 (invalid check digit); (01)00885403300076(21)W123(10)LOT9", "",
			ward.RecallScope{UDIDIs: []string{"00885403300076", "00884838081338"}, Serials: []string{"W123"}, Lots: []string{"LOT9"}}},
		{"model and all serials", "Model 8015, all serial numbers", "Alaris PC Unit", ward.RecallScope{ModelNumbers: []string{"8015"}, AllUnits: true}},
		{"versions and expiry ignored", "Software version 2.1.5; Exp. 10/15/2021; Model Number: 866062", "",
			ward.RecallScope{ModelNumbers: []string{"866062"}}},
		{"lot or serial", "Lot/Serial Numbers: X100, X101", "", ward.RecallScope{Serials: []string{"X100", "X101"}, Lots: []string{"X100", "X101"}}},
		{"catalog and lot numbers", "Catalog No. 010-55-030 Lot Nos. A12, A13", "",
			ward.RecallScope{ModelNumbers: []string{"010-55-030"}, Lots: []string{"A12", "A13"}}},
		{"manufactured between", "All units manufactured between January 1, 2019 and June 30, 2020.", "",
			ward.RecallScope{AllUnits: true, ManufacturedFrom: d(2019, 1, 1), ManufacturedTo: d(2020, 6, 30)}},
		{"manufactured from months", "Devices manufactured from 03/2021 to 05/2021", "",
			ward.RecallScope{ManufacturedFrom: d(2021, 3, 1), ManufacturedTo: d(2021, 5, 31)}},
		{"manufactured before", "units produced prior to 2018-07-01", "", ward.RecallScope{ManufacturedTo: d(2018, 7, 1)}},
		{"unlabeled codes ignored", "13F18C0374, 13F18H0580", "", ward.RecallScope{}},
		{"dates are not lots", "Lot numbers 03/2019", "", ward.RecallScope{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseScope(tt.codeInfo, tt.description)
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func d(y, m, day int) ward.Date { return ward.Date{Year: y, Month: time.Month(m), Day: day} }

// TestRanges checks range membership on code keys.
func TestRanges(t *testing.T) {
	r := ward.CodeRange{From: "SN-1000", To: "SN-1500"}
	tests := []struct {
		key  string
		want bool
	}{{"SN1000", true}, {"SN1499", true}, {"SN1500", true}, {"SN1501", false}, {"SN999", false}, {"XN1200", false}, {"SN12000", false}}
	for _, tt := range tests {
		if got := inRange(tt.key, r); got != tt.want {
			t.Errorf("inRange(%q): got %v, want %v", tt.key, got, tt.want)
		}
	}
	if compatible("B100", "A200") || compatible("A100", "A20") || !compatible("13F18C0374", "13F18C0380") {
		t.Error("compatible is wrong")
	}
}

// FuzzParseScope feeds arbitrary text: no panic, and every UDI-DI it
// returns is a valid 14-digit GTIN.
func FuzzParseScope(f *testing.F) {
	f.Add("Lot/Batch Numbers: 13F18C0374, 13F18H0580", "REF AK-25502")
	f.Add("Serial Numbers: SN1000 through SN1500; (01)00885403300076(21)W123", "")
	f.Add("manufactured between January 1, 2019 and June 30, 2020", "Model 8015 - 8100")
	f.Add("Lot# 1-2-3 - 4-5-6 thru", "(01)(01)")
	f.Fuzz(func(t *testing.T, codeInfo, description string) {
		s := ParseScope(codeInfo, description)
		for _, di := range s.UDIDIs {
			if _, ok := gtin(di); !ok || len(di) != 14 {
				t.Fatalf("got UDI-DI %q", di)
			}
		}
		for _, r := range append(s.SerialRanges, s.LotRanges...) {
			if !compatible(codeKey(r.From), codeKey(r.To)) {
				t.Fatalf("got range %v", r)
			}
		}
	})
}
