package vers

import (
	"testing"
)

// FuzzParse feeds arbitrary strings to both parsers. Neither may panic; a
// strict parse must print a string that parses back to itself; a lenient
// parse must be idempotent (normalising its own output changes nothing);
// and Contains must answer or fail cleanly for any version.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"vers:npm/1.2.3|>=2.0.0|<5.0.0",
		"vers:pypi/>0.0.0|>=0.0.1|0.0.2|<0.0.3|0.0.4|<0.0.5|>=0.0.6",
		"vers:generic/>=2.9|<=4.1",
		"vers:all/*",
		"vers:npm/1.0%252F0",
		"vers:datetime/2024-01-01T00:00:00Z",
		"vers:maven/>=1.0-SNAPSHOT|<2.0",
		"vers:deb/>=1:1.0~rc1-2",
		"VERS:Npm/ >= 1.0 | =2.0 ||",
		"vers:apk/>=1.2.3_rc1-r2|<1.2.4",
		"vers:gentoo/<1.0_p1-r2",
		"vers:conan/>1|<2.0",
	} {
		f.Add(s, "1.0.0")
	}
	f.Fuzz(func(t *testing.T, s, version string) {
		if r, err := Parse(s); err == nil {
			out := r.String()
			r2, err := Parse(out)
			if err != nil {
				t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, out, err)
			}
			if r2.String() != out {
				t.Fatalf("Parse(%q) printed %q, which reprints as %q", s, out, r2.String())
			}
			_, _ = r.Contains(version)
		}
		r, err := ParseLenient(s)
		if err != nil {
			return
		}
		out := r.String()
		r2, err := ParseLenient(out)
		if err != nil {
			t.Fatalf("ParseLenient(%q) printed %q, which does not parse: %v", s, out, err)
		}
		if r2.String() != out {
			t.Fatalf("ParseLenient(%q) printed %q, which reprints as %q", s, out, r2.String())
		}
		_, _ = r.Contains(version)
		_ = r.Validate()
	})
}

// FuzzCompare checks that every scheme's order is antisymmetric and
// reflexive on whatever versions it accepts, and never panics on the rest.
func FuzzCompare(f *testing.F) {
	for _, p := range [][2]string{
		{"1.0.0-alpha.1", "1.0.0"},
		{"1.0a1", "1.0.post1.dev2"},
		{"1.0-SNAPSHOT", "1.0-sp-1"},
		{"1:1.0~rc1-1", "1.0+b1"},
		{"1.0_alpha_pre2-r1", "1.0.01"},
		{"C.00.04", "2.4A"},
		{"1.0.2zf", "3.0.0"},
		{"2024-01-01T00:00:00Z", "2023-12-31T19:00:00-05:00"},
	} {
		for i := range Schemes() {
			f.Add(uint8(i), p[0], p[1])
		}
	}
	names := Schemes()
	f.Fuzz(func(t *testing.T, n uint8, a, b string) {
		scheme := names[int(n)%len(names)]
		ab, errA := Compare(scheme, a, b)
		ba, errB := Compare(scheme, b, a)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("Compare(%s, %q, %q): errors differ by argument order: %v / %v", scheme, a, b, errA, errB)
		}
		if errA != nil {
			return
		}
		if ab != -ba {
			t.Fatalf("Compare(%s, %q, %q) = %d but reversed = %d", scheme, a, b, ab, ba)
		}
		if aa, err := Compare(scheme, a, a); err != nil || aa != 0 {
			t.Fatalf("Compare(%s, %q, itself): got %d, %v, want 0", scheme, a, aa, err)
		}
	})
}
