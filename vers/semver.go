package vers

import (
	"strings"
)

// semverVersion is a SemVer 2.0.0 version. Build metadata is dropped: it
// takes no part in precedence.
type semverVersion struct {
	core [3]string // major, minor, patch as digit strings
	pre  []string  // pre-release identifiers; nil for a release
}

// parseSemver parses a SemVer 2.0.0 version with the leniency real range
// data needs: a leading "v" (Go modules, many npm advisories), a missing
// minor or patch ("1.2" is 1.2.0, as node-semver's coercion and the vers
// reference implementation treat it) and leading zeros in numbers.
func parseSemver(s string) (semverVersion, error) {
	var v semverVersion
	in := s
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') && isDigit(s[1]) {
		s = s[1:]
	}
	if i := strings.IndexByte(s, '+'); i >= 0 {
		if !identifiers(s[i+1:]) {
			return v, invalidVersion("semver", in)
		}
		s = s[:i]
	}
	if i := strings.IndexByte(s, '-'); i >= 0 {
		if !identifiers(s[i+1:]) {
			return v, invalidVersion("semver", in)
		}
		v.pre = strings.Split(s[i+1:], ".")
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return v, invalidVersion("semver", in)
	}
	v.core = [3]string{"0", "0", "0"}
	for i, p := range parts {
		if !allDigits(p) {
			return v, invalidVersion("semver", in)
		}
		v.core[i] = p
	}
	return v, nil
}

// identifiers reports whether s is a non-empty dot-separated list of
// non-empty [0-9A-Za-z-] identifiers.
func identifiers(s string) bool {
	if s == "" {
		return false
	}
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			if c := id[i]; !isDigit(c) && !isAlpha(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

// compareSemver orders by SemVer 2.0.0 precedence (clause 11).
func compareSemver(a, b semverVersion) int {
	for i := range a.core {
		if d := compareDigits(a.core[i], b.core[i]); d != 0 {
			return d
		}
	}
	switch {
	case a.pre == nil && b.pre == nil:
		return 0
	case a.pre == nil:
		return 1 // a release follows its pre-releases
	case b.pre == nil:
		return -1
	}
	return comparePrerelease(a.pre, b.pre, strings.Compare)
}

// comparePrerelease compares dot-separated pre-release identifiers the way
// SemVer does: numeric identifiers numerically and below alphanumeric ones,
// alphanumeric ones with cmpText, and a shorter list first when all shared
// identifiers are equal. NuGet reuses it with a case-insensitive cmpText.
func comparePrerelease(a, b []string, cmpText func(x, y string) int) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		an, bn := allDigits(a[i]), allDigits(b[i])
		var d int
		switch {
		case an && bn:
			d = compareDigits(a[i], b[i])
		case an:
			d = -1
		case bn:
			d = 1
		default:
			d = cmpText(a[i], b[i])
		}
		if d != 0 {
			return d
		}
	}
	return sign(len(a) - len(b))
}

// nugetVersion is a NuGet version: up to four numbers and SemVer-style
// pre-release labels. Build metadata is dropped: NuGet ignores it when
// ordering.
type nugetVersion struct {
	nums [4]string
	pre  []string
}

// parseNuget parses a NuGet version such as 1.0, 1.0.0.1 or 1.0.0-beta.2+sha.
func parseNuget(s string) (nugetVersion, error) {
	var v nugetVersion
	in := s
	if i := strings.IndexByte(s, '+'); i >= 0 {
		if !identifiers(s[i+1:]) {
			return v, invalidVersion("nuget", in)
		}
		s = s[:i]
	}
	if i := strings.IndexByte(s, '-'); i >= 0 {
		if !identifiers(s[i+1:]) {
			return v, invalidVersion("nuget", in)
		}
		v.pre = strings.Split(s[i+1:], ".")
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return v, invalidVersion("nuget", in)
	}
	v.nums = [4]string{"0", "0", "0", "0"}
	for i, p := range parts {
		if !allDigits(p) {
			return v, invalidVersion("nuget", in)
		}
		v.nums[i] = p
	}
	return v, nil
}

// compareNuget orders NuGet versions: numbers first (a missing part is 0,
// so 1.0 equals 1.0.0.0), then a release after its pre-releases, then the
// labels compared case-insensitively, as NuGet's VersionComparer does.
func compareNuget(a, b nugetVersion) int {
	for i := range a.nums {
		if d := compareDigits(a.nums[i], b.nums[i]); d != 0 {
			return d
		}
	}
	switch {
	case a.pre == nil && b.pre == nil:
		return 0
	case a.pre == nil:
		return 1
	case b.pre == nil:
		return -1
	}
	return comparePrerelease(a.pre, b.pre, func(x, y string) int {
		return strings.Compare(strings.ToUpper(x), strings.ToUpper(y))
	})
}
