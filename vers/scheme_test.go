package vers

import (
	"slices"
	"testing"

	"ward"
)

// TestCompareOrder checks that each list is strictly ascending under its
// scheme, comparing every pair, so both directions and transitivity count.
func TestCompareOrder(t *testing.T) {
	tests := []struct {
		scheme   string
		versions []string
	}{
		// SemVer 2.0.0, clause 11.
		{"semver", []string{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0"}},
		{"npm", []string{"0.0.1", "0.9.9", "v1.0.0-rc.1", "1.0.0", "1.2", "1.10.0", "123456789012345678901234567890.0.0"}},
		{"golang", []string{"v0.0.0-20200101000000-abcdefabcdef", "v0.0.1", "v1.2.3", "v1.10.0", "v2.0.0+incompatible"}},
		// The PEP 440 ordering example of the "packaging" documentation.
		{"pypi", []string{"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346", "1.0c1.dev456", "1.0c1", "1.0rc2", "1.0c3", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.1.dev1", "1!0.1"}},
		{"gem", []string{"1.0.a", "1.0.b1", "1.0.b2", "1.0", "1.0.0.1", "1.1", "2.0.0.rc1", "2.0.0"}},
		{"nuget", []string{"0.9.9.1", "1.0.0-alpha", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.0.0.1", "1.0.1"}},
		{"maven", []string{"1.0-alpha-1", "1.0-beta-1", "1.0-milestone-1", "1.0-rc1", "1.0-SNAPSHOT", "1.0", "1.0-sp1", "1.0-whatever", "1.0.1", "1.1"}},
		{"deb", []string{"0.9", "1.0~~", "1.0~rc1", "1.0", "1.0-1", "1.0-2", "1.0a", "1.0+b1", "1.0.1", "1:0.1"}},
		{"rpm", []string{"0.9", "1.0~rc1", "1.0", "1.0^git1", "1.0a", "1.0.1", "1.0.10", "1:0.1"}},
		{"alpm", []string{"1.0alpha", "1.0-1", "1.0-2", "1.0.a", "1.0.1", "1:0.5"}},
		{"apk", []string{"1.1_alpha", "1.1_rc1", "1.1", "1.1-r1", "1.1_p1", "1.1.1", "1.2"}},
		{"gentoo", []string{"1.0_alpha", "1.0_rc1", "1.0", "1.0-r1", "1.0_p1", "1.0.1", "1.1"}},
		{"conan", []string{"1.0-pre1", "1.0", "1.0+b1", "1.1", "1.1.a", "1.2"}},
		{"openssl", []string{"0.9.8", "0.9.8zh", "1.0.2", "1.0.2a", "1.0.2z", "1.0.2za", "1.1.1w", "3.0.0", "3.0.13"}},
		// Firmware-style versions that motivate the libversion order; a
		// letter suffix sorts after the next number (1.0.1 < 1.0a), as in
		// libversion.
		{"generic", []string{"A.01", "C.00.04", "1.0alpha", "1.0beta2", "1.0", "1.0patch1", "1.0.1", "1.0a", "2.4", "2.4A", "2.5", "V3.1.2.2", "12.2.3"}},
		{"intdot", []string{"1.2", "1.2.1", "1.10", "2"}},
		{"lexicographic", []string{"A", "B", "a", "aa", "b"}},
		{"datetime", []string{"2023-12-31T23:00:00Z", "2024-01-01T00:00:00.5+00:00", "2024-01-01T01:00:00Z"}},
	}
	for _, tt := range tests {
		for i, a := range tt.versions {
			for j, b := range tt.versions {
				got, err := Compare(tt.scheme, a, b)
				if err != nil {
					t.Errorf("Compare(%s, %q, %q): %v", tt.scheme, a, b, err)
					continue
				}
				if want := sign(i - j); got != want {
					t.Errorf("Compare(%s, %q, %q): got %d, want %d", tt.scheme, a, b, got, want)
				}
			}
		}
	}
}

func TestCompareEqual(t *testing.T) {
	tests := []struct{ scheme, a, b string }{
		{"semver", "1.0.0+build.1", "1.0.0"},
		{"semver", "1.2", "1.2.0"},
		{"golang", "v1.2.3", "1.2.3"},
		{"pypi", "1.0", "1.0.0"},
		{"pypi", "1.0-ALPHA-1", "1.0a1"},
		{"pypi", "v1.0.post", "1.0.post0"},
		{"gem", "1.0", "1"},
		{"gem", "1.0-beta", "1.0.pre.beta"},
		{"nuget", "1.0", "1.0.0.0"},
		{"nuget", "1.0.0-BETA", "1.0.0-beta"},
		{"maven", "1.0.0", "1"},
		{"maven", "1.0-final", "1"},
		{"deb", "0:1.0", "1.0"},
		{"rpm", "1.0", "1.0-7"},
		{"rpm", "1.0", "0:1.0"},
		{"gentoo", "1.0", "1.0-r0"},
		{"conan", "1", "1.0.0"},
		{"generic", "1.0alpha1", "1.0.a1"},
		{"generic", "V3.1", "3.1.0"},
		{"intdot", "01.002.0003", "1.2.3"},
		{"intdot", "1.2rc1", "1.2"},
		{"datetime", "2024-01-01T00:00:00Z", "2023-12-31T19:00:00-05:00"},
	}
	for _, tt := range tests {
		if got, err := Compare(tt.scheme, tt.a, tt.b); err != nil || got != 0 {
			t.Errorf("Compare(%s, %q, %q): got %d, %v, want 0", tt.scheme, tt.a, tt.b, got, err)
		}
	}
}

func TestCompareInvalid(t *testing.T) {
	tests := []struct{ scheme, v string }{
		{"semver", "1.2.3.4"},
		{"semver", "1.2.3-"},
		{"npm", "one"},
		{"pypi", "not-pep-440"},
		{"gem", "1..2"},
		{"nuget", "1.2.3.4.5"},
		{"maven", ""},
		{"deb", "a1.0"},
		{"deb", "1.0-"},
		{"rpm", ""},
		{"apk", "1.0_foo"},
		{"gentoo", "1.0_foo"},
		{"conan", ""},
		{"openssl", "1.0"},
		{"generic", ""},
		{"intdot", "abc"},
		{"lexicographic", ""},
		{"datetime", "2024-13-01T00:00:00Z"},
		{"all", "1.0"}, // valid alone, but has no order
		{"cobol", "1.0"},
	}
	for _, tt := range tests {
		if got, err := Compare(tt.scheme, tt.v, tt.v); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("Compare(%s, %q, %q): got %d, %v, want an %s error", tt.scheme, tt.v, tt.v, got, err, ward.EINVALID)
		}
	}
}

func TestSchemes(t *testing.T) {
	got := Schemes()
	for _, want := range []string{"generic", "semver", "npm", "pypi", "maven", "gem", "golang", "deb", "rpm", "nuget", "all"} {
		if !slices.Contains(got, want) || !Supported(want) {
			t.Errorf("Schemes(): got %v, want it to include %q", got, want)
		}
	}
	if !slices.IsSorted(got) {
		t.Errorf("Schemes(): got %v, want sorted", got)
	}
	if Supported("invalid") || Supported("test") {
		t.Error("Supported: got true for a reserved type, want false")
	}
}
