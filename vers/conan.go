package vers

import (
	"regexp"
	"strings"
)

// conanItem is one dot-separated item of a Conan version: a number (digits,
// without leading zeros) or any other text.
type conanItem struct {
	s     string
	isNum bool
}

// conanVersion is a Conan 2 version: main items, an optional pre-release
// after the first "-" and an optional build after the last "+". The
// pre-release and build are versions themselves, without further splitting.
type conanVersion struct {
	items      []conanItem // trailing zero items removed
	pre, build *conanVersion
}

// parseConan parses a Conan version as conans.model.version.Version does.
func parseConan(s string) (conanVersion, error) {
	if s == "" {
		return conanVersion{}, invalidVersion("conan", s)
	}
	return conanParse(s, false), nil
}

// conanParse splits s; qualifier is true for a pre-release or build part.
func conanParse(s string, qualifier bool) conanVersion {
	var v conanVersion
	if !qualifier {
		if i := strings.LastIndexByte(s, '+'); i >= 0 {
			b := conanParse(s[i+1:], true)
			v.build, s = &b, s[:i]
		}
		if i := strings.IndexByte(s, '-'); i >= 0 {
			p := conanParse(s[i+1:], true)
			v.pre, s = &p, s[:i]
		}
	}
	for _, part := range strings.Split(s, ".") {
		if allDigits(part) {
			n := strings.TrimLeft(part, "0")
			if n == "" {
				n = "0"
			}
			v.items = append(v.items, conanItem{s: n, isNum: true})
		} else {
			v.items = append(v.items, conanItem{s: part})
		}
	}
	for len(v.items) > 0 && v.items[len(v.items)-1] == (conanItem{s: "0", isNum: true}) {
		v.items = v.items[:len(v.items)-1]
	}
	return v
}

// compareConanItems compares item lists like Python tuples: the first
// differing item decides (numbers numerically, a number and a word as
// text), else the shorter list is smaller.
func compareConanItems(a, b []conanItem) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		var d int
		if x.isNum && y.isNum {
			d = compareDigits(x.s, y.s)
		} else {
			d = strings.Compare(x.s, y.s)
		}
		if d != 0 {
			return d
		}
	}
	return sign(len(a) - len(b))
}

// compareConanPart compares optional qualifier versions; a missing one is
// smaller than any present one.
func compareConanPart(a, b *conanVersion) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return compareConanItems(a.items, b.items)
}

// compareConan orders Conan versions: main items first; for equal main
// items a pre-release sorts before the release; then pre-release, then
// build ("1.1" < "1.1+b1").
func compareConan(a, b conanVersion) int {
	if d := compareConanItems(a.items, b.items); d != 0 {
		return d
	}
	switch {
	case a.pre != nil && b.pre == nil:
		return -1
	case a.pre == nil && b.pre != nil:
		return 1
	}
	if d := compareConanPart(a.pre, b.pre); d != 0 {
		return d
	}
	return compareConanPart(a.build, b.build)
}

// opensslPattern matches both OpenSSL numbering schemes: the legacy
// 0.9.8 to 1.1.1 series with letter releases (1.0.2zf) and the 3.x
// MAJOR.MINOR.PATCH series.
var opensslPattern = regexp.MustCompile(`^([0-9]+)\.([0-9]+)\.([0-9]+)([a-z]*)$`)

// opensslVersion is three numbers and the letter release ("" for none).
type opensslVersion struct {
	nums    [3]string
	letters string
}

// parseOpenSSL parses an OpenSSL release version.
func parseOpenSSL(s string) (opensslVersion, error) {
	var v opensslVersion
	m := opensslPattern.FindStringSubmatch(s)
	if m == nil {
		return v, invalidVersion("openssl", s)
	}
	v.nums = [3]string{m[1], m[2], m[3]}
	v.letters = m[4]
	return v, nil
}

// compareOpenSSL orders by the numbers, then by the letter release. Letter
// releases run a..z, then za..zz: comparing by length first and then
// alphabetically keeps "1.0.2z" before "1.0.2za".
func compareOpenSSL(a, b opensslVersion) int {
	for i := range a.nums {
		if d := compareDigits(a.nums[i], b.nums[i]); d != 0 {
			return d
		}
	}
	if d := len(a.letters) - len(b.letters); d != 0 {
		return sign(d)
	}
	return strings.Compare(a.letters, b.letters)
}
