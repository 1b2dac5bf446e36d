package recallmatch

import (
	"strings"
	"unicode"
)

// token is one word or code of a recall's free text. Codes keep their
// inner hyphens, slashes and dots ("010-55-25", "S/N", "2.1"); the
// separators around them (spaces, commas, colons, parentheses) are gone.
type token struct {
	raw string // as written, without surrounding punctuation
	low string // lower case
	key string // upper-case letters and digits only, for comparing codes
	// sep is set when a list separator (comma, semicolon, line break)
	// precedes the token; a label then ends a list.
	sep bool
}

// maxTokens bounds the work on one text: code_info listing tens of
// thousands of lots is read up to here.
const maxTokens = 200000

// tokenize splits text into tokens.
func tokenize(s string) []token {
	var out []token
	sep := false
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		raw := strings.Trim(s[start:end], ".-/_+'")
		start = -1
		if raw == "" {
			return
		}
		out = append(out, token{raw: raw, low: strings.ToLower(raw), key: codeKey(raw), sep: sep})
		sep = false
	}
	for i, r := range s {
		if len(out) >= maxTokens {
			return out
		}
		switch {
		case r == '-' && start < 0, r == '–' || r == '—':
			// A free-standing dash joins a range ("1000 - 1500").
			flush(i)
			out = append(out, token{raw: "-", low: "-", sep: sep})
			sep = false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-/._+'", r):
			if start < 0 {
				start = i
			}
		case r == '#':
			// "Lot#123" and "#123": the mark is a separator, not part of
			// a code.
			flush(i)
		default:
			flush(i)
			if strings.ContainsRune(",;\n\r", r) {
				sep = true
			}
		}
	}
	flush(len(s))
	return out
}

// codeKey is the comparable form of a serial, lot or model number: its
// letters (upper case) and digits, so "SN-0012 34" and "sn001234" agree.
func codeKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// isCode reports whether a token can be a serial, lot, model number or
// UDI: it has a digit, is of a plausible length and is not a date.
func isCode(t *token) bool {
	return hasDigit(t.raw) && len(t.key) >= 2 && len(t.key) <= 48 && !looksLikeDate(t.raw)
}

// looksLikeDate reports whether s is written like a date (03/2019,
// 2019-01-31, 1/31/19), so date lists are not taken for lots.
func looksLikeDate(s string) bool {
	for _, sep := range []string{"/", "-", "."} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 || len(parts) > 3 {
			continue
		}
		ok := true
		for _, p := range parts {
			if p == "" || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
				ok = false
				break
			}
		}
		if ok && (len(parts) == 3 || len(parts[1]) == 4 || len(parts[0]) == 4) {
			if sep == "." && len(parts) == 3 && len(parts[2]) != 4 && len(parts[0]) != 4 {
				return false // 2.1.5 is a version, not a date
			}
			if sep == "-" && len(parts) == 3 && len(parts[0]) != 4 && len(parts[2]) != 4 {
				return false // 010-55-25 is a catalog number
			}
			return true
		}
	}
	return false
}
