package cpe

import "strings"

// Relation is the set relation between two attribute values or two names
// in NISTIR 7696 terms, read as "source is <Relation> of target".
type Relation int

// The relations of NISTIR 7696 §6.1. Undefined is the result when the
// target holds unquoted wildcards, and, for whole names, when attributes
// disagree in direction (some Subset, some Superset).
const (
	Undefined Relation = iota
	Disjoint
	Subset
	Superset
	Equal
)

// String returns the relation's name as the specification writes it.
func (r Relation) String() string {
	switch r {
	case Disjoint:
		return "DISJOINT"
	case Subset:
		return "SUBSET"
	case Superset:
		return "SUPERSET"
	case Equal:
		return "EQUAL"
	}
	return "UNDEFINED"
}

// CompareValue compares one source attribute value with one target value
// (NISTIR 7696 Table 6-2), ignoring case: ANY is a superset of everything
// but itself, NA is disjoint from every string, and a source with edge
// wildcards ("9\.*") is a superset of the strings it matches.
func CompareValue(source, target string) Relation {
	if source == "" {
		source = ANY
	}
	if target == "" {
		target = ANY
	}
	source, target = strings.ToLower(source), strings.ToLower(target)
	if target != ANY && target != NA && hasWildcards(target) {
		return Undefined
	}
	switch {
	case source == target:
		return Equal
	case source == ANY:
		return Superset
	case target == ANY:
		return Subset
	case source == NA || target == NA:
		return Disjoint
	}
	return compareStrings(source, target)
}

// hasWildcards reports whether a WFN string holds an unquoted "*" or "?".
func hasWildcards(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		}
	}
	return false
}

// compareStrings is compare_strings of NISTIR 7696 §6.1.3.1: a source with
// a leading or trailing "*" matches any run of characters there, and each
// leading or trailing "?" at most one character. It returns Superset or
// Disjoint.
func compareStrings(source, target string) Relation {
	start, end := 0, len(source)
	begins, ends := 0, 0
	if strings.HasPrefix(source, "*") {
		start, begins = 1, -1
	} else {
		for start < len(source) && source[start] == '?' {
			start++
			begins++
		}
	}
	if end > start && source[end-1] == '*' && !quotedAt(source, end-1) {
		end, ends = end-1, -1
	} else {
		for end > start && source[end-1] == '?' && !quotedAt(source, end-1) {
			end--
			ends++
		}
	}
	source = source[start:end]
	index, leftover := -1, len(target)
	for leftover > 0 && index+1 <= len(target) {
		next := strings.Index(target[index+1:], source)
		if next < 0 {
			break
		}
		index += next + 1
		escapes := countEscapes(target, 0, index)
		if index > 0 && begins != -1 && begins < index-escapes {
			break
		}
		escapes = countEscapes(target, index+1, len(target))
		leftover = len(target) - index - escapes - len(source)
		if leftover > 0 && ends != -1 && leftover > ends {
			continue
		}
		return Superset
	}
	return Disjoint
}

// countEscapes counts the quoting backslashes of str in [start, end), so
// string positions can be read as character counts.
func countEscapes(str string, start, end int) int {
	n := 0
	for i := 0; i < end && i < len(str); i++ {
		if str[i] == '\\' {
			if i >= start {
				n++
			}
			i++ // the quoted character is not an escape
		}
	}
	return n
}

// CompareAttributes compares two names attribute by attribute.
func CompareAttributes(source, target Name) [NumAttributes]Relation {
	var r [NumAttributes]Relation
	for a := range r {
		r[a] = CompareValue(source[a], target[a])
	}
	return r
}

// Compare returns the relation of two whole names (NISTIR 7696 §6.2):
// Disjoint if any attribute is disjoint; Equal if all are equal; Subset if
// all are subset or equal; Superset if all are superset or equal; and
// Undefined otherwise.
func Compare(source, target Name) Relation {
	attrs := CompareAttributes(source, target)
	if containsRelation(attrs, Disjoint) {
		return Disjoint
	}
	all := func(ok ...Relation) bool {
		for _, r := range attrs {
			found := false
			for _, o := range ok {
				found = found || r == o
			}
			if !found {
				return false
			}
		}
		return true
	}
	switch {
	case all(Equal):
		return Equal
	case all(Subset, Equal):
		return Subset
	case all(Superset, Equal):
		return Superset
	}
	return Undefined
}

// containsRelation reports whether r occurs in rs.
func containsRelation(rs [NumAttributes]Relation, r Relation) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// Match reports whether name is one of the names pattern describes, as NVD
// applies a CPE match string to a CPE name: every attribute of pattern must
// be a superset of or equal to name's. Version ranges, which NVD keeps
// beside the match string, are not part of a CPE name; check them with the
// vers package.
func Match(pattern, name Name) bool {
	for a := range pattern {
		p, n := pattern[a], name[a]
		// Fast paths for the common cases, with CompareValue's results: a
		// name value with wildcards is Undefined; identical values are
		// Equal; an ANY pattern value is a Superset.
		if n != ANY && n != NA && n != "" && hasWildcards(n) {
			return false
		}
		if p == n || p == ANY || p == "" {
			continue
		}
		if r := CompareValue(p, n); r != Superset && r != Equal {
			return false
		}
	}
	return true
}

// MatchString parses pattern and name in either binding and applies Match.
// It returns an EINVALID error if either does not parse.
func MatchString(pattern, name string) (bool, error) {
	p, err := Parse(pattern)
	if err != nil {
		return false, err
	}
	n, err := Parse(name)
	if err != nil {
		return false, err
	}
	return Match(p, n), nil
}
