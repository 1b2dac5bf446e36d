package cpe

import "strings"

// String returns the name bound to a formatted string, as FS does.
func (n Name) String() string { return n.FS() }

// FS binds the name to a CPE 2.3 formatted string (NISTIR 7695 §6.2.2):
// ANY is "*", NA is "-", and quoting is kept except for ".", "-" and "_",
// which a formatted string writes bare.
func (n Name) FS() string {
	var b strings.Builder
	b.WriteString("cpe:2.3")
	for a := Attribute(0); a < NumAttributes; a++ {
		b.WriteByte(':')
		switch v := n.Get(a); v {
		case ANY, NA, `\-`:
			// A lone quoted hyphen keeps its backslash: bare, it would
			// read back as NA.
			b.WriteString(v)
		default:
			for i := 0; i < len(v); i++ {
				c := v[i]
				if c == '\\' && i+1 < len(v) {
					if next := v[i+1]; next == '.' || next == '-' || next == '_' {
						c = next
						i++
					} else {
						b.WriteByte(c)
						c = next
						i++
					}
				}
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// URI binds the name to a CPE 2.2-style URI (NISTIR 7695 §6.1.2): ANY is
// empty, NA is "-", other characters are percent-encoded, the wildcards
// "?" and "*" become "%01" and "%02", and the four extended attributes are
// packed into the edition with "~". Trailing empty components are dropped.
func (n Name) URI() string {
	var b strings.Builder
	b.WriteString("cpe:/")
	for a := Part; a <= Language; a++ {
		if a > Part {
			b.WriteByte(':')
		}
		if a != Edition {
			b.WriteString(uriValue(n.Get(a)))
			continue
		}
		ed := uriValue(n.Get(Edition))
		sw, tsw, thw, oth := uriValue(n.Get(SWEdition)), uriValue(n.Get(TargetSW)), uriValue(n.Get(TargetHW)), uriValue(n.Get(Other))
		if sw == "" && tsw == "" && thw == "" && oth == "" {
			b.WriteString(ed)
		} else {
			b.WriteString("~" + ed + "~" + sw + "~" + tsw + "~" + thw + "~" + oth)
		}
	}
	return strings.TrimRight(b.String(), ":")
}

// uriValue binds one value for a URI.
func uriValue(v string) string {
	switch v {
	case ANY:
		return ""
	case NA:
		return "-"
	case `\-`:
		return "%2d" // a bare "-" would read back as NA
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case isAlnum(c):
			b.WriteByte(c)
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteString(pctEncode(v[i]))
		case c == '?':
			b.WriteString("%01")
		case c == '*':
			b.WriteString("%02")
		}
	}
	return b.String()
}

// pctEncode percent-encodes a quoted character for a URI. "-" and "." stay
// bare; the URI form lower-cases hex digits, as the specification does.
func pctEncode(c byte) string {
	if c == '-' || c == '.' || isAlnum(c) {
		return string(c)
	}
	const hex = "0123456789abcdef"
	return "%" + string(hex[c>>4]) + string(hex[c&15])
}

// WFN returns the name in the specification's display form, such as
// wfn:[part="a",vendor="microsoft",product="internet_explorer",
// version="8\.0\.6001",update=ANY,...], listing all eleven attributes.
func (n Name) WFN() string {
	var b strings.Builder
	b.WriteString("wfn:[")
	for a := Attribute(0); a < NumAttributes; a++ {
		if a > 0 {
			b.WriteByte(',')
		}
		b.WriteString(a.String())
		b.WriteByte('=')
		switch v := n.Get(a); v {
		case ANY:
			b.WriteString("ANY")
		case NA:
			b.WriteString("NA")
		default:
			b.WriteString(`"` + v + `"`)
		}
	}
	b.WriteByte(']')
	return b.String()
}
