package udi

import (
	"strings"
)

// finChars are the characters of an ISBT 128 Facility Identification
// Number: no letter O, so it cannot be misread as zero.
const finChars = "ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789"

// parseICCBBA parses ISBT 128 data: the processor product identification
// code (data identifier "=/", the DI), optionally inside a compound message
// "=+aabbb" and followed by production identifiers. It reads the
// structures FDA lists for HCT/P devices: product divisions "=," (serial),
// donation identification number "=" plus 15 characters (checked, with no
// UDI field), expiry "=>", manufacture "=}" and MPHO lot "&,1". It stops at
// the first structure it does not know, whose length it cannot tell; that
// data stays in Raw.
func parseICCBBA(u *UDI, s string) error {
	data := s
	if strings.HasPrefix(data, "=+") {
		if len(data) < 7 || !allDigits(data[2:7]) {
			return invalid(s, "ISBT 128 compound message header must be \"=+\" and 5 digits")
		}
		data = data[7:]
	}
	if !strings.HasPrefix(data, "=/") {
		return invalid(s, "ISBT 128 UDI must start with the processor product identification code \"=/\"")
	}
	if len(data) < 18 {
		return invalid(s, "ISBT 128 processor product identification code needs 16 characters after \"=/\", got %d", len(data)-2)
	}
	di := data[2:18]
	for i := 0; i < 5; i++ {
		if strings.IndexByte(finChars, di[i]) < 0 {
			return invalid(s, "ISBT 128 facility identification number %q may hold only A-N, P-Z and 0-9", di[:5])
		}
	}
	if !upperAlnum(di[5:]) {
		return invalid(s, "ISBT 128 product code %q may hold only A-Z and 0-9", di[5:])
	}
	u.DI = di
	seen := map[string]bool{}
	for rest := data[18:]; rest != ""; {
		id, n, known := isbtStructure(rest)
		if !known {
			break
		}
		if seen[id] {
			return invalid(s, "ISBT 128 data structure %q appears twice", id)
		}
		seen[id] = true
		if len(rest) < len(id)+n {
			return invalid(s, "ISBT 128 data structure %q needs %d characters, got %d", id, n, len(rest)-len(id))
		}
		v := rest[len(id) : len(id)+n]
		rest = rest[len(id)+n:]
		if !upperAlnum(v) {
			return invalid(s, "ISBT 128 %q value %q must be A-Z and 0-9", id, v)
		}
		ok := true
		switch id {
		case "=,":
			u.Serial, ok = v, v != "000000"
		case "=>":
			u.Expiry, ok = isbtDate(v)
		case "=}":
			u.Manufactured, ok = isbtDate(v)
		case "&,1":
			u.Lot = v
		}
		if !ok {
			return invalid(s, "ISBT 128 %q value %q is not valid", id, v)
		}
	}
	return nil
}

// isbtStructure returns the data identifier at the start of s and the
// length of its data, or known false for a structure it does not know.
func isbtStructure(s string) (id string, n int, known bool) {
	switch {
	case strings.HasPrefix(s, "=,"):
		return "=,", 6, true
	case strings.HasPrefix(s, "=>"):
		return "=>", 6, true
	case strings.HasPrefix(s, "=}"):
		return "=}", 6, true
	case strings.HasPrefix(s, "&,1"):
		// The lot is up to 18 characters and ends at the next identifier,
		// which starts with "=" or "&", neither of them alphanumeric.
		for n = 0; n < 18 && 3+n < len(s) && upperAlnum(s[3+n:4+n]); n++ {
		}
		return "&,1", max(n, 1), true
	case len(s) >= 2 && s[0] == '=' && s[1] != '0' && strings.IndexByte(finChars, s[1]) >= 0:
		// The DIN's second identifier character is also its first data
		// character, so the identifier is "=" and the data 15 long.
		return "=", 15, true
	}
	return "", 0, false
}

// isbtDate reads an ISBT 128 cyyjjj date: century, year and day of year.
// Only century 0 (2000-2099) is accepted: the FDA UDI rule began in 2013,
// and a later century digit would be a mistake, not a label from 2100.
func isbtDate(v string) (string, bool) {
	if len(v) != 6 || !allDigits(v) || v[0] != '0' {
		return "", false
	}
	return ordinal(2000+atoi(v[1:3]), atoi(v[3:6]))
}
