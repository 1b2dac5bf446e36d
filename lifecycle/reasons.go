package lifecycle

import (
	"fmt"
	"strconv"
	"strings"

	"ward"
)

// reasons collects the reasons of one recommendation in the order found.
type reasons []ward.LifecycleReason

func (rs *reasons) add(code, suggests, format string, args ...any) {
	*rs = append(*rs, ward.LifecycleReason{Code: code, Suggests: suggests, Text: fmt.Sprintf(format, args...)})
}

// has reports whether a reason suggests rec.
func (rs reasons) has(rec string) bool {
	for _, r := range rs {
		if r.Suggests == rec {
			return true
		}
	}
	return false
}

// ordered returns the reasons that decided rec first, then the others,
// each part in the order found.
func (rs reasons) ordered(rec string) []ward.LifecycleReason {
	out := make([]ward.LifecycleReason, 0, len(rs))
	for _, r := range rs {
		if r.Suggests == rec {
			out = append(out, r)
		}
	}
	for _, r := range rs {
		if r.Suggests != rec {
			out = append(out, r)
		}
	}
	return out
}

func (rs *reasons) status(d *Device) {
	if d.Status == ward.StatusRetired {
		rs.add(ward.ReasonRetired, ward.LifecycleDispose, "retired from service: dispose of it and remove it from the inventory")
	}
}

func (rs *reasons) age(r *ward.LifecycleRecommendation, d *Device, p *ward.LifecyclePolicy, today ward.Date) {
	switch {
	case d.AcquisitionDate.IsZero():
		rs.add(ward.ReasonAgeUnknown, "", "no acquisition date recorded: age unknown")
		return
	case d.ExpectedLifeYears <= 0:
		rs.add(ward.ReasonAgeUnknown, "", "%.1f years old; the model has no expected service life recorded", *r.AgeYears)
		return
	}
	used := *r.AgeYears / float64(d.ExpectedLifeYears) * 100
	point := replacementPoint(d, p)
	switch {
	case !today.Before(point):
		rs.add(ward.ReasonEndOfLife, ward.LifecycleReplace, "%.1f years old: %.0f%% of its expected %d-year life used (policy: replace at %d%%)",
			*r.AgeYears, used, d.ExpectedLifeYears, p.LifeReplacePct)
	case used >= float64(p.LifeWarnPct):
		rs.add(ward.ReasonNearEndOfLife, "", "%.1f years old: %.0f%% of its expected %d-year life used; due for replacement in %d",
			*r.AgeYears, used, d.ExpectedLifeYears, point.Year)
	default:
		rs.add(ward.ReasonAge, "", "%.1f years old: %.0f%% of its expected %d-year life used", *r.AgeYears, used, d.ExpectedLifeYears)
	}
}

func (rs *reasons) support(d *Device, p *ward.LifecyclePolicy, today ward.Date) {
	eos := d.EndOfSupport
	switch {
	case eos.IsZero():
	case !today.Before(eos):
		rs.add(ward.ReasonEndOfSupport, ward.LifecycleReplace, "the manufacturer ended support on %s", eos)
	case eos.Before(ward.DateOf(today.Time().AddDate(0, p.SupportWarnMonths, 0))):
		rs.add(ward.ReasonSupportEnding, "", "the manufacturer ends support on %s", eos)
	}
}

func (rs *reasons) parts(d *Device) {
	switch d.Parts {
	case ward.PartsUnavailable:
		rs.add(ward.ReasonPartsUnavailable, ward.LifecycleReplace, "parts are no longer available: the next failure may be final")
	case ward.PartsLimited:
		rs.add(ward.ReasonPartsLimited, "", "parts are available only in limited supply")
	}
}

func (rs *reasons) recalls(d *Device) {
	if d.OpenRecalls == 0 {
		return
	}
	classI := ""
	if d.ClassIRecalls > 0 {
		classI = fmt.Sprintf(" (%d class I)", d.ClassIRecalls)
	}
	rs.add(ward.ReasonOpenRecall, ward.LifecycleUpgrade, "%s%s outstanding: apply the manufacturer's correction",
		plural(d.OpenRecalls, "FDA recall", "FDA recalls"), classI)
}

