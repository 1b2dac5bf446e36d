package ward

import (
	"strconv"
	"strings"
)

// Team sources of a work order's effective team.
const (
	TeamFromWorkOrder = "work_order"   // assigned on the order itself
	TeamFromMatrix    = "matrix"       // the responsibility matrix's rule for the task and device type
	TeamFromOwner     = "device_owner" // no rule for the task: the device's owner answers for it
)

// Apply applies upd to wo as actor on day today. A status change must
// follow the workflow (CheckTransition: EINVALID or ECONFLICT); moving to
// in_progress dates the start and moving to completed the completion
// unless upd gives them. A total cost that followed labour and parts
// keeps following them. The result still needs Normalize.
func (u *WorkOrderUpdate) Apply(wo *WorkOrder, today Date, actor Actor) error {
	derivedCost := wo.Cost == wo.LabourCost+wo.PartsCost
	if u.Status != nil && *u.Status != wo.Status {
		if err := CheckTransition(wo.Status, *u.Status); err != nil {
			return err
		}
		wo.Status = *u.Status
		if wo.Status == WorkOrderInProgress && wo.Started.IsZero() && u.Started == nil {
			wo.Started = today
		}
		if wo.Status == WorkOrderCompleted && wo.Completed.IsZero() && u.Completed == nil {
			wo.Completed = today
		}
	}
	for _, f := range []struct{ src, dst *string }{
		{u.Priority, &wo.Priority}, {u.Title, &wo.Title}, {u.Description, &wo.Description}, {u.Assignee, &wo.Assignee},
		{u.TargetVersion, &wo.TargetVersion}, {u.Notes, &wo.Notes},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct{ src, dst *Date }{
		{u.Scheduled, &wo.Scheduled}, {u.Due, &wo.Due}, {u.Started, &wo.Started}, {u.Completed, &wo.Completed},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct{ src, dst *float64 }{
		{u.EstimatedHours, &wo.EstimatedHours}, {u.LabourHours, &wo.LabourHours}, {u.DowntimeHours, &wo.DowntimeHours},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if u.TeamID != nil {
		wo.TeamID, wo.Team, wo.TeamSource = *u.TeamID, "", TeamFromWorkOrder
		if *u.TeamID == 0 {
			wo.TeamSource = TeamFromMatrix
		}
	}
	u.applyCosts(wo, derivedCost)
	if u.Links != nil {
		wo.Links = *u.Links
	}
	if note := strings.TrimSpace(u.Note); note != "" {
		line := today.String() + " " + string(actor) + ": " + note
		if wo.Notes != "" {
			line = wo.Notes + "\n" + line
		}
		wo.Notes = line
	}
	return nil
}

func (u *WorkOrderUpdate) applyCosts(wo *WorkOrder, derivedCost bool) {
	if u.Parts != nil {
		wo.Parts = *u.Parts
		if u.PartsCost == nil {
			wo.PartsCost = PartsCost(wo.Parts)
		}
	}
	if u.PartsCost != nil && len(wo.Parts) == 0 {
		wo.PartsCost = *u.PartsCost
	}
	if u.LabourCost != nil {
		wo.LabourCost = *u.LabourCost
	}
	switch {
	case u.Cost != nil:
		wo.Cost = *u.Cost
	case derivedCost:
		wo.Cost = 0 // Normalize derives it again
	}
}

// ExplicitTeam returns the team assigned on the order itself, 0 when its
// team comes from the matrix.
func (wo *WorkOrder) ExplicitTeam() int64 {
	if wo.TeamSource == TeamFromWorkOrder {
		return wo.TeamID
	}
	return 0
}

// DiffWorkOrders lists the fields that differ between a and b as history
// entries (without time or actor), in a stable order. The team compares
// the explicit assignments by name ("" for the matrix's team).
func DiffWorkOrders(a, b *WorkOrder) []WorkOrderChange {
	var out []WorkOrderChange
	add := func(field, old, new string) {
		if old != new {
			out = append(out, WorkOrderChange{Field: field, Old: old, New: new})
		}
	}
	add("type", a.Type, b.Type)
	add("asset_tag", a.AssetTag, b.AssetTag)
	add("status", a.Status, b.Status)
	add("priority", a.Priority, b.Priority)
	add("title", a.Title, b.Title)
	add("description", a.Description, b.Description)
	add("team", explicitTeamName(a), explicitTeamName(b))
	add("assignee", a.Assignee, b.Assignee)
	add("target_version", a.TargetVersion, b.TargetVersion)
	add("scheduled", a.Scheduled.String(), b.Scheduled.String())
	add("due", a.Due.String(), b.Due.String())
	add("started", a.Started.String(), b.Started.String())
	add("completed", a.Completed.String(), b.Completed.String())
	add("estimated_hours", FormatHours(a.EstimatedHours), FormatHours(b.EstimatedHours))
	add("labour_hours", FormatHours(a.LabourHours), FormatHours(b.LabourHours))
	add("parts", FormatParts(a.Parts), FormatParts(b.Parts))
	add("parts_cost", moneyText(a.PartsCost), moneyText(b.PartsCost))
	add("labour_cost", moneyText(a.LabourCost), moneyText(b.LabourCost))
	add("cost", moneyText(a.Cost), moneyText(b.Cost))
	add("downtime_hours", FormatHours(a.DowntimeHours), FormatHours(b.DowntimeHours))
	add("notes", a.Notes, b.Notes)
	add("links", FormatLinks(a.Links), FormatLinks(b.Links))
	add("pm_schedule", idText(a.ScheduleID), idText(b.ScheduleID))
	return out
}

func explicitTeamName(wo *WorkOrder) string {
	if wo.TeamSource == TeamFromWorkOrder {
		return wo.Team
	}
	return ""
}

func moneyText(m Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
