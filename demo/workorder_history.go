package demo

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"

	"ward"
)

// Unit is what the work order history needs to know about one device.
type Unit struct {
	Tag        string
	DeviceType string
	Model      string
	Status     string
	Acquired   ward.Date
	// ScheduleID is the maintenance schedule of the unit's model (0 for
	// none).
	ScheduleID int64
}

// HistoryMonths is how far back the demo's work order history reaches
// from refDate.
const HistoryMonths = 12

// WorkOrderHistory yields the demo's work order history: every planned
// maintenance of the last twelve months before refDate (mostly done, some
// late, the latest ones still open), corrective repairs at each device
// family's usual rate with parts, labour and downtime, acceptance
// inspections of new devices and the decommissioning of retired ones. It
// implements ward.WorkOrderSource, so the demo is stored by the same code
// as a CMMS history import. The same units and seed give the same history.
type WorkOrderHistory struct {
	units []Unit
	i     int
	rng   *rand.Rand
	seq   int
	buf   []*ward.WorkOrderRecord
}

// NewWorkOrderHistory returns the history generator of units.
func NewWorkOrderHistory(units []Unit, seed uint64) *WorkOrderHistory {
	return &WorkOrderHistory{units: units, rng: rand.New(rand.NewPCG(seed^0x5eed0f, seed+0x0bde))}
}

// Name implements ward.WorkOrderSource.
func (h *WorkOrderHistory) Name() string { return "demo work orders" }

// Next implements ward.WorkOrderSource.
func (h *WorkOrderHistory) Next() (*ward.WorkOrderRecord, error) {
	for len(h.buf) == 0 {
		if h.i == len(h.units) {
			return nil, io.EOF
		}
		h.unit(&h.units[h.i])
		h.i++
	}
	rec := h.buf[0]
	h.buf = h.buf[1:]
	return rec, nil
}

// historyFields are the fields the demo sets; the team is left to the
// responsibility matrix.
var historyFields = func() ward.WorkOrderFieldSet {
	var s ward.WorkOrderFieldSet
	for _, f := range []ward.WorkOrderField{ward.WOFieldNumber, ward.WOFieldType, ward.WOFieldStatus, ward.WOFieldAssetTag,
		ward.WOFieldTitle, ward.WOFieldDescription, ward.WOFieldPriority, ward.WOFieldAssignee, ward.WOFieldScheduled,
		ward.WOFieldDue, ward.WOFieldStarted, ward.WOFieldCompleted, ward.WOFieldEstimatedHours, ward.WOFieldLabourHours,
		ward.WOFieldParts, ward.WOFieldLabourCost, ward.WOFieldDowntimeHours, ward.WOFieldNotes, ward.WOFieldSchedule,
		ward.WOFieldCreatedAt, ward.WOFieldCreatedBy} {
		s = s.With(f)
	}
	return s
}()

var (
	historyEnd   = ward.DateOf(refDate)
	historyStart = historyEnd.AddInterval(-HistoryMonths, 0)
)

func (h *WorkOrderHistory) add(wo ward.WorkOrder, prefix string) {
	h.seq++
	wo.Number = fmt.Sprintf("%s-%07d", prefix, h.seq)
	wo.CreatedBy = "demo"
	if wo.Status == "" {
		wo.Status = ward.WorkOrderCompleted
	}
	h.buf = append(h.buf, &ward.WorkOrderRecord{Line: h.seq, Present: historyFields, Values: wo})
}

func (h *WorkOrderHistory) unit(u *Unit) {
	if u.Status == ward.StatusRetired || u.Status == ward.StatusDisposed {
		if h.rng.Float64() < 0.4 {
			h.decommission(u)
		}
		return
	}
	if !u.Acquired.IsZero() && !u.Acquired.Before(historyStart) {
		h.inspection(u)
	}
	if plan, ok := PMPlanFor(u.DeviceType); ok {
		h.maintenance(u, plan)
	}
	h.repairs(u)
}

// hours rounds to the quarter hour, at least a quarter.
func hours(h float64) float64 { return max(0.25, math.Round(h*4)/4) }

func (h *WorkOrderHistory) technician() string { return technicians[h.rng.IntN(len(technicians))] }

// at returns noon UTC of d, when orders of the demo are opened.
func at(d ward.Date) ward.WorkOrder {
	return ward.WorkOrder{CreatedAt: d.Time().Add(12 * 3600e9)}
}

// maintenance adds the unit's planned maintenance in the period: every
// occurrence due in it, in the unit's own rhythm from its acquisition;
// the last one due close to refDate may still be open.
func (h *WorkOrderHistory) maintenance(u *Unit, plan PMPlan) {
	anchor := u.Acquired
	if anchor.IsZero() {
		anchor = historyStart.AddInterval(0, -h.rng.IntN(30*plan.Months))
	}
	due := anchor
	for due.Before(historyStart) {
		due = due.AddInterval(plan.Months, 0)
	}
	horizon := historyEnd.AddInterval(0, 30)
	for !horizon.Before(due) {
		next := due.AddInterval(plan.Months, 0)
		open := historyEnd.AddInterval(0, -21).Before(due)
		wo := at(due.AddInterval(0, -14))
		wo.Type, wo.AssetTag, wo.ScheduleID, wo.Title = ward.WorkOrderPM, u.Tag, u.ScheduleID, plan.Task
		wo.Due, wo.Scheduled, wo.EstimatedHours = due, due.AddInterval(0, -h.rng.IntN(10)), plan.Hours
		wo.Description = fmt.Sprintf("%s of %s every %d months (demo history)", plan.Task, u.Model, plan.Months)
		switch {
		case open:
			wo.Status = []string{ward.WorkOrderOpen, ward.WorkOrderScheduled, ward.WorkOrderScheduled}[h.rng.IntN(3)]
			if wo.Status == ward.WorkOrderScheduled {
				wo.Assignee = h.technician()
			}
			wo.Scheduled = ward.Date{}
			if wo.Status == ward.WorkOrderScheduled {
				wo.Scheduled = due.AddInterval(0, h.rng.IntN(7))
			}
			h.add(wo, "RH")
			return // one open order per unit and schedule
		case h.rng.Float64() < 0.02:
			wo.Status, wo.Notes = ward.WorkOrderCancelled, "Device could not be located for PM; rescheduled with the next cycle."
		default:
			h.completePM(&wo, plan)
		}
		h.add(wo, "RH")
		due = next
	}
}

func (h *WorkOrderHistory) completePM(wo *ward.WorkOrder, plan PMPlan) {
	late := h.rng.IntN(8)
	if h.rng.Float64() < 0.12 {
		late += 15 + h.rng.IntN(45) // the shop fell behind
	}
	done := wo.Due.AddInterval(0, late-3)
	if historyEnd.Before(done) {
		done = historyEnd
	}
	wo.Started, wo.Completed, wo.Assignee = done, done, h.technician()
	wo.LabourHours = hours(plan.Hours * (0.8 + 0.5*h.rng.Float64()))
	wo.DowntimeHours = wo.LabourHours
	rate := ward.Money(8500)
	if plan.Months == 3 && plan.Hours >= 6 {
		rate = 25000 // OEM field engineer
	}
	wo.LabourCost = ward.Money(math.Round(wo.LabourHours * float64(rate)))
	if plan.Kit != "" {
		wo.Parts = []ward.Part{{Name: plan.Kit, Quantity: 1, UnitCost: plan.KitCost}}
	}
	wo.Notes = "PM completed; passed electrical safety and performance checks."
	if h.rng.Float64() < 0.05 {
		wo.Notes = "PM completed; a minor fault was found and a repair order raised."
	}
}
