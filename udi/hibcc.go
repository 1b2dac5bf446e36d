package udi

import (
	"strings"
)

// hibcChars is the HIBC character set in check-value order: a character's
// index is its value in the mod-43 check (ANSI/HIBC 2.6, Appendix B).
const hibcChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"

// parseHIBCC parses HIBC LIC data: "+" LIC PCN U/M, optionally followed by
// "/" and secondary data and "/"-separated supplemental fields, and one
// check character over everything before it. spaceAfter says that trimming
// removed a space right after s, which may have been the check character.
func parseHIBCC(u *UDI, s string, spaceAfter bool) error {
	data := s
	if len(data) >= 2 && data[0] == '*' && data[len(data)-1] == '*' {
		// Human-readable text shows the Code 39 start/stop characters.
		data = data[1 : len(data)-1]
	}
	if len(data) < 2 || data[0] != '+' {
		return invalid(s, "HIBC data must start with \"+\" and end with a check character")
	}
	body, check := data[:len(data)-1], data[len(data)-1]
	if check == '_' {
		check = ' ' // HIBC prints a space check character as "_"
	}
	for i := 0; i < len(data); i++ {
		if strings.IndexByte(hibcChars, data[i]) < 0 && (data[i] != '_' || i < len(data)-1) {
			return invalid(s, "%q at byte %d is not in the HIBC character set (A-Z, 0-9, - . space $ / + %%)", data[i], i)
		}
	}
	want := hibcCheck(body)
	if check != want && spaceAfter && data[len(data)-1] != '_' && hibcCheck(data) == ' ' {
		body, check, want = data, ' ', ' '
		u.Raw = s + " "
	}
	if check != want {
		return invalid(s, "HIBC check character is %q, want %q", check, want)
	}
	if len(body) < 2 {
		return invalid(s, "HIBC data holds nothing between \"+\" and the check character")
	}
	if body[1] == '$' || isDigit(body[1]) {
		return invalid(s, "HIBC secondary data without the primary data that holds the device identifier; scan the primary barcode too")
	}
	parts := strings.Split(body[1:], "/")
	primary := parts[0]
	if len(primary) < 6 || len(primary) > 23 {
		return invalid(s, "HIBC primary data %q must be a 4-character labeler code, a 1-18 character product number and a 1-digit unit of measure", primary)
	}
	if !upperAlnum(primary) {
		return invalid(s, "HIBC primary data %q may hold only A-Z and 0-9", primary)
	}
	if !isDigit(primary[len(primary)-1]) {
		return invalid(s, "HIBC unit of measure %q must be a digit", primary[len(primary)-1])
	}
	u.DI = primary
	if len(parts) == 1 {
		return nil
	}
	if err := hibcSecondary(u, s, parts[1]); err != nil {
		return err
	}
	for _, p := range parts[2:] {
		if err := hibcSupplemental(u, s, p); err != nil {
			return err
		}
	}
	return nil
}

// hibcCheck returns the mod-43 check character of data.
func hibcCheck(data string) byte {
	sum := 0
	for i := 0; i < len(data); i++ {
		sum += strings.IndexByte(hibcChars, data[i])
	}
	return hibcChars[sum%43]
}

// hibcSecondary parses the secondary data structure. The "$$" and "$$+"
// forms start with a digit that says how the expiry date is written and
// whether a quantity comes first; "$" and "$+" carry a lot or serial only;
// five leading digits are a YYJJJ expiry date followed by a lot.
func hibcSecondary(u *UDI, s, sec string) error {
	var rest string
	serial, dated := false, true
	switch {
	case strings.HasPrefix(sec, "$$+"):
		rest, serial = sec[3:], true
	case strings.HasPrefix(sec, "$$"):
		rest = sec[2:]
	case strings.HasPrefix(sec, "$+"):
		rest, serial, dated = sec[2:], true, false
	case strings.HasPrefix(sec, "$"):
		rest, dated = sec[1:], false
	case len(sec) >= 5 && allDigits(sec[:5]):
		exp, ok := ordinal(century(sec[:2]), atoi(sec[2:5]))
		if !ok {
			return invalid(s, "HIBC expiry date %q is not a valid YYJJJ date", sec[:5])
		}
		u.Expiry, rest, dated = exp, sec[5:], false
	default:
		return invalid(s, "HIBC secondary data %q must start with $, $$, $+, $$+ or a YYJJJ date", sec)
	}
	if dated {
		var err error
		if rest, err = hibcExpiry(u, s, rest); err != nil {
			return err
		}
	}
	if len(rest) > 18 || (rest != "" && !upperAlnum(rest)) {
		return invalid(s, "HIBC lot or serial number %q must be at most 18 characters A-Z and 0-9", rest)
	}
	if serial {
		u.Serial = rest
	} else {
		u.Lot = rest
	}
	return nil
}

