package ward

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on work order values: longer text is refused, not cut, so
// nothing is silently lost.
const (
	maxNumberLen      = 64
	maxTitleLen       = 200
	maxDescriptionLen = 4000
	maxNotesLen       = 32000
	maxShortText      = 128
	maxPartName       = 200
	maxLinkRef        = 200
	maxParts          = 100
	maxLinks          = 100
	maxHours          = 100000
	maxQuantity       = 1e6
)

// CleanText trims s and checks it for a field named what: EINVALID when it
// has a control character (other than newline and tab when multiline) or
// more than max characters.
func CleanText(s string, max int, what string, multiline bool) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "%s is not valid UTF-8 text", what)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\t' || r == '\r')) {
			return "", Errorf(EINVALID, "%s contains a control character (U+%04X)", what, r)
		}
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", Errorf(EINVALID, "%s is %d characters long; the limit is %d", what, n, max)
	}
	return s, nil
}

// WorkOrderNumberKey is the form under which work order numbers are unique:
// trimmed and in upper case.
func WorkOrderNumberKey(n string) string { return strings.ToUpper(strings.TrimSpace(n)) }

// CheckHours validates an amount of hours for what and rounds it to
// hundredths; EINVALID for a negative, non-finite or huge value.
func CheckHours(h float64, what string) (float64, error) {
	if math.IsNaN(h) || math.IsInf(h, 0) || h < 0 || h > maxHours {
		return 0, Errorf(EINVALID, "%s must be between 0 and %d hours", what, maxHours)
	}
	return math.Round(h*100) / 100, nil
}

// Normalize validates a work order's values for storage and brings them
// to stored form: trimmed text, a known type, status and priority, hours
// in hundredths, parts and links checked, and the parts cost (when parts
// are itemised) and total cost (when not given) computed. It returns
// EINVALID naming the first bad field.
func (wo *WorkOrder) Normalize() error {
	if !slices.Contains(WorkOrderTypes, wo.Type) {
		return Errorf(EINVALID, "type %q is not one of %s", wo.Type, strings.Join(WorkOrderTypes, ", "))
	}
	if wo.Status == "" {
		wo.Status = WorkOrderOpen
	}
	if !slices.Contains(WorkOrderStatuses, wo.Status) {
		return Errorf(EINVALID, "status %q is not one of %s", wo.Status, strings.Join(WorkOrderStatuses, ", "))
	}
	if wo.Priority != "" && !slices.Contains(WorkOrderPriorities, wo.Priority) {
		return Errorf(EINVALID, "priority %q is not one of %s", wo.Priority, strings.Join(WorkOrderPriorities, ", "))
	}
	if wo.TargetVersion != "" && wo.Type != WorkOrderPatch {
		return Errorf(EINVALID, "only a patch work order has a target version")
	}
	var err error
	for _, f := range []struct {
		p         *string
		max       int
		what      string
		multiline bool
	}{
		{&wo.Number, maxNumberLen, "number", false}, {&wo.Title, maxTitleLen, "title", false},
		{&wo.Description, maxDescriptionLen, "description", true}, {&wo.Assignee, maxShortText, "assignee", false},
		{&wo.TargetVersion, maxShortText, "target version", false}, {&wo.Notes, maxNotesLen, "notes", true},
	} {
		if *f.p, err = CleanText(*f.p, f.max, f.what, f.multiline); err != nil {
			return err
		}
	}
	for _, h := range []struct {
		p    *float64
		what string
	}{{&wo.EstimatedHours, "estimated hours"}, {&wo.LabourHours, "labour hours"}, {&wo.DowntimeHours, "downtime hours"}} {
		if *h.p, err = CheckHours(*h.p, h.what); err != nil {
			return err
		}
	}
	if wo.Parts, err = checkParts(wo.Parts); err != nil {
		return err
	}
	if wo.Links, err = checkLinks(wo.Links); err != nil {
		return err
	}
	if len(wo.Parts) > 0 {
		wo.PartsCost = PartsCost(wo.Parts)
	}
	if wo.Cost == 0 {
		wo.Cost = wo.LabourCost + wo.PartsCost
	}
	return nil
}

// PartsCost returns the cost of parts: each quantity times its unit cost,
// rounded to the cent.
func PartsCost(parts []Part) Money {
	var total Money
	for _, p := range parts {
		total += Money(math.Round(p.Quantity * float64(p.UnitCost)))
	}
	return total
}

func checkParts(parts []Part) ([]Part, error) {
	if len(parts) > maxParts {
		return nil, Errorf(EINVALID, "a work order lists at most %d parts", maxParts)
	}
	out := make([]Part, 0, len(parts))
	for i, p := range parts {
		what := fmt.Sprintf("part %d", i+1)
		name, err := CleanText(p.Name, maxPartName, what+" name", false)
		if err != nil {
			return nil, err
		}
		if name == "" || strings.ContainsAny(name, ";@") {
			return nil, Errorf(EINVALID, "%s needs a name without ; or @", what)
		}
		if math.IsNaN(p.Quantity) || p.Quantity <= 0 || p.Quantity > maxQuantity {
			return nil, Errorf(EINVALID, "%s (%s): quantity must be above 0 and at most %g", what, name, float64(maxQuantity))
		}
		if p.UnitCost < 0 {
			return nil, Errorf(EINVALID, "%s (%s): unit cost must not be negative", what, name)
		}
		out = append(out, Part{Name: name, Quantity: math.Round(p.Quantity*1000) / 1000, UnitCost: p.UnitCost})
	}
	return out, nil
}

func checkLinks(links []WorkOrderLink) ([]WorkOrderLink, error) {
	if len(links) > maxLinks {
		return nil, Errorf(EINVALID, "a work order has at most %d links", maxLinks)
	}
	out := make([]WorkOrderLink, 0, len(links))
	for i, l := range links {
		if !slices.Contains(LinkKinds, l.Kind) {
			return nil, Errorf(EINVALID, "link %d: kind %q is not one of %s", i+1, l.Kind, strings.Join(LinkKinds, ", "))
		}
		ref, err := CleanText(l.Ref, maxLinkRef, fmt.Sprintf("link %d reference", i+1), false)
		if err != nil {
			return nil, err
		}
		if strings.Contains(ref, ";") || strings.HasPrefix(ref, "#") {
			return nil, Errorf(EINVALID, "link %d: a reference may not contain ; or start with #", i+1)
		}
		if l.ID < 0 || (l.ID == 0 && ref == "") {
			return nil, Errorf(EINVALID, "link %d (%s) needs an ID or a reference", i+1, l.Kind)
		}
		l.Ref = ref
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// WorkOrderTextLimit returns the most characters a text field of a work
// order may hold and whether it may span lines, so readers can refuse a
// cell naming its column; 0 for a field that is not free text.
func WorkOrderTextLimit(f WorkOrderField) (max int, multiline bool) {
	switch f {
	case WOFieldNumber:
		return maxNumberLen, false
	case WOFieldTitle:
		return maxTitleLen, false
	case WOFieldDescription:
		return maxDescriptionLen, true
	case WOFieldNotes:
		return maxNotesLen, true
	case WOFieldAssetTag, WOFieldTeam, WOFieldAssignee, WOFieldTargetVersion, WOFieldCreatedBy:
		return maxShortText, false
	}
	return 0, false
}
