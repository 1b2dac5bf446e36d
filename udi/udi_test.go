package udi

import (
	"strings"
	"testing"
)

// validCases are well-formed UDIs with their expected parse. Check digits
// and characters were computed independently of this package.
var validCases = []struct {
	name string
	in   string
	want UDI
}{
	// GS1, human-readable form.
	{"gs1 brackets", "(01)00884838003880(17)250630(10)A12345(21)SN9876",
		UDI{Issuer: GS1, DI: "00884838003880", Expiry: "2025-06-30", Lot: "A12345", Serial: "SN9876"}},
	{"gs1 brackets spaced", " (01) 00884838003880 (10) A12345 ",
		UDI{Issuer: GS1, DI: "00884838003880", Lot: "A12345"}},
	{"gs1 day 00", "(01)09506000134352(11)240100(17)280200",
		UDI{Issuer: GS1, DI: "09506000134352", Manufactured: "2024-01-01", Expiry: "2028-02-29"}},
	{"gs1 7003 expiry", "(01)10614141000415(7003)2506301530",
		UDI{Issuer: GS1, DI: "10614141000415", Expiry: "2025-06-30"}},
	{"gs1 17 wins over 7003", "(01)10614141000415(7003)2506301530(17)250701",
		UDI{Issuer: GS1, DI: "10614141000415", Expiry: "2025-07-01"}},
	{"gs1 240 and 30", "(01)00884838003880(240)REF-77/B(30)12",
		UDI{Issuer: GS1, DI: "00884838003880"}},
	{"gs1 lower case and paren in serial", "(01)00884838003880(21)ab(c)",
		UDI{Issuer: GS1, DI: "00884838003880", Serial: "ab(c)"}},
	// GS1, transmitted form.
	{"gs1 bare gtin", "00884838003880", UDI{Issuer: GS1, DI: "00884838003880"}},
	{"gs1 bare gtin-12", "036000291452", UDI{Issuer: GS1, DI: "00036000291452"}},
	{"gs1 bare gtin-13", "9506000134352", UDI{Issuer: GS1, DI: "09506000134352"}},
	{"gs1 machine", "01008848380038801725063010A12345\x1d21SN9876",
		UDI{Issuer: GS1, DI: "00884838003880", Expiry: "2025-06-30", Lot: "A12345", Serial: "SN9876"}},
	{"gs1 datamatrix id", "]d201008848380038801725063010A12345\x1d21SN9876",
		UDI{Issuer: GS1, DI: "00884838003880", Expiry: "2025-06-30", Lot: "A12345", Serial: "SN9876"}},
	{"gs1-128 id and leading fnc1", "]C1\x1d0100884838003880\x1d10LOT7",
		UDI{Issuer: GS1, DI: "00884838003880", Lot: "LOT7"}},
	{"gs1 7003 without separator", "01008848380038807003250630153010LOT1",
		UDI{Issuer: GS1, DI: "00884838003880", Expiry: "2025-06-30", Lot: "LOT1"}},
	{"gs1 trailing separator", "0100884838003880\x1d",
		UDI{Issuer: GS1, DI: "00884838003880"}},
	// HIBCC.
	{"hibcc primary", "+A123BJC5D6E71G", UDI{Issuer: HIBCC, DI: "A123BJC5D6E71"}},
	{"hibcc code 39 text", "*+A123BJC5D6E71G*", UDI{Issuer: HIBCC, DI: "A123BJC5D6E71"}},
	{"hibcc gudid example", "+A999ABC1230V", UDI{Issuer: HIBCC, DI: "A999ABC1230"}},
	{"hibcc space check", "+A9990030 ", UDI{Issuer: HIBCC, DI: "A9990030"}},
	{"hibcc underscore check", "+A9990030_", UDI{Issuer: HIBCC, DI: "A9990030"}},
	{"hibcc $$5 julian", "+A99912345/$$52001510X33",
		UDI{Issuer: HIBCC, DI: "A99912345", Expiry: "2020-01-15", Lot: "10X3"}},
	{"hibcc supplemental", "+A99912345/$$52001510X3/16D20111212/S77DE1G45-",
		UDI{Issuer: HIBCC, DI: "A99912345", Expiry: "2020-01-15", Lot: "10X3", Manufactured: "2011-12-12", Serial: "77DE1G45"}},
	{"hibcc $$3", "+A999ABC1230/$$3250630LOT1S",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "LOT1"}},
	{"hibcc $$0 mmyy", "+A999ABC1230/$$0925LOTO",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-09-30", Lot: "LOT"}},
	{"hibcc $$2 mmddyy", "+A999ABC1230/$$2063025LOTQ",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "LOT"}},
	{"hibcc $$4 with hour", "+A999ABC1230/$$425063012LOTV",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "LOT"}},
	{"hibcc $$6 julian hour", "+A999ABC1230/$$62518112LOTY",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "LOT"}},
	{"hibcc $$8 quantity, slash check", "+A999ABC1230/$$8053250630LOT/",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "LOT"}},
	{"hibcc $$+7 serial", "+A999ABC1230/$$+7SER123E",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Serial: "SER123"}},
	{"hibcc $ lot", "+A999ABC1230/$LOT5H", UDI{Issuer: HIBCC, DI: "A999ABC1230", Lot: "LOT5"}},
	{"hibcc $+ serial", "+A999ABC1230/$+SER5A", UDI{Issuer: HIBCC, DI: "A999ABC1230", Serial: "SER5"}},
	{"hibcc yyjjj", "+A999ABC1230/25181L1O",
		UDI{Issuer: HIBCC, DI: "A999ABC1230", Expiry: "2025-06-30", Lot: "L1"}},
	// ICCBBA.
	{"isbt di only", "=/A9999XYZ100T0944", UDI{Issuer: ICCBBA, DI: "A9999XYZ100T0944"}},
	{"isbt full", "=/A9999XYZ100T0476=,000025=A99972312345600=>025032=}023032&,1000000000000XYZ123",
		UDI{Issuer: ICCBBA, DI: "A9999XYZ100T0476", Serial: "000025", Expiry: "2025-02-01", Manufactured: "2023-02-01", Lot: "000000000000XYZ123"}},
	{"isbt compound", "=+06000=/A9999XYZ100T0476=,000025=>025032&,1LOT9",
		UDI{Issuer: ICCBBA, DI: "A9999XYZ100T0476", Serial: "000025", Expiry: "2025-02-01", Lot: "LOT9"}},
	{"isbt unknown structure kept", "=/A9999XYZ100T0944=,000025=;XY",
		UDI{Issuer: ICCBBA, DI: "A9999XYZ100T0944", Serial: "000025"}},
}

func TestParseValid(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): got error %v, want nil", tc.in, err)
			}
			want := tc.want
			want.Raw = strings.TrimSpace(tc.in)
			if tc.name == "hibcc space check" {
				want.Raw = tc.in // the space is the check character
			}
			if got != want {
				t.Errorf("Parse(%q):\ngot  %+v\nwant %+v", tc.in, got, want)
			}
		})
	}
}

func TestValidGTIN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"00884838003880", true},
		{"00884838003889", false}, // the check digit of 0088483800388 is 0
		{"09506000134352", true},
		{"036000291452", true}, // GTIN-12 (UPC-A)
		{"0950600013435", false},
		{"12345670", true}, // GTIN-8
		{"1234567", false},
		{"0088483800388A", false},
		{"", false},
		{"+0884838003880", false},
	}
	for _, tc := range tests {
		if got := ValidGTIN(tc.in); got != tc.want {
			t.Errorf("ValidGTIN(%q): got %v, want %v", tc.in, got, tc.want)
		}
	}
}
