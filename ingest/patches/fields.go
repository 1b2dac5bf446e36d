package patches

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/names"
	"ward/patchplan"
)

// fields lists the canonical fields in the order files usually give them.
var fields = []string{
	patchplan.FieldManufacturer, patchplan.FieldModel, patchplan.FieldAppliesTo, patchplan.FieldInstallsVersion,
	patchplan.FieldAdvisories, patchplan.FieldCVEs, patchplan.FieldStatus, patchplan.FieldDate, patchplan.FieldReference,
	patchplan.FieldReferenceSHA256, patchplan.FieldNotes, patchplan.FieldInstallMinutes, patchplan.FieldRequiresDowntime,
}

// synonyms lists, per field, the column names catalogs and CMMS exports
// use for it, compared after headerKey normalisation; the first is the
// canonical name. Only exact (normalised) matches count.
var synonyms = map[string][]string{
	patchplan.FieldManufacturer: {"manufacturer", "mfr", "mfg", "manufacturer name", "vendor", "vendor name", "make", "oem", "maker"},
	patchplan.FieldModel: {"model", "model name", "product", "product name", "device model", "equipment model", "model no",
		"model description"},
	patchplan.FieldAppliesTo: {"applies to", "applies to versions", "applicable versions", "applicable to", "from version",
		"from versions", "current version", "current versions", "installed on", "prerequisite version", "affected versions",
		"versions", "valid for", "upgrade from"},
	patchplan.FieldInstallsVersion: {"installs version", "installs", "installed version", "fixed version", "fixed in",
		"fixed in version", "target version", "new version", "patch version", "upgrade to", "update to", "to version",
		"release", "software release"},
	patchplan.FieldAdvisories: {"advisories", "advisory", "advisory id", "advisory ids", "advisory no", "icsma", "tracking id",
		"fixes advisories", "security advisory", "security advisories"},
	patchplan.FieldCVEs: {"cves", "cve", "cve id", "cve ids", "cve no", "fixes cves", "fixed cves", "vulnerabilities"},
	patchplan.FieldStatus: {"status", "validation status", "oem status", "oem validation", "oem validation status", "validation",
		"validated"},
	patchplan.FieldDate: {"date", "release date", "released", "released on", "validation date", "validated on", "published",
		"publication date"},
	patchplan.FieldReference: {"reference", "reference document", "document", "document title", "url", "link", "bulletin",
		"bulletin url", "security bulletin", "release notes"},
	patchplan.FieldReferenceSHA256: {"reference sha256", "sha256", "sha 256", "document sha256", "reference hash", "hash",
		"checksum", "sha256 checksum"},
	patchplan.FieldNotes: {"notes", "install notes", "installation notes", "instructions", "comments", "remarks"},
	patchplan.FieldInstallMinutes: {"install minutes", "installation minutes", "estimated minutes", "estimated install minutes",
		"est install minutes", "minutes", "install time", "install time minutes", "duration", "duration minutes", "labor minutes"},
	patchplan.FieldRequiresDowntime: {"requires downtime", "downtime", "downtime required", "needs downtime", "offline required",
		"requires offline"},
}

// headerKey normalises a column name: case, punctuation and the ways of
// writing "number" are ignored, as for CMMS exports.
func headerKey(h string) string {
	h = strings.ReplaceAll(h, "#", " no ")
	words := names.Words(h)
	for i, w := range words {
		switch w {
		case "number", "nbr", "num", "nr":
			words[i] = "no"
		}
	}
	return strings.Join(words, " ")
}

var synonymIndex = func() map[string]string {
	idx := map[string]string{}
	for f, syns := range synonyms {
		for _, s := range syns {
			k := headerKey(s)
			if prev, dup := idx[k]; dup && prev != f {
				panic(fmt.Sprintf("patches: synonym %q for both %s and %s", s, prev, f))
			}
			idx[k] = f
		}
		idx[headerKey(f)] = f // the canonical name with underscores
	}
	return idx
}()

// set parses one raw value into field f of p and returns what is wrong
// with it, or "". Lists arrive as one cell; an empty cell leaves the zero
// value, which Check judges.
func set(p *ward.Patch, f, raw string) string {
	v := strings.TrimSpace(raw)
	switch f {
	case patchplan.FieldManufacturer:
		p.Manufacturer = v
	case patchplan.FieldModel:
		p.Model = v
	case patchplan.FieldAppliesTo:
		p.AppliesTo = v
	case patchplan.FieldInstallsVersion:
		p.InstallsVersion = v
	case patchplan.FieldAdvisories:
		p.Advisories = patchplan.SplitList(v)
	case patchplan.FieldCVEs:
		p.CVEs = patchplan.SplitList(v)
	case patchplan.FieldStatus:
		p.Status = statusOf(v)
	case patchplan.FieldDate:
		d, err := parseDate(v)
		if err != nil {
			return err.Error()
		}
		p.Date = d
	case patchplan.FieldReference:
		p.Reference = v
	case patchplan.FieldReferenceSHA256:
		p.ReferenceSHA256 = strings.TrimPrefix(strings.ToLower(v), "sha256:")
	case patchplan.FieldNotes:
		p.Notes = v
	case patchplan.FieldInstallMinutes:
		n, err := parseMinutes(v)
		if err != nil {
			return err.Error()
		}
		p.InstallMinutes = n
	case patchplan.FieldRequiresDowntime:
		b, ok := parseBool(v)
		if !ok {
			return fmt.Sprintf("%q is not yes or no", v)
		}
		p.RequiresDowntime = b
	}
	return ""
}

// statusOf reads the validation statuses catalogs write; anything else is
// kept for Check to refuse with the list of valid ones.
func statusOf(v string) string {
	switch headerKey(v) {
	case "validated", "oem validated", "approved", "released", "yes", "y":
		return ward.PatchValidated
	case "pending", "in validation", "under validation", "under review", "not yet validated", "announced", "planned", "no", "n":
		return ward.PatchPending
	case "rejected", "withdrawn", "not approved", "recalled", "do not install":
		return ward.PatchRejected
	}
	return v
}

// dateLayouts are the date forms accepted besides ISO 8601.
var dateLayouts = []string{"1/2/2006", "2006/01/02", "Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006"}

// parseDate reads an ISO date (or the date of an ISO time), or a US or
// written-out date; "" is no date.
func parseDate(v string) (ward.Date, error) {
	if v == "" {
		return ward.Date{}, nil
	}
	if len(v) > 10 && (v[10] == 'T' || v[10] == ' ') {
		v = v[:10]
	}
	if d, err := ward.ParseDate(v); err == nil {
		return d, nil
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return ward.DateOf(t), nil
		}
	}
	return ward.Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", v)
}

// parseMinutes reads a whole number of minutes, optionally followed by
// "min" or "minutes", or hours followed by "h" or "hours" ("1.5 h").
func parseMinutes(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	s := strings.ToLower(v)
	unit := 1.0
	for _, suffix := range []string{"minutes", "minute", "mins", "min", "m"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s = t
			break
		}
	}
	for _, suffix := range []string{"hours", "hour", "hrs", "hr", "h"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			s, unit = t, 60
			break
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f*unit > 1e6 {
		return 0, fmt.Errorf("%q is not a number of minutes", v)
	}
	return int(f*unit + 0.5), nil
}

// parseBool reads yes/no answers as spreadsheets write them.
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(v) {
	case "", "no", "n", "false", "f", "0", "none":
		return false, true
	case "yes", "y", "true", "t", "1", "required":
		return true, true
	}
	return false, false
}
