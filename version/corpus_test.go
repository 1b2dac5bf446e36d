package version

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/expressions.golden from the current parser")

// wantReview is the number of distinct advisory expressions that Parse must
// mark for review: 11 date-based leaves ("< july 1 2017", "<  november 29
// 2017", "< august 28", "<May 2018", "<8/30/2024", "distributed < april 1,
// 2018", the four ViewForum/wireless options shipped between two dates and
// the FACSLyric Windows 10 releases between November 2017 and November 2018),
// the years ">= 2003 | <= 2006", and the three IntelliVue WLAN leaves that
// give a module's hardware version and firmware together.
const wantReview = 15

// mustReadExpressions returns the expressions of testdata/expressions.txt.
func mustReadExpressions(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "expressions.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestGolden checks the reading of every distinct version expression of the
// 153 CISA medical advisories against testdata/expressions.golden.
func TestGolden(t *testing.T) {
	exprs := mustReadExpressions(t)
	var b strings.Builder
	b.WriteString("# The reading of every expression in expressions.txt: the expression as written,\n")
	b.WriteString("# then String() and Note. Regenerate with go test ./version -update; review by eye.\n")
	review := 0
	for _, x := range exprs {
		e := Parse(x)
		if e.Review {
			review++
		}
		fmt.Fprintf(&b, "\n%s\n\t%s\n\t%s\n", x, e.String(), e.Note)
	}
	path := filepath.Join("testdata", "expressions.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("line %d: got %q, want %q (run go test ./version -update after checking)", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(gl), len(wl))
	}
	if review != wantReview {
		t.Errorf("got %d expressions marked Review, want %d", review, wantReview)
	}
}

// fuzzVersions are recorded versions every fuzzed expression is matched
// against, in the forms CMMS exports use.
var fuzzVersions = []string{"", "1.0", "v1.0.2", "Rev. K.23.10", "L.01.05", "12.2.8.410", "BT02", "U61", "2.4A", "1.0-rc1"}

// FuzzParse checks that Parse never panics, that its reading is
// deterministic, and that Match never panics and always explains itself.
func FuzzParse(f *testing.F) {
	for _, x := range mustReadExpressions(f) {
		f.Add(x, "1.0")
	}
	for _, x := range []string{"vers:generic/>=1.0|<2.0|!=1.5", "vers:semver/1.0.0%2Bbuild|>2.0.0", "vers:x/", "vers:/1",
		"(((", ")|(", "a for  only", "X for Rev M only", "<= x", ">= 1 | >= 2", "<", "1.0 |", "| |", "model", "with"} {
		f.Add(x, "L.01.05")
	}
	f.Fuzz(func(t *testing.T, expr, v string) {
		e := Parse(expr)
		again := Parse(expr)
		if e.String() != again.String() || e.Note != again.Note {
			t.Fatalf("Parse(%q) twice: got %q / %q, then %q / %q", expr, e.String(), e.Note, again.String(), again.Note)
		}
		if e.Raw != expr {
			t.Fatalf("Parse(%q).Raw: got %q, want the input", expr, e.Raw)
		}
		if e.Review && e.String() != "review" {
			t.Fatalf("Parse(%q): got String %q with Review set, want \"review\"", expr, e.String())
		}
		for _, x := range append(fuzzVersions, v) {
			r, why := e.Match(x, v)
			if why == "" {
				t.Fatalf("Parse(%q).Match(%q): got no explanation, want one", expr, x)
			}
			if r != No && r != Yes && r != Unknown {
				t.Fatalf("Parse(%q).Match(%q): got result %d, want No, Yes or Unknown", expr, x, r)
			}
			if e.Review && r != Unknown {
				t.Fatalf("Parse(%q).Match(%q): got %v for a Review expression, want unknown", expr, x, r)
			}
			if Normalize(x) == "" && !e.All && r == Yes && len(e.Alts) > 0 {
				t.Fatalf("Parse(%q).Match(%q): got yes for an empty version, want unknown", expr, x)
			}
		}
	})
}

// FuzzCompare checks that Compare is a total preorder: reflexive,
// antisymmetric and transitive.
func FuzzCompare(f *testing.F) {
	seeds := []string{"1.0", "1.0.0", "v1.0.2", "Rev. K.23.10", "L.01.05", "12.2.8.410", "4107600010.23", "R4.1L1",
		"VM5.0", "BT02", "A10", "012U000040", "028U000061", "HD16", "1.0-rc1", "2.4A", "1.1.3 Build 10", "", "0", "İ", "\xff"}
	for i, a := range seeds {
		f.Add(a, seeds[(i+1)%len(seeds)], seeds[(i+7)%len(seeds)])
	}
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if got := Compare(a, a); got != 0 {
			t.Fatalf("Compare(%q, %q): got %d, want 0", a, a, got)
		}
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d and Compare(%q, %q) = %d: got %d, want %d", a, b, ab, b, a, ba, ab, -ba)
		}
		bc, ac := Compare(b, c), Compare(a, c)
		if ab <= 0 && bc <= 0 && ac > 0 {
			t.Fatalf("%q <= %q <= %q: got Compare(%q, %q) = %d, want <= 0", a, b, c, a, c, ac)
		}
		if ab >= 0 && bc >= 0 && ac < 0 {
			t.Fatalf("%q >= %q >= %q: got Compare(%q, %q) = %d, want >= 0", a, b, c, a, c, ac)
		}
	})
}