// hibcExpiry reads the optional quantity and the expiry date after "$$" or
// "$$+" and returns what follows them. The quantity has no UDI field and is
// dropped.
func hibcExpiry(u *UDI, s, rest string) (string, error) {
	if rest == "" {
		return "", invalid(s, "HIBC secondary data ends after \"$$\"")
	}
	if q := map[byte]int{'8': 2, '9': 5}[rest[0]]; q > 0 {
		if len(rest) < 2+q || !allDigits(rest[1:1+q]) {
			return "", invalid(s, "HIBC quantity after \"$$%c\" must be %d digits", rest[0], q)
		}
		rest = rest[1+q:]
		if rest == "" {
			return "", invalid(s, "HIBC secondary data ends after the quantity")
		}
	}
	format, skip := rest[0], 1
	if format == '7' {
		return rest[1:], nil // no expiry date
	}
	n := map[byte]int{'0': 4, '1': 4, '2': 6, '3': 6, '4': 8, '5': 5, '6': 7}[format]
	switch {
	case n == 0:
		return "", invalid(s, "unknown HIBC expiry date format %q", format)
	case n == 4:
		skip = 0 // MMYY: the format digit is the first digit of the month
	}
	v := rest[skip:min(skip+n, len(rest))]
	if len(v) < n || !allDigits(v) {
		return "", invalid(s, "HIBC expiry date %q must be %d digits", v, n)
	}
	var ok bool
	switch format {
	case '0', '1': // MMYY expires at the end of that month
		y, m := century(v[2:4]), atoi(v[:2])
		ok = m >= 1 && m <= 12
		if ok {
			u.Expiry, ok = date(y, m, daysIn(y, m))
		}
	case '2':
		u.Expiry, ok = date(century(v[4:6]), atoi(v[:2]), atoi(v[2:4]))
	case '3', '4': // YYMMDD, then HH in GMT that a date has no room for
		u.Expiry, ok = date(century(v[:2]), atoi(v[2:4]), atoi(v[4:6]))
		ok = ok && (n == 6 || atoi(v[6:8]) < 24)
	case '5', '6':
		u.Expiry, ok = ordinal(century(v[:2]), atoi(v[2:5]))
		ok = ok && (n == 5 || atoi(v[5:7]) < 24)
	}
	if !ok {
		return "", invalid(s, "HIBC expiry date %q is not a valid date", v)
	}
	return rest[skip+n:], nil
}

// hibcSupplemental parses one supplemental field of the concatenated form.
func hibcSupplemental(u *UDI, s, p string) error {
	var field *string
	var v string
	switch {
	case strings.HasPrefix(p, "S"):
		field, v = &u.Serial, p[1:]
	case strings.HasPrefix(p, "14D"):
		field, v = &u.Expiry, p[3:]
	case strings.HasPrefix(p, "16D"):
		field, v = &u.Manufactured, p[3:]
	default:
		return invalid(s, "unsupported HIBC supplemental data %q (supported: /S serial, /14D expiry, /16D manufacture date)", p)
	}
	if *field != "" {
		return invalid(s, "HIBC supplemental data %q repeats a value already given", p)
	}
	if field == &u.Serial {
		if len(v) > 18 || !upperAlnum(v) {
			return invalid(s, "HIBC serial number %q must be 1-18 characters A-Z and 0-9", v)
		}
		*field = v
		return nil
	}
	d, ok := "", len(v) == 8 && allDigits(v)
	if ok {
		d, ok = date(atoi(v[:4]), atoi(v[4:6]), atoi(v[6:8]))
	}
	if !ok {
		return invalid(s, "HIBC date %q is not a valid YYYYMMDD date", v)
	}
	*field = d
	return nil
}
