// Package names normalises the free-text names of manufacturers and products
// that CMMS exports, advisories and catalogs spell in many ways, so that
// "B. BRAUN MEDICAL INC", "B Braun Medical" and "b.braun medical" compare equal.
// It is pure: no I/O, no state.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// companySuffixes are legal-form words that carry no identity. They are only
// dropped at the end of a name, so "Co" inside "Contec" or "AG" inside a
// product name is left alone.
var companySuffixes = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "ltd": true, "limited": true, "llc": true,
	"llp": true, "lp": true, "plc": true, "gmbh": true, "ag": true, "sa": true,
	"sas": true, "nv": true, "bv": true, "oy": true, "oyj": true, "ab": true,
	"asa": true, "spa": true, "srl": true, "kg": true, "kgaa": true, "pty": true,
	"se": true, "ulc": true, "kk": true, "hf": true, "ehf": true, "ev": true,
}

// Normalize returns the comparable form of a name: repaired mojibake, no
// diacritics, lower case, punctuation turned into single spaces, "&" spelled
// "and", and trailing legal-form words (Inc, Ltd, GmbH, …) removed.
func Normalize(s string) string {
	words := joinTrailingInitials(Words(s))
	for len(words) > 1 && companySuffixes[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

// joinTrailingInitials turns a dotted legal form at the end of a name back
// into one word ("N.V." splits into "n", "v"; it becomes "nv") so the
// suffix rule sees it. Initials elsewhere ("C. R. Bard") are left alone.
func joinTrailingInitials(words []string) []string {
	i := len(words)
	for i > 0 && len(words[i-1]) == 1 {
		i--
	}
	if len(words)-i < 2 || i == 0 {
		return words
	}
	return append(words[:i:i], strings.Join(words[i:], ""))
}

// Key returns Normalize(s) with the spaces removed. Lookups by Key treat
// "Hill-Rom", "Hillrom" and "HILL ROM" as the same name.
func Key(s string) string {
	return strings.ReplaceAll(Normalize(s), " ", "")
}

// Words splits a name into lower-case words without diacritics. Apostrophes
// join ("N'Vision" is one word); every other non-alphanumeric rune separates.
func Words(s string) []string {
	s = repairMojibake(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining marks left by NFKD: "ä" becomes "a"
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø':
			b.WriteByte('o')
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		case r == '&':
			b.WriteString(" and ")
		case r == '\'' || r == '’' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// repairMojibake undoes the commonest encoding accident in exported data:
// UTF-8 bytes decoded as Latin-1 and encoded again ("YhtymÃ¤" for "Yhtymä").
// The text is only replaced when the round trip yields valid UTF-8.
func repairMojibake(s string) string {
	if !strings.ContainsAny(s, "ÃÂ") {
		return s
	}
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			return s
		}
		buf = append(buf, byte(r))
	}
	if !utf8.Valid(buf) {
		return s
	}
	return string(buf)
}
