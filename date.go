package ward

import (
	"encoding/json"
	"strconv"
	"time"
)

// Date is a calendar date without a time of day (acquisition date, warranty
// end, end of support). The zero Date means unknown.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses an ISO 8601 date ("2006-01-02"). The empty string is the
// zero Date. It returns EINVALID for anything else.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	if d, ok := parseISODate(s); ok {
		return d, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a date (want YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// parseISODate is the fast path of ParseDate for well-formed input: bulk
// reads parse millions of stored dates.
func parseISODate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	n := func(s string) int {
		v := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	y, m, d := n(s[:4]), n(s[5:7]), n(s[8:])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

// IsZero reports whether d is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" when d is zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.AppendText(make([]byte, 0, 10)))
}

// AppendText appends d as YYYY-MM-DD (nothing when d is zero).
func (d Date) AppendText(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	b = appendDigits(b, d.Year, 4)
	b = appendDigits(append(b, '-'), int(d.Month), 2)
	return appendDigits(append(b, '-'), d.Day, 2)
}

// appendDigits appends n zero-padded to width digits.
func appendDigits(b []byte, n, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for n > 0 || width > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		width--
	}
	return append(b, buf[i:]...)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Money is an amount in cents of the health system's currency. Zero means
// unknown: Ward does not distinguish a free device from an unrecorded price.
type Money int64

// String formats m with two decimals, e.g. "1234.50".
func (m Money) String() string {
	return string(m.AppendText(make([]byte, 0, 16)))
}

// AppendText appends m with two decimals.
func (m Money) AppendText(b []byte) []byte {
	if m < 0 {
		b, m = append(b, '-'), -m
	}
	b = strconv.AppendInt(b, int64(m/100), 10)
	return appendDigits(append(b, '.'), int(m%100), 2)
}

// MarshalJSON writes m as a decimal number of currency units, or null.
func (m Money) MarshalJSON() ([]byte, error) {
	if m == 0 {
		return []byte("null"), nil
	}
	return []byte(m.String()), nil
}

// UnmarshalJSON reads a number of currency units with at most two decimals.
func (m *Money) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = 0
		return nil
	}
	var f json.Number
	if err := json.Unmarshal(b, &f); err != nil {
		return Errorf(EINVALID, "amount must be a number")
	}
	v, err := ParseMoney(f.String())
	if err != nil {
		return err
	}
	*m = v
	return nil
}
