package web

import (
	"math"
	"strconv"
	"strings"

	"ward"
)

// moneyText writes an amount for people: thousands separated, and cents
// only when there are any ("12,500" and "1,234.50").
func moneyText(m ward.Money) string {
	cents := int64(m) % 100
	if cents < 0 {
		cents = -cents
	}
	s := thousandsText(int64(m) / 100)
	if m < 0 && int64(m) > -100 {
		s = "-0"
	}
	if cents == 0 {
		return s
	}
	return s + "." + strconv.FormatInt(cents/10, 10) + strconv.FormatInt(cents%10, 10)
}

// numText writes hours and counts for people: thousands separated, at
// most one decimal.
func numText(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	r := math.Round(v*10) / 10
	whole, frac := math.Modf(math.Abs(r))
	s := thousandsText(int64(whole))
	if r < 0 {
		s = "-" + s
	}
	if d := int64(math.Round(frac * 10)); d != 0 {
		s += "." + strconv.FormatInt(d, 10)
	}
	return strings.TrimSpace(s)
}
