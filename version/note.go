package version

import (
	"strings"
)

// noun is "revision" for Philips-style revision letters and "version"
// otherwise.
func noun(norm string, plural bool) string {
	n := "version"
	if form(norm) == formRevision {
		n = "revision"
	}
	if plural {
		n += "s"
	}
	return n
}

// text returns how a bound was written, falling back to its normal form.
func text(written, norm string) string {
	if written != "" {
		return written
	}
	return norm
}

// every explains what a family bound written without a wildcard covers:
// "N" becomes " (any N.x revision)". A written wildcard speaks for itself.
func every(written, norm string, family bool) string {
	if !family || strings.ContainsAny(lowerASCII(written), "x*") {
		return ""
	}
	return " (any " + written + ".x " + noun(norm, false) + ")"
}

// describe says in words which versions one constraint covers, e.g.
// "revisions J through M", "version 2.3.1 and earlier", "versions before
// 2.4.0".
func describe(c Constraint) string {
	lo, hi := text(c.loText, c.Lo), text(c.hiText, c.Hi)
	var s string
	switch {
	case c.Lo == "" && c.Hi == "":
		s = "every version"
	case c.exact():
		s = noun(c.Lo, false) + " " + lo + every(c.loText, c.Lo, c.LoFamily)
	case c.Lo != "" && c.Hi != "":
		s = noun(c.Lo, true) + " "
		if !c.LoInc {
			s += "after "
		}
		s += lo
		if c.HiInc {
			s += " through " + hi
		} else {
			s += " up to but not including " + hi
		}
	case c.Hi != "" && c.HiInc:
		s = noun(c.Hi, false) + " " + hi + " and earlier" + every(c.hiText, c.Hi, c.HiFamily)
	case c.Hi != "":
		s = noun(c.Hi, true) + " before " + hi
	case c.LoInc:
		s = noun(c.Lo, false) + " " + lo + " and later"
	default:
		s = noun(c.Lo, true) + " after " + lo + every(c.loText, c.Lo, c.LoFamily)
	}
	if len(c.Models) > 0 {
		s += " for " + strings.Join(c.Models, "/") + " only"
	}
	return s
}

// describeAlts says in words which versions the alternatives cover. Runs of
// exact versions read as one list: "revisions F.0, G.0 and J.3".
func describeAlts(alts []Constraint) string {
	var ds []string
	var run []Constraint
	flush := func() {
		switch len(run) {
		case 0:
		case 1:
			ds = append(ds, describe(run[0]))
		default:
			n := noun(run[0].Lo, true)
			var vs []string
			for _, c := range run {
				vs = append(vs, text(c.loText, c.Lo))
				if noun(c.Lo, true) != n {
					n = "versions"
				}
			}
			ds = append(ds, n+" "+list(vs))
		}
		run = nil
	}
	for _, c := range alts {
		if c.exact() && len(c.Models) == 0 {
			run = append(run, c)
			continue
		}
		flush()
		ds = append(ds, describe(c))
	}
	flush()
	return strings.Join(ds, "; or ")
}

// noteFor writes the Note of a parsed expression.
func noteFor(e Expr, remarks []string) string {
	var s string
	switch {
	case e.All:
		s = "all versions"
	case len(e.Alts) > 0:
		s = describeAlts(e.Alts)
	case len(e.Models) > 0:
		s = "names " + plural(len(e.Models), "model ", "models ") + list(e.Models) +
			" rather than a version: every version of " + plural(len(e.Models), "that model", "those models")
	}
	if len(e.Except) > 0 {
		s += ", except " + list(e.Except)
	}
	if ms := e.ownModels(); len(ms) > 0 && (e.All || len(e.Alts) > 0) {
		s += "; of " + plural(len(ms), "model ", "models ") + list(ms)
	}
	if e.Condition != "" {
		s += "; only " + e.Condition + " (Ward cannot check this, so a version inside is under investigation)"
	}
	if remarks = appendNew(nil, remarks...); len(remarks) > 0 {
		s += " (the advisory adds: " + strings.Join(remarks, "; ") + ")"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// list joins names as "a, b and c".
func list(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}
