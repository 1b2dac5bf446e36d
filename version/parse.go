package version

import (
	"strings"
)

// Parse reads one advisory version expression: a CSAF product_version or
// product_version_range name such as "<= 12.2.x.x", "Rev J-M | (X3/MX100 for
// Rev M only)", ">= 1.1 | <= 1.3.2" or "24950 | 24952", or a vers URI such as
// "vers:all/*" or "vers:generic/>=1.0|<2.0". It never fails: text it cannot
// interpret gives an Expr with Review set and a Note saying why.
//
// The "|" of a vers URI and of a CSAF expression whose terms carry comparators
// follows the vers specification: the constraints of one version form are
// sorted, a lower bound followed by an upper bound is one interval, "="
// versions stand alone and "!=" versions are excluded. Bare terms without
// comparators ("4.X | 5.X", "B.02 | C.02 | C.03", "24950 | 24952") are
// alternatives. Dates ("< july 1 2017", "<8/30/2024") cannot be compared with a
// firmware version and give Review.
func Parse(expr string) Expr {
	e := Expr{Raw: expr}
	s := strings.Join(strings.Fields(expr), " ")
	low := lowerASCII(s)
	switch {
	case s == "":
		return review(e, "the advisory gives no version")
	case strings.HasPrefix(low, "vers:"):
		return parseVers(e, s)
	}
	if r, ok := readings[low]; ok {
		p := parseText(Expr{Raw: expr}, r.text)
		p.Note += "; " + r.why
		return p
	}
	return parseText(e, s)
}

// reading is a deliberate, per-case interpretation of an expression whose text
// the general grammar would misread. Each one names the advisory it comes from.
type reading struct {
	text string // the expression rewritten in the general grammar
	why  string // appended to the Note
}

// readings maps the normalised text of an expression to its reading.
var readings = map[string]reading{
	// ICSMA-20-233-01: the product name says "SureSigns: VS4 A.07.107 and prior";
	// the leaf lost the V of the monitor model VS4.
	"<= s4 a.07.107": {"<= A.07.107 model VS4", "S4 read as the SureSigns VS4 model (ICSMA-20-233-01)"},
	// ICSMA-19-274-01: VxWorks 653 is an edition (Multi-core Edition), 3.x its version.
	"653 mce 3.x": {"3.x model VxWorks 653 MCE", "653 MCE read as the VxWorks 653 Multi-core Edition (ICSMA-19-274-01)"},
	// ICSMA-20-163-01: IntelliBridge Enterprise integrations; the leaf names the
	// connected monitor (EarlyVue VS30, SureSigns VS4), not a version.
	"vs30": {"model VS30", "VS30 is the EarlyVue monitor the integration connects to (ICSMA-20-163-01)"},
	"vs4":  {"model VS4", "VS4 is the SureSigns monitor the integration connects to (ICSMA-20-163-01)"},
	// ICSMA-19-029-02: FACSLyric IVD systems shipped with this operating system.
	"windows 10 professional operating system u.s. release": {
		"* on Windows 10 Professional Operating System U.S. release",
		"the leaf names the operating system release, not a FACSLyric version (ICSMA-19-029-02)"},
}

// review marks e as needing review with the given note.
func review(e Expr, note string) Expr {
	e.Review = true
	e.Alts, e.Models, e.All, e.Except, e.Condition = nil, nil, false, nil, ""
	e.Note = "needs review: " + note
	return e
}

