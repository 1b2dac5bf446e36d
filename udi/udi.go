// Package udi parses FDA Unique Device Identifiers as they turn up in CMMS
// exports, scanner output and recall notices. It understands the data
// formats of the three FDA-accredited issuing agencies: GS1, HIBCC and
// ICCBBA (ISBT 128). It is pure: values in, values out, no I/O.
package udi

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"ward"
)

// Issuing agencies, the values of UDI.Issuer.
const (
	// GS1 is GS1, whose DIs are GTINs.
	GS1 = "GS1"
	// HIBCC is the Health Industry Business Communications Council.
	HIBCC = "HIBCC"
	// ICCBBA issues ISBT 128 codes, for devices with human cells or tissue.
	ICCBBA = "ICCBBA"
)

// MaxLen is the longest input Parse accepts, in bytes. Real UDIs stay well
// under 200 characters; the cap keeps hostile input from costing work.
const MaxLen = 512

// gs is the ASCII group separator that GS1 barcodes transmit for FNC1.
const gs = '\x1d'

// UDI is a parsed Unique Device Identifier. DI is the device identifier as
// the FDA's GUDID stores it: the 14-digit GTIN for GS1; labeler code,
// product number and unit of measure without the "+" flag and check
// character for HIBCC; the 16-character processor product identification
// code without its "=/" data identifier for ICCBBA. The production
// identifiers (Lot, Serial, Expiry, Manufactured) are empty when the
// label does not carry them; dates are YYYY-MM-DD.
type UDI struct {
	Issuer       string `json:"issuer"`
	DI           string `json:"di"`
	Lot          string `json:"lot,omitempty"`
	Serial       string `json:"serial,omitempty"`
	Expiry       string `json:"expiry,omitempty"`
	Manufactured string `json:"manufactured,omitempty"`
	// Raw is the input after trimming surrounding spaces; it keeps data
	// elements Parse validates but has no field for, such as GS1 (240).
	Raw string `json:"raw"`
}

// Parse parses a UDI in any of the forms the package supports: GS1 element
// strings with bracketed application identifiers or in transmitted form
// (with an optional ]C1, ]d2, ]e0, ]Q3 or ]J1 symbology identifier and GS
// separators), a bare GTIN (14 digits, or 8, 12 or 13 digits, which become
// the DI padded with leading zeros), HIBCC data starting with "+", and ISBT
// 128 data starting with "=/". It returns an EINVALID error whose message
// says what is wrong for empty, oversized or malformed input, control
// characters other than GS, unknown GS1 application identifiers and bad
// check characters.
func Parse(s string) (UDI, error) {
	if len(s) > MaxLen {
		return UDI{}, ward.Errorf(ward.EINVALID, "UDI is %d bytes long, the limit is %d", len(s), MaxLen)
	}
	raw := s
	s = strings.TrimSpace(s)
	if s == "" {
		return UDI{}, ward.Errorf(ward.EINVALID, "UDI is empty")
	}
	if !utf8.ValidString(s) {
		return UDI{}, invalid(s, "not valid UTF-8 text")
	}
	for i, r := range s {
		if (r < 0x20 && r != gs) || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return UDI{}, invalid(s, "control character %U at byte %d", r, i)
		}
	}
	u := UDI{Raw: s}
	var err error
	switch c := s[0]; {
	case c == '+' || strings.HasPrefix(s, "*+"):
		u.Issuer = HIBCC
		err = parseHIBCC(&u, s, trailingSpace(raw, s))
	case c == '=':
		u.Issuer = ICCBBA
		err = parseICCBBA(&u, s)
	case c == '(' || c == ']' || c == gs || isDigit(c):
		u.Issuer = GS1
		err = parseGS1(&u, s)
	default:
		return UDI{}, invalid(s, "does not look like a UDI: want \"(01)\" or digits for GS1, \"+\" for HIBCC or \"=/\" for ICCBBA")
	}
	if err != nil {
		return UDI{}, err
	}
	return u, nil
}

// trailingSpace reports whether trimming removed a space right after the
// data: HIBCC check characters may legitimately be a space, which a plain
// trim would eat.
func trailingSpace(raw, trimmed string) bool {
	i := strings.Index(raw, trimmed)
	return i >= 0 && strings.HasPrefix(raw[i+len(trimmed):], " ")
}

// invalid returns the EINVALID error for input s. The input is quoted, and
// shortened, so that messages stay readable and carry no raw control bytes.
func invalid(s, format string, args ...any) error {
	const show = 48
	if len(s) > show {
		s = s[:show] + "..."
	}
	return ward.Errorf(ward.EINVALID, "UDI %q: %s", s, fmt.Sprintf(format, args...))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// upperAlnum reports whether s is non-empty and holds only A-Z and 0-9.
func upperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return s != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// date returns year-month-day as YYYY-MM-DD, or ok false when the day does
// not exist in that month.
func date(year, month, day int) (string, bool) {
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), true
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ordinal turns a year and day of year (the "Julian" dates of HIBCC and
// ISBT 128) into YYYY-MM-DD.
func ordinal(year, day int) (string, bool) {
	last := 365
	if daysIn(year, 2) == 29 {
		last = 366
	}
	if day < 1 || day > last {
		return "", false
	}
	return time.Date(year, 1, day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), true
}

// century turns a two-digit year into a four-digit one. All are taken as
// 20YY: the FDA UDI rule dates from 2013, so no UDI label carries a 19YY
// date, and GS1's sliding window would make results depend on the clock.
func century(yy string) int { return 2000 + atoi(yy) }
