// Package cpe implements CPE 2.3 names: parsing (unbinding) and printing
// (binding) of formatted strings ("cpe:2.3:a:vendor:product:...") and URIs
// ("cpe:/a:vendor:product:..."), the checks that make a well-formed name,
// and the name matching of NISTIR 7696 that NVD applies to its match
// strings. Names are held as well-formed names (WFNs, NISTIR 7695 §5). The
// package does no I/O.
package cpe

import (
	"strings"

	"ward"
)

// Attribute identifies one of the eleven attributes of a name, in the order
// the specification lists them.
type Attribute int

// The attributes of a CPE 2.3 name.
const (
	Part Attribute = iota
	Vendor
	Product
	Version
	Update
	Edition
	Language
	SWEdition
	TargetSW
	TargetHW
	Other
)

// NumAttributes is the number of attributes of a name.
const NumAttributes = 11

var attributeNames = [NumAttributes]string{
	"part", "vendor", "product", "version", "update", "edition",
	"language", "sw_edition", "target_sw", "target_hw", "other",
}

// String returns the attribute's name in the specification ("sw_edition").
func (a Attribute) String() string {
	if a < 0 || a >= NumAttributes {
		return "attribute(" + string(rune('0'+int(a))) + ")"
	}
	return attributeNames[a]
}

// The logical values of an attribute. An empty value also means ANY.
const (
	ANY = "*"
	NA  = "-"
)

// Name is a well-formed name: one value per Attribute. A value is ANY,
// NA, or a WFN string, in which every character other than letters, digits
// and "_" is quoted with a backslash ("8\.0\.6001") except the wildcards "*"
// and "?", which are only allowed at the start or end. Use Quote and Unquote
// to convert to and from plain text. Names from Parse and New use "*" for
// ANY, so two such names compare equal with ==.
type Name [NumAttributes]string

// New returns a name of the given part ("a", "o" or "h") with every other
// attribute ANY. It returns an EINVALID error for any other part.
func New(part string) (Name, error) {
	var n Name
	for i := range n {
		n[i] = ANY
	}
	if part != "a" && part != "o" && part != "h" {
		return n, ward.Errorf(ward.EINVALID, "cpe: part must be \"a\", \"o\" or \"h\", not %q", clip(part))
	}
	n[Part] = part
	return n, nil
}

// Get returns the value of attribute a, with an empty value read as ANY.
func (n Name) Get(a Attribute) string {
	if n[a] == "" {
		return ANY
	}
	return n[a]
}

// Plain returns the value of attribute a as plain text (Unquote), "" for
// ANY and "-" for NA.
func (n Name) Plain(a Attribute) string {
	switch v := n.Get(a); v {
	case ANY:
		return ""
	default:
		return Unquote(v)
	}
}

// Validate checks that n is well formed: part is "a", "o", "h" or ANY, and
// every other value is ANY, NA or a valid WFN string (printable ASCII,
// quoting where required, wildcards only at either end). It returns an
// EINVALID error naming the first bad attribute.
func (n Name) Validate() error {
	for a := Attribute(0); a < NumAttributes; a++ {
		v := n.Get(a)
		if a == Part {
			if v != "a" && v != "o" && v != "h" && v != ANY {
				return ward.Errorf(ward.EINVALID, "cpe: part must be \"a\", \"o\" or \"h\", not %q", clip(v))
			}
			continue
		}
		if err := validValue(v); err != nil {
			return ward.WrapError(ward.EINVALID, err, "cpe: invalid %s %q", a, clip(v))
		}
	}
	return nil
}

// validValue checks one WFN attribute value (NISTIR 7695 §5.3.2).
func validValue(v string) error {
	if v == ANY || v == NA {
		return nil
	}
	// Leading and trailing wildcards: a single "*" or a run of "?".
	body := v
	if strings.HasPrefix(body, "*") {
		body = body[1:]
	} else {
		body = strings.TrimLeft(body, "?")
	}
	if strings.HasSuffix(body, "*") && !quotedAt(body, len(body)-1) {
		body = body[:len(body)-1]
	} else {
		for len(body) > 0 && body[len(body)-1] == '?' && !quotedAt(body, len(body)-1) {
			body = body[:len(body)-1]
		}
	}
	if body == "" && v != "?" && strings.Trim(v, "?") != "" {
		return errorf("a value cannot be only wildcards")
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c < 0x21 || c > 0x7e:
			return errorf("only printable ASCII without spaces is allowed")
		case c == '\\':
			if i+1 == len(body) {
				return errorf("a value cannot end with an unquoted backslash")
			}
			if n := body[i+1]; n < 0x21 || n > 0x7e || isAlnum(n) {
				return errorf("only punctuation may be quoted")
			}
			i++
		case c == '*' || c == '?':
			return errorf("wildcards are only allowed at the start or end")
		case !isAlnum(c):
			return errorf("%q must be quoted with a backslash", string(c))
		}
	}
	return nil
}

// quotedAt reports whether the character at s[i] is quoted, i.e. preceded
// by an odd number of backslashes.
func quotedAt(s string, i int) bool {
	n := 0
	for i > 0 && s[i-1] == '\\' {
		n++
		i--
	}
	return n%2 == 1
}

// isAlnum reports whether c is an ASCII letter, digit or "_", the
// characters a WFN string never quotes.
func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// Quote returns plain text as a WFN string that matches exactly that text:
// every character other than letters, digits and "_" is quoted, including
// "*" and "?". Empty text gives ANY.
func Quote(s string) string {
	if s == "" {
		return ANY
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Unquote removes WFN quoting: "8\.0\.6001" becomes "8.0.6001". Unquoted
// wildcards and the logical values stay as they are.
func Unquote(v string) string {
	if strings.IndexByte(v, '\\') < 0 {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// VendorProduct returns the vendor and product of a CPE name in either
// binding, as Ward indexes them: unquoted and lower-case, so
// "cpe:2.3:a:Foo\!Bar:..." and "cpe:/a:foo%21bar:..." give "foo!bar". ANY,
// NA and a name that does not parse give "".
func VendorProduct(cpe string) (vendor, product string) {
	n, err := Parse(cpe)
	if err != nil {
		return "", ""
	}
	return indexKey(n.Get(Vendor)), indexKey(n.Get(Product))
}

// indexKey is the normalised form of a value for indexing.
func indexKey(v string) string {
	if v == ANY || v == NA {
		return ""
	}
	return strings.ToLower(Unquote(v))
}

// WithVersion returns cpe with its version attribute set to the plain
// version text, in the binding cpe came in (formatted string or URI).
// version "" gives ANY and "-" gives NA; any other text is matched
// literally, "*" and "?" included. It returns "" if cpe does not parse.
func WithVersion(cpe, version string) string {
	n, err := Parse(cpe)
	if err != nil {
		return ""
	}
	switch version {
	case "", ANY:
		n[Version] = ANY
	case NA:
		n[Version] = NA
	default:
		n[Version] = Quote(version)
	}
	if isURI(cpe) {
		return n.URI()
	}
	return n.FS()
}

// errorf makes a plain cause error for wrapping in a ward.Error.
func errorf(format string, args ...any) error {
	return ward.Errorf(ward.EINVALID, format, args...)
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}
