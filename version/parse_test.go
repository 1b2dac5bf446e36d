package version

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in     string
		want   string // String()
		note   string // a part of Note
		models []string
	}{
		// vers URIs
		{"vers:all/*", "all", "all versions", nil},
		{"vers:generic/>=1.0|<2.0", ">=1.0 & <2.0", "versions 1.0 up to but not including 2.0", nil},
		{"vers:generic/<2.0|>=1.0", ">=1.0 & <2.0", "", nil}, // sorted before pairing
		{"vers:semver/1.2.3|>=2.0.0|<3.0.0", "=1.2.3 | >=2.0.0 & <3.0.0", "version 1.2.3; or versions 2.0.0", nil},
		{"vers:generic/<1.0|>=2.0|<3.0|>=4.0", "<1.0 | >=2.0 & <3.0 | >=4.0", "", nil},
		{"vers:generic/>=1.0|<2.0|!=1.5", ">=1.0 & <2.0 except 1.5", "except 1.5", nil},
		{"vers:semver/>=1.0.0%2Bbuild.1", ">=1.0.0", "", nil},
		{"vers:generic/>=1.0|>=2.0", "review", "do not pair into ranges", nil},
		{"vers:/1.0", "review", "without a versioning scheme", nil},
		// the readings of labels.md
		{"Rev J-M | (X3/MX100 for Rev M only)", "[j..m] | =m.* for X3/MX100", "revisions J through M", []string{"X3", "MX100"}},
		{">= 1.1 | <= 1.3.2", ">=1.1 & <=1.3.2", "versions 1.1 through 1.3.2", nil},
		{"<=N", "<=n.*", "revision N and earlier", nil},
		{"<= 12.2.x.x", "<=12.2.*", "version 12.2.x.x and earlier", nil},
		{"< B.06.18", "<b.06.18", "revisions before B.06.18", nil},
		{"F.0.G.0 | J.3", "=f.0 | =g.0 | =j.3", "revisions F.0, G.0 and J.3", nil},
		{"A.01 <= C.0x | 4.0", ">=a.01 & <=c.* | =4.0", "revisions A.01 through C.0x; or version 4.0", nil},
		// alternatives, not ranges
		{"4.X | 5.X", "=4.* | =5.*", "versions 4.X and 5.X", nil},
		{"B.02 | C.02 | C.03", "=b.02 | =c.02 | =c.03", "revisions B.02, C.02 and C.03", nil},
		{"<= U61 |<= L81", "<=u61 | <=l81", "version U61 and earlier; or version L81 and earlier", nil},
		// models rather than versions
		{"24950 | 24952", "models(24950|24952)", "names models 24950 and 24952", []string{"24950", "24952"}},
		{"9.x model 35700BAX3", "=9.* models(35700BAX3)", "of model 35700BAX3", []string{"35700BAX3"}},
		{"MMT-1710", "models(MMT-1710)", "every version of that model", []string{"MMT-1710"}},
		{"Accu-Chek Inform II", "models(Accu-Chek Inform II)", "rather than a version", []string{"Accu-Chek Inform II"}},
		{"2nd Edition", "models(2nd Edition)", "", []string{"2nd Edition"}},
		// dates and other text that needs review, with the date named
		{"< july 1 2017", "review", "before july 1 2017", nil},
		{"<May 2018", "review", "before May 2018", nil},
		{"<8/30/2024", "review", "before 8/30/2024", nil},
		{"distributed  < april 1, 2018", "review", "distributed before april 1, 2018", nil},
		{">= 2003 | <= 2006", "review", "year", nil},
		{"", "review", "no version", nil},
		{"<= x", "review", "not a version", nil},
		{"1.0 | Foo Bar", "review", "mixes model names and versions", nil},
		// conditions and remarks
		{"<=11.2 on Windows 8.1 with IIS 7.5", "<=11.2 if(on Windows 8.1 with IIS 7.5)", "only on Windows 8.1", nil},
		{"* (end-of-life 2011)", "all", "end-of-life 2011", nil},
		{"2.3.6 and  below", "<=2.3.6", "version 2.3.6 and earlier", nil},
		{"1.0 or later", ">=1.0", "version 1.0 and later", nil},
		{"prior to 3.1", "<3.1", "versions before 3.1", nil},
		{"2.1 to 2.4", ">=2.1 & <=2.4", "versions 2.1 through 2.4", nil},
	}
	for _, tt := range tests {
		e := Parse(tt.in)
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q).String(): got %q, want %q", tt.in, got, tt.want)
		}
		if !strings.Contains(e.Note, tt.note) {
			t.Errorf("Parse(%q).Note: got %q, want it to contain %q", tt.in, e.Note, tt.note)
		}
		if tt.models != nil && !reflect.DeepEqual(e.Models, tt.models) {
			t.Errorf("Parse(%q).Models: got %q, want %q", tt.in, e.Models, tt.models)
		}
		if e.Raw != tt.in {
			t.Errorf("Parse(%q).Raw: got %q, want the input", tt.in, e.Raw)
		}
	}
}

func TestParseConstraint(t *testing.T) {
	got := Parse("<= 12.2.x.x").Alts
	want := Constraint{Hi: "12.2", HiInc: true, HiFamily: true, hiText: "12.2.x.x"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("Parse(%q).Alts: got %+v, want [%+v]", "<= 12.2.x.x", got, want)
	}
}

func TestZeroExpr(t *testing.T) {
	var e Expr
	if got := e.String(); got != "review" {
		t.Errorf("Expr{}.String(): got %q, want %q", got, "review")
	}
	if got, _ := e.Match("1.0"); got != Unknown {
		t.Errorf("Expr{}.Match(%q): got %v, want %v", "1.0", got, Unknown)
	}
	var r Result
	if r != Unknown {
		t.Errorf("zero Result: got %v, want %v", r, Unknown)
	}
}
