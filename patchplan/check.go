// Package patchplan holds the rules of Ward's OEM patch catalog: whether a
// catalog entry is well formed, whether a patch applies to a device's
// software version and fixes its findings, which patch to offer when
// several do, and how to schedule patch work in waves so that a care unit
// never loses more than a share of its units of one model at once. It is
// pure: values in, values out.
package patchplan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"ward"
	"ward/version"
)

// Canonical field names of a catalog entry, as problems name them before
// an importer maps them to its own column names.
const (
	FieldManufacturer     = "manufacturer"
	FieldModel            = "model"
	FieldAppliesTo        = "applies_to"
	FieldInstallsVersion  = "installs_version"
	FieldAdvisories       = "advisories"
	FieldCVEs             = "cves"
	FieldStatus           = "status"
	FieldDate             = "date"
	FieldReference        = "reference"
	FieldReferenceSHA256  = "reference_sha256"
	FieldNotes            = "notes"
	FieldInstallMinutes   = "install_minutes"
	FieldRequiresDowntime = "requires_downtime"
)

// Limits on the free-text fields; catalog files are hostile input.
const (
	maxName        = 200
	maxVersion     = 100
	maxExpression  = 500
	maxReference   = 2000
	maxNotes       = 4000
	maxRefs        = 200
	maxMinutes     = 7 * 24 * 60
	maxAdvisoryLen = 100
)

var (
	cvePattern    = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)
	sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Check normalises a catalog entry in place (trimmed text, upper-case and
// de-duplicated advisory and CVE IDs, lower-case hash, status defaulting
// to pending) and returns what is wrong with it, by canonical field. The
// model may be given by name or, when p.ModelID is set, by ID.
func Check(p *ward.Patch) []ward.FieldProblem {
	var probs []ward.FieldProblem
	add := func(field, format string, args ...any) {
		probs = append(probs, ward.FieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	p.Manufacturer, p.Model = strings.TrimSpace(p.Manufacturer), strings.TrimSpace(p.Model)
	if p.ModelID == 0 {
		checkText(add, FieldManufacturer, p.Manufacturer, maxName, true)
		checkText(add, FieldModel, p.Model, maxName, true)
	}
	p.AppliesTo, p.InstallsVersion = strings.TrimSpace(p.AppliesTo), strings.TrimSpace(p.InstallsVersion)
	okInstalls := checkText(add, FieldInstallsVersion, p.InstallsVersion, maxVersion, true)
	if checkText(add, FieldAppliesTo, p.AppliesTo, maxExpression, true) {
		if why := checkExpression(p.AppliesTo); why != "" {
			add(FieldAppliesTo, "%s", why)
		} else if okInstalls {
			if r, _ := version.Parse(p.AppliesTo).Match(p.InstallsVersion); r == version.Yes {
				add(FieldInstallsVersion, "the patch installs %q, which is inside the versions it applies to (%q)", p.InstallsVersion, p.AppliesTo)
			}
		}
	}
	p.Advisories = checkIDs(add, FieldAdvisories, p.Advisories, func(s string) string {
		if len(s) > maxAdvisoryLen || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			return "is not an advisory tracking ID"
		}
		return ""
	})
	p.CVEs = checkIDs(add, FieldCVEs, p.CVEs, func(s string) string {
		if !cvePattern.MatchString(s) {
			return "is not a CVE ID (CVE-YYYY-NNNN)"
		}
		return ""
	})
	if len(p.Advisories) == 0 && len(p.CVEs) == 0 {
		add(FieldAdvisories, "a patch must name at least one advisory or CVE it fixes")
	}
	p.Status = strings.ToLower(strings.TrimSpace(p.Status))
	if p.Status == "" {
		p.Status = ward.PatchPending
	}
	if !slices.Contains(ward.PatchStatuses, p.Status) {
		add(FieldStatus, "%q is not one of %s", p.Status, strings.Join(ward.PatchStatuses, ", "))
	}
	p.Reference, p.Notes = strings.TrimSpace(p.Reference), strings.TrimSpace(p.Notes)
	checkText(add, FieldReference, p.Reference, maxReference, false)
	checkNotes(add, p.Notes)
	p.ReferenceSHA256 = strings.ToLower(strings.TrimSpace(p.ReferenceSHA256))
	if p.ReferenceSHA256 != "" && !sha256Pattern.MatchString(p.ReferenceSHA256) {
		add(FieldReferenceSHA256, "is not a SHA-256 hash (64 hexadecimal digits)")
	}
	if p.ReferenceSHA256 != "" && p.Reference == "" {
		add(FieldReferenceSHA256, "a hash needs the reference document it is the hash of")
	}
	if p.InstallMinutes < 0 || p.InstallMinutes > maxMinutes {
		add(FieldInstallMinutes, "%d is not between 0 and %d minutes", p.InstallMinutes, maxMinutes)
	}
	return probs
}

// checkExpression says why a version expression cannot serve as a patch's
// applicable versions, or "".
func checkExpression(expr string) string {
	e := version.Parse(expr)
	switch {
	case e.Review:
		return fmt.Sprintf("cannot read %q as versions: %s", expr, e.Note)
	case e.Condition != "":
		return fmt.Sprintf("%q adds a condition no recorded version can show (%s); give the versions only", expr, e.Condition)
	case !e.All && len(e.Alts) == 0:
		return fmt.Sprintf("%q names models, not versions", expr)
	}
	return ""
}

// checkText reports an empty (when required), over-long or control-laden
// value and says whether the value is usable.
func checkText(add func(string, string, ...any), field, s string, max int, required bool) bool {
	switch {
	case s == "" && required:
		add(field, "is required")
	case len(s) > max:
		add(field, "is longer than %d bytes", max)
	case strings.ContainsFunc(s, unicode.IsControl):
		add(field, "contains control characters")
	default:
		return s != ""
	}
	return false
}

// checkNotes allows line breaks and tabs in notes, but no other control
// characters.
func checkNotes(add func(string, string, ...any), s string) {
	switch {
	case len(s) > maxNotes:
		add(FieldNotes, "is longer than %d bytes", maxNotes)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }):
		add(FieldNotes, "contains control characters")
	}
}

// checkIDs trims, upper-cases and de-duplicates a list of identifiers,
// reporting the bad ones.
func checkIDs(add func(string, string, ...any), field string, ids []string, bad func(string) string) []string {
	out := []string{}
	for _, id := range ids {
		id = strings.ToUpper(strings.TrimSpace(id))
		if id == "" || slices.Contains(out, id) {
			continue
		}
		if why := bad(id); why != "" {
			add(field, "%q %s", id, why)
			continue
		}
		out = append(out, id)
	}
	if len(out) > maxRefs {
		add(field, "lists %d identifiers; at most %d are allowed", len(out), maxRefs)
	}
	return out
}

// SplitList splits a cell listing identifiers, separated by commas,
// semicolons, pipes or white space.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' || unicode.IsSpace(r) })
}
