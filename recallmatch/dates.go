package recallmatch

import (
	"strconv"
	"strings"
	"time"

	"ward"
)

// compatible reports whether two codes can bound a range: the same length,
// the same leading letters, digits after them, and from not after to
// ("SN1000" to "SN1500", "13F18C0374" to "13F18C0380").
func compatible(from, to string) bool {
	if len(from) != len(to) || from == "" || from > to {
		return false
	}
	i := 0
	for i < len(from) && from[i] == to[i] {
		i++
	}
	return strings.Trim(from[i:]+to[i:], "0123456789") == ""
}

// splitRange reads a range written as one token ("1000-1500",
// "SN1000-SN1500").
func splitRange(raw string) (from, to string, ok bool) {
	a, b, found := strings.Cut(raw, "-")
	if !found || strings.Contains(b, "-") || !hasDigit(a) || !hasDigit(b) || !compatible(codeKey(a), codeKey(b)) {
		return "", "", false
	}
	return a, b, true
}

// inRange reports whether a code key lies within a range.
func inRange(key string, r ward.CodeRange) bool {
	from, to := codeKey(r.From), codeKey(r.To)
	if len(key) != len(from) || !compatible(from, to) {
		return false
	}
	i := 0
	for i < len(from) && from[i] == to[i] {
		i++
	}
	return key[:i] == from[:i] && key >= from && key <= to
}

// dateWords introduce a manufacturing or distribution period.
var dateWords = map[string]bool{"manufactured": true, "manufacture": true, "manufacturing": true, "mfd": true,
	"mfg": true, "produced": true, "production": true, "built": true, "distributed": true, "shipped": true, "made": true}

// manufacturingDates reads "manufactured between X and Y", "from X to Y",
// "before X", "after X" and "since X" phrases.
func manufacturingDates(ts []token) (from, to ward.Date) {
	for i := range ts {
		if !dateWords[ts[i].low] {
			continue
		}
		for j := i + 1; j < len(ts) && j <= i+4; j++ {
			switch ts[j].low {
			case "between", "from":
				a, n := readDate(ts, j+1, false)
				if a.IsZero() || j+1+n >= len(ts) || !(ts[j+1+n].low == "and" || rangeWords[ts[j+1+n].low]) {
					continue
				}
				b, _ := readDate(ts, j+2+n, true)
				if !b.IsZero() && !b.Before(a) {
					return a, b
				}
			case "before", "prior":
				k := j + 1
				if k < len(ts) && ts[k].low == "to" {
					k++
				}
				if d, _ := readDate(ts, k, true); !d.IsZero() {
					return ward.Date{}, d
				}
			case "after", "since":
				if d, _ := readDate(ts, j+1, false); !d.IsZero() {
					return d, ward.Date{}
				}
			}
		}
	}
	return ward.Date{}, ward.Date{}
}

var months = map[string]time.Month{"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}

// readDate reads a date at ts[i] and says how many tokens it took. A
// month or a year alone stands for its first day, or with end set its
// last. Forms: 2019-01-31, 01/31/2019, 1/31/19, 01/2019, January 31 2019,
// Jan 2019, 2019.
func readDate(ts []token, i int, end bool) (ward.Date, int) {
	if i >= len(ts) {
		return ward.Date{}, 0
	}
	s := ts[i].low
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return ward.DateOf(t), 1
	}
	if p := strings.Split(s, "/"); len(p) >= 2 && len(p) <= 3 {
		m, _ := strconv.Atoi(p[0])
		if len(p) == 2 {
			return monthDate(year(p[1]), m, end), 1
		}
		d, _ := strconv.Atoi(p[1])
		return dayDate(year(p[2]), m, d), 1
	}
	if m, ok := months[strings.TrimSuffix(s, ".")]; ok && i+1 < len(ts) {
		if d, err := strconv.Atoi(ts[i+1].low); err == nil && d >= 1 && d <= 31 && i+2 < len(ts) {
			if y := year(ts[i+2].low); y > 0 {
				return dayDate(y, int(m), d), 3
			}
		}
		return monthDate(year(ts[i+1].low), int(m), end), 2
	}
	if y := year(s); y > 0 && len(s) == 4 {
		if end {
			return ward.Date{Year: y, Month: 12, Day: 31}, 1
		}
		return ward.Date{Year: y, Month: 1, Day: 1}, 1
	}
	return ward.Date{}, 0
}

// year reads a four-digit year, or a two-digit one as 20YY; 0 otherwise.
func year(s string) int {
	y, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0
	case len(s) == 2:
		return 2000 + y
	case len(s) == 4 && y >= 1970 && y <= 2100:
		return y
	}
	return 0
}

func monthDate(y, m int, end bool) ward.Date {
	if y == 0 || m < 1 || m > 12 {
		return ward.Date{}
	}
	if end {
		return ward.DateOf(time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC))
	}
	return ward.Date{Year: y, Month: time.Month(m), Day: 1}
}

func dayDate(y, m, d int) ward.Date {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y == 0 || t.Month() != time.Month(m) || t.Day() != d {
		return ward.Date{}
	}
	return ward.DateOf(t)
}
