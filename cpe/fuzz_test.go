package cpe

import (
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary strings to Parse. It may not panic; a name it
// accepts must be well formed, survive a round trip through both bindings
// (the URI binding lower-cases), compare equal to itself when it holds no
// wildcards, and match itself as NVD would.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
		`cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*`,
		"cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
		"cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~",
		"cpe:/a:microsoft:internet_explorer%01%01%01%01:?:beta",
		"cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f",
		"cpe:2.3:h:ge:mac_5500:\\-:*:*:*:*:*:*:*",
		"cpe:/o:ge:mac:-:%2d",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			return
		}
		if err := n.Validate(); err != nil {
			t.Fatalf("Parse(%q) gave %s, which is not well formed: %v", s, n.WFN(), err)
		}
		fs := n.FS()
		back, err := ParseFS(fs)
		if err != nil || back != n {
			t.Fatalf("Parse(%q) = %s; FS %q reads back as %s, %v", s, n.WFN(), fs, back.WFN(), err)
		}
		uri := n.URI()
		back, err = ParseURI(uri)
		if err != nil {
			t.Fatalf("Parse(%q) = %s; URI %q does not parse: %v", s, n.WFN(), uri, err)
		}
		for a := range n {
			if !strings.EqualFold(back[a], n[a]) {
				t.Fatalf("Parse(%q) = %s; URI %q reads back as %s", s, n.WFN(), uri, back.WFN())
			}
		}
		wild := false
		for _, v := range n {
			wild = wild || hasWildcards(v) && v != ANY
		}
		if !wild {
			if r := Compare(n, n); r != Equal {
				t.Fatalf("Compare(%s, itself): got %s, want EQUAL", n.WFN(), r)
			}
			if !Match(n, n) {
				t.Fatalf("Match(%s, itself): got false, want true", n.WFN())
			}
		}
		vendor, product := VendorProduct(s)
		if vendor != indexKey(n.Get(Vendor)) || product != indexKey(n.Get(Product)) {
			t.Fatalf("VendorProduct(%q): got %q, %q", s, vendor, product)
		}
	})
}
