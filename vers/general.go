package vers

import (
	"strings"
	"time"
)

// Ranks of libversion's components, in ascending order.
const (
	rankPreRelease = iota + 1
	rankZero
	rankPostRelease
	rankNonZero
	rankLetterSuffix
)

// genericPart is one component of a generic version: its rank and, for a
// number, its digits without leading zeros, or for a word its lower-cased
// first letter (libversion compares words by that letter only, so "a1",
// "alpha1" and "Alpha-1" are the same pre-release).
type genericPart struct {
	rank int
	val  string
	word bool
}

// parseGeneric splits a version the way libversion does. The vers
// specification leaves the generic comparison to be defined "likely based
// on libversion"; Ward adopts libversion's core algorithm now because
// medical-device firmware versions ("C.00.04", "2.4A", "V3.1.2.2") need an
// order that is neither SemVer nor plain text. One addition: a leading "v"
// or "V" before a digit is dropped, so V3.1 equals 3.1.
func parseGeneric(s string) ([]genericPart, error) {
	if s == "" {
		return nil, invalidVersion("generic", s)
	}
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') && isDigit(s[1]) {
		s = s[1:]
	}
	var parts []genericPart
	for i := 0; i < len(s); {
		switch {
		case isDigit(s[i]):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			n := strings.TrimLeft(s[i:j], "0")
			p := genericPart{rank: rankNonZero, val: n}
			if n == "" {
				p.rank = rankZero
			}
			parts = append(parts, p)
			// A word glued to a number and not followed by a digit is a
			// letter suffix (1.0a, 2.4A): it sorts after the bare number.
			if j < len(s) && isAlpha(s[j]) {
				k := j
				for k < len(s) && isAlpha(s[k]) {
					k++
				}
				if k == len(s) || !isDigit(s[k]) {
					w := genericWord(s[j:k])
					if w.rank == rankPreRelease && !genericKeyword(s[j:k]) {
						w.rank = rankLetterSuffix
					}
					parts = append(parts, w)
					j = k
				}
			}
			i = j
		case isAlpha(s[i]):
			j := i
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			parts = append(parts, genericWord(s[i:j]))
			i = j
		default:
			i++ // any other character only separates
		}
	}
	return parts, nil
}

// genericWord classifies a word: known post-release keywords sort after
// the release; everything else, known pre-release keywords included,
// before it.
func genericWord(w string) genericPart {
	lw := strings.ToLower(w)
	p := genericPart{rank: rankPreRelease, val: lw[:1], word: true}
	switch {
	case strings.HasPrefix(lw, "post"), strings.HasPrefix(lw, "patch"), lw == "pl", lw == "errata":
		p.rank = rankPostRelease
	}
	return p
}

// genericKeyword reports whether w is one of libversion's pre-release
// keywords, which stay pre-releases even where a letter suffix could be.
func genericKeyword(w string) bool {
	lw := strings.ToLower(w)
	return lw == "alpha" || lw == "beta" || lw == "rc" || strings.HasPrefix(lw, "pre")
}

// compareGeneric compares component by component, padding the shorter
// version with zeros: rank first, then words by letter and numbers by
// value.
func compareGeneric(a, b []genericPart) int {
	pad := genericPart{rank: rankZero}
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := pad, pad
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x.rank != y.rank {
			return sign(x.rank - y.rank)
		}
		switch {
		case x.word && y.word:
			if d := strings.Compare(x.val, y.val); d != 0 {
				return d
			}
		case x.word:
			return -1
		case y.word:
			return 1
		default:
			if d := compareDigits(x.val, y.val); d != 0 {
				return d
			}
		}
	}
	return 0
}

// parseIntdot reads the dot-separated integers at the start of s and
// ignores the rest from the first other character on, as the vers intdot
// type prescribes ("1.2rc1" is 1.2). Leading zeros do not count.
func parseIntdot(s string) ([]string, error) {
	end := 0
	for end < len(s) && (isDigit(s[end]) || s[end] == '.') {
		end++
	}
	if end == 0 || !isDigit(s[0]) {
		return nil, invalidVersion("intdot", s)
	}
	return strings.Split(strings.TrimRight(s[:end], "."), "."), nil
}

// compareIntdot compares the integers in turn; a missing one is 0.
func compareIntdot(a, b []string) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := "0", "0"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if d := compareDigits(x, y); d != 0 {
			return d
		}
	}
	return 0
}

// parseLexicographic accepts any non-empty string; the lexicographic type
// compares raw UTF-8 bytes without normalisation.
func parseLexicographic(s string) (string, error) {
	if s == "" {
		return "", invalidVersion("lexicographic", s)
	}
	return s, nil
}

// parseDatetime parses an RFC 3339 timestamp. A leap second (":60") is
// read as the first instant of the next second, which Go's time package
// cannot represent directly.
func parseDatetime(s string) (time.Time, error) {
	leap := false
	in := s
	if len(s) >= 19 && s[10] == 'T' && s[16:19] == ":60" {
		s = s[:17] + "59" + s[19:]
		leap = true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, invalidVersion("datetime", in)
	}
	if leap {
		t = t.Add(time.Second)
	}
	return t, nil
}

// compareDatetime orders instants, whatever their UTC offsets.
func compareDatetime(a, b time.Time) int { return a.Compare(b) }
