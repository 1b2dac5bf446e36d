package vers

import (
	"strings"

	"ward"
)

// Parse parses a vers string in the canonical form the specification
// requires: "vers:" and a lower-case scheme, no whitespace, no empty
// constraint, no leading "=", valid upper-case percent-encoding, constraints
// sorted by version and valid by the rules of Range.Validate. Versions are
// percent-decoded exactly once. Schemes this package cannot compare are
// rejected, because their order cannot be checked and Contains could not use
// them. A version is checked against its scheme where an order is needed:
// the sort and validity checks compare neighbouring versions, so a lone
// version (vers:npm/x) is first checked when Contains compares with it.
// Every failure is an EINVALID error.
func Parse(s string) (Range, error) {
	r, err := parse(s, true)
	if err != nil {
		return Range{}, err
	}
	if err := r.Validate(); err != nil {
		return Range{}, err
	}
	return r, nil
}

// ParseLenient parses a vers string as advisories actually write them and
// returns it normalised: whitespace anywhere is dropped, "vers:" and the
// scheme may have any case, empty constraints ("||", a trailing "|") are
// skipped, "=" may be written, percent-encoding may use lower-case hex, and
// the constraints may come in any order. The constraints are not checked
// against the validity rules (call Range.Validate for that); Contains still
// gives a sensible answer for them. Failures are EINVALID errors.
func ParseLenient(s string) (Range, error) {
	return parse(s, false)
}

// parse implements Parse (strict) and ParseLenient.
func parse(s string, strict bool) (Range, error) {
	if strict {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				return Range{}, ward.Errorf(ward.EINVALID, "vers: whitespace is not permitted")
			case c < 0x21 || c > 0x7e:
				return Range{}, ward.Errorf(ward.EINVALID, "vers: only printable ASCII is permitted")
			}
		}
	} else {
		s = strings.Join(strings.Fields(s), "")
	}
	prefix, rest, ok := strings.Cut(s, ":")
	if !ok || prefix != "vers" && (strict || !strings.EqualFold(prefix, "vers")) {
		return Range{}, ward.Errorf(ward.EINVALID, "vers: %q does not start with \"vers:\"", clip(s))
	}
	scheme, cons, ok := strings.Cut(rest, "/")
	if !ok {
		return Range{}, ward.Errorf(ward.EINVALID, "vers: %q has no \"/\" after the scheme", clip(s))
	}
	if !strict {
		scheme = strings.ToLower(scheme)
	}
	if err := checkScheme(scheme); err != nil {
		return Range{}, err
	}
	if _, err := lookup(scheme); err != nil {
		return Range{}, err
	}
	if cons == "" {
		return Range{}, ward.Errorf(ward.EINVALID, "vers: %q has no constraints", clip(s))
	}
	if strict {
		switch {
		case strings.HasPrefix(cons, "|"):
			return Range{}, ward.Errorf(ward.EINVALID, "vers: a leading \"|\" is not permitted")
		case strings.HasSuffix(cons, "|"):
			return Range{}, ward.Errorf(ward.EINVALID, "vers: a trailing \"|\" is not permitted")
		case strings.Contains(cons, "||"):
			return Range{}, ward.Errorf(ward.EINVALID, "vers: consecutive \"|\" are not permitted")
		}
	}
	r := Range{Scheme: scheme}
	for _, part := range strings.Split(cons, "|") {
		if part == "" {
			continue // only reachable when lenient
		}
		c, err := parseConstraint(scheme, part, strict)
		if err != nil {
			return Range{}, err
		}
		r.Constraints = append(r.Constraints, c)
	}
	if len(r.Constraints) == 0 {
		return Range{}, ward.Errorf(ward.EINVALID, "vers: %q has no constraints", clip(s))
	}
	for _, c := range r.Constraints {
		if c.Comparator == Any && len(r.Constraints) > 1 {
			return Range{}, ward.Errorf(ward.EINVALID, "vers: \"*\" must be the only constraint")
		}
	}
	if r.IsAny() {
		return r, nil
	}
	if strict {
		// The canonical order is part of the syntax: report it instead of
		// silently fixing it.
		s, _ := lookup(scheme)
		for i := 1; i < len(r.Constraints); i++ {
			d, err := s.compare(r.Constraints[i-1].Version, r.Constraints[i].Version)
			if err != nil {
				return Range{}, err
			}
			if d > 0 {
				return Range{}, ward.Errorf(ward.EINVALID, "vers: constraints are not sorted by version")
			}
		}
		return r, nil
	}
	if err := r.sort(); err != nil {
		return Range{}, err
	}
	return r, nil
}

