package vers

import (
	"regexp"
	"strings"
)

// debianVersion is [epoch:]upstream[-revision] as dpkg reads it.
type debianVersion struct {
	epoch, upstream, revision string
}

// parseDebian splits a Debian version. The epoch is digits before the first
// ":"; the revision follows the last "-"; the upstream part must start with
// a digit and use only the characters Debian policy allows.
func parseDebian(s string) (debianVersion, error) {
	var v debianVersion
	in := s
	v.epoch = "0"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		if !allDigits(s[:i]) {
			return v, invalidVersion("deb", in)
		}
		v.epoch, s = s[:i], s[i+1:]
	}
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		v.upstream, v.revision = s[:i], s[i+1:]
		if v.revision == "" || !debianChars(v.revision, "+.~") {
			return v, invalidVersion("deb", in)
		}
	} else {
		v.upstream = s
	}
	if v.upstream == "" || !isDigit(v.upstream[0]) || !debianChars(v.upstream, ".+~-:") {
		return v, invalidVersion("deb", in)
	}
	return v, nil
}

// debianChars reports whether s holds only alphanumerics and extra.
func debianChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !isAlpha(c) && strings.IndexByte(extra, c) < 0 {
			return false
		}
	}
	return true
}

// compareDebian orders Debian versions as dpkg does: epoch numerically,
// then upstream version and revision with verrevcmp.
func compareDebian(a, b debianVersion) int {
	if d := compareDigits(a.epoch, b.epoch); d != 0 {
		return d
	}
	if d := verrevcmp(a.upstream, b.upstream); d != 0 {
		return d
	}
	return verrevcmp(a.revision, b.revision)
}

// debianOrder is dpkg's order(): "~" before everything, even the end of
// the string; letters before other characters.
func debianOrder(c byte, end bool) int {
	switch {
	case end, isDigit(c):
		return 0
	case isAlpha(c):
		return int(c)
	case c == '~':
		return -1
	}
	return int(c) + 256
}

// verrevcmp is dpkg's comparison of one version part: alternating runs of
// non-digits (compared character by character with debianOrder) and digits
// (compared numerically).
func verrevcmp(a, b string) int {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for (i < len(a) && !isDigit(a[i])) || (j < len(b) && !isDigit(b[j])) {
			ac := debianOrder(byteAt(a, i), i >= len(a))
			bc := debianOrder(byteAt(b, j), j >= len(b))
			if ac != bc {
				return sign(ac - bc)
			}
			i++
			j++
		}
		si := i
		for i < len(a) && isDigit(a[i]) {
			i++
		}
		sj := j
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		if d := compareDigits(a[min(si, len(a)):i], b[min(sj, len(b)):j]); d != 0 {
			return d
		}
	}
	return 0
}

// byteAt returns s[i], or 0 past the end.
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// gentooPattern is the version syntax of the Package Manager Specification
// (PMS 3.2): numbers, an optional letter, suffixes, an optional revision.
var gentooPattern = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|p)[0-9]*)*)(?:-r([0-9]+))?$`)

// gentooSuffixOrder ranks suffix kinds: _alpha < _beta < _pre < _rc < _p.
var gentooSuffixOrder = map[string]int{"alpha": 0, "beta": 1, "pre": 2, "rc": 3, "p": 4}

// gentooSuffix is one "_kind[number]" suffix.
type gentooSuffix struct {
	kind string
	num  string
}

// gentooVersion is a parsed Gentoo version.
type gentooVersion struct {
	nums     []string
	letter   string
	suffixes []gentooSuffix
	revision string
}

// parseGentoo parses a Gentoo ebuild version such as 1.0b_rc2_p3-r1.
func parseGentoo(s string) (gentooVersion, error) {
	var v gentooVersion
	m := gentooPattern.FindStringSubmatch(s)
	if m == nil {
		return v, invalidVersion("gentoo", s)
	}
	v.nums = strings.Split(m[1], ".")
	v.letter = m[2]
	for _, suf := range strings.Split(m[3], "_")[1:] {
		kind := strings.TrimRight(suf, "0123456789")
		v.suffixes = append(v.suffixes, gentooSuffix{kind: kind, num: orZero(suf[len(kind):])})
	}
	v.revision = orZero(m[4])
	return v, nil
}

// compareGentoo is PMS algorithm 3.2 and its helpers.
func compareGentoo(a, b gentooVersion) int {
	// 3.3: the first number as an integer; the others as integers, unless
	// one has a leading zero: then as strings without trailing zeros.
	if d := compareDigits(a.nums[0], b.nums[0]); d != 0 {
		return d
	}
	for i := 1; i < len(a.nums) && i < len(b.nums); i++ {
		x, y := a.nums[i], b.nums[i]
		var d int
		if x[0] == '0' || y[0] == '0' {
			d = strings.Compare(strings.TrimRight(x, "0"), strings.TrimRight(y, "0"))
		} else {
			d = compareDigits(x, y)
		}
		if d != 0 {
			return d
		}
	}
	if d := len(a.nums) - len(b.nums); d != 0 {
		return sign(d)
	}
	// 3.5: letters.
	if d := strings.Compare(a.letter, b.letter); d != 0 {
		return d
	}
	// 3.6 and 3.7: suffixes pairwise, then the extra one decides: a _p
	// makes its version later, anything else earlier.
	for i := 0; i < len(a.suffixes) && i < len(b.suffixes); i++ {
		x, y := a.suffixes[i], b.suffixes[i]
		if x.kind != y.kind {
			return sign(gentooSuffixOrder[x.kind] - gentooSuffixOrder[y.kind])
		}
		if d := compareDigits(x.num, y.num); d != 0 {
			return d
		}
	}
	switch {
	case len(a.suffixes) > len(b.suffixes):
		if a.suffixes[len(b.suffixes)].kind == "p" {
			return 1
		}
		return -1
	case len(a.suffixes) < len(b.suffixes):
		if b.suffixes[len(a.suffixes)].kind == "p" {
			return -1
		}
		return 1
	}
	// 3.9: revisions.
	return compareDigits(a.revision, b.revision)
}
