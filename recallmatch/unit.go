package recallmatch

import (
	"fmt"
	"strings"

	"ward"
	"ward/udi"
)

// unitFacts is what a device's own records say about its unit: serial,
// lot and manufacturing date, from the CMMS serial and the production
// identifiers of its UDI.
type unitFacts struct {
	serial, lot string
	made        ward.Date
	di          string
}

func factsOf(u *ward.RecallUnit) unitFacts {
	f := unitFacts{serial: strings.TrimSpace(u.Serial)}
	if u.UDI != "" {
		if parsed, err := udi.Parse(u.UDI); err == nil {
			f.lot, f.di = parsed.Lot, parsed.DI
			if f.serial == "" {
				f.serial = parsed.Serial
			}
			f.made, _ = ward.ParseDate(parsed.Manufactured)
		}
	}
	if u.UDIDI != "" {
		if di, ok := gtin(codeKey(u.UDIDI)); ok {
			f.di = di
		} else {
			f.di = strings.TrimSpace(u.UDIDI)
		}
	}
	return f
}

// verdict accumulates the decision on one device.
type verdict struct {
	parts []string
	exact bool
	na    bool
}

func (v *verdict) add(format string, args ...any) {
	v.parts = append(v.parts, fmt.Sprintf(format, args...))
}

// Unit decides whether the recall concerns one device. id is the identity
// of the device's model, nil when the model was not identified (only a
// listed UDI device identifier can then match). ok is false when the
// recall does not concern the device at all; a device of an identified
// model that the recall's lists leave out is returned not_applicable,
// with the reason.
func (p *Recall) Unit(id *Identity, u *ward.RecallUnit) (m ward.ComputedRecallMatch, ok bool) {
	f := factsOf(u)
	sc := &p.Scope
	var v verdict
	if id != nil {
		v.add("%s", id.Why)
	}
	if len(sc.UDIDIs) > 0 && f.di != "" {
		switch {
		case p.dis[f.di] && id == nil:
			v.exact = true
			v.add("UDI device identifier %s is listed in the recall of %q", f.di, p.R.Firm)
		case p.dis[f.di]:
			v.exact = true
			v.add("UDI device identifier %s is listed in the recall", f.di)
		case id == nil:
			return m, false
		case id.number:
			v.add("its UDI device identifier %s is not among the %d the recall lists, but its model number is: check its label", f.di, len(sc.UDIDIs))
		default:
			v.na = true
			v.add("its UDI device identifier %s is not among the %d the recall lists", f.di, len(sc.UDIDIs))
		}
	} else if id == nil {
		return m, false
	}
	if !v.na {
		p.checkUnits(&v, &f)
	}
	if !v.na && !v.exact {
		p.checkDates(&v, &f, u.AcquisitionDate)
	}
	m = ward.ComputedRecallMatch{DeviceID: u.DeviceID, Status: ward.RecallOpen, Explanation: strings.Join(v.parts, "; ")}
	switch {
	case v.exact:
		m.Confidence = ward.RecallExact
	case id != nil:
		m.Confidence = id.Confidence
	}
	if v.na {
		m.Status = ward.RecallNotApplicable
	}
	return m, true
}

// checkUnits checks the device's serial and lot against the lists.
func (p *Recall) checkUnits(v *verdict, f *unitFacts) {
	sc := &p.Scope
	switch {
	case sc.LimitsSerials() && f.serial != "":
		if p.listedSerial(f.serial) {
			v.exact = true
			v.add("serial %q is listed in the recall", f.serial)
		} else if f.lot != "" && p.listedLot(f.lot) {
			v.exact = true
			v.add("lot %q (from its UDI) is listed in the recall", f.lot)
		} else {
			v.na = true
			v.add("serial %q is not among the %s the recall lists", f.serial, count(len(sc.Serials), len(sc.SerialRanges), "serial number"))
		}
	case sc.LimitsSerials():
		v.add("the recall is limited to %s and the device has no serial on record: check its label", count(len(sc.Serials), len(sc.SerialRanges), "listed serial number"))
	case sc.LimitsLots() && (f.lot != "" || f.serial != "" && p.listedLot(f.serial)):
		if f.lot != "" && p.listedLot(f.lot) {
			v.exact = true
			v.add("lot %q (from its UDI) is listed in the recall", f.lot)
		} else if f.serial != "" && p.listedLot(f.serial) {
			v.exact = true
			v.add("serial %q is among the lots the recall lists", f.serial)
		} else {
			v.na = true
			v.add("lot %q (from its UDI) is not among the %s the recall lists", f.lot, count(len(sc.Lots), len(sc.LotRanges), "lot"))
		}
	case sc.LimitsLots():
		v.add("the recall is limited to %s and the device's lot is not on record (Ward reads it from the UDI): check its label", count(len(sc.Lots), len(sc.LotRanges), "listed lot"))
	case !v.exact && sc.ManufacturedFrom.IsZero() && sc.ManufacturedTo.IsZero():
		if sc.AllUnits {
			v.add("the recall says all units are concerned")
		} else {
			v.add("the recall lists no serial numbers or lots: every unit of the model is concerned")
		}
	}
}

// checkDates checks the recall's manufacturing period against the UDI's
// manufacturing date, or failing that the acquisition date: a unit
// acquired before the period began was made before it too.
func (p *Recall) checkDates(v *verdict, f *unitFacts, acquired ward.Date) {
	from, to := p.Scope.ManufacturedFrom, p.Scope.ManufacturedTo
	if from.IsZero() && to.IsZero() {
		return
	}
	period := periodText(from, to)
	switch {
	case !f.made.IsZero() && (!from.IsZero() && f.made.Before(from) || !to.IsZero() && to.Before(f.made)):
		v.na = true
		v.add("manufactured %s (from its UDI), outside the period the recall covers (%s)", f.made, period)
	case !f.made.IsZero():
		v.exact = true
		v.add("manufactured %s (from its UDI), within the period the recall covers (%s)", f.made, period)
	case !acquired.IsZero() && !from.IsZero() && acquired.Before(from):
		v.na = true
		v.add("acquired %s, before the earliest manufacturing date the recall covers (%s)", acquired, period)
	default:
		v.add("the recall is limited to units manufactured %s and the device's manufacturing date is not on record: check its label", period)
	}
}

func periodText(from, to ward.Date) string {
	switch {
	case from.IsZero():
		return "up to " + to.String()
	case to.IsZero():
		return "from " + from.String()
	}
	return from.String() + " to " + to.String()
}

// count says "12 serial numbers and 1 range", "1 lot".
func count(n, ranges int, noun string) string {
	s := plural(n, noun)
	if ranges > 0 {
		if n == 0 {
			return plural(ranges, "range") + " of " + noun + "s"
		}
		s += " and " + plural(ranges, "range")
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (p *Recall) listedSerial(s string) bool {
	return listed(codeKey(s), p.serials, p.Scope.SerialRanges)
}

func (p *Recall) listedLot(s string) bool {
	return listed(codeKey(s), p.lots, p.Scope.LotRanges)
}

func listed(key string, keys map[string]bool, ranges []ward.CodeRange) bool {
	if key == "" {
		return false
	}
	if keys[key] {
		return true
	}
	for _, r := range ranges {
		if inRange(key, r) {
			return true
		}
	}
	return false
}

func keySet(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[codeKey(c)] = true
	}
	return m
}
