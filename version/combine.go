package version

import (
	"net/url"
	"sort"
	"strings"
)

// combine turns the terms of an expression into e's alternatives. Exact
// versions and explicit ranges stand alone; comparator terms are grouped by
// version form (plain numbers, revision letters, each letter prefix such as
// "U" or "L") and paired within a group as the vers specification pairs them.
// It returns a reason when the terms do not make one reading.
func combine(e Expr, ts []term) (Expr, string) {
	var models []string
	hasVersion := false
	for _, t := range ts {
		switch {
		case t.all && len(t.scope) == 0:
			e.All = true
		case t.model != "":
			models = appendNew(models, t.model)
		default:
			hasVersion = hasVersion || len(t.scope) == 0
		}
	}
	if len(models) > 0 && hasVersion {
		return e, "the expression mixes model names and versions"
	}
	e.Models = appendNew(e.Models, models...)
	if e.All {
		return e, ""
	}
	seenAlt := map[string]bool{}
	seenScope := map[string]bool{}
	groups := map[string][]term{} // comparator terms by version form
	for _, u := range ts {
		if len(u.scope) == 0 && isRangeOp(u.op) {
			f := form(u.lo.norm)
			groups[f] = append(groups[f], u)
		}
	}
	for i, t := range ts {
		switch {
		case len(t.scope) > 0:
			key := strings.Join(t.scope, "/")
			if seenScope[key] {
				continue
			}
			seenScope[key] = true
			var inner []term
			for _, u := range ts[i:] {
				if strings.Join(u.scope, "/") == key {
					u.scope = nil
					inner = append(inner, u)
				}
			}
			sub, why := combine(Expr{}, inner)
			if why != "" {
				return e, why
			}
			alts := sub.Alts
			if sub.All {
				alts = []Constraint{{}}
			}
			for _, c := range alts {
				c.Models = t.scope
				e.Alts = appendAlt(e.Alts, seenAlt, c)
			}
			// The product matcher needs these models too: "X3/MX100" names
			// products the advisory covers.
			e.Models = appendNew(e.Models, t.scope...)
		case t.model != "" || t.all:
		case t.op == "=":
			e.Alts = appendAlt(e.Alts, seenAlt, Constraint{Lo: t.lo.norm, Hi: t.lo.norm, LoInc: true, HiInc: true,
				LoFamily: t.lo.family, HiFamily: t.lo.family, loText: t.lo.text, hiText: t.lo.text})
		case t.op == "!=":
			e.Except = appendNew(e.Except, t.lo.norm)
		case t.op == "range":
			e.Alts = appendAlt(e.Alts, seenAlt, Constraint{Lo: t.lo.norm, Hi: t.hi.norm, LoInc: true, HiInc: true,
				LoFamily: t.lo.family, HiFamily: t.hi.family, loText: t.lo.text, hiText: t.hi.text})
		default:
			f := form(t.lo.norm)
			group := groups[f]
			if group == nil {
				continue // already paired
			}
			delete(groups, f)
			alts, why := pair(group)
			if why != "" {
				return e, why
			}
			for _, c := range alts {
				e.Alts = appendAlt(e.Alts, seenAlt, c)
			}
		}
	}
	if len(e.Alts) == 0 && len(e.Models) == 0 {
		return e, "no version could be read"
	}
	return e, ""
}

func isRangeOp(op string) bool { return op == "<" || op == "<=" || op == ">" || op == ">=" }

// pair sorts one group of comparator terms by version and pairs them: an
// upper bound first stands alone (everything below it), a lower bound
// followed by an upper bound is one interval, a lower bound last stands alone
// (everything above it). Any other order, such as two lower bounds in a row,
// has no reading.
func pair(group []term) ([]Constraint, string) {
	sort.SliceStable(group, func(i, j int) bool {
		return cmpSegs(segments(group[i].lo.norm), segments(group[j].lo.norm)) < 0
	})
	var alts []Constraint
	for i := 0; i < len(group); i++ {
		t := group[i]
		lower := t.op == ">" || t.op == ">="
		switch {
		case !lower && i == 0:
			alts = append(alts, Constraint{Hi: t.lo.norm, HiInc: t.op == "<=", HiFamily: t.lo.family, hiText: t.lo.text})
		case !lower:
			return nil, "the bounds " + describeGroup(group) + " do not pair into ranges"
		case i+1 < len(group) && (group[i+1].op == "<" || group[i+1].op == "<="):
			u := group[i+1]
			alts = append(alts, Constraint{Lo: t.lo.norm, LoInc: t.op == ">=", LoFamily: t.lo.family, loText: t.lo.text,
				Hi: u.lo.norm, HiInc: u.op == "<=", HiFamily: u.lo.family, hiText: u.lo.text})
			i++
		case i+1 < len(group):
			return nil, "the bounds " + describeGroup(group) + " do not pair into ranges"
		default:
			alts = append(alts, Constraint{Lo: t.lo.norm, LoInc: t.op == ">=", LoFamily: t.lo.family, loText: t.lo.text})
		}
	}
	return alts, ""
}

func describeGroup(group []term) string {
	var s []string
	for _, t := range group {
		s = append(s, t.op+t.lo.text)
	}
	return "\"" + strings.Join(s, " | ") + "\""
}

// appendAlt appends c unless an identical alternative is already there.
func appendAlt(alts []Constraint, seen map[string]bool, c Constraint) []Constraint {
	s := c.String()
	if seen[s] {
		return alts
	}
	seen[s] = true
	return append(alts, c)
}

// appendNew appends the strings not yet in list (case-insensitively).
func appendNew(list []string, more ...string) []string {
	seen := make(map[string]bool, len(list)+len(more))
	for _, l := range list {
		seen[strings.ToLower(l)] = true
	}
	for _, m := range more {
		if k := strings.ToLower(m); !seen[k] {
			seen[k] = true
			list = append(list, m)
		}
	}
	return list
}

// parseVers reads a vers URI: "vers:<scheme>/<constraint>|<constraint>…".
// Its versions are exact (no wildcards or families); "*" alone means all.
func parseVers(e Expr, s string) Expr {
	rest := s[len("vers:"):]
	i := strings.IndexByte(rest, '/')
	if i <= 0 {
		return review(e, "\""+s+"\" is a vers URI without a versioning scheme")
	}
	scheme, list := lowerASCII(rest[:i]), strings.TrimSpace(rest[i+1:])
	if list == "*" {
		e.All = true
		e.Note = "all versions"
		return e
	}
	var ts []term
	for _, raw := range strings.Split(list, "|") {
		c := strings.TrimSpace(raw)
		op := "="
		for _, o := range []string{">=", "<=", "!=", "<", ">", "="} {
			if strings.HasPrefix(c, o) {
				op, c = o, strings.TrimSpace(c[len(o):])
				break
			}
		}
		if d, err := url.PathUnescape(c); err == nil {
			c = d
		}
		if scheme == "semver" {
			// Semver build metadata does not take part in ordering.
			c, _, _ = strings.Cut(c, "+")
		}
		b, ok := mkBound(c, false)
		if !ok {
			return review(e, "\""+raw+"\" in \""+s+"\" is not a version")
		}
		ts = append(ts, term{op: op, lo: b})
	}
	e, why := combine(e, ts)
	if why != "" {
		return review(e, why)
	}
	for i := range e.Alts {
		e.Alts[i].precise = true
	}
	e.Note = noteFor(e, nil)
	return e
}
