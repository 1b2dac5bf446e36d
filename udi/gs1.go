package udi

import (
	"strings"
)

// ai describes one GS1 application identifier. Lengths and types are taken
// from the GS1 Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary): only
// the entries a device label or recall plausibly carries are listed, so an
// identifier outside them is reported rather than guessed at.
type ai struct {
	code    string
	fixed   int // exact length of the value; 0 for variable length
	max     int // maximum length of a variable-length value
	numeric bool
}

var gs1AIs = []ai{
	{code: "01", fixed: 14, numeric: true},   // GTIN, N14 with check digit: the DI
	{code: "10", max: 20},                    // batch or lot, X..20
	{code: "11", fixed: 6, numeric: true},    // production date, N6 YYMMDD, DD may be 00
	{code: "17", fixed: 6, numeric: true},    // expiry date, N6 YYMMDD, DD may be 00
	{code: "21", max: 20},                    // serial number, X..20
	{code: "240", max: 30},                   // additional product identification, X..30
	{code: "30", max: 8, numeric: true},      // variable count, N..8
	{code: "7003", fixed: 10, numeric: true}, // expiry date and time, N6 YYMMDD + N4 HHMI
}

const supportedAIs = "01, 10, 11, 17, 21, 240, 30, 7003"

// cset82 is GS1's character set 82, the characters allowed in X values.
const cset82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`

// gs1Symbologies are the AIM symbology identifiers that announce GS1 data;
// a scanner puts one in front of the data in place of the leading FNC1.
var gs1Symbologies = []string{"]C1", "]d2", "]e0", "]Q3", "]J1"}

type element struct {
	ai    *ai
	value string
}

func parseGS1(u *UDI, s string) error {
	var elems []element
	var err error
	switch {
	case allDigits(s) && (len(s) == 8 || len(s) == 12 || len(s) == 13 || len(s) == 14):
		// A GTIN on its own. No GS1 UDI in element strings is this short,
		// since (01) alone takes 16 digits, so this cannot misread one.
		// Shorter GTINs are stored padded to 14 digits, as GUDID does.
		elems = []element{{ai: lookupAI("01"), value: strings.Repeat("0", 14-len(s)) + s}}
	case s[0] == '(':
		elems, err = splitBracketed(s)
	default:
		elems, err = splitTransmitted(s)
	}
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	var expiryTime string
	for _, e := range elems {
		if seen[e.ai.code] {
			return invalid(s, "application identifier (%s) appears twice", e.ai.code)
		}
		seen[e.ai.code] = true
		if err := checkValue(s, e.ai, e.value); err != nil {
			return err
		}
		ok := true
		switch e.ai.code {
		case "01":
			u.DI = e.value
			if want := gtinCheckDigit(e.value[:13]); e.value[13] != want {
				return invalid(s, "GTIN check digit is %c, want %c", e.value[13], want)
			}
		case "10":
			u.Lot = e.value
		case "21":
			u.Serial = e.value
		case "11":
			// Day 00 means "some day that month"; the first gives the
			// older, more cautious age for end-of-life planning.
			u.Manufactured, ok = yymmd0(e.value, false)
		case "17":
			// Day 00 is a month-only expiry, good to the month's end.
			u.Expiry, ok = yymmd0(e.value, true)
		case "7003":
			expiryTime, ok = date(century(e.value[:2]), atoi(e.value[2:4]), atoi(e.value[4:6]))
			ok = ok && atoi(e.value[6:8]) < 24 && atoi(e.value[8:10]) < 60
		}
		if !ok {
			return invalid(s, "(%s) %q is not a valid date", e.ai.code, e.value)
		}
	}
	if u.DI == "" {
		return invalid(s, "no GTIN: a GS1 UDI needs application identifier (01)")
	}
	if u.Expiry == "" {
		u.Expiry = expiryTime
	}
	return nil
}

// splitBracketed splits the human-readable form, "(01)…(17)…". A value ends
// where the next "(NN)" begins, so "(" is allowed inside values as long as
// it is not followed by digits and ")". Spaces around values are layout:
// CSET 82 has no space, so they are dropped.
func splitBracketed(s string) ([]element, error) {
	var elems []element
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		n := aiAt(s, i)
		if n == 0 {
			return nil, invalid(s, "want \"(\" and an application identifier at byte %d", i)
		}
		code := s[i+1 : i+1+n]
		a := lookupAI(code)
		if a == nil {
			return nil, invalid(s, "unknown or unsupported GS1 application identifier (%s); supported: %s", code, supportedAIs)
		}
		i += n + 2
		end := i
		for end < len(s) && aiAt(s, end) == 0 {
			end++
		}
		elems = append(elems, element{ai: a, value: strings.Trim(s[i:end], " \x1d")})
		i = end
	}
	return elems, nil
}

// aiAt returns the length of the application identifier in "(NN)" at s[i],
// or 0 if there is none.
func aiAt(s string, i int) int {
	if i >= len(s) || s[i] != '(' {
		return 0
	}
	j := strings.IndexByte(s[i:], ')')
	if j < 3 || j > 5 || !allDigits(s[i+1:i+j]) {
		return 0
	}
	return j - 1
}

// splitTransmitted splits the form a scanner sends: AIs without brackets,
// variable-length values ended by GS (FNC1) or the end of the data.
func splitTransmitted(s string) ([]element, error) {
	data := s
	if data[0] == ']' {
		id := data[:min(3, len(data))]
		found := false
		for _, sym := range gs1Symbologies {
			found = found || id == sym
		}
		if !found {
			return nil, invalid(s, "symbology identifier %q does not announce GS1 data (want ]C1, ]d2, ]e0, ]Q3 or ]J1)", id)
		}
		data = data[len(id):]
	}
	var elems []element
	for i := 0; i < len(data); {
		// GS1 tells decoders to tolerate a separator after any element,
		// needed or not, and scanners may send FNC1-in-first-position too.
		if data[i] == gs {
			i++
			continue
		}
		var a *ai
		for n := 2; n <= 4 && a == nil && i+n <= len(data); n++ {
			a = lookupAI(data[i : i+n])
		}
		if a == nil {
			return nil, invalid(s, "unknown or unsupported GS1 application identifier at %q; supported: %s", data[i:min(i+4, len(data))], supportedAIs)
		}
		i += len(a.code)
		end := len(data)
		if a.fixed > 0 {
			if i+a.fixed > end {
				return nil, invalid(s, "(%s) needs %d digits, only %d left: truncated?", a.code, a.fixed, end-i)
			}
			end = i + a.fixed
		} else if j := strings.IndexByte(data[i:], gs); j >= 0 {
			end = i + j
		}
		elems = append(elems, element{ai: a, value: data[i:end]})
		i = end
	}
	if len(elems) == 0 {
		return nil, invalid(s, "no GS1 element strings")
	}
	return elems, nil
}

func lookupAI(code string) *ai {
	for i := range gs1AIs {
		if gs1AIs[i].code == code {
			return &gs1AIs[i]
		}
	}
	return nil
}

// checkValue checks the length and character set of one element value.
func checkValue(s string, a *ai, v string) error {
	switch {
	case v == "":
		return invalid(s, "(%s) has no value", a.code)
	case a.fixed > 0 && len(v) != a.fixed:
		return invalid(s, "(%s) %q must be %d digits", a.code, v, a.fixed)
	case a.fixed == 0 && len(v) > a.max:
		return invalid(s, "(%s) is %d characters long, the limit is %d (missing GS separator?)", a.code, len(v), a.max)
	case a.numeric && !allDigits(v):
		return invalid(s, "(%s) %q must be digits only", a.code, v)
	}
	for i := 0; i < len(v); i++ {
		if !strings.ContainsRune(cset82, rune(v[i])) {
			return invalid(s, "(%s) %q contains %q, which GS1 does not allow", a.code, v, v[i])
		}
	}
	return nil
}

// yymmd0 reads a GS1 date whose day may be 00 for "that month": endOfMonth
// picks the last day of the month for it, otherwise the first.
func yymmd0(v string, endOfMonth bool) (string, bool) {
	y, m, d := century(v[:2]), atoi(v[2:4]), atoi(v[4:6])
	if d == 0 && m >= 1 && m <= 12 {
		d = 1
		if endOfMonth {
			d = daysIn(y, m)
		}
	}
	return date(y, m, d)
}

// ValidGTIN reports whether s is a GTIN-8, GTIN-12, GTIN-13 or GTIN-14: all
// digits, of one of those lengths, with a correct mod-10 check digit.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	return allDigits(s) && gtinCheckDigit(s[:len(s)-1]) == s[len(s)-1]
}

// gtinCheckDigit computes the GS1 mod-10 check digit of the digits that
// precede it: weights 3 and 1 alternate from the right.
func gtinCheckDigit(digits string) byte {
	sum, w := 0, 3
	for i := len(digits) - 1; i >= 0; i-- {
		sum += int(digits[i]-'0') * w
		w = 4 - w
	}
	return byte('0' + (10-sum%10)%10)
}
