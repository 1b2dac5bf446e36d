package ward

import (
	"net/netip"
	"strconv"
	"strings"
)

// ParseMoney parses an amount as CMMS exports write it: "1234.5", "$1,234.50",
// "USD 1234". It returns EINVALID for negative amounts, more than two
// decimals, or anything that is not a number.
func ParseMoney(s string) (Money, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(t, "USD")
	t = strings.TrimSuffix(t, "USD")
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "$")
	t = strings.TrimSpace(t)
	if !thousandsOK(t) {
		// "2999,00" is a decimal comma, "1,2345" a typo: reading either
		// as thousands would be off by a factor of a hundred or more.
		return 0, Errorf(EINVALID, "%q has a comma that is not a thousands separator (write e.g. 2999.00 or 2,999.00)", s)
	}
	t = strings.ReplaceAll(t, ",", "")
	if t == "" {
		return 0, nil
	}
	whole, frac, hasFrac := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if !allDigits(whole) || (hasFrac && (len(frac) == 0 || len(frac) > 2 || !allDigits(frac))) {
		return 0, Errorf(EINVALID, "%q is not an amount (want e.g. 1234.50)", s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > 1e12 {
		return 0, Errorf(EINVALID, "%q is too large an amount", s)
	}
	cents := w * 100
	if hasFrac {
		f, _ := strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
		cents += f
	}
	return Money(cents), nil
}

// thousandsOK reports whether every comma in an amount separates groups
// of exactly three digits before any decimal point.
func thousandsOK(t string) bool {
	whole, _, _ := strings.Cut(t, ".")
	if !strings.Contains(t, ",") {
		return true
	}
	if strings.Contains(t[len(whole):], ",") {
		return false
	}
	groups := strings.Split(whole, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizeMAC returns a 48-bit MAC address in lower-case colon form
// ("00:1a:2b:3c:4d:5e"). It accepts colons, hyphens, Cisco dotted form
// ("001a.2b3c.4d5e") and bare hex. It returns EINVALID otherwise, and for the
// all-zero and broadcast addresses, which no device owns.
func NormalizeMAC(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	hex := make([]byte, 0, 12)
	groups := strings.FieldsFunc(t, func(r rune) bool { return r == ':' || r == '-' || r == '.' || r == ' ' })
	okShape := len(groups) == 6 || len(groups) == 3 || len(groups) == 1
	for _, g := range groups {
		if len(groups) == 6 && len(g) != 2 && len(g) != 1 || len(groups) == 3 && len(g) != 4 {
			okShape = false
		}
		if len(groups) == 6 && len(g) == 1 {
			g = "0" + g
		}
		for i := 0; i < len(g); i++ {
			c := g[i] | 0x20
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return "", Errorf(EINVALID, "%q is not a MAC address", s)
			}
			hex = append(hex, c)
		}
	}
	if !okShape || len(hex) != 12 {
		return "", Errorf(EINVALID, "%q is not a MAC address (want 6 bytes, e.g. 00:1a:2b:3c:4d:5e)", s)
	}
	h := string(hex)
	if h == "000000000000" || h == "ffffffffffff" {
		return "", Errorf(EINVALID, "%q is not a device's MAC address", s)
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String(), nil
}

// NormalizeIP returns the canonical text of an IPv4 or IPv6 address. A
// prefix length ("10.1.2.3/24") is dropped; IPv4-mapped IPv6 becomes IPv4.
// Octets with leading zeros are refused because tools disagree on whether
// they are octal. It returns EINVALID otherwise.
func NormalizeIP(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", nil
	}
	if p, err := netip.ParsePrefix(t); err == nil {
		t = p.Addr().String()
	}
	a, err := netip.ParseAddr(t)
	if err != nil {
		return "", Errorf(EINVALID, "%q is not an IP address", s)
	}
	if a.Zone() != "" {
		return "", Errorf(EINVALID, "%q has an interface zone; record the address only", s)
	}
	a = a.Unmap()
	if a.IsUnspecified() || a.IsMulticast() {
		return "", Errorf(EINVALID, "%q is not a device's IP address", s)
	}
	return a.String(), nil
}
