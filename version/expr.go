package version

import (
	"strings"
)

// Expr is the reading of one advisory version expression: the set of versions
// it calls affected, the model designators it names, and how it was read.
// Build one with Parse; the zero Expr is an expression that was never read and
// matches nothing with certainty (Match returns Unknown).
type Expr struct {
	Raw string
	// All is true when every version is inside, including an unknown one.
	// Match still applies Condition: "all versions running on Windows 2000"
	// has All and a Condition, and Match says Unknown for it.
	All bool
	// Alts are the alternatives: the version is inside when any one holds.
	Alts []Constraint
	// Except lists versions that are never inside (the "!=" of vers).
	Except []string
	// Models are the model designators the expression names (e.g. "24950 |
	// 24952", "X3/MX100", "9.x model 35700BAX3", "MMT-1710"), for the product
	// matcher. When an expression names models and no versions, Match answers
	// Yes for a device of one of those models and Unknown for any other.
	Models []string
	// Condition is a requirement the expression adds that no recorded version
	// can show (an operating system, a wireless battery module, a hardware
	// option). A version inside the range is then Unknown, not Yes; a version
	// outside it is still No.
	Condition string
	// Review is true when the expression could not be fully interpreted (a
	// date instead of a version, a module's hardware and firmware pair, text of
	// unknown shape). Match then always answers Unknown.
	Review bool
	// Note says how the expression was read, in words a clinical engineer
	// understands, e.g. "revisions J through M".
	Note string
}

// Constraint is one alternative of an Expr: an interval of versions, possibly
// limited to some models.
type Constraint struct {
	// Lo and Hi are the bounds, normalised (see Normalize) and with wildcard
	// segments removed ("12.2.x.x" is kept as "12.2" with HiFamily set); ""
	// means unbounded. An exact version has Lo == Hi, both inclusive.
	Lo, Hi       string
	LoInc, HiInc bool
	// Family bounds: a bound written with wildcards ("12.2.x.x", "2.X", "C.0x")
	// or as a bare revision letter or major number ("N", "Rev M", "8") covers
	// every version that starts with it, so "<=N" includes N.00.07 and "5.x.x"
	// is 5.anything.
	LoFamily, HiFamily bool
	// Models, when set, limits the alternative to these models ("X3/MX100 for
	// Rev M only"); see Match for how scoped alternatives are chosen.
	Models []string

	// loText and hiText are the bounds as written, for notes and explanations.
	loText, hiText string
	// precise is set for the constraints of a vers URI, whose author chose
	// exact bounds: "<=2" there excludes 2.1 instead of leaving it open.
	precise bool
}

// Result is the answer of Match.
type Result int

// The answers of Match. Unknown means a person must look: the finding becomes
// under_investigation. Unknown is the zero value, so that a Result nobody set
// is never read as a silent "no".
const (
	Unknown Result = iota
	No
	Yes
)

// String returns "no", "yes" or "unknown".
func (r Result) String() string {
	switch r {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "unknown"
}

// exact reports whether c is a single version (or a single family).
func (c Constraint) exact() bool {
	return c.Lo != "" && c.Lo == c.Hi && c.LoInc && c.HiInc && c.LoFamily == c.HiFamily
}

// String renders the constraint canonically: "=1.0.2", "=5.*", "[j..m]" for a
// range of two inclusive family bounds, otherwise ">=1.1 & <=1.3.2" with ".*"
// after a family bound, and " for X3/MX100" when the alternative is scoped.
func (c Constraint) String() string {
	var s string
	switch {
	case c.Lo == "" && c.Hi == "":
		s = "*"
	case c.exact():
		s = "=" + bound(c.Lo, c.LoFamily)
	case c.LoInc && c.HiInc && c.LoFamily && c.HiFamily && c.Lo != "" && c.Hi != "":
		s = "[" + c.Lo + ".." + c.Hi + "]"
	default:
		var parts []string
		if c.Lo != "" {
			parts = append(parts, op(">", c.LoInc)+bound(c.Lo, c.LoFamily))
		}
		if c.Hi != "" {
			parts = append(parts, op("<", c.HiInc)+bound(c.Hi, c.HiFamily))
		}
		s = strings.Join(parts, " & ")
	}
	if len(c.Models) > 0 {
		s += " for " + strings.Join(c.Models, "/")
	}
	return s
}

func op(o string, inc bool) string {
	if inc {
		return o + "="
	}
	return o
}

func bound(b string, family bool) string {
	if family {
		return b + ".*"
	}
	return b
}

// String renders the interpretation canonically, for golden tests: "review",
// "all", "models(24950|24952)", or the alternatives joined by " | " (e.g.
// "[j..m] | =m.* for X3/MX100", ">=1.1 & <=1.3.2 | =4.0"), followed by
// " except …", " models(…)" and " if(…)" when the expression has excluded
// versions, names models, or adds a condition.
func (e Expr) String() string {
	if e.Review {
		return "review"
	}
	var b strings.Builder
	switch {
	case e.All:
		b.WriteString("all")
	case len(e.Alts) > 0:
		for i, c := range e.Alts {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(c.String())
		}
	case len(e.Models) == 0:
		return "review"
	}
	if len(e.Except) > 0 {
		b.WriteString(" except " + strings.Join(e.Except, ","))
	}
	if ms := e.ownModels(); len(ms) > 0 {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("models(" + strings.Join(ms, "|") + ")")
	}
	if e.Condition != "" {
		b.WriteString(" if(" + e.Condition + ")")
	}
	return b.String()
}

// ownModels returns the Models that no alternative is scoped to: those the
// expression names for itself rather than in a "for … only" clause.
func (e Expr) ownModels() []string {
	var out []string
outer:
	for _, m := range e.Models {
		for _, c := range e.Alts {
			for _, s := range c.Models {
				if s == m {
					continue outer
				}
			}
		}
		out = append(out, m)
	}
	return out
}