func (rs *reasons) repairs(r *ward.LifecycleRecommendation, d *Device, p *ward.LifecyclePolicy) {
	if d.RepairCost > 0 {
		switch ratio := r.RepairToReplace; {
		case ratio == nil:
			rs.add(ward.ReasonRepairToReplace, "", "%s in 12 months cost %s; no replacement cost known to compare",
				plural(d.RepairOrders, "repair", "repairs"), money(d.RepairCost))
		case *ratio >= p.RepairRatioReplace:
			rs.add(ward.ReasonRepairToReplace, ward.LifecycleReplace, "%s in 12 months cost %s, %.0f%% of the %s replacement cost (policy: replace at %.0f%%)",
				plural(d.RepairOrders, "repair", "repairs"), money(d.RepairCost), *ratio*100, money(r.ReplacementCost), p.RepairRatioReplace*100)
		case *ratio >= p.RepairRatioWarn:
			rs.add(ward.ReasonRepairToReplace, "", "%s in 12 months cost %s, %.0f%% of the %s replacement cost",
				plural(d.RepairOrders, "repair", "repairs"), money(d.RepairCost), *ratio*100, money(r.ReplacementCost))
		}
	}
	if d.DowntimeHours >= p.DowntimeHoursReplace {
		rs.add(ward.ReasonDowntime, ward.LifecycleReplace, "down %.0f hours in 12 months (policy: replace at %.0f)", d.DowntimeHours, p.DowntimeHoursReplace)
	}
}

func (rs *reasons) findings(d *Device, today ward.Date) {
	f := d.Findings
	if f == nil {
		return
	}
	if f.UnpatchableCritical > 0 {
		what := plural(f.UnpatchableCritical, "critical open finding", "critical open findings")
		if eos := d.EndOfSupport; !eos.IsZero() && !today.Before(eos) {
			rs.add(ward.ReasonUnpatchableCritical, ward.LifecycleReplace, "%s no validated patch fixes, on a model out of support: no fix is coming", what)
		} else {
			rs.add(ward.ReasonUnpatchableCritical, ward.LifecycleUpgrade, "%s no validated patch fixes: ask the manufacturer for a fix or upgrade path, and mitigate meanwhile", what)
		}
	}
	if f.Patchable > 0 {
		rs.add(ward.ReasonPatchAvailable, "", "%s a validated OEM patch fixes: install it (patch-ready queue)",
			plural(f.Patchable, "open finding", "open findings"))
	}
}

func (rs *reasons) mitigation(r *ward.LifecycleRecommendation, d *Device, p *ward.LifecyclePolicy) {
	if r.MitigationCost == 0 || r.ReplacementCost == 0 {
		return
	}
	pct := float64(r.MitigationCost) / float64(r.ReplacementCost) * 100
	suggests := ""
	if pct >= float64(p.MitigationReplacePct) {
		suggests = ward.LifecycleReplace
	}
	rs.add(ward.ReasonMitigationCost, suggests, "mitigating costs %s (%.1f hours of labour for %s, %s of repairs), %s of the %s replacement cost",
		money(r.MitigationCost), r.MitigationHours, plural(r.OpenFindings, "open finding", "open findings"), money(d.RepairCost), percent(pct), money(r.ReplacementCost))
}

// unused adds the utilisation reason and reports whether d is unused: in
// service but not seen for the policy's days. Its suggestion depends on
// whether d is also due for replacement.
func (rs *reasons) unused(r *ward.LifecycleRecommendation, d *Device, p *ward.LifecyclePolicy) bool {
	if d.Status != ward.StatusInService || r.DaysUnseen == nil || *r.DaysUnseen < p.UnusedDays {
		return false
	}
	if rs.has(ward.LifecycleReplace) {
		rs.add(ward.ReasonUnused, ward.LifecycleDispose, "in service but not seen for %d days (policy: %d), and due for replacement: dispose of it rather than move it",
			*r.DaysUnseen, p.UnusedDays)
	} else {
		rs.add(ward.ReasonUnused, ward.LifecycleReallocate, "in service but not seen for %d days (policy: %d): move it to a unit that needs it",
			*r.DaysUnseen, p.UnusedDays)
	}
	return true
}

// percent writes a share with a decimal below 10%, where whole
// percents would round small shares to nothing.
func percent(p float64) string {
	if p < 10 {
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// money writes an amount with thousands separators: 12,345.00.
func money(m ward.Money) string {
	s := m.String()
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + "." + frac
}
