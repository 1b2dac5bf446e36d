package vers

import "strings"

// evr is the [epoch:]version[-release] triple of RPM and Arch Linux
// packages. hasRelease tells a missing release from an empty one.
type evr struct {
	epoch, version, release string
	hasRelease              bool
}

// splitEVR splits like RPM and pacman do: an epoch is the leading digits
// before ":", the release follows the last "-".
func splitEVR(s string) evr {
	e := evr{epoch: "0"}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && s[i] == ':' {
		if i > 0 {
			e.epoch = s[:i]
		}
		s = s[i+1:]
	}
	if j := strings.LastIndexByte(s, '-'); j >= 0 {
		e.version, e.release, e.hasRelease = s[:j], s[j+1:], true
	} else {
		e.version = s
	}
	return e
}

// parseRPM parses an RPM [epoch:]version[-release].
func parseRPM(s string) (evr, error) {
	e := splitEVR(s)
	if e.version == "" || strings.ContainsAny(s, " \t") {
		return e, invalidVersion("rpm", s)
	}
	return e, nil
}

// compareRPM orders RPM versions: epoch, version, then release with
// rpmvercmp. A missing release matches any release, as a versioned
// dependency without one does in dnf and rpm.
func compareRPM(a, b evr) int {
	if d := compareDigits(a.epoch, b.epoch); d != 0 {
		return d
	}
	if d := rpmvercmp(a.version, b.version); d != 0 || !a.hasRelease || !b.hasRelease {
		return d
	}
	return rpmvercmp(a.release, b.release)
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// rpmvercmp is RPM's segment comparison: runs of digits compare
// numerically and beat runs of letters; letters compare byte-wise; other
// characters only separate. "~" sorts before anything, even the end
// ("1.0~rc1" < "1.0"); "^" sorts after the end but before anything else
// ("1.0" < "1.0^git1" < "1.0.1").
func rpmvercmp(a, b string) int {
	if a == b {
		return 0
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for i < len(a) && !isAlnum(a[i]) && a[i] != '~' && a[i] != '^' {
			i++
		}
		for j < len(b) && !isAlnum(b[j]) && b[j] != '~' && b[j] != '^' {
			j++
		}
		ai, bj := byteAt(a, i), byteAt(b, j)
		if ai == '~' || bj == '~' {
			if ai != '~' {
				return 1
			}
			if bj != '~' {
				return -1
			}
			i++
			j++
			continue
		}
		if ai == '^' || bj == '^' {
			switch {
			case i >= len(a):
				return -1
			case j >= len(b):
				return 1
			case ai != '^':
				return 1
			case bj != '^':
				return -1
			}
			i++
			j++
			continue
		}
		if i >= len(a) || j >= len(b) {
			break
		}
		d, ni, nj := rpmSegment(a, b, i, j)
		if d != 0 {
			return d
		}
		i, j = ni, nj
	}
	switch {
	case i >= len(a) && j >= len(b):
		return 0
	case i < len(a):
		return 1
	}
	return -1
}

// rpmSegment compares the digit or letter run starting at a[i] (its kind
// decides) with the run of the same kind at b[j], and returns the result
// and the positions after both runs. A number beats a word.
func rpmSegment(a, b string, i, j int) (int, int, int) {
	class := isAlpha
	if isDigit(a[i]) {
		class = isDigit
	}
	si, sj := i, j
	for i < len(a) && class(a[i]) {
		i++
	}
	for j < len(b) && class(b[j]) {
		j++
	}
	if j == sj {
		if isDigit(a[si]) {
			return 1, i, j
		}
		return -1, i, j
	}
	if isDigit(a[si]) {
		return compareDigits(a[si:i], b[sj:j]), i, j
	}
	return strings.Compare(a[si:i], b[sj:j]), i, j
}

// parseAlpm parses an Arch Linux [epoch:]pkgver[-pkgrel].
func parseAlpm(s string) (evr, error) {
	e := splitEVR(s)
	if e.version == "" || strings.ContainsAny(s, " \t") {
		return e, invalidVersion("alpm", s)
	}
	return e, nil
}

// compareAlpm is pacman's alpm_pkg_vercmp: epoch, pkgver, then pkgrel only
// when both versions have one.
func compareAlpm(a, b evr) int {
	if d := alpmvercmp(a.epoch, b.epoch); d != 0 {
		return d
	}
	if d := alpmvercmp(a.version, b.version); d != 0 || !a.hasRelease || !b.hasRelease {
		return d
	}
	return alpmvercmp(a.release, b.release)
}

// alpmvercmp is pacman's variant of rpmvercmp: no "~" or "^", separators
// of different length decide, and at the end a remaining word loses to
// nothing while a remaining number wins ("1.0a" < "1.0" < "1.0.1").
func alpmvercmp(a, b string) int {
	if a == b {
		return 0
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		pi, pj := i, j
		for i < len(a) && !isAlnum(a[i]) {
			i++
		}
		for j < len(b) && !isAlnum(b[j]) {
			j++
		}
		if i >= len(a) || j >= len(b) {
			break
		}
		if i-pi != j-pj {
			return sign((i - pi) - (j - pj))
		}
		d, ni, nj := rpmSegment(a, b, i, j)
		if d != 0 {
			return d
		}
		i, j = ni, nj
	}
	if i >= len(a) && j >= len(b) {
		return 0
	}
	if (i >= len(a) && !isAlpha(byteAt(b, j))) || (i < len(a) && isAlpha(a[i])) {
		return -1
	}
	return 1
}