// parseText reads a CSAF free-text expression s (white space collapsed).
func parseText(e Expr, s string) Expr {
	s, cl := extractClauses(s)
	if cl.date != "" {
		return review(e, dateNote(cl.date))
	}
	body, conn := splitConnector(s)
	if findDate(body) != "" {
		return review(e, dateNote(body))
	}
	low := lowerASCII(body)
	if hasWord(low, "firmware") && (hasWord(low, "version") || hasWord(low, "hardware")) {
		return review(e, "\""+body+"\" gives a module's hardware version and firmware together; "+
			"a device's recorded software version cannot confirm either")
	}
	if findDate(conn.cond) != "" {
		return review(e, dateNote(conn.cond))
	}
	conds := cl.conds
	if conn.cond != "" {
		conds = append([]string{conn.cond}, conds...)
	}
	e.Condition = strings.Join(conds, "; ")
	var ts []term
	var why string
	switch {
	case conn.softwareModel != "":
		e.Models = []string{conn.softwareModel}
		ts, why = parseTerms(body)
	case conn.models != "":
		e.Models = splitModels(conn.models)
		ts, why = parseTerms(body)
	case strings.TrimSpace(body) == "" && e.Condition != "":
		ts = []term{{all: true}}
	default:
		ts, why = parseTerms(body)
	}
	if why != "" {
		return review(e, why)
	}
	e, why = combine(e, ts)
	if why != "" {
		return review(e, why)
	}
	e.Note = noteFor(e, cl.remarks)
	var readAs []string
	for _, t := range ts {
		if t.remark != "" {
			readAs = appendNew(readAs, t.remark)
		}
	}
	if len(readAs) > 0 {
		e.Note += "; " + strings.Join(readAs, "; ")
	}
	return e
}

// dateNote explains a date-based expression, naming the date.
func dateNote(s string) string {
	s = strings.TrimSpace(s)
	phrase := s
	for _, r := range []struct{ op, words string }{{"<=", "on or before"}, {"<", "before"}, {">=", "on or after"}, {">", "after"}} {
		if i := strings.Index(s, r.op); i >= 0 {
			phrase = strings.TrimSpace(strings.TrimSpace(s[:i]) + " " + r.words + " " + strings.TrimSpace(s[i+len(r.op):]))
			break
		}
	}
	return "date-based (" + phrase + "), not a firmware version: check the device's manufacture, ship or distribution date by hand"
}

// connectorResult is what splitConnector found after the version text.
type connectorResult struct {
	cond          string // "on Windows 8.1 with IIS 7.5", "running on …"
	models        string // after " model "
	softwareModel string // the model before " with software "
}

// splitConnector separates the version text from a trailing clause that
// names a model ("6.x model 35700BAX"), a model and its software ("Accu-Chek
// … Base Unit NEW with Software 04.00.00 or newer") or a condition ("<=11.2
// on Windows 8.1 with IIS 7.5"). Only text outside parentheses is searched.
func splitConnector(s string) (string, connectorResult) {
	low := lowerASCII(s)
	var r connectorResult
	best, bestLen, kind := -1, 0, ""
	for _, c := range []struct{ word, kind string }{
		{" with software ", "software"}, {" model ", "model"}, {" running ", "cond"},
		{" on ", "cond"}, {" with ", "cond"},
	} {
		i := indexOutsideParens(" "+low+" ", c.word)
		if i < 0 {
			continue
		}
		if best < 0 || i < best || (i == best && len(c.word) > bestLen) {
			best, bestLen, kind = i, len(c.word), c.kind
		}
	}
	if best < 0 {
		return s, r
	}
	// best indexes " "+low+" "; in s the clause starts at best (after its space).
	head := strings.TrimSpace(s[:max(best-1, 0)])
	tail := strings.TrimSpace(s[min(best-1+bestLen, len(s)):])
	switch kind {
	case "software":
		r.softwareModel = head
		return tail, r
	case "model":
		r.models = tail
		return head, r
	}
	r.cond = strings.TrimSpace(s[max(best-1, 0):])
	return head, r
}

// indexOutsideParens is strings.Index restricted to depth-0 text.
func indexOutsideParens(s, sub string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

// hasWord reports whether the lower-case text contains w as a whole word.
func hasWord(low, w string) bool {
	for _, f := range strings.FieldsFunc(low, func(r rune) bool { return !isLetterOrDigit(r) }) {
		if f == w {
			return true
		}
	}
	return false
}

func isLetterOrDigit(r rune) bool { return isWordRune(r) || ('0' <= r && r <= '9') }
