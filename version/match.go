package version

// The forms a version can be written in. Match compares a recorded version
// only with bounds of the same form: a Philips revision "B.06.18" says
// nothing about a recorded "6.18", and B. Braun's "U61" (United States) and
// "L81" (elsewhere) are separate lines, so "L85" is not "<= U61".
const (
	formNumber   = "#" // starts with a digit: "12.2.8.410", "053L000091"
	formRevision = "@" // a lone revision letter first: "B.06.18", "N", "K.23.10"
	// Any other form is "=" and its letter prefix: "=u" for "U61", "=bt" for
	// "BT02", "=vm" for "VM5.0", "=hd" for "HD 16" and "HD23".
)

// form returns the form of a normalised version.
func form(norm string) string {
	rs := []rune(norm)
	i := 0
	for i < len(rs) && !isLetterOrDigit(rs[i]) {
		i++
	}
	if i == len(rs) {
		return ""
	}
	if rs[i] >= '0' && rs[i] <= '9' {
		return formNumber
	}
	j := i
	for j < len(rs) && isWordRune(rs[j]) {
		j++
	}
	if j-i == 1 && (j == len(rs) || rs[j] < '0' || rs[j] > '9') {
		return formRevision
	}
	return "=" + string(rs[i:j])
}

// verdict is the answer of one constraint for one version.
type verdict int

// Verdicts, in increasing order of precedence when alternatives disagree.
const (
	vOther verdict = iota // written in another form: cannot compare
	vNo
	vAmbiguous
	vYes
)

// ambiguity of a comparison between a recorded version and a bound.
const (
	lessPrecise = "less precise" // "12.2" against "12.2.8.410"
	extends     = "extends"      // "2.3.1.7" against "2.3.1"
)

// relate compares a version's segments with a bound's. A family bound covers
// every version that starts with it. It reports an ambiguity when the
// version stops where the bound goes on with numbers, or when the version
// goes on past a bound that is not a family.
func relate(sv, b []segment, family bool) (int, string) {
	n := len(b)
	for i := 0; i < len(sv) && i < n; i++ {
		if c := cmpSeg(sv[i], b[i]); c != 0 {
			return c, ""
		}
	}
	switch {
	case len(sv) < n:
		rem := trimZeros(b[len(sv):])
		if len(rem) == 0 {
			return 0, ""
		}
		if rem[0].kind == segNum || rem[0].kind == segZero {
			return 0, lessPrecise
		}
		// The bound goes on with a word ("1.8.4 Service Pack 01"): the
		// recorded base release comes before it, as Compare says.
		return cmpSegs(sv, b), ""
	case len(sv) > n:
		if len(trimZeros(sv[n:])) == 0 || family {
			return 0, ""
		}
		if c := cmpSegs(sv, b); c < 0 {
			return c, "" // "1.0-rc1" is before "1.0"
		}
		return 1, extends
	}
	return 0, ""
}

func trimZeros(s []segment) []segment {
	for len(s) > 0 && s[len(s)-1].kind == segZero {
		s = s[:len(s)-1]
	}
	return s
}

// eval decides whether the normalised version v (segments sv) is inside c,
// with the reason for an ambiguous answer.
func (c Constraint) eval(v string, sv []segment) (verdict, string) {
	fv := form(v)
	if (c.Lo != "" && form(c.Lo) != fv) || (c.Hi != "" && form(c.Hi) != fv) {
		return vOther, ""
	}
	var why string
	out := false
	if c.Lo != "" {
		r, amb := relate(sv, segments(c.Lo), c.LoFamily)
		switch {
		case amb == lessPrecise:
			why = "is less precise than " + text(c.loText, c.Lo)
		case r < 0 || (r == 0 && !c.LoInc):
			out = true
		}
	}
	if c.Hi != "" {
		r, amb := relate(sv, segments(c.Hi), c.HiFamily)
		switch {
		case amb == lessPrecise:
			why = "is less precise than " + text(c.hiText, c.Hi)
		case amb == extends && c.HiInc && !c.precise:
			why = "is a later build of " + text(c.hiText, c.Hi) +
				", and the advisory does not say whether builds after " + text(c.hiText, c.Hi) + " are affected"
		case r > 0 || (r == 0 && !c.HiInc):
			out = true
		}
	}
	switch {
	case out:
		return vNo, ""
	case why != "":
		return vAmbiguous, why
	}
	return vYes, ""
}
