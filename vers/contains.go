package vers

// Contains reports whether version lies in r. Versions are compared with the
// rules of r's scheme; equal versions in another spelling (maven "1.0" and
// "1") match. It returns an EINVALID error if the scheme is unsupported or
// version is not a valid version of the scheme.
//
// Ranges from ParseLenient may break the alternation rule of the
// specification (">1|>=2|<3"); Contains then reads consecutive lower or upper
// bounds as a union, which is what the specification's simplification
// procedure would make of them, instead of failing.
func (r Range) Contains(version string) (bool, error) {
	s, err := lookup(r.Scheme)
	if err != nil {
		return false, err
	}
	if r.Scheme == "none" {
		return false, nil
	}
	if r.IsAny() {
		// "*" matches anything, but a malformed version is still an error:
		// it usually means the caller mixed up schemes.
		if r.Scheme != "all" {
			if err := s.check(version); err != nil {
				return false, err
			}
		}
		return true, nil
	}
	if err := s.check(version); err != nil {
		return false, err
	}
	cmp := func(v string) (int, error) { return s.compare(version, v) }

	// Equality first: the specification lets "=", "<=" and ">=" accept
	// their own version before "!=" excludes one.
	onlyNE := true
	for _, c := range r.Constraints {
		if c.Comparator != NE {
			onlyNE = false
		}
		if c.Comparator == EQ || c.Comparator == LE || c.Comparator == GE {
			if d, err := cmp(c.Version); err != nil {
				return false, err
			} else if d == 0 {
				return true, nil
			}
		}
	}
	for _, c := range r.Constraints {
		if c.Comparator == NE {
			if d, err := cmp(c.Version); err != nil {
				return false, err
			} else if d == 0 {
				return false, nil
			}
		}
	}
	// A range made only of exclusions means "everything but these".
	if onlyNE {
		return true, nil
	}
	return r.inIntervals(cmp)
}

// inIntervals reports whether the version that cmp compares against lies in
// one of the intervals that the bound constraints ("<", "<=", ">", ">=") of
// r delimit. cmp(v) returns the sign of (tested version - v).
func (r Range) inIntervals(cmp func(string) (int, error)) (bool, error) {
	type interval struct {
		lo, hi       *Constraint
		open, closed bool
	}
	var cur interval // the interval being built; open means it has a lower bound and no upper yet
	var done []interval
	for i := range r.Constraints {
		c := &r.Constraints[i]
		switch {
		case c.lower():
			if cur.open {
				continue // ">1|>=2": the first lower bound already covers the second
			}
			if cur.closed {
				done = append(done, cur)
			}
			cur = interval{lo: c, open: true}
		case c.upper():
			// "<1|<3" or ">0|<1|<3": a later upper bound widens the interval.
			cur.hi, cur.open, cur.closed = c, false, true
		}
	}
	if cur.open || cur.closed {
		done = append(done, cur)
	}
	for _, iv := range done {
		in := true
		if iv.lo != nil {
			d, err := cmp(iv.lo.Version)
			if err != nil {
				return false, err
			}
			in = d > 0 || (d == 0 && iv.lo.Comparator == GE)
		}
		if in && iv.hi != nil {
			d, err := cmp(iv.hi.Version)
			if err != nil {
				return false, err
			}
			in = d < 0 || (d == 0 && iv.hi.Comparator == LE)
		}
		if in {
			return true, nil
		}
	}
	return false, nil
}
