package version

import (
	"strings"
)

// mkBound reads one bound. In plain CSAF text (plain), a wildcard segment
// ("12.2.x.x", "2.X", "C.0x") ends the bound and makes it a family, and so
// does a bare revision letter ("N") or a bare major number of one or two
// digits ("Version 8"). vers URIs (plain false) have exact bounds only. It
// reports false when the text is not a version.
func mkBound(text string, plain bool) (bnd, bool) {
	text = strings.TrimSpace(text)
	norm := Normalize(text)
	if norm == "" || strings.ContainsAny(norm, "<>=|") {
		return bnd{}, false
	}
	b := bnd{norm: norm, text: displayText(text)}
	if plain {
		parts := strings.Split(norm, ".")
		for i, p := range parts {
			if !isWildcard(strings.TrimSpace(p)) {
				continue
			}
			prefix := strings.TrimSpace(strings.Join(parts[:i], "."))
			if prefix == "" || !versionish(prefix) {
				return bnd{}, false
			}
			b.norm, b.family = prefix, true
			b.famText = prefix
			if dp := strings.Split(b.text, "."); len(dp) > i {
				b.famText = strings.TrimSpace(strings.Join(dp[:i], "."))
			}
			return b, true
		}
	}
	if !versionish(norm) {
		return bnd{}, false
	}
	if plain && ((len(norm) == 1 && isASCIILetter(norm[0])) || (allDigits(norm) && len(norm) <= 2)) {
		b.family, b.famText = true, b.text
	}
	return b, true
}

// isWildcard reports whether one dot-separated part stands for any value:
// "x", "xx", "*", or digits followed by x ("0x").
func isWildcard(p string) bool {
	if p == "*" {
		return true
	}
	d := strings.TrimRight(p, "x")
	return d != p && (d == "" || allDigits(d))
}

// versionish reports whether a token can be (part of) a version: it has a
// digit, or it is a single revision letter.
func versionish(tok string) bool {
	return hasDigit(tok) || (len(tok) == 1 && isASCIILetter(tok[0]))
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// displayText is the bound as written, with spaces collapsed and without the
// leading "v", "Rev." … that Normalize removes, but in its original case.
func displayText(text string) string {
	t := strings.Join(strings.Fields(text), " ")
	l := lowerASCII(t)
	for {
		r := stripPrefix(l)
		if r == l {
			return t[len(t)-len(l):]
		}
		l = r
	}
}

// lowerASCII lower-cases ASCII letters only, so that byte offsets found in
// the result are valid in the original.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// qualifiers are the words that may follow a version number and belong to it
// ("1.1.3 MR Build 11", "1.8.4 Service Pack 01", "4.20 SR1").
var qualifiers = map[string]bool{
	"build": true, "mr": true, "sr": true, "sp": true, "service": true, "pack": true, "patch": true,
	"update": true, "hotfix": true, "fix": true, "release": true, "rel": true, "beta": true, "alpha": true,
	"rc": true, "pre": true, "dev": true, "preview": true, "snapshot": true, "final": true, "ga": true,
}

// classify reads a bare piece of a term (no comparator) as exact versions or
// as a model. A piece that starts with a model designator ("2490C", "24950",
// "MMT-1710", "882160 Gemini Dual") or with a product word ("Accu-Chek
// Inform II", "IGS") names a model: reading it as a version would wrongly
// clear every device whose firmware differs from the model number.
func classify(piece string) []term {
	f := strings.Fields(piece)
	if len(f) == 0 {
		return nil
	}
	first := lowerASCII(f[0])
	model := []term{{model: piece}}
	if isModelToken(first) {
		return model
	}
	if !versionish(first) {
		// "HD 16", "LPI 3.5.12.P30": a short letter prefix before a number.
		if !(len(f) > 1 && len(first) <= 3 && lettersOnly(first) && isDigit(f[1][0])) {
			return model
		}
	}
	for _, w := range f[1:] {
		if lw := lowerASCII(w); !versionish(lw) && !qualifiers[lw] {
			return model
		}
	}
	var ts []term
	for _, sub := range splitRevisions(piece) {
		b, ok := mkBound(sub, true)
		if !ok {
			return model
		}
		ts = append(ts, term{op: "=", lo: b})
	}
	return ts
}

// splitRevisions splits run-together revisions: "F.0.G.0" → "F.0", "G.0".
func splitRevisions(piece string) []string {
	if strings.Contains(piece, " ") {
		return []string{piece}
	}
	parts := strings.Split(piece, ".")
	if len(parts) < 3 || !isLetterPart(parts[0]) {
		return []string{piece}
	}
	var out []string
	start := 0
	for i := 1; i < len(parts); i++ {
		if isLetterPart(parts[i]) && !isLetterPart(parts[i-1]) {
			out = append(out, strings.Join(parts[start:i], "."))
			start = i
		}
	}
	return append(out, strings.Join(parts[start:], "."))
}

func isLetterPart(p string) bool { return len(p) == 1 && isASCIILetter(p[0]) }

func lettersOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return s != ""
}

// isModelToken reports whether a lower-case token looks like a model or
// catalogue number rather than a version: three or more bare digits
// ("24950", "3120"), digits then letters ("2490c", "650c", "2nd"), a letter
// prefix and four or more digits ("a51200"), or letters, a hyphen and three
// or more digits ("mmt-1710", "mmt-522(k)").
func isModelToken(tok string) bool {
	tok = strings.TrimSuffix(tok, ")")
	if i := strings.LastIndexByte(tok, '('); i > 0 && lettersOnly(tok[i+1:]) {
		tok = tok[:i]
	}
	lead := len(tok) - len(strings.TrimLeft(tok, "0123456789"))
	rest := tok[lead:]
	switch {
	case lead == len(tok):
		return lead >= 3
	case lead > 0:
		return lettersOnly(rest)
	}
	letters := len(tok) - len(strings.TrimLeft(tok, "abcdefghijklmnopqrstuvwxyz"))
	rest = tok[letters:]
	hyphen := strings.HasPrefix(rest, "-")
	rest = strings.TrimPrefix(rest, "-")
	digits := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
	tail := rest[digits:]
	if tail != "" && !lettersOnly(tail) {
		return false
	}
	if hyphen {
		return letters >= 2 && letters <= 5 && digits >= 3
	}
	return letters >= 1 && letters <= 5 && digits >= 4
}

// splitModels splits a list of model names at "|", " / ", " and " and ", ".
func splitModels(s string) []string {
	var out []string
	for _, part := range splitTop(s, '|') {
		for _, m := range splitList(strings.TrimSpace(part)) {
			if r, ok := modelLabel(m); ok {
				m = strings.TrimSpace(r)
			}
			if m != "" {
				out = append(out, m)
			}
		}
	}
	return out
}
