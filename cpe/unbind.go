package cpe

import (
	"strings"

	"ward"
)

// Parse unbinds a CPE name in either binding: a formatted string
// ("cpe:2.3:...") or a URI ("cpe:/..."). The result is checked with
// Validate. Failures are EINVALID errors.
func Parse(s string) (Name, error) {
	if isURI(s) {
		return ParseURI(s)
	}
	return ParseFS(s)
}

// isURI reports whether s uses the URI binding.
func isURI(s string) bool {
	return len(s) >= 5 && strings.EqualFold(s[:5], "cpe:/")
}

// ParseFS unbinds a CPE 2.3 formatted string (NISTIR 7695 §6.2.3). It
// needs exactly eleven attribute fields, none empty; "*" is ANY and "-" is
// NA; characters other than letters, digits, "_" and the edge wildcards are
// quoted. Case is kept (matching ignores it). Failures are EINVALID errors.
func ParseFS(s string) (Name, error) {
	var n Name
	if len(s) < 8 || !strings.EqualFold(s[:8], "cpe:2.3:") {
		return n, ward.Errorf(ward.EINVALID, "cpe: %q does not start with \"cpe:2.3:\"", clip(s))
	}
	fields := splitFS(s[8:])
	if len(fields) != NumAttributes {
		return n, ward.Errorf(ward.EINVALID, "cpe: %q has %d attributes, want %d", clip(s), len(fields), NumAttributes)
	}
	for a, f := range fields {
		switch f {
		case "":
			return n, ward.Errorf(ward.EINVALID, "cpe: %q has an empty %s", clip(s), Attribute(a))
		case ANY, NA:
			n[a] = f
		default:
			v, err := addQuoting(f)
			if err != nil {
				return n, ward.WrapError(ward.EINVALID, err, "cpe: invalid %s in %q", Attribute(a), clip(s))
			}
			n[a] = v
		}
	}
	if err := n.Validate(); err != nil {
		return Name{}, err
	}
	return n, nil
}

// splitFS splits on colons that a backslash does not quote.
func splitFS(s string) []string {
	var fields []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ':':
			fields = append(fields, s[start:i])
			start = i + 1
		}
	}
	return append(fields, s[start:])
}

// addQuoting turns a formatted-string field into a WFN string: quoted
// characters stay quoted, bare punctuation gets quoted, and "*" and "?" are
// wildcards where they may stand (at either end) and errors elsewhere.
func addQuoting(s string) (string, error) {
	var b strings.Builder
	embedded := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlnum(c):
			b.WriteByte(c)
			embedded = true
		case c == '\\':
			if i+1 == len(s) {
				return "", errorf("a value cannot end with a backslash")
			}
			if !isAlnum(s[i+1]) {
				b.WriteByte(c) // quoting a letter or digit is redundant: drop it
			}
			b.WriteByte(s[i+1])
			i++
			embedded = true
		case c == '*':
			if i != 0 && i != len(s)-1 {
				return "", errorf("an unquoted \"*\" may only start or end a value")
			}
			b.WriteByte(c)
			embedded = true
		case c == '?':
			ok := i == 0 || i == len(s)-1 ||
				(!embedded && s[i-1] == '?') ||
				(embedded && s[i+1] == '?')
			if !ok {
				return "", errorf("an unquoted \"?\" may only start or end a value")
			}
			b.WriteByte(c)
			embedded = false
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
			embedded = true
		}
	}
	return b.String(), nil
}

// ParseURI unbinds a CPE URI (NISTIR 7695 §6.1.3): up to seven
// components after "cpe:/", empty meaning ANY and "-" meaning NA, values
// percent-decoded and lower-cased, "%01" and "%02" read as the wildcards
// "?" and "*", and a "~"-packed edition unpacked into the extended
// attributes. Failures are EINVALID errors.
func ParseURI(s string) (Name, error) {
	var n Name
	if !isURI(s) {
		return n, ward.Errorf(ward.EINVALID, "cpe: %q does not start with \"cpe:/\"", clip(s))
	}
	comps := strings.Split(s[5:], ":")
	if len(comps) > 7 {
		return n, ward.Errorf(ward.EINVALID, "cpe: %q has more than 7 components", clip(s))
	}
	for i := range n {
		n[i] = ANY
	}
	for i, c := range comps {
		a := Attribute(i)
		if a == Edition && strings.HasPrefix(c, "~") {
			packed := strings.Split(c[1:], "~")
			if len(packed) != 5 {
				return Name{}, ward.Errorf(ward.EINVALID, "cpe: packed edition %q needs 5 parts", clip(c))
			}
			for j, attr := range []Attribute{Edition, SWEdition, TargetSW, TargetHW, Other} {
				v, err := decodeURI(packed[j])
				if err != nil {
					return Name{}, ward.WrapError(ward.EINVALID, err, "cpe: invalid %s in %q", attr, clip(s))
				}
				n[attr] = v
			}
			continue
		}
		v, err := decodeURI(c)
		if err != nil {
			return Name{}, ward.WrapError(ward.EINVALID, err, "cpe: invalid %s in %q", a, clip(s))
		}
		n[a] = v
	}
	if err := n.Validate(); err != nil {
		return Name{}, err
	}
	return n, nil
}

// decodeURI turns one URI component into a WFN value.
func decodeURI(s string) (string, error) {
	switch s {
	case "":
		return ANY, nil
	case "-":
		return NA, nil
	}
	s = strings.ToLower(s)
	var b strings.Builder
	embedded := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '%' {
			if c == '\\' {
				return "", errorf("a URI cannot hold a bare backslash")
			}
			if c == '.' || c == '-' || c == '~' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
			embedded = true
			continue
		}
		if i+3 > len(s) {
			return "", errorf("truncated percent-encoding")
		}
		switch form := s[i : i+3]; form {
		case "%01":
			// "?" may repeat at either end, like "%01%01foo".
			ok := i == 0 || i == len(s)-3 ||
				(!embedded && i >= 3 && s[i-3:i] == "%01") ||
				(embedded && i+6 <= len(s) && s[i+3:i+6] == "%01")
			if !ok {
				return "", errorf("\"%%01\" may only start or end a value")
			}
			b.WriteByte('?')
			embedded = false
		case "%02":
			if i != 0 && i != len(s)-3 {
				return "", errorf("\"%%02\" may only start or end a value")
			}
			b.WriteByte('*')
			embedded = true
		default:
			c, ok := pctDecode(form)
			if !ok {
				return "", errorf("invalid percent-encoding %q", form)
			}
			b.WriteByte('\\')
			b.WriteByte(c)
			embedded = true
		}
		i += 2
	}
	return b.String(), nil
}

// pctDecode decodes one of the percent-encoded punctuation characters the
// URI binding allows.
func pctDecode(form string) (byte, bool) {
	const hex = "0123456789abcdef"
	hi, lo := strings.IndexByte(hex, form[1]), strings.IndexByte(hex, form[2])
	if hi < 0 || lo < 0 {
		return 0, false
	}
	c := byte(hi<<4 | lo)
	if c < 0x21 || c > 0x7e || isAlnum(c) {
		return 0, false
	}
	return c, true
}
