package version

import (
	"strings"
)

// clauses are the parenthesised asides taken out of an expression.
type clauses struct {
	remarks []string // "end-of-life 2011", "integrated into GE MobileLink", "U.S."
	conds   []string // "with Wireless Battery Module >= v22D19 | <= v22D28"
	date    string   // a clause that restricts by date: "shipped between 2016-August 2018"
}

// extractClauses removes the parenthesised asides of s that follow a space
// and returns the rest. Parentheses attached to a token ("MMT-522(K)",
// "0.74(0.75)") are part of it, and a parenthesised term of a "|" list ("Rev
// J-M | (X3/MX100 for Rev M only)") is kept for the term parser. An aside that
// never closes runs to the end, as in "6.x (Wireless Battery Modules (16 | …)".
func extractClauses(s string) (string, clauses) {
	var cl clauses
	var out strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '(' {
			out.WriteByte(s[i])
			i++
			continue
		}
		end := closing(s, i) // index after the group
		before := strings.TrimSpace(out.String())
		after := strings.TrimSpace(s[end:])
		attached := i > 0 && s[i-1] != ' ' && s[i-1] != '|'
		wholeTerm := (before == "" || strings.HasSuffix(before, "|")) && (after == "" || strings.HasPrefix(after, "|"))
		if attached || wholeTerm {
			out.WriteString(s[i:end])
			i = end
			continue
		}
		inner := strings.TrimSpace(strings.TrimSuffix(s[i+1:end], ")"))
		cl.add(inner)
		i = end
	}
	return strings.Join(strings.Fields(out.String()), " "), cl
}

// closing returns the index just after the parenthesis group opening at i, or
// len(s) when it never closes.
func closing(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

// add files one aside as a remark, a condition or a date restriction.
func (cl *clauses) add(inner string) {
	low := lowerASCII(inner)
	switch {
	case inner == "":
	case strings.HasPrefix(low, "end-of-life") || strings.HasPrefix(low, "end of life") || strings.HasPrefix(low, "eol"):
		// An end-of-life date tells the reader about support, not which
		// versions are affected.
		cl.remarks = append(cl.remarks, inner)
	case findDate(inner) != "":
		cl.date = inner
	case strings.HasPrefix(low, "with ") || strings.HasPrefix(low, "wireless") || strings.HasPrefix(low, "only ") ||
		strings.HasPrefix(low, "running ") || strings.HasPrefix(low, "on ") || strings.Contains(low, "module"):
		cond := conditionText(inner)
		if !strings.HasPrefix(low, "with ") && !strings.HasPrefix(low, "on ") && !strings.HasPrefix(low, "running ") && !strings.HasPrefix(low, "only ") {
			cond = "with " + cond
		}
		cl.conds = append(cl.conds, cond)
	default:
		cl.remarks = append(cl.remarks, inner)
	}
}

// conditionText rewrites a module condition so that its version list reads
// as words: "with Wireless Battery Module >= v22D19 | <= v22D28" becomes
// "with Wireless Battery Module versions 22D19 through 22D28".
func conditionText(inner string) string {
	low := lowerASCII(inner)
	i := strings.LastIndex(low, "module")
	if i < 0 {
		return inner
	}
	j := i + len("module")
	if strings.HasPrefix(low[j:], "s") {
		j++
	}
	rest := strings.TrimSpace(strings.Trim(inner[j:], " ()"))
	if rest == "" {
		return inner
	}
	p := parseText(Expr{}, rest)
	if p.Review || p.Condition != "" || len(p.Models) > 0 {
		return inner
	}
	return strings.TrimSpace(inner[:j]) + ": " + p.Note
}

// months are the month names and abbreviations that mark a date.
var months = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true,
	"aug": true, "august": true, "sep": true, "sept": true, "september": true, "oct": true,
	"october": true, "nov": true, "november": true, "dec": true, "december": true,
}

// findDate returns the first date-like word of s: a month name next to a
// number ("july 1 2017", "May 2018", "2016-August") or a numeric date
// ("8/30/2024"). It returns "" when s holds no date.
func findDate(s string) string {
	low := lowerASCII(s)
	words := strings.FieldsFunc(low, func(r rune) bool { return !isLetterOrDigit(r) })
	for i, w := range words {
		if !months[w] {
			continue
		}
		if (i > 0 && allDigits(words[i-1])) || (i+1 < len(words) && allDigits(words[i+1])) {
			return w
		}
	}
	for _, f := range strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == '<' || r == '>' || r == '=' }) {
		p := strings.Split(f, "/")
		if len(p) == 3 && allDigits(p[0]) && allDigits(p[1]) && allDigits(p[2]) &&
			len(p[0]) <= 2 && len(p[1]) <= 2 && (len(p[2]) == 2 || len(p[2]) == 4) {
			return f
		}
	}
	return ""
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// splitTop splits s at sep outside parentheses.
func splitTop(s string, sep byte) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, s[start:])
}

// splitList splits a bare term at " / ", " and " and ", ".
func splitList(t string) []string {
	var out []string
	for _, a := range strings.Split(t, " / ") {
		for _, b := range splitFold(a, " and ") {
			for _, c := range strings.Split(b, ", ") {
				if c = strings.TrimSpace(c); c != "" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// splitFold is strings.Split with a case-insensitive separator.
func splitFold(s, sep string) []string {
	var out []string
	low := lowerASCII(s)
	for {
		i := strings.Index(low, sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s, low = s[i+len(sep):], low[i+len(sep):]
	}
}
