// Package vers parses, prints and evaluates package-url version range
// specifiers ("vers"), such as vers:npm/>=1.0.0|<2.0.0 or vers:generic/>=2.9|<=4.1.
//
// A Range is a versioning scheme and a sorted list of constraints. Parse
// accepts only the canonical form the specification requires; ParseLenient
// accepts the looser strings found in real advisories and normalises them.
// Versions are compared with the rules of the range's scheme (see Compare and
// Schemes). The package does no I/O.
package vers

import (
	"slices"
	"strings"

	"ward"
)

// Comparator is the operator of one constraint.
type Comparator string

// The comparators of the vers specification. EQ is written without a symbol
// in a vers string; Any ("*") stands alone and matches every version.
const (
	EQ  Comparator = "="
	NE  Comparator = "!="
	LT  Comparator = "<"
	LE  Comparator = "<="
	GT  Comparator = ">"
	GE  Comparator = ">="
	Any Comparator = "*"
)

// Constraint is one comparator and the version it applies to. Version holds
// the decoded version (no percent-encoding); it is empty for Any.
type Constraint struct {
	Comparator Comparator
	Version    string
}

// String returns the constraint as written in a canonical vers string.
func (c Constraint) String() string {
	switch c.Comparator {
	case Any:
		return "*"
	case EQ, "":
		return encodeVersion(c.Version)
	default:
		return string(c.Comparator) + encodeVersion(c.Version)
	}
}

// lower reports whether c bounds a range from below (">" or ">=").
func (c Constraint) lower() bool { return c.Comparator == GT || c.Comparator == GE }

// upper reports whether c bounds a range from above ("<" or "<=").
func (c Constraint) upper() bool { return c.Comparator == LT || c.Comparator == LE }

// Range is a parsed version range: a versioning scheme (the vers "type", such
// as "npm" or "generic") and its constraints sorted by version.
type Range struct {
	Scheme      string
	Constraints []Constraint
}

// New returns the range of the given scheme and constraints, sorted into
// canonical order. It returns an EINVALID error for an unsupported scheme, a
// version the scheme cannot parse, a misplaced "*", or constraints that break
// the validity rules of the specification (see Range.Validate).
func New(scheme string, constraints ...Constraint) (Range, error) {
	r := Range{Scheme: strings.ToLower(scheme), Constraints: slices.Clone(constraints)}
	for i, c := range r.Constraints {
		if c.Comparator == "" {
			r.Constraints[i].Comparator = EQ
		}
	}
	s, err := lookup(r.Scheme)
	if err != nil {
		return Range{}, err
	}
	for _, c := range r.Constraints {
		if c.Comparator != Any {
			if err := s.check(c.Version); err != nil {
				return Range{}, err
			}
		}
	}
	if err := r.sort(); err != nil {
		return Range{}, err
	}
	if err := r.Validate(); err != nil {
		return Range{}, err
	}
	return r, nil
}

// String returns the canonical vers string of r: lower-case scheme, no
// whitespace, constraints in version order, "=" omitted and the characters
// the specification reserves percent-encoded.
func (r Range) String() string {
	var b strings.Builder
	b.WriteString("vers:")
	b.WriteString(r.Scheme)
	b.WriteByte('/')
	for i, c := range r.Constraints {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// IsAny reports whether r matches every version ("vers:<scheme>/*").
func (r Range) IsAny() bool {
	return len(r.Constraints) == 1 && r.Constraints[0].Comparator == Any
}

// Validate checks the validity rules of the vers specification (clause 5.4)
// that parsing alone does not: "*" stands alone, each version occurs once,
// an equality constraint is not followed by an upper bound, and the bounds
// alternate between lower and upper once "=" and "!=" are set aside. It
// assumes r is sorted, as Parse, ParseLenient and New return it, and returns
// an EINVALID error naming the first broken rule.
func (r Range) Validate() error {
	s, err := lookup(r.Scheme)
	if err != nil {
		return err
	}
	if len(r.Constraints) == 0 {
		return ward.Errorf(ward.EINVALID, "vers: %s range has no constraints", r.Scheme)
	}
	for _, c := range r.Constraints {
		if c.Comparator == Any && len(r.Constraints) > 1 {
			return ward.Errorf(ward.EINVALID, "vers: \"*\" must be the only constraint")
		}
	}
	if r.IsAny() {
		return nil
	}
	if r.Scheme == "all" || r.Scheme == "none" {
		return ward.Errorf(ward.EINVALID, "vers: the %s scheme allows only \"*\"", r.Scheme)
	}
	for i := 1; i < len(r.Constraints); i++ {
		if d, err := s.compare(r.Constraints[i-1].Version, r.Constraints[i].Version); err != nil {
			return err
		} else if d == 0 {
			return ward.Errorf(ward.EINVALID, "vers: version %q occurs more than once", r.Constraints[i].Version)
		}
	}
	// "!=" may stand anywhere; "=" may not be followed by an upper bound;
	// and the bounds themselves must alternate lower, upper, lower, ...
	var prevAny, prevBound *Constraint
	for i := range r.Constraints {
		c := &r.Constraints[i]
		if c.Comparator == NE {
			continue
		}
		if prevAny != nil && prevAny.Comparator == EQ && c.upper() {
			return ward.Errorf(ward.EINVALID, "vers: constraint %q cannot follow %q", c.String(), prevAny.String())
		}
		prevAny = c
		if c.Comparator == EQ {
			continue
		}
		if prevBound != nil && prevBound.lower() == c.lower() {
			return ward.Errorf(ward.EINVALID, "vers: constraint %q cannot follow %q", c.String(), prevBound.String())
		}
		prevBound = c
	}
	return nil
}

// sort orders r's constraints by version (ties by comparator text, as the
// reference implementation does), so String prints the canonical order. It
// fails if the scheme cannot parse a version it has to compare.
func (r *Range) sort() error {
	s, err := lookup(r.Scheme)
	if err != nil {
		return err
	}
	if len(r.Constraints) < 2 {
		return nil
	}
	for _, c := range r.Constraints {
		if c.Comparator == Any {
			continue
		}
		if err := s.check(c.Version); err != nil {
			return err
		}
	}
	slices.SortStableFunc(r.Constraints, func(a, b Constraint) int {
		if a.Comparator == Any || b.Comparator == Any {
			return 0
		}
		d, _ := s.compare(a.Version, b.Version) // both checked above
		if d != 0 {
			return d
		}
		return strings.Compare(string(a.Comparator), string(b.Comparator))
	})
	return nil
}
