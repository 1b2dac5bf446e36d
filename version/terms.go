package version

import (
	"strings"
)

// term is one piece of an expression before the pieces are combined.
type term struct {
	op     string // "=", "<", "<=", ">", ">=", "!=", "range"; "" for a model or all
	lo, hi bnd    // lo holds the operand of a single-bound op
	model  string // the model or product the term names
	all    bool   // "*": every version
	scope  []string
	remark string // how an unusual spelling was read, for the Note
}

// bnd is one bound: its normalised value, how it was written, and whether it
// covers a family of versions.
type bnd struct {
	norm    string // normalised, wildcard segments removed
	text    string // as written, without a leading v before a digit
	famText string // for a family: the written prefix it covers ("12.2" of "12.2.x.x")
	family  bool
}

// parseTerms splits a CSAF expression at "|" and reads each term. A label
// ending in "number" or a leading "model" makes every term a model.
func parseTerms(body string) ([]term, string) {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, ""
	}
	if rest, ok := modelLabel(body); ok {
		var ts []term
		for _, part := range splitTop(rest, '|') {
			for _, m := range splitModels(part) {
				ts = append(ts, term{model: m})
			}
		}
		return ts, ""
	}
	var ts []term
	for _, raw := range splitTop(body, '|') {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		t, why := parseTerm(raw)
		if why != "" {
			return nil, why
		}
		ts = append(ts, t...)
	}
	return ts, ""
}

// modelLabel strips a leading "Model", "Models" or "… number" label.
func modelLabel(s string) (string, bool) {
	low := lowerASCII(s)
	for _, p := range []string{"models ", "model "} {
		if strings.HasPrefix(low, p) {
			return s[len(p):], true
		}
	}
	if i := strings.Index(low, "number "); i >= 0 && !strings.ContainsAny(low[:i], "|<>=") {
		return s[i+len("number "):], true
	}
	return s, false
}

// comparators in the order they must be tried: two-character ones first.
var comparators = []string{">=", "=>", "<=", "=<", "!=", "==", ">", "<", "="}

// canonicalOp maps the spellings of a comparator to one form.
var canonicalOp = map[string]string{"=>": ">=", "=<": "<=", "==": "="}

// suffixes that turn "X and below" into "<= X" and "X or later" into ">= X".
var (
	upToSuffixes = []string{"and below", "and prior", "and earlier", "and lower", "and older", "and previous",
		"or below", "or prior", "or earlier", "or lower", "or older", "and prior versions", "and previous versions"}
	fromSuffixes = []string{"and later", "and above", "and newer", "and higher", "or later", "or above", "or newer", "or higher"}
)

