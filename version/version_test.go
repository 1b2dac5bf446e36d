package version

import (
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"   ", ""},
		{"1.0.2", "1.0.2"},
		{" v1.0.2 ", "1.0.2"},
		{"V4.2", "4.2"},
		{"v 1.2", "1.2"},
		{"Rev. K.23.10", "k.23.10"},
		{"rev.K.23.10", "k.23.10"},
		{"Rev J", "j"},
		{"REV 3", "3"},
		{"rev3", "3"},
		{"Revision 3", "3"},
		{"Version A", "a"},
		{"version: 2.1", "2.1"},
		{"ver 2.1", "2.1"},
		{"Ver.2.1", "2.1"},
		{"Version v1.2", "1.2"},
		{"VM5.0", "vm5.0"}, // the letters are part of the version
		{"VS4", "vs4"},     // likewise
		{"revel", "revel"}, // a word, not a prefix
		{"version", "version"},
		{"v", "v"},
		{"HD  16", "hd 16"}, // inner spaces collapsed
		{"L.01.05", "l.01.05"},
		{"4.20   SR1", "4.20 sr1"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q): got %q, want %q", tt.in, got, tt.want)
		}
		if got := Normalize(Normalize(tt.in)); got != tt.want {
			t.Errorf("Normalize(Normalize(%q)): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		// plain numbers
		{"1.0", "1.0.0", 0},
		{"2.3.1", "2.3.1.0", 0},
		{"1.0", "1.0.1", -1},
		{"1.10", "1.9", 1},
		{"1.0.13", "1.0.2", 1},
		{"01.02", "1.2", 0},
		{"06.08.00.00", "6.8", 0},
		{"2024.02", "2024.2", 0},
		{"12.2.8.0", "12.2.8.410", -1},
		{"12.2.8.410", "12.2.8.410", 0},
		{"12.2.6.1040", "12.2.8.0", -1},
		{"12.1.6.0215", "12.1.6.215", 0},
		{"4107600010.23", "4107600010.3", 1},
		{"4107600010.23", "999999999.99", 1},
		{"2018-1", "2021-1", -1},
		{"  1.2  ", "1.2", 0},
		{"", "0", 0},
		{"", "1", -1},
		// prefixes and case
		{"v1.0.2", "1.0.2", 0},
		{"V1.0.2", "1.0.2", 0},
		{"Version 2.1", "2.1", 0},
		{"ver 2.1", "2.1", 0},
		{"Revision 3", "3", 0},
		{"Rev. K.23.10", "K.23.10", 0},
		{"rev K.23.10", "k.23.10", 0},
		{"Rev J", "J", 0},
		{"L.01.05", "l.01.05", 0},
		{"2.4a", "2.4A", 0},
		// revision letters
		{"B.06.18", "B.06.17", 1},
		{"A.03.09", "A.3.9", 0},
		{"C.00.04", "C.0.4", 0},
		{"K.23.10", "L.01.05", -1},
		{"N.00.07", "M.99", 1},
		// letter prefixes
		{"R4.1L1", "R4.1L2", -1},
		{"R4.1L1", "R4.1", 1},
		{"R4.1L1", "R4.2", -1},
		{"VM5.0", "VM4.9", 1},
		{"VM5.0", "vm5", 0},
		{"BT02", "BT06", -1},
		{"BT02", "bt2", 0},
		{"A10", "A11", -1},
		{"L81", "U61", -1},
		{"012U000040", "12U40", 0},
		{"012U000040", "012U000041", -1},
		{"028U000061", "012U000061", 1},
		{"HD16", "HD 16", 0},
		{"HD16", "HD23", -1},
		{"SV20.1", "SV23.0", -1},
		{"GEH-1.1", "GEH-1.0", 1},
		{"6.3V1L10", "6.3V1L9", 1},
		{"LPI 3.5.12.P30", "lpi 3.5.12.p31", -1},
		{"smart3250-2.6.27-wlan2.1.7.cramfs", "smart3250-2.6.26", 1},
		{"CMS7.820.075.08/0.74(0.75)", "CMS7.820.075.08/0.740.75", -1},
		// letter suffixes and build words: after the base release, before the next
		{"2.4A", "2.4", 1},
		{"2.4A", "2.5", -1},
		{"2.4A", "2.4B", -1},
		{"2.4A", "2.4.1", -1},
		{"5.89.05b", "5.89.05", 1},
		{"1.1.3 Build 10", "1.1.3", 1},
		{"1.1.3 Build 10", "1.1.3 Build 11", -1},
		{"1.1.3 Build 10", "1.1.4", -1},
		{"1.1.3 Build 10", "1.1.3.1", -1},
		{"4.20 SR1", "4.20", 1},
		{"4.20 SR1", "4.30", -1},
		{"3.0 D15", "3.0", 1},
		{"3.0 D15", "3.0.1", -1},
		{"1.8.4 Service Pack 01", "1.8.4", 1},
		{"2023.3_Build_9342", "2023.3", 1},
		{"5.17.1-754993421", "5.17.1", 1},
		{"1.4.2.0-9d9eff4", "1.4.2.0", 1},
		// pre-releases: below the release
		{"1.0-rc1", "1.0", -1},
		{"1.0-alpha", "1.0-beta", -1},
		{"1.0-beta2", "1.0-rc1", -1},
		{"1.0-rc1", "1.0-rc2", -1},
		{"1.0-dev", "1.0-alpha", -1},
		{"1.0-preview", "1.0-pre", 1},
		{"1.0.0-rc1", "0.9.9", 1},
		// different forms still get a stable order
		{"A.01", "4.0", -1},
		{"0.5", "A.01", -1},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%q, %q): got %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Compare(tt.b, tt.a); got != -tt.want {
			t.Errorf("Compare(%q, %q): got %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func TestForm(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"12.2.8.410", formNumber},
		{"053l000091", formNumber},
		{"b.06.18", formRevision},
		{"n", formRevision},
		{"k.23.10", formRevision},
		{"u61", "=u"},
		{"bt02", "=bt"},
		{"hd 16", "=hd"},
		{"hd23", "=hd"},
		{"vm5.0", "=vm"},
		{"a10", "=a"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := form(tt.in); got != tt.want {
			t.Errorf("form(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsedCompareAgrees(t *testing.T) {
	vs := []string{"", "1.0", "1.0.0", "1.0-rc1", "1.0a", "1.0.1", "V4.2", "Rev. K.23.10", "L81", "L80", "012U000040",
		"12u40", "2.4A", "1.1.3 Build 10", "1.1.3.1", "21h2", "22h2", "2016.74", "-", "3.0.13"}
	for _, a := range vs {
		for _, b := range vs {
			if got, want := ParseVersion(a).Compare(ParseVersion(b)), Compare(a, b); got != want {
				t.Errorf("ParseVersion(%q).Compare(ParseVersion(%q)) = %d, want Compare's %d", a, b, got, want)
			}
		}
		if got, want := ParseVersion(a).Known(), Normalize(a) != ""; got != want {
			t.Errorf("ParseVersion(%q).Known() = %v, want %v", a, got, want)
		}
	}
}
