package vers

import (
	"regexp"
	"strings"
)

// pep440 is the version pattern of PEP 440 as the "packaging" library
// writes it, anchored and case-insensitive.
var pep440 = regexp.MustCompile(`(?i)^v?` +
	`(?:([0-9]+)!)?` + // epoch
	`([0-9]+(?:\.[0-9]+)*)` + // release
	`(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?([0-9]+)?)?` + // pre-release
	`(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?` + // post-release
	`(?:[-_.]?(dev)[-_.]?([0-9]+)?)?` + // development release
	`(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$`) // local version

// pypiVersion is a PEP 440 version reduced to what ordering needs.
type pypiVersion struct {
	epoch   string
	release []string // trailing zeros removed: 1.0 == 1
	hasPre  bool
	preTag  string // "a", "b" or "rc"
	preNum  string
	hasPost bool
	postNum string
	hasDev  bool
	devNum  string
	local   []string
}

// parsePypi parses and normalises a PEP 440 version ("1.0", "2!1.0rc1",
// "1.0.post2.dev3+ubuntu.1"). Legacy, non-PEP 440 versions are rejected, as
// current pip does.
func parsePypi(s string) (pypiVersion, error) {
	var v pypiVersion
	m := pep440.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return v, invalidVersion("pypi", s)
	}
	v.epoch = orZero(m[1])
	v.release = strings.Split(m[2], ".")
	for len(v.release) > 1 && strings.Trim(v.release[len(v.release)-1], "0") == "" {
		v.release = v.release[:len(v.release)-1]
	}
	if m[3] != "" {
		v.hasPre = true
		switch strings.ToLower(m[3]) {
		case "a", "alpha":
			v.preTag = "a"
		case "b", "beta":
			v.preTag = "b"
		default: // c, rc, pre, preview
			v.preTag = "rc"
		}
		v.preNum = orZero(m[4])
	}
	if m[5] != "" || m[6] != "" {
		v.hasPost = true
		v.postNum = orZero(m[5] + m[7])
	}
	if m[8] != "" {
		v.hasDev = true
		v.devNum = orZero(m[9])
	}
	if m[10] != "" {
		v.local = strings.FieldsFunc(strings.ToLower(m[10]), func(r rune) bool {
			return r == '-' || r == '_' || r == '.'
		})
	}
	return v, nil
}

// orZero returns s, or "0" when s is empty (an implicit number).
func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// comparePypi orders PEP 440 versions with the key the "packaging" library
// uses: epoch, release, pre-release (a dev release without pre- or
// post-release sorts before any pre-release; a final release after all of
// them), post-release, dev release, then the local label.
func comparePypi(a, b pypiVersion) int {
	if d := compareDigits(a.epoch, b.epoch); d != 0 {
		return d
	}
	for i := 0; i < len(a.release) || i < len(b.release); i++ {
		x, y := "0", "0"
		if i < len(a.release) {
			x = a.release[i]
		}
		if i < len(b.release) {
			y = b.release[i]
		}
		if d := compareDigits(x, y); d != 0 {
			return d
		}
	}
	if d := pypiPreRank(a) - pypiPreRank(b); d != 0 {
		return sign(d)
	}
	if a.hasPre {
		if d := strings.Compare(a.preTag, b.preTag); d != 0 {
			return d // "a" < "b" < "rc"
		}
		if d := compareDigits(a.preNum, b.preNum); d != 0 {
			return d
		}
	}
	if a.hasPost != b.hasPost {
		return boolOrder(a.hasPost)
	}
	if d := compareDigits(a.postNum, b.postNum); a.hasPost && d != 0 {
		return d
	}
	if a.hasDev != b.hasDev {
		return -boolOrder(a.hasDev) // no dev release sorts after any dev release
	}
	if d := compareDigits(a.devNum, b.devNum); a.hasDev && d != 0 {
		return d
	}
	return comparePypiLocal(a.local, b.local)
}

// pypiPreRank places the pre-release slot: 0 for a bare dev release (before
// everything), 1 for a pre-release, 2 for no pre-release.
func pypiPreRank(v pypiVersion) int {
	switch {
	case v.hasPre:
		return 1
	case !v.hasPost && v.hasDev:
		return 0
	}
	return 2
}

// boolOrder is -1 for false and +1 for true: having the part sorts later.
func boolOrder(has bool) int {
	if has {
		return 1
	}
	return -1
}

// comparePypiLocal orders local version labels: none before any; then
// segment by segment, numbers numerically and above words, words
// alphabetically; a longer label after its prefix.
func comparePypiLocal(a, b []string) int {
	if a == nil || b == nil {
		return boolOrder(a != nil) * sign(len(a)+len(b))
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		an, bn := allDigits(a[i]), allDigits(b[i])
		switch {
		case an && bn:
			if d := compareDigits(a[i], b[i]); d != 0 {
				return d
			}
		case an:
			return 1
		case bn:
			return -1
		default:
			if d := strings.Compare(a[i], b[i]); d != 0 {
				return d
			}
		}
	}
	return sign(len(a) - len(b))
}

// gemPattern is Gem::Version's ANCHORED_VERSION_PATTERN.
var gemPattern = regexp.MustCompile(`^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$`)

// gemSegment is a number (digits) or a word of a RubyGems version.
type gemSegment struct {
	num  string
	word string
	isNo bool
}

// parseGem parses a RubyGems version into Gem::Version's canonical
// segments: "-" means ".pre.", the version splits into runs of digits and
// runs of letters, and trailing zeros are dropped from the numeric release
// part and from the pre-release part separately ("1.0.a.0" == "1.a").
func parseGem(s string) ([]gemSegment, error) {
	s = strings.TrimSpace(s)
	if !gemPattern.MatchString(s) {
		return nil, invalidVersion("gem", s)
	}
	s = strings.ReplaceAll(s, "-", ".pre.")
	var segs []gemSegment
	for i := 0; i < len(s); {
		j := i
		switch {
		case isDigit(s[i]):
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			segs = append(segs, gemSegment{num: strings.TrimLeft(s[i:j], "0"), isNo: true})
		case isAlpha(s[i]):
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			segs = append(segs, gemSegment{word: s[i:j]})
		default:
			j++
		}
		i = j
	}
	split := len(segs)
	for i, g := range segs {
		if !g.isNo {
			split = i
			break
		}
	}
	return append(trimGemZeros(segs[:split]), trimGemZeros(segs[split:])...), nil
}

// trimGemZeros drops trailing zero numbers.
func trimGemZeros(segs []gemSegment) []gemSegment {
	for len(segs) > 0 && segs[len(segs)-1].isNo && segs[len(segs)-1].num == "" {
		segs = segs[:len(segs)-1]
	}
	return segs
}

// compareGem is Gem::Version#<=>: segment by segment, a missing segment is
// 0, a word sorts before a number (so "1.0.a" < "1.0"), numbers compare
// numerically and words byte-wise.
func compareGem(a, b []gemSegment) int {
	zero := gemSegment{isNo: true}
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := zero, zero
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case x.isNo && y.isNo:
			if d := compareDigits(x.num, y.num); d != 0 {
				return d
			}
		case x.isNo:
			return 1
		case y.isNo:
			return -1
		default:
			if d := strings.Compare(x.word, y.word); d != 0 {
				return d
			}
		}
	}
	return 0
}