// checkScheme enforces the syntax of a vers type: an ASCII letter, then
// lower-case letters, digits, "." and "-".
func checkScheme(scheme string) error {
	if scheme == "" {
		return ward.Errorf(ward.EINVALID, "vers: the scheme is empty")
	}
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		ok := c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '.' || c == '-')
		if !ok {
			return ward.Errorf(ward.EINVALID, "vers: invalid scheme %q", clip(scheme))
		}
	}
	return nil
}

// parseConstraint splits one constraint into comparator and decoded version
// and checks the version against the scheme.
func parseConstraint(scheme, part string, strict bool) (Constraint, error) {
	if part == "*" {
		return Constraint{Comparator: Any}, nil
	}
	var c Constraint
	var raw string
	switch {
	case strings.HasPrefix(part, ">="):
		c.Comparator, raw = GE, part[2:]
	case strings.HasPrefix(part, "<="):
		c.Comparator, raw = LE, part[2:]
	case strings.HasPrefix(part, "!="):
		c.Comparator, raw = NE, part[2:]
	case strings.HasPrefix(part, "<"):
		c.Comparator, raw = LT, part[1:]
	case strings.HasPrefix(part, ">"):
		c.Comparator, raw = GT, part[1:]
	case strings.HasPrefix(part, "="):
		if strict {
			return c, ward.Errorf(ward.EINVALID, "vers: equality is written without \"=\" in %q", clip(part))
		}
		c.Comparator, raw = EQ, part[1:]
	default:
		c.Comparator, raw = EQ, part
	}
	if raw == "" {
		return c, ward.Errorf(ward.EINVALID, "vers: constraint %q has no version", clip(part))
	}
	if strings.HasPrefix(raw, "*") || strings.ContainsAny(raw, "<>=!*") {
		return c, ward.Errorf(ward.EINVALID, "vers: invalid constraint %q", clip(part))
	}
	if scheme == "datetime" {
		if strict && strings.Contains(strings.ToUpper(raw), "%3A") {
			return c, ward.Errorf(ward.EINVALID, "vers: datetime colons must not be percent-encoded")
		}
		if strict && strings.ContainsAny(raw, "tz") {
			return c, ward.Errorf(ward.EINVALID, "vers: datetime must use upper-case T and Z")
		}
	}
	v, err := decodeVersion(raw, strict)
	if err != nil {
		return c, err
	}
	if scheme == "datetime" && !strict {
		v = strings.ToUpper(v) // RFC 3339 allows "t" and "z"; canonical vers does not
	}
	c.Version = v
	return c, nil
}

// clip shortens s for an error message, so a huge input does not end up in
// logs in full.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

const upperHex = "0123456789ABCDEF"

// encodeVersion percent-encodes the characters a vers version may not carry
// literally: the comparator and separator characters "<>=!*|", "%" itself,
// whitespace and control characters, and bytes outside ASCII. Everything
// else, ":" included (the datetime scheme needs it bare), stays as it is.
func encodeVersion(v string) string {
	n := 0
	for i := 0; i < len(v); i++ {
		if mustEncode(v[i]) {
			n++
		}
	}
	if n == 0 {
		return v
	}
	var b strings.Builder
	b.Grow(len(v) + 2*n)
	for i := 0; i < len(v); i++ {
		c := v[i]
		if mustEncode(c) {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mustEncode reports whether c is percent-encoded in a canonical version.
func mustEncode(c byte) bool {
	return c <= ' ' || c >= 0x7f || strings.IndexByte("<>=!*|%", c) >= 0
}

// decodeVersion undoes percent-encoding exactly once. Strict decoding (for
// Parse) accepts only upper-case hex digits, because the canonical form uses
// them; both modes reject a "%" that does not start a valid triplet.
func decodeVersion(raw string, strict bool) (string, error) {
	if strings.IndexByte(raw, '%') < 0 {
		return raw, nil
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(raw) {
			return "", ward.Errorf(ward.EINVALID, "vers: invalid percent-encoding in version %q", clip(raw))
		}
		hi, okHi := unhex(raw[i+1], strict)
		lo, okLo := unhex(raw[i+2], strict)
		if !okHi || !okLo {
			if _, ok1 := unhex(raw[i+1], false); ok1 {
				if _, ok2 := unhex(raw[i+2], false); ok2 {
					return "", ward.Errorf(ward.EINVALID, "vers: percent-encoding in version %q is not canonical (use upper-case hex)", clip(raw))
				}
			}
			return "", ward.Errorf(ward.EINVALID, "vers: invalid percent-encoding in version %q", clip(raw))
		}
		b.WriteByte(hi<<4 | lo)
		i += 2
	}
	return b.String(), nil
}

// unhex returns the value of one hex digit; strict accepts upper case only.
func unhex(c byte, strict bool) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f' && !strict:
		return c - 'a' + 10, true
	}
	return 0, false
}
