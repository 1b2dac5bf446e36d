package vers

import "strings"

// Token kinds of apk-tools' version grammar, in the order its comparison
// relies on: when two versions agree up to the point where one ends or
// changes kind, the later kind sorts first.
const (
	apkInvalid = iota - 1
	apkDigitOrZero
	apkDigit
	apkLetter
	apkSuffix
	apkSuffixNo
	apkRevisionNo
	apkEnd
)

// apkPreSuffixes sort before the release, apkPostSuffixes after it.
var (
	apkPreSuffixes  = []string{"alpha", "beta", "pre", "rc"}
	apkPostSuffixes = []string{"cvs", "svn", "git", "hg", "p"}
)

// apkToken is one token's value: a number (digits), a negative count of
// leading zeros, a letter, or a suffix index (negative for pre-releases).
type apkToken struct {
	digits string // set for numbers
	n      int    // everything else
}

// cmp orders two token values.
func (t apkToken) cmp(u apkToken) int {
	if t.digits != "" && u.digits != "" {
		return compareDigits(t.digits, u.digits)
	}
	x, y := t.n, u.n
	if t.digits != "" {
		x = 1 // any number exceeds the non-positive leading-zero marker
	}
	if u.digits != "" {
		y = 1
	}
	return sign(x - y)
}

// apkScanner walks a version the way apk-tools' get_token does.
type apkScanner struct {
	s    string
	kind int
}

// parseApk validates an Alpine version by scanning it to the end.
func parseApk(s string) (string, error) {
	sc := apkScanner{s: s, kind: apkDigit}
	for sc.kind != apkEnd {
		if sc.kind == apkInvalid || s == "" {
			return "", invalidVersion("apk", s)
		}
		sc.token()
	}
	return s, nil
}

// token consumes one token and sets kind to the kind of the next one.
func (sc *apkScanner) token() apkToken {
	var t apkToken
	if sc.s == "" {
		sc.kind = apkEnd
		return t
	}
	i, next := 0, apkInvalid
	switch sc.kind {
	case apkDigitOrZero, apkDigit, apkSuffixNo, apkRevisionNo:
		if sc.kind == apkDigitOrZero && sc.s[0] == '0' {
			// Leading zeros make a fraction: 1.01 < 1.1 and 1.001 < 1.01.
			for i < len(sc.s) && sc.s[i] == '0' {
				i++
			}
			t.n, next = -i, apkDigit
			break
		}
		for i < len(sc.s) && isDigit(sc.s[i]) {
			i++
		}
		t.digits = strings.TrimLeft(sc.s[:i], "0")
		if t.digits == "" {
			t.digits = "0"
		}
	case apkLetter:
		t.n, i = int(sc.s[0]), 1
	case apkSuffix:
		if k := apkSuffixIndex(sc.s, apkPreSuffixes); k >= 0 {
			t.n, i = k-len(apkPreSuffixes), len(apkPreSuffixes[k])
		} else if k := apkSuffixIndex(sc.s, apkPostSuffixes); k >= 0 {
			t.n, i = k, len(apkPostSuffixes[k])
		} else {
			t.n, sc.kind = -1, apkInvalid // apk-tools returns -1 for an unknown suffix
			return t
		}
	default:
		sc.kind = apkInvalid
		return t
	}
	sc.s = sc.s[i:]
	switch {
	case sc.s == "":
		sc.kind = apkEnd
	case next != apkInvalid:
		sc.kind = next
	default:
		sc.next()
	}
	return t
}

// apkSuffixIndex returns the index of the first suffix that s starts with,
// or -1.
func apkSuffixIndex(s string, suffixes []string) int {
	for k, x := range suffixes {
		if strings.HasPrefix(s, x) {
			return k
		}
	}
	return -1
}

// next reads the separator or the kind change that follows a token.
func (sc *apkScanner) next() {
	c := sc.s[0]
	n := apkInvalid
	switch {
	case (sc.kind == apkDigit || sc.kind == apkDigitOrZero) && c >= 'a' && c <= 'z':
		n = apkLetter
	case sc.kind == apkLetter && isDigit(c):
		n = apkDigit
	case sc.kind == apkSuffix && isDigit(c):
		n = apkSuffixNo
	default:
		switch c {
		case '.':
			n = apkDigitOrZero
		case '_':
			n = apkSuffix
		case '-':
			if len(sc.s) > 1 && sc.s[1] == 'r' {
				n = apkRevisionNo
				sc.s = sc.s[1:]
			}
		}
		sc.s = sc.s[1:]
	}
	// Tokens must come in grammar order: 1.2_rc1-r3, not 1-r3.2.
	if n < sc.kind && !(n == apkDigitOrZero && sc.kind == apkDigit ||
		n == apkSuffix && sc.kind == apkSuffixNo ||
		n == apkDigit && sc.kind == apkLetter) {
		n = apkInvalid
	}
	sc.kind = n
}

// compareApk is apk-tools' apk_version_compare: walk both versions token
// by token while kinds and values agree, then decide by value, or by which
// version goes on (a version that goes on with a pre-release suffix is the
// smaller one).
func compareApk(a, b string) int {
	as := apkScanner{s: a, kind: apkDigit}
	bs := apkScanner{s: b, kind: apkDigit}
	var av, bv apkToken
	for as.kind == bs.kind && as.kind != apkEnd && as.kind != apkInvalid && av.cmp(bv) == 0 {
		av = as.token()
		bv = bs.token()
	}
	if d := av.cmp(bv); d != 0 {
		return d
	}
	if as.kind == bs.kind {
		return 0
	}
	if as.kind == apkSuffix {
		if peek := as; peek.token().n < 0 {
			return -1
		}
	}
	if bs.kind == apkSuffix {
		if peek := bs; peek.token().n < 0 {
			return 1
		}
	}
	return sign(bs.kind - as.kind)
}
