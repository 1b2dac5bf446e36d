package version

import (
	"fmt"
	"strings"
)

// Match says whether the recorded version v is inside e, and explains the
// decision in words, e.g. `version "L.01.05" is within revisions J through M`.
//
// models, when given, are the device's model designators (model name, model
// number); they choose between model-scoped alternatives ("X3/MX100 for Rev M
// only": an X3 is checked against revision M alone, other devices against the
// rest) and decide expressions that name models instead of versions.
//
// The answer is Unknown, never a guess, when e needs review, when v is empty
// (unless every version is affected), when v is written in another form than
// the advisory's versions ("6.18" against "< B.06.18"), when v is less precise
// than a bound ("12.2" against "< 12.2.8.410"), when v is a later build of an
// inclusive upper bound that is not a family ("2.3.1.7" against "<= 2.3.1"),
// and when a version inside the range still depends on a Condition.
func (e Expr) Match(v string, models ...string) (Result, string) {
	shown := strings.TrimSpace(v)
	nv := Normalize(v)
	if placeholder(nv) {
		nv = "" // "N/A" would otherwise read as revision N
	}
	switch {
	case e.Review || (!e.All && len(e.Alts) == 0 && len(e.Models) == 0):
		return Unknown, fmt.Sprintf("cannot decide: the advisory's version text %q %s", e.Raw, reviewWords(e.Note))
	case e.All && e.Condition != "":
		return e.conditional("every version is affected")
	case e.All:
		return Yes, "every version is affected (" + e.Note + ")"
	case len(e.Alts) == 0:
		if modelMatch(e.Models, models) {
			return e.conditional("the advisory affects every version of " + list(e.Models) +
				" and the device is one of them")
		}
		return Unknown, "the advisory names " + list(e.Models) +
			" rather than versions, and the device's model is not recorded as one of them"
	}
	alts := e.selectAlts(models)
	switch {
	case len(alts) == 0:
		return Unknown, "the advisory's versions apply only to some models (" + e.Note +
			") and the device is not recorded as one of them"
	case nv == "":
		return Unknown, "no version recorded; the advisory affects " + e.Note
	}
	sv := segments(nv)
	for _, x := range e.Except {
		if form(x) == form(nv) && cmpSegs(sv, segments(x)) == 0 {
			return No, fmt.Sprintf("version %q is excluded by the advisory (%s)", shown, e.Note)
		}
	}
	best, why, which := vOther, "", Constraint{}
	for _, c := range alts {
		vd, w := c.eval(nv, sv)
		if vd > best {
			best, why, which = vd, w, c
		}
	}
	switch best {
	case vYes:
		return e.conditional(fmt.Sprintf("version %q is within %s", shown, describe(which)))
	case vAmbiguous:
		return Unknown, fmt.Sprintf("version %q %s (%s)", shown, why, describe(which))
	case vNo:
		return No, fmt.Sprintf("version %q is not within %s", shown, describeAlts(alts))
	}
	return Unknown, fmt.Sprintf("version %q is not written the way the advisory writes its versions (%s), "+
		"so Ward cannot compare them", shown, describeAlts(alts))
}

// placeholders are what CMMS exports write when the version is not known.
var placeholders = map[string]bool{
	"n/a": true, "na": true, "n.a.": true, "n.a": true, "none": true, "unknown": true, "unk": true, "tbd": true,
	"null": true, "nil": true, "not applicable": true, "not available": true, "not recorded": true, "various": true,
}

// placeholder reports whether a normalised recorded version says that the
// version is not known: a placeholder word, or no letter or digit at all.
func placeholder(nv string) bool {
	return placeholders[nv] || len(words(nv)) == 0
}

// reviewWords turns a Note that starts "needs review: " into the rest of a
// sentence.
func reviewWords(note string) string {
	if note == "" {
		return "was never read"
	}
	if r, ok := strings.CutPrefix(note, "needs review: "); ok {
		return "needs review: " + r
	}
	return "needs review: " + note
}

// conditional answers Yes, or Unknown when e adds a condition no recorded
// version can show.
func (e Expr) conditional(why string) (Result, string) {
	if e.Condition != "" {
		return Unknown, why + ", but only " + e.Condition + ", which Ward cannot check"
	}
	return Yes, why
}

// selectAlts picks the alternatives that apply to a device of the given
// models: the ones scoped to its model when there are any, else the unscoped
// ones. Without a model every alternative applies.
func (e Expr) selectAlts(models []string) []Constraint {
	if !hasAny(models) {
		return e.Alts
	}
	var hit, rest []Constraint
	for _, c := range e.Alts {
		switch {
		case len(c.Models) == 0:
			rest = append(rest, c)
		case modelMatch(c.Models, models):
			hit = append(hit, c)
		}
	}
	if len(hit) > 0 {
		return hit
	}
	return rest
}

func hasAny(xs []string) bool {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return true
		}
	}
	return false
}

// modelMatch reports whether one of the device's model designators is one of
// the advisory's: the same letters and digits ("MMT-1710" = "mmt 1710"), the
// advisory's words inside the device's ("X3" in "IntelliVue X3 Transport
// Monitor"), or a shared designator of three or more characters with a digit
// ("24952" in "MyCareLink 24952").
func modelMatch(advisory, device []string) bool {
	for _, a := range advisory {
		aw := words(a)
		if len(aw) == 0 {
			continue
		}
		for _, d := range device {
			dw := words(d)
			if len(dw) == 0 {
				continue
			}
			if strings.Join(aw, "") == strings.Join(dw, "") || containsRun(dw, aw) {
				return true
			}
			for _, t := range aw {
				if len(t) >= 3 && hasDigit(t) && containsRun(dw, []string{t}) {
					return true
				}
			}
		}
	}
	return false
}

// words splits a model designator into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(lowerASCII(s), func(r rune) bool { return !isLetterOrDigit(r) })
}

// containsRun reports whether needle occurs as consecutive words of hay.
func containsRun(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
