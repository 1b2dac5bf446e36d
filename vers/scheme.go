package vers

import (
	"slices"
	"strings"

	"ward"
)

// scheme is one versioning scheme: how to validate a version and how to
// order two of them.
type scheme struct {
	check   func(v string) error
	compare func(a, b string) (int, error)
}

// typed builds a scheme from a parser to a comparable value and its order,
// so each scheme file only has to say what a version is.
func typed[V any](parse func(string) (V, error), cmp func(a, b V) int) scheme {
	return scheme{
		check: func(v string) error {
			_, err := parse(v)
			return err
		},
		compare: func(a, b string) (int, error) {
			va, err := parse(a)
			if err != nil {
				return 0, err
			}
			vb, err := parse(b)
			if err != nil {
				return 0, err
			}
			return sign(cmp(va, vb)), nil
		},
	}
}

// unordered is the scheme of "all" and "none": any version is acceptable
// (there is nothing to compare it with), but no two versions can be ordered.
func unordered(name string) scheme {
	return scheme{
		check: func(string) error { return nil },
		compare: func(a, b string) (int, error) {
			return 0, ward.Errorf(ward.EINVALID, "vers: the %s scheme has no version order; only \"*\" is allowed", name)
		},
	}
}

// schemes maps each supported vers type to its rules. Aliases share the
// rules of the ecosystem they follow: cargo, hex and swift use SemVer 2.0
// and nginx numbers its releases the same way.
var schemes = map[string]scheme{
	"all":           unordered("all"),
	"none":          unordered("none"),
	"alpm":          typed(parseAlpm, compareAlpm),
	"apk":           typed(parseApk, compareApk),
	"cargo":         typed(parseSemver, compareSemver),
	"conan":         typed(parseConan, compareConan),
	"datetime":      typed(parseDatetime, compareDatetime),
	"deb":           typed(parseDebian, compareDebian),
	"gem":           typed(parseGem, compareGem),
	"generic":       typed(parseGeneric, compareGeneric),
	"gentoo":        typed(parseGentoo, compareGentoo),
	"golang":        typed(parseSemver, compareSemver),
	"hex":           typed(parseSemver, compareSemver),
	"intdot":        typed(parseIntdot, compareIntdot),
	"lexicographic": typed(parseLexicographic, strings.Compare),
	"maven":         typed(parseMaven, compareMaven),
	"nginx":         typed(parseSemver, compareSemver),
	"npm":           typed(parseSemver, compareSemver),
	"nuget":         typed(parseNuget, compareNuget),
	"openssl":       typed(parseOpenSSL, compareOpenSSL),
	"pypi":          typed(parsePypi, comparePypi),
	"rpm":           typed(parseRPM, compareRPM),
	"semver":        typed(parseSemver, compareSemver),
	"swift":         typed(parseSemver, compareSemver),
}

// lookup returns the rules of a scheme, or an EINVALID error for one this
// package does not implement (including the reserved "invalid", "test" and
// "example" types, which have no version order by definition).
func lookup(name string) (scheme, error) {
	if s, ok := schemes[name]; ok {
		return s, nil
	}
	if name == "invalid" {
		return scheme{}, ward.Errorf(ward.EINVALID, "vers: the reserved scheme \"invalid\" is never valid")
	}
	return scheme{}, ward.Errorf(ward.EINVALID, "vers: unsupported scheme %q", clip(name))
}

// Supported reports whether Compare, Parse and Contains know the rules of
// the named scheme.
func Supported(scheme string) bool {
	_, ok := schemes[scheme]
	return ok
}

// Schemes returns the names of the supported schemes in sorted order.
func Schemes() []string {
	names := make([]string, 0, len(schemes))
	for n := range schemes {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Compare compares two versions by the rules of scheme and returns -1, 0 or
// +1 as a sorts before, equal to or after b. Versions that are spelled
// differently can be equal (pypi "1.0" and "1.0.0"). It returns an EINVALID
// error for an unsupported scheme or a version the scheme cannot parse.
func Compare(scheme, a, b string) (int, error) {
	s, err := lookup(scheme)
	if err != nil {
		return 0, err
	}
	return s.compare(a, b)
}

// Valid returns nil if v is a version of scheme, and otherwise an EINVALID
// error that says why not.
func Valid(scheme, v string) error {
	s, err := lookup(scheme)
	if err != nil {
		return err
	}
	return s.check(v)
}

// invalidVersion is the error every scheme returns for a version it cannot
// parse.
func invalidVersion(scheme, v string) error {
	return ward.Errorf(ward.EINVALID, "vers: %q is not a valid %s version", clip(v), scheme)
}

// sign maps any integer to -1, 0 or +1.
func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// compareDigits compares two strings of ASCII digits as unbounded
// non-negative integers, so no scheme overflows on a 30-digit version part.
func compareDigits(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return sign(len(a) - len(b))
	}
	return strings.Compare(a, b)
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isAlpha reports whether c is an ASCII letter.
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// allDigits reports whether s is a non-empty string of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
