package vers

import "strings"

// mavenItem is one node of a parsed Maven version, after Maven's
// ComparableVersion: a number, a qualifier, or a sub-list that a "-" or a
// switch between letters and digits opens.
type mavenItem struct {
	kind byte // 'i' number, 's' qualifier, 'l' list
	num  string
	str  string
	list []mavenItem
}

// mavenQualifiers are the well-known qualifiers in ascending order; "" is
// the release itself. Unknown qualifiers sort after all of them, by text.
var mavenQualifiers = []string{"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"}

// mavenAliases maps qualifiers Maven treats as synonyms.
var mavenAliases = map[string]string{"ga": "", "final": "", "release": "", "cr": "rc"}

// parseMaven parses any string as Maven does: every string is a version.
// Only the empty string is rejected, as meaningless in a range.
func parseMaven(s string) (mavenItem, error) {
	if s == "" {
		return mavenItem{}, invalidVersion("maven", s)
	}
	return mavenParse(strings.ToLower(s)), nil
}

// mavenParse builds the item tree of a lower-cased version. It follows
// ComparableVersion.parseVersion step for step, because the tree's shape,
// not just its tokens, decides the order. It is the parser of Maven 3.8 and
// earlier, which the vers suite encodes ("2-1" < "2.0.a"); Maven 3.9 reads a
// trailing ".a" as "-a" and would order those two the other way round.
func mavenParse(v string) mavenItem {
	root := &mavenItem{kind: 'l'}
	stack := []*mavenItem{root}
	list := root
	push := func() {
		list.list = append(list.list, mavenItem{kind: 'l'})
		list = &list.list[len(list.list)-1]
		stack = append(stack, list)
	}
	// Pointers into list.list stay valid only until the next append to the
	// same slice, and every append to a list is followed by descending into
	// the new child or by more appends to the child: a parent is never
	// appended to again once a child is open.
	inDigits := false
	start := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '.':
			if i == start {
				list.list = append(list.list, mavenInt("0"))
			} else {
				list.list = append(list.list, mavenToken(inDigits, v[start:i], false))
			}
			start = i + 1
		case c == '-':
			if i == start {
				list.list = append(list.list, mavenInt("0"))
			} else {
				list.list = append(list.list, mavenToken(inDigits, v[start:i], false))
			}
			start = i + 1
			push()
		case isDigit(c):
			if !inDigits && i > start {
				list.list = append(list.list, mavenToken(false, v[start:i], true))
				start = i
				push()
			}
			inDigits = true
		default:
			if inDigits && i > start {
				list.list = append(list.list, mavenToken(true, v[start:i], false))
				start = i
				push()
			}
			inDigits = false
		}
	}
	if len(v) > start {
		list.list = append(list.list, mavenToken(inDigits, v[start:], false))
	}
	for i := len(stack) - 1; i >= 0; i-- {
		mavenNormalize(stack[i])
	}
	return *root
}

// mavenInt returns a number item with leading zeros removed.
func mavenInt(digits string) mavenItem {
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
	}
	return mavenItem{kind: 'i', num: digits}
}

// mavenToken makes a number or qualifier item. A one-letter qualifier
// followed by a digit abbreviates alpha, beta or milestone ("1a1").
func mavenToken(digits bool, s string, followedByDigit bool) mavenItem {
	if digits {
		return mavenInt(s)
	}
	if followedByDigit && len(s) == 1 {
		switch s {
		case "a":
			s = "alpha"
		case "b":
			s = "beta"
		case "m":
			s = "milestone"
		}
	}
	if alias, ok := mavenAliases[s]; ok {
		s = alias
	}
	return mavenItem{kind: 's', str: s}
}

// mavenNormalize drops trailing items equal to the release ("0", "",
// "final", empty lists), scanning back past non-empty sub-lists as Maven
// does, so "1.0-1" equals "1-1".
func mavenNormalize(l *mavenItem) {
	for i := len(l.list) - 1; i >= 0; i-- {
		if mavenIsNull(l.list[i]) {
			l.list = append(l.list[:i], l.list[i+1:]...)
		} else if l.list[i].kind != 'l' {
			break
		}
	}
}

// mavenIsNull reports whether an item is equivalent to nothing.
func mavenIsNull(it mavenItem) bool {
	switch it.kind {
	case 'i':
		return it.num == "0"
	case 's':
		return mavenQualifierRank(it.str) == mavenQualifierRank("")
	}
	return len(it.list) == 0
}

// mavenQualifierRank returns the sort key of a qualifier: its index among
// the well-known ones, or the text after all of them for any other.
func mavenQualifierRank(q string) string {
	for i, k := range mavenQualifiers {
		if k == q {
			return string(rune('0' + i))
		}
	}
	return string(rune('0'+len(mavenQualifiers))) + "-" + q
}

// compareMaven orders two parsed Maven versions.
func compareMaven(a, b mavenItem) int { return mavenCompare(&a, &b) }

// mavenCompare compares item a with item b, where a nil b stands for a
// missing item (the shorter version ran out).
func mavenCompare(a, b *mavenItem) int {
	switch a.kind {
	case 'i':
		switch {
		case b == nil:
			return boolInt(a.num != "0") // 1.0 == 1, 1.1 > 1
		case b.kind == 'i':
			return compareDigits(a.num, b.num)
		default:
			return 1 // 1.1 > 1-sp and 1.1 > 1-1
		}
	case 's':
		switch {
		case b == nil:
			return strings.Compare(mavenQualifierRank(a.str), mavenQualifierRank("")) // 1-rc < 1 < 1-sp
		case b.kind == 's':
			return strings.Compare(mavenQualifierRank(a.str), mavenQualifierRank(b.str))
		default:
			return -1 // 1.any < 1.1 and 1.any < 1-1
		}
	}
	switch {
	case b == nil:
		for i := range a.list {
			if d := mavenCompare(&a.list[i], nil); d != 0 {
				return d
			}
		}
		return 0
	case b.kind == 'i':
		return -1 // 1-1 < 1.0.x
	case b.kind == 's':
		return 1 // 1-1 > 1-sp
	}
	for i := 0; i < len(a.list) || i < len(b.list); i++ {
		var d int
		switch {
		case i >= len(a.list):
			d = -mavenCompare(&b.list[i], nil)
		case i >= len(b.list):
			d = mavenCompare(&a.list[i], nil)
		default:
			d = mavenCompare(&a.list[i], &b.list[i])
		}
		if d != 0 {
			return d
		}
	}
	return 0
}

// boolInt is 1 for true and 0 for false.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
