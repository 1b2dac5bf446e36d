package demo

import (
	"math"

	"ward"
)

// repairs adds the unit's corrective repairs: a Poisson number at its
// family's yearly rate, each on a day of the period, with the problem, a
// part most of the time, labour and downtime. Repairs of the last weeks
// may still be open, in progress or waiting for parts.
func (h *WorkOrderHistory) repairs(u *Unit) {
	p := repairsFor(u.DeviceType)
	n := h.poisson(p.perYear * HistoryMonths / 12)
	days := int(historyEnd.Time().Sub(historyStart.Time()).Hours() / 24)
	for range n {
		day := historyStart.AddInterval(0, h.rng.IntN(days))
		k := h.rng.IntN(len(p.problems))
		wo := at(day)
		wo.Type, wo.AssetTag, wo.Title = ward.WorkOrderRepair, u.Tag, p.problems[k]
		wo.Description = "Reported by the unit: " + p.problems[k] + " (demo history)"
		wo.Priority = []string{"high", "medium", "medium", "low"}[h.rng.IntN(4)]
		wo.Due = day.AddInterval(0, map[string]int{"high": 2, "medium": 7, "low": 14}[wo.Priority])
		wo.Assignee = h.technician()
		age := historyEnd.Time().Sub(day.Time()).Hours() / 24
		switch x := h.rng.Float64(); {
		case age < 10 && x < 0.5:
			wo.Status, wo.Started = ward.WorkOrderInProgress, day
			wo.LabourHours = hours(p.minH)
		case age < 25 && x < 0.3:
			wo.Status, wo.Started, wo.Notes = ward.WorkOrderOnHold, day, "Waiting for parts from the manufacturer."
			wo.LabourHours = hours(p.minH)
		case age < 4:
			wo.Status, wo.Assignee = ward.WorkOrderOpen, ""
		default:
			h.completeRepair(&wo, p, k, day)
		}
		wo.LabourCost = ward.Money(math.Round(wo.LabourHours * float64(p.rate)))
		h.add(wo, "RH")
	}
}

func (h *WorkOrderHistory) completeRepair(wo *ward.WorkOrder, p *repairProfile, k int, day ward.Date) {
	wo.LabourHours = hours(p.minH + (p.maxH-p.minH)*h.rng.Float64()*h.rng.Float64())
	wo.DowntimeHours = hours(2 + (p.maxDown-2)*h.rng.Float64()*h.rng.Float64())
	done := day.AddInterval(0, int(wo.DowntimeHours/24))
	if historyEnd.Before(done) {
		done = historyEnd
	}
	wo.Started, wo.Completed = day, done
	wo.Notes = "Fault confirmed and repaired; returned to service after performance verification."
	if len(p.parts) > 0 && h.rng.Float64() < 0.7 {
		// Usually the part that goes with the problem; sometimes another.
		j := k % len(p.parts)
		if h.rng.Float64() < 0.3 {
			j = h.rng.IntN(len(p.parts))
		}
		wo.Parts = []ward.Part{{Name: p.parts[j], Quantity: 1, UnitCost: p.partCosts[j]}}
		wo.Notes = "Replaced the " + lowerFirst(p.parts[j]) + "; passed performance verification."
	} else if h.rng.Float64() < 0.3 {
		wo.Notes = "No fault found; user instructed. Returned to service."
		wo.LabourHours, wo.DowntimeHours = hours(p.minH), hours(2)
	}
	if p.vendorRepair {
		wo.Notes = "OEM field service: " + wo.Notes
	}
}

// inspection adds the acceptance inspection of a unit bought in the
// period.
func (h *WorkOrderHistory) inspection(u *Unit) {
	wo := at(u.Acquired)
	wo.Type, wo.AssetTag, wo.Title = ward.WorkOrderInspection, u.Tag, "Incoming inspection and acceptance test"
	wo.Description = "Acceptance of a new " + u.Model + " before first clinical use (demo history)"
	done := u.Acquired.AddInterval(0, 1+h.rng.IntN(5))
	if historyEnd.Before(done) {
		done = historyEnd
	}
	wo.Due, wo.Started, wo.Completed, wo.Assignee = u.Acquired.AddInterval(0, 7), done, done, h.technician()
	wo.LabourHours = hours(0.5 + h.rng.Float64())
	wo.LabourCost = ward.Money(math.Round(wo.LabourHours * 8500))
	wo.Notes = "Inventoried, tagged, electrical safety and performance verified."
	h.add(wo, "RH")
}

// decommission adds the decommissioning of a retired unit.
func (h *WorkOrderHistory) decommission(u *Unit) {
	day := historyStart.AddInterval(0, h.rng.IntN(330))
	wo := at(day)
	wo.Type, wo.AssetTag, wo.Title = ward.WorkOrderDecommission, u.Tag, "Decommission and remove from service"
	wo.Description = "Retire the " + u.Model + ": wipe stored data, remove from the network, tag for disposal (demo history)"
	wo.Due, wo.Started, wo.Completed, wo.Assignee = day.AddInterval(0, 14), day.AddInterval(0, 3), day.AddInterval(0, 3), h.technician()
	wo.LabourHours = hours(0.5 + 1.5*h.rng.Float64())
	wo.LabourCost = ward.Money(math.Round(wo.LabourHours * 8500))
	wo.Notes = "Patient data wiped and verified; network access removed; sent to disposal."
	h.add(wo, "RH")
}

// poisson draws a Poisson count with mean lambda (Knuth's method; the
// means here are small).
func (h *WorkOrderHistory) poisson(lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= h.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func lowerFirst(s string) string {
	if s == "" || (len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z') {
		return s // an acronym: "NIBP hose", "LCD panel"
	}
	return string(s[0]|0x20) + s[1:]
}
