package ward

import "fmt"

// WorkOrderField names a work order attribute an import can carry; the
// names are the canonical CSV column names of work order files.
type WorkOrderField int

// Work order fields an import can set.
const (
	WOFieldNumber WorkOrderField = iota
	WOFieldType
	WOFieldStatus
	WOFieldAssetTag
	WOFieldTitle
	WOFieldDescription
	WOFieldPriority
	WOFieldTeam
	WOFieldAssignee
	WOFieldTargetVersion
	WOFieldScheduled
	WOFieldDue
	WOFieldStarted
	WOFieldCompleted
	WOFieldEstimatedHours
	WOFieldLabourHours
	WOFieldParts
	WOFieldPartsCost
	WOFieldLabourCost
	WOFieldCost
	WOFieldDowntimeHours
	WOFieldNotes
	WOFieldLinks
	WOFieldSchedule
	WOFieldCreatedAt
	WOFieldCreatedBy
	numWorkOrderFields
)

var workOrderFieldNames = [numWorkOrderFields]string{
	"number", "type", "status", "asset_tag", "title", "description", "priority", "team", "assignee",
	"target_version", "scheduled", "due", "started", "completed", "estimated_hours", "labour_hours", "parts",
	"parts_cost", "labour_cost", "cost", "downtime_hours", "notes", "links", "pm_schedule", "created_at", "created_by",
}

// String returns the canonical name of f, e.g. "due".
func (f WorkOrderField) String() string {
	if f < 0 || f >= numWorkOrderFields {
		return fmt.Sprintf("field(%d)", int(f))
	}
	return workOrderFieldNames[f]
}

// WorkOrderFields returns every work order field in canonical (export)
// order.
func WorkOrderFields() []WorkOrderField {
	fs := make([]WorkOrderField, numWorkOrderFields)
	for i := range fs {
		fs[i] = WorkOrderField(i)
	}
	return fs
}

// WorkOrderFieldSet is a set of work order fields.
type WorkOrderFieldSet uint64

// Has reports whether f is in the set.
func (s WorkOrderFieldSet) Has(f WorkOrderField) bool { return s&(1<<f) != 0 }

// With returns the set with f added.
func (s WorkOrderFieldSet) With(f WorkOrderField) WorkOrderFieldSet { return s | 1<<f }

// WorkOrderRecord is one work order as an import source describes it,
// parsed and validated cell by cell. Values holds the values; its Team is
// a team name, its AssetTag the device's tag, and its CreatedAt and
// CreatedBy are used when the order is new. Present says which fields the
// source carries: an upsert touches only those, and an empty cell clears
// a field, except an empty status, which keeps the current one.
type WorkOrderRecord struct {
	Line     int
	Present  WorkOrderFieldSet
	Values   WorkOrder
	Raw      []string
	Problems []FieldProblem
}

// ApplyTo copies the fields the record carries onto wo, the stored order
// (or a new one). It returns ECONFLICT when it would change the status of
// a completed or cancelled order, which is final.
func (r *WorkOrderRecord) ApplyTo(wo *WorkOrder) error {
	v := &r.Values
	if r.Present.Has(WOFieldStatus) && v.Status != "" && v.Status != wo.Status {
		if FinalStatus(wo.Status) {
			return Errorf(ECONFLICT, "work order %s is %s, which is final: its status cannot change to %s", wo.Number, wo.Status, v.Status)
		}
		wo.Status = v.Status
	}
	set := func(f WorkOrderField, apply func()) {
		if r.Present.Has(f) {
			apply()
		}
	}
	set(WOFieldType, func() { wo.Type = v.Type })
	set(WOFieldTitle, func() { wo.Title = v.Title })
	set(WOFieldDescription, func() { wo.Description = v.Description })
	set(WOFieldPriority, func() { wo.Priority = v.Priority })
	set(WOFieldAssignee, func() { wo.Assignee = v.Assignee })
	set(WOFieldTargetVersion, func() { wo.TargetVersion = v.TargetVersion })
	set(WOFieldScheduled, func() { wo.Scheduled = v.Scheduled })
	set(WOFieldDue, func() { wo.Due = v.Due })
	set(WOFieldStarted, func() { wo.Started = v.Started })
	set(WOFieldCompleted, func() { wo.Completed = v.Completed })
	set(WOFieldEstimatedHours, func() { wo.EstimatedHours = v.EstimatedHours })
	set(WOFieldLabourHours, func() { wo.LabourHours = v.LabourHours })
	set(WOFieldParts, func() { wo.Parts = v.Parts })
	set(WOFieldPartsCost, func() { wo.PartsCost = v.PartsCost })
	set(WOFieldLabourCost, func() { wo.LabourCost = v.LabourCost })
	set(WOFieldCost, func() { wo.Cost = v.Cost })
	set(WOFieldDowntimeHours, func() { wo.DowntimeHours = v.DowntimeHours })
	set(WOFieldNotes, func() { wo.Notes = v.Notes })
	set(WOFieldLinks, func() { wo.Links = v.Links })
	set(WOFieldSchedule, func() { wo.ScheduleID = v.ScheduleID })
	if r.Present.Has(WOFieldParts) && !r.Present.Has(WOFieldPartsCost) {
		wo.PartsCost = PartsCost(wo.Parts)
	}
	if !r.Present.Has(WOFieldCost) && (r.Present.Has(WOFieldParts) || r.Present.Has(WOFieldPartsCost) || r.Present.Has(WOFieldLabourCost)) {
		wo.Cost = 0 // derived again by Normalize
	}
	return nil
}

// WorkOrderSource yields work order records one at a time; Next returns
// io.EOF after the last. A non-EOF error aborts the import.
type WorkOrderSource interface {
	Next() (*WorkOrderRecord, error)
	// Name is the source's name for messages, usually the file name.
	Name() string
}

// WorkOrderColumnNamer is implemented by sources that can name the column
// holding a field, so problems found while storing ("unknown asset tag")
// name the column as the file does.
type WorkOrderColumnNamer interface {
	WorkOrderColumn(f WorkOrderField) string
}

// WorkOrderColumnName returns how src names the column of f, or f's
// canonical name.
func WorkOrderColumnName(src WorkOrderSource, f WorkOrderField) string {
	if cn, ok := src.(WorkOrderColumnNamer); ok {
		if c := cn.WorkOrderColumn(f); c != "" {
			return c
		}
	}
	return f.String()
}

// WorkOrderChangeRecord is one history entry as an import source
// describes it: Number names the work order.
type WorkOrderChangeRecord struct {
	Line     int
	Change   WorkOrderChange
	Raw      []string
	Problems []FieldProblem
}

// WorkOrderChangeSource yields history records one at a time; Next returns
// io.EOF after the last.
type WorkOrderChangeSource interface {
	Next() (*WorkOrderChangeRecord, error)
	Name() string
}
