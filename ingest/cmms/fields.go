package cmms

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"ward"
	"ward/names"
)

// Date orders for all-numeric dates such as 03/04/2021.
const (
	DateOrderMDY = "mdy" // US: March 4
	DateOrderDMY = "dmy" // most of the world: 3 April
)

// maxLen bounds text fields; longer values are refused, not cut, so nothing
// is silently lost.
func maxLen(f ward.DeviceField) int {
	switch f {
	case ward.FieldAssetTag:
		return 64
	case ward.FieldSerial, ward.FieldSoftwareVersion, ward.FieldOperatingSystem, ward.FieldModelNumber:
		return 128
	default:
		return 256
	}
}

// cleanText trims a cell and refuses control characters, which no CMMS
// value has and which would corrupt terminals and later CSV exports.
func cleanText(s string, f ward.DeviceField) (string, error) {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' {
			return "", fmt.Errorf("contains a control character (U+%04X)", r)
		}
	}
	if n := len([]rune(s)); n > maxLen(f) {
		return "", fmt.Errorf("is %d characters long; the limit is %d", n, maxLen(f))
	}
	return s, nil
}

// statusWords maps how CMMS exports write a device's state to a status.
var statusWords = map[string]string{
	"in service": ward.StatusInService, "active": ward.StatusInService, "in use": ward.StatusInService,
	"operational": ward.StatusInService, "available": ward.StatusInService, "deployed": ward.StatusInService,
	"out of service": ward.StatusOutOfService, "inactive": ward.StatusOutOfService, "oos": ward.StatusOutOfService,
	"not in service": ward.StatusOutOfService, "down": ward.StatusOutOfService, "storage": ward.StatusOutOfService,
	"in storage": ward.StatusOutOfService,
	"in repair":  ward.StatusInRepair, "repair": ward.StatusInRepair, "under repair": ward.StatusInRepair,
	"at vendor": ward.StatusInRepair, "out for repair": ward.StatusInRepair, "awaiting parts": ward.StatusInRepair,
	"retired": ward.StatusRetired, "decommissioned": ward.StatusRetired,
	"disposed": ward.StatusDisposed, "scrapped": ward.StatusDisposed, "salvaged": ward.StatusDisposed,
	"sold": ward.StatusDisposed, "returned to vendor": ward.StatusDisposed,
}

func parseStatus(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	k := strings.ReplaceAll(names.Normalize(s), "_", " ")
	if st, ok := statusWords[k]; ok {
		return st, nil
	}
	for _, st := range ward.DeviceStatuses {
		if k == strings.ReplaceAll(st, "_", " ") {
			return st, nil
		}
	}
	return "", fmt.Errorf("%q is not a known status (use In Service, Out of Service, In Repair, Retired or Disposed)", s)
}

var criticalityWords = map[string]string{
	"life sustaining": ward.CriticalityLifeSustaining, "life support": ward.CriticalityLifeSustaining,
	"patient connected": ward.CriticalityPatientConnected, "clinical": ward.CriticalityClinical,
	"non clinical": ward.CriticalityNonClinical, "nonclinical": ward.CriticalityNonClinical,
	"support": ward.CriticalityNonClinical,
}

func parseCriticality(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if c, ok := criticalityWords[names.Normalize(s)]; ok {
		return c, nil
	}
	return "", fmt.Errorf("%q is not a criticality (use life sustaining, patient connected, clinical or non clinical)", s)
}

var connectionWords = map[string]string{
	"wired": ward.ConnectionWired, "ethernet": ward.ConnectionWired, "lan": ward.ConnectionWired,
	"wireless": ward.ConnectionWireless, "wifi": ward.ConnectionWireless, "wi fi": ward.ConnectionWireless,
	"wlan": ward.ConnectionWireless, "both": ward.ConnectionBoth, "wired and wireless": ward.ConnectionBoth,
	"wired wireless": ward.ConnectionBoth, "none": ward.ConnectionNone, "standalone": ward.ConnectionNone,
	"not networked": ward.ConnectionNone, "stand alone": ward.ConnectionNone,
}

func parseConnection(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if c, ok := connectionWords[names.Normalize(s)]; ok {
		return c, nil
	}
	return "", fmt.Errorf("%q is not a connection (use wired, wireless, both or none)", s)
}

func parseBool(s string) (*bool, error) {
	var v bool
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, nil
	case "y", "yes", "true", "1", "x":
		v = true
	case "n", "no", "false", "0":
	default:
		return nil, fmt.Errorf("%q is not yes or no", s)
	}
	return &v, nil
}

var hostnameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9_-]{0,62})?(\.[a-z0-9]([a-z0-9_-]{0,62})?)*\.?$`)

func parseHostname(s string) (string, error) {
	h := strings.ToLower(s)
	if h == "" || (len(h) <= 253 && hostnameRE.MatchString(h)) {
		return strings.TrimSuffix(h, "."), nil
	}
	return "", fmt.Errorf("%q is not a host name", s)
}

var (
	numericDate  = regexp.MustCompile(`^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$`)
	namedLayouts = []string{"02-Jan-2006", "2-Jan-2006", "02-Jan-06", "2-Jan-06", "Jan 2, 2006", "Jan 2 2006",
		"January 2, 2006", "January 2 2006", "2 Jan 2006", "2 January 2006", "20060102"}
)

// parseDate reads the date formats CMMS exports use: ISO, numeric with the
// given day/month order, named months, and any of those followed by a time.
func parseDate(s, order string) (ward.Date, error) {
	if s == "" {
		return ward.Date{}, nil
	}
	if len(s) == 10 && s[4] == '-' {
		if d, err := ward.ParseDate(s); err == nil {
			return plausible(s, d)
		}
	}
	t := s
	if i := strings.IndexAny(t, "T "); i >= 8 && numericDate.MatchString(t[:i]) {
		t = t[:i] // drop a time of day
	}
	if m := numericDate.FindStringSubmatch(t); m != nil {
		return numericDateParts(s, m[1], m[2], m[3], order)
	}
	for _, layout := range namedLayouts {
		if d, err := time.Parse(layout, t); err == nil {
			return plausible(s, ward.DateOf(d))
		}
	}
	return ward.Date{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD)", s)
}

func numericDateParts(s, a, b, c, order string) (ward.Date, error) {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	z, _ := strconv.Atoi(c)
	var year, month, day int
	switch {
	case len(a) == 4:
		year, month, day = x, y, z
	case order == DateOrderDMY:
		day, month, year = x, y, z
	default:
		month, day, year = x, y, z
	}
	if len(a) != 4 && len(c) == 2 {
		year += 2000
		if year > time.Now().Year()+1 {
			year -= 100
		}
	} else if len(a) != 4 && len(c) != 4 {
		return ward.Date{}, fmt.Errorf("%q is not a date (use YYYY-MM-DD)", s)
	}
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || d.Day() != day {
		return ward.Date{}, fmt.Errorf("%q is not a valid date", s)
	}
	return plausible(s, ward.DateOf(d))
}

func plausible(s string, d ward.Date) (ward.Date, error) {
	if d.Year < 1950 || d.Year > time.Now().Year()+40 {
		return ward.Date{}, fmt.Errorf("%q is not a plausible date", s)
	}
	return d, nil
}

// parseTimestamp reads a last-seen value: RFC 3339, "YYYY-MM-DD HH:MM[:SS]"
// (taken as UTC) or a date alone.
func parseTimestamp(s, order string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	d, err := parseDate(s, order)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date and time (use RFC 3339, e.g. 2024-05-01T13:45:00Z)", s)
	}
	return d.Time(), nil
}