// parseTerm reads one "|" term of a CSAF expression.
func parseTerm(raw string) ([]term, string) {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(t, "(") && closing(t, 0) == len(t) && strings.HasSuffix(t, ")") {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	low := lowerASCII(t)
	switch {
	case t == "":
		return nil, ""
	case t == "*" || low == "all" || low == "all versions":
		return []term{{all: true}}, ""
	}
	if i := strings.Index(low, " for "); i > 0 && strings.HasSuffix(low, " only") && i+len(" for ") <= len(t)-len(" only") {
		return scoped(t[:i], t[i+len(" for "):len(t)-len(" only")])
	}
	for _, op := range comparators {
		if strings.HasPrefix(t, op) {
			return comparison(op, t[len(op):])
		}
	}
	if k, op := infix(t); k > 0 {
		left, right := strings.TrimSpace(t[:k]), strings.TrimSpace(t[k+len(op):])
		switch op {
		case "<", "<=":
			// "A10 < A11", "A.01 <= C.0x": CISA's converter wrote "from A to B"
			// this way; the product names list both ends, so both are included.
			ts, why := rangeTerm(left, right)
			for i := range ts {
				ts[i].remark = "\"" + t + "\" read as a range including both ends"
			}
			return ts, why
		case ">", ">=":
			// "v17D19 >= 20D29": a "|" went missing before the comparator.
			a, why := parseTerm(left)
			if why != "" {
				return nil, why
			}
			b, why := parseTerm(op + right)
			return append(a, b...), why
		}
		return nil, "\"" + t + "\" has a comparator between two values"
	}
	for _, s := range upToSuffixes {
		if strings.HasSuffix(low, " "+s) {
			return comparison("<=", t[:len(t)-len(s)-1])
		}
	}
	for _, s := range fromSuffixes {
		if strings.HasSuffix(low, " "+s) {
			return comparison(">=", t[:len(t)-len(s)-1])
		}
	}
	for _, p := range []string{"prior to ", "before ", "earlier than "} {
		if strings.HasPrefix(low, p) {
			return comparison("<", t[len(p):])
		}
	}
	t = stripLabels(t)
	low = lowerASCII(t)
	for _, w := range []string{" to ", " through ", " thru "} {
		if i := strings.Index(low, w); i > 0 {
			return rangeTerm(t[:i], t[i+len(w):])
		}
	}
	if len(t) == 3 && t[1] == '-' && isASCIILetter(t[0]) && isASCIILetter(t[2]) {
		return rangeTerm(t[:1], t[2:]) // "Rev J-M": revisions J through M
	}
	if f := strings.Fields(t); len(f) > 1 && allDotted(f) {
		var ts []term // "Release 1.3.2 1.4.0 1.4.1"
		for _, v := range f {
			b, _ := mkBound(v, true)
			ts = append(ts, term{op: "=", lo: b})
		}
		return ts, ""
	}
	var ts []term
	for _, piece := range splitList(t) {
		ts = append(ts, classify(piece)...)
	}
	return ts, ""
}

// scoped reads "X3/MX100 for Rev M only": the inner version text applies to
// the named models alone.
func scoped(models, inner string) ([]term, string) {
	ts, why := parseTerm(inner)
	if why != "" {
		return nil, why
	}
	var ms []string
	for _, m := range strings.FieldsFunc(models, func(r rune) bool { return r == '/' || r == ',' }) {
		if m = strings.TrimSpace(m); m != "" {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return nil, "\"for … only\" names no model"
	}
	for i := range ts {
		if ts[i].model != "" {
			return nil, "\"" + inner + "\" scoped to models is not a version"
		}
		ts[i].scope = ms
	}
	return ts, ""
}

// comparison reads the operand of a comparator.
func comparison(op, operand string) ([]term, string) {
	if c, ok := canonicalOp[op]; ok {
		op = c
	}
	operand = stripLabels(strings.TrimSpace(operand))
	if y := strings.TrimSpace(operand); len(y) == 4 && allDigits(y) && y >= "1980" && y <= "2099" {
		return nil, "\"" + op + " " + y + "\" compares with a year, not a version: check the device's dates by hand"
	}
	b, ok := mkBound(operand, true)
	if !ok {
		return nil, "\"" + op + " " + operand + "\" compares with something that is not a version"
	}
	return []term{{op: op, lo: b}}, ""
}

// rangeTerm reads an inclusive range written "A to B", "A-B" or "A < B".
func rangeTerm(left, right string) ([]term, string) {
	lo, ok1 := mkBound(stripLabels(left), true)
	hi, ok2 := mkBound(stripLabels(right), true)
	if !ok1 || !ok2 {
		return nil, "\"" + left + "\" to \"" + right + "\" is not a range of versions"
	}
	return []term{{op: "range", lo: lo, hi: hi}}, ""
}

// infix finds a comparator after the first character: "A10 < A11".
func infix(t string) (int, string) {
	for i := 1; i < len(t); i++ {
		for _, op := range []string{"<=", ">=", "!=", "<", ">"} {
			if strings.HasPrefix(t[i:], op) && strings.TrimSpace(t[:i]) != "" {
				return i, op
			}
		}
	}
	return 0, ""
}

// labelWords may precede a version without being part of it.
var labelWords = map[string]bool{
	"version": true, "versions": true, "release": true, "releases": true, "software": true, "sw": true,
	"revision": true, "revisions": true, "rev": true, "rev.": true,
}

// stripLabels removes leading label words: "Release 1.0" → "1.0".
func stripLabels(s string) string {
	f := strings.Fields(s)
	for len(f) > 1 && labelWords[lowerASCII(f[0])] {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

func isASCIILetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

// allDotted reports whether every field is a dotted number such as "1.4.0".
func allDotted(f []string) bool {
	for _, s := range f {
		p := strings.Split(s, ".")
		if len(p) < 2 {
			return false
		}
		for _, x := range p {
			if !allDigits(x) {
				return false
			}
		}
	}
	return true
}
