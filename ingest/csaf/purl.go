package csaf

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// checkPURL reports whether s is a valid package URL after the purl
// specification (github.com/package-url/purl-spec, "How to parse a purl
// string"): scheme pkg, a type of letters, digits, '.', '+' and '-' not
// starting with a digit, a non-empty name, well-formed percent-encoding,
// and qualifiers with valid, unique keys and non-empty values. Type-specific
// rules (such as Maven's required namespace) are not checked: the
// specification leaves them to each type's definition.
func checkPURL(s string) error {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !strings.EqualFold(scheme, "pkg") {
		return errors.New("scheme is not pkg")
	}
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		for seg := range strings.SplitSeq(strings.Trim(rest[i+1:], "/"), "/") {
			if _, err := url.PathUnescape(seg); err != nil {
				return fmt.Errorf("subpath: %w", err)
			}
		}
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		if err := checkQualifiers(rest[i+1:]); err != nil {
			return err
		}
		rest = rest[:i]
	}
	rest = strings.TrimLeft(rest, "/")
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		v, err := url.PathUnescape(rest[i+1:])
		if err != nil {
			return fmt.Errorf("version: %w", err)
		}
		if v == "" {
			return errors.New("version is empty after @")
		}
		rest = rest[:i]
	}
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return errors.New("type is missing")
	}
	for i, r := range typ {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		digit := r >= '0' && r <= '9'
		if !letter && !(i > 0 && (digit || r == '.' || r == '+' || r == '-')) {
			return fmt.Errorf("type %q has an invalid character", typ)
		}
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, seg := range segs {
		if _, err := url.PathUnescape(seg); err != nil {
			return fmt.Errorf("namespace or name: %w", err)
		}
	}
	if name, _ := url.PathUnescape(segs[len(segs)-1]); name == "" {
		return errors.New("name is missing")
	}
	return nil
}

func checkQualifiers(q string) error {
	seen := map[string]bool{}
	for pair := range strings.SplitSeq(q, "&") {
		if pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok || v == "" {
			return fmt.Errorf("qualifier %q has no value", pair)
		}
		k = strings.ToLower(k)
		for i, r := range k {
			letter := r >= 'a' && r <= 'z'
			digit := r >= '0' && r <= '9'
			if !letter && !(i > 0 && (digit || r == '.' || r == '-' || r == '_')) {
				return fmt.Errorf("qualifier key %q has an invalid character", k)
			}
		}
		if seen[k] {
			return fmt.Errorf("qualifier %q is given twice", k)
		}
		seen[k] = true
		if _, err := url.QueryUnescape(v); err != nil {
			return fmt.Errorf("qualifier %s: %w", k, err)
		}
	}
	return nil
}
