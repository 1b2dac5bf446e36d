package cpe

import "testing"

// The attribute comparison table of NISTIR 7696 (Table 6-2), with "i" and
// "k" as distinct plain strings and "m + wild cards" as "i*"-style
// patterns, plus the wildcard rules of compare_strings.
func TestCompareValue(t *testing.T) {
	tests := []struct {
		source, target string
		want           Relation
	}{
		{ANY, ANY, Equal},
		{ANY, NA, Superset},
		{ANY, "i", Superset},
		{ANY, "i*", Undefined},
		{NA, ANY, Subset},
		{NA, NA, Equal},
		{NA, "i", Disjoint},
		{NA, "i*", Undefined},
		{"i", "i", Equal},
		{"i", ANY, Subset},
		{"i", NA, Disjoint},
		{"i", "k", Disjoint},
		{"i*", "i", Superset},
		{"i*", ANY, Subset},
		{"i*", NA, Disjoint},
		{"i", "i*", Undefined},
		{"", "", Equal}, // empty means ANY
		{"Microsoft", "microsoft", Equal},
		{`8\.*`, `8\.0\.6001`, Superset},
		{`8\.*`, `9\.0`, Disjoint},
		{`*\.0`, `8\.0`, Superset},
		{`*6001`, `8\.0\.6001`, Superset},
		{"sp?", "sp2", Superset},
		{"sp?", "sp", Superset},   // a trailing "?" matches at most one character
		{"sp?", "sp12", Disjoint}, // ... not two
		{"?p2", "sp2", Superset},
		{"??2", "sp2", Superset},
		{"?2", "sp2", Disjoint},
		{`sp\?`, "sp2", Disjoint}, // a quoted "?" is literal
		{`sp\?`, `sp\?`, Equal},
		{`*\-beta`, `1\.0\-beta`, Superset},
		{`1\.0*`, `1\.0`, Superset},
		{`foo\\*`, `foo\\bar`, Superset},
	}
	for _, tt := range tests {
		if got := CompareValue(tt.source, tt.target); got != tt.want {
			t.Errorf("CompareValue(%q, %q): got %s, want %s", tt.source, tt.target, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	ie := mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer", "version", `8\.0\.6001`, "update", "beta")
	anyIE := mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer")
	ie8 := mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer", "version", `8\.*`)
	ff := mustWFN(t, "a", "vendor", "mozilla", "product", "firefox")
	mixed := mustWFN(t, "a", "vendor", "microsoft", "product", ANY, "version", `8\.0\.6001`, "update", "beta")
	tests := []struct {
		source, target Name
		want           Relation
	}{
		{ie, ie, Equal},
		{ie, anyIE, Subset},
		{anyIE, ie, Superset},
		{ie8, ie, Superset},
		{ie, ie8, Undefined}, // the target holds a wildcard
		{ie, ff, Disjoint},
		{mixed, anyIE, Undefined}, // product is wider, version narrower
	}
	for _, tt := range tests {
		if got := Compare(tt.source, tt.target); got != tt.want {
			t.Errorf("Compare(%s, %s): got %s, want %s", tt.source, tt.target, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*", "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*", true},
		{"cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*", "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*", true},
		{"cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*", "cpe:2.3:a:microsoft:internet_explorer:9.0:*:*:*:*:*:*:*", false},
		{"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*", "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*", false},
		{"cpe:2.3:h:ge:*:*:*:*:*:*:*:*:*", "cpe:/h:GE:MAC_5500:1.0", true},
		{"cpe:2.3:o:ge:mac_5500_firmware:-:*:*:*:*:*:*:*", "cpe:2.3:o:ge:mac_5500_firmware:-:*:*:*:*:*:*:*", true},
		{"cpe:2.3:o:ge:mac_5500_firmware:-:*:*:*:*:*:*:*", "cpe:2.3:o:ge:mac_5500_firmware:1.0:*:*:*:*:*:*:*", false},
		{"cpe:2.3:a:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*", true},
		{"cpe:2.3:a:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:o:foo:bar:1:*:*:*:*:*:*:*", false},
	}
	for _, tt := range tests {
		got, err := MatchString(tt.pattern, tt.name)
		if err != nil {
			t.Errorf("MatchString(%q, %q): %v", tt.pattern, tt.name, err)
			continue
		}
		if got != tt.want {
			t.Errorf("MatchString(%q, %q): got %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
	if _, err := MatchString("cpe:bad", "cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*"); err == nil {
		t.Error("MatchString with a bad pattern: got nil error, want one")
	}
}

func TestRelationString(t *testing.T) {
	for r, want := range map[Relation]string{Undefined: "UNDEFINED", Disjoint: "DISJOINT", Subset: "SUBSET", Superset: "SUPERSET", Equal: "EQUAL"} {
		if got := r.String(); got != want {
			t.Errorf("Relation(%d).String(): got %q, want %q", r, got, want)
		}
	}
	if got := SWEdition.String(); got != "sw_edition" {
		t.Errorf("SWEdition.String(): got %q, want %q", got, "sw_edition")
	}
}

// TestMatchFastPathsAgree checks Match against its definition (every
// attribute a superset of or equal to the name's) over values that
// exercise its fast paths: ANY, NA, empty, case, wildcards on both sides.
func TestMatchFastPathsAgree(t *testing.T) {
	values := []string{"", ANY, NA, "openssl", "OpenSSL", "open*", "*ssl", "open?sl", `open\*ssl`, "1.0.2", "1.0.2k"}
	for _, p := range values {
		for _, n := range values {
			var pattern, name Name
			for a := range pattern {
				pattern[a], name[a] = ANY, ANY
			}
			pattern[Product], name[Product] = p, n
			r := CompareValue(p, n)
			want := r == Superset || r == Equal
			if got := Match(pattern, name); got != want {
				t.Errorf("Match with product %q against %q = %v, want %v (CompareValue says %v)", p, n, got, want, r)
			}
		}
	}
}
