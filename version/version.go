// Package version reads the firmware and software versions of medical devices
// and the version expressions of medical security advisories (CISA ICSMA,
// CSAF 2.0, vers URIs), and decides whether a recorded version lies inside an
// advisory's affected set.
//
// Recorded versions come from hospital CMMS exports and advisories write
// versions as free text, so the package reads both the way a clinical engineer
// would: "Rev J-M" is revisions J through M, "<= 12.2.x.x" covers 12.2.8.410,
// a leading "v" or "Rev." is ignored. Whatever it cannot read with confidence
// it reports as Unknown with a reason, never as a silent match or non-match.
//
// The package is pure: standard library only, no I/O.
package version

import (
	"strings"
	"unicode"
)

// Normalize returns the comparable form of a recorded version: trimmed, lower
// case, inner white space collapsed to one space, and without a leading "v",
// "ver", "version", "rev", "rev." or "revision" prefix when a version follows
// it. "V4.2" becomes "4.2" and "Rev. K.23.10" becomes "k.23.10", but "VM5.0"
// and "VS4" keep their letters because there the letters are part of the
// version. It never fails; an empty or blank string gives "".
func Normalize(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	// Strip repeatedly so that Normalize(Normalize(s)) == Normalize(s) even for
	// stacked prefixes such as "Version v1.2".
	for {
		t := stripPrefix(s)
		if t == s {
			return s
		}
		s = t
	}
}

// versionPrefixes are the words that may precede a version, longest first so
// that "revision" is not read as "rev" + "ision".
var versionPrefixes = []string{"revision", "version", "rev.", "rev", "ver.", "ver", "v"}

// stripPrefix removes one leading version word from a normalised string.
func stripPrefix(s string) string {
	for _, p := range versionPrefixes {
		if !strings.HasPrefix(s, p) {
			continue
		}
		rest := s[len(p):]
		sep := strings.TrimLeft(rest, " .:")
		if sep == "" {
			return s
		}
		switch {
		case isDigit(sep[0]):
			return sep
		case p == "v" || p == "ver" || p == "ver.":
			// "v" followed by a letter is part of a version ("VM5.0", "VS4").
			continue
		case len(sep) < len(rest) || p == "rev.":
			// "Rev J", "Rev. K.23.10", "Version A": a separator after the word
			// shows it is a label, and revisions may be letters. "revel" is not.
			return sep
		}
	}
	return s
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// segment kinds, in the order Compare sorts them. A numeric zero sits between
// the pre-release words and the letter words, so that "1.0-rc1" < "1.0" <
// "1.0a" < "1.0.1"; a missing segment counts as numeric zero.
const (
	segPre  = iota // pre-release word: dev, alpha, beta, pre, rc …
	segZero        // the number 0, and every missing trailing segment
	segWord        // any other run of letters: "a", "build", "sp", "bt"
	segNum         // a positive number
)

// segment is one comparable piece of a version.
type segment struct {
	kind int
	text string // digits without leading zeros, or a lower-case word
	rank int    // order among pre-release words
}

// preRelease ranks the words that mark a version before its release.
var preRelease = map[string]int{
	"dev": 0, "snapshot": 0, "alpha": 1, "beta": 2, "pre": 3, "preview": 3, "rc": 4,
}

// segments splits a normalised version at '.', '-', '_', '/', spaces, any
// other punctuation and letter/digit boundaries: "bt02" → bt, 2.
func segments(s string) []segment {
	var segs []segment
	rs := []rune(s)
	for i := 0; i < len(rs); {
		switch {
		case rs[i] >= '0' && rs[i] <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			digits := strings.TrimLeft(string(rs[i:j]), "0")
			if digits == "" {
				segs = append(segs, segment{kind: segZero})
			} else {
				segs = append(segs, segment{kind: segNum, text: digits})
			}
			i = j
		case isWordRune(rs[i]):
			j := i
			for j < len(rs) && isWordRune(rs[j]) {
				j++
			}
			w := string(rs[i:j])
			if r, ok := preRelease[w]; ok {
				segs = append(segs, segment{kind: segPre, text: w, rank: r})
			} else {
				segs = append(segs, segment{kind: segWord, text: w})
			}
			i = j
		default:
			i++
		}
	}
	return segs
}

// isWordRune reports whether r belongs to a letter segment. Digits other than
// ASCII count as letters so that every number segment is plain decimal.
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) && !(r >= '0' && r <= '9')
}

// cmpSeg orders two segments; see the segment kinds for the rules.
func cmpSeg(a, b segment) int {
	if a.kind != b.kind {
		return sign(a.kind - b.kind)
	}
	switch a.kind {
	case segPre:
		if a.rank != b.rank {
			return sign(a.rank - b.rank)
		}
		return strings.Compare(a.text, b.text)
	case segNum:
		if len(a.text) != len(b.text) {
			return sign(len(a.text) - len(b.text))
		}
	}
	return strings.Compare(a.text, b.text)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// cmpSegs compares two segment lists, padding the shorter with zeros.
func cmpSegs(a, b []segment) int {
	zero := segment{kind: segZero}
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := zero, zero
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := cmpSeg(x, y); c != 0 {
			return c
		}
	}
	return 0
}

// Compare orders two free-text versions and returns -1, 0 or +1. Both are
// normalised first (see Normalize), then split into segments at '.', '-',
// '_', '/', spaces, other punctuation and letter/digit boundaries ("L81" → l,
// 81; "BT02" → bt, 2; "A.03.09" → a, 3, 9).
//
// Numbers compare numerically with leading zeros ignored, letters compare
// case-insensitively, and missing trailing segments count as zero, so "1.0" ==
// "1.0.0" and "012U000040" == "12u40". Where a number meets a letter word, the
// word sorts above 0 and below 1: a suffix such as "2.4A", "5.89.05b", "4.20
// SR1" or "1.1.3 Build 10" comes after its base release and before the next
// numbered one ("1.1.3" < "1.1.3 Build 10" < "1.1.3.1"). The pre-release words
// dev/snapshot < alpha < beta < pre/preview < rc sort below zero, so
// "1.0-rc1" < "1.0". Versions of different forms (revision letters against
// numbers, "A.01" against "4.0") still get a total, stable order, but Match
// never decides a finding on such a comparison. Compare never fails.
func Compare(a, b string) int {
	return cmpSegs(segments(Normalize(a)), segments(Normalize(b)))
}

// Parsed is a version split into its comparable segments once, for callers
// that compare the same versions many times (the matcher's CPE bounds).
type Parsed struct {
	norm string
	segs []segment
}

// ParseVersion reads a recorded version for repeated comparison; see Compare.
func ParseVersion(s string) Parsed {
	n := Normalize(s)
	return Parsed{norm: n, segs: segments(n)}
}

// Known reports whether the version has any text after normalisation.
func (p Parsed) Known() bool { return p.norm != "" }

// Compare orders p against q exactly as Compare orders their texts.
func (p Parsed) Compare(q Parsed) int { return cmpSegs(p.segs, q.segs) }
