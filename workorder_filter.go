package ward

import (
	"slices"
	"strings"
)

// Work order sort keys accepted by WorkOrderFilter.Sort.
const (
	// WorkOrderSortNewest lists the newest orders first (the default).
	WorkOrderSortNewest = "newest"
	// WorkOrderSortDue lists by due date, earliest first, orders without
	// a due date last.
	WorkOrderSortDue = "due"
)

// WorkOrderFilter selects work orders. Zero fields do not filter.
type WorkOrderFilter struct {
	Statuses    []string // default: every status; OpenStatuses for the open ones
	Types       []string
	TeamID      int64 // effective owner team
	Unowned     bool  // only open orders no team answers for
	FacilityIDs []int64
	DeviceID    int64
	ScheduleID  int64
	Overdue     bool // only open orders past their due date
	// LinkKind with LinkID or LinkRef selects the orders addressing one
	// finding, recall, patch or advisory.
	LinkKind string
	LinkID   int64
	LinkRef  string
	Sort     string // WorkOrderSortNewest (default) or WorkOrderSortDue
	After    string // cursor from the previous page
	Limit    int    // page size; default 100, at most 1000
}

// Validate checks the statuses, types, link kind and sort, setting the
// default sort; EINVALID for an unknown value.
func (f *WorkOrderFilter) Validate() error {
	if f.Sort == "" {
		f.Sort = WorkOrderSortNewest
	}
	if f.Sort != WorkOrderSortNewest && f.Sort != WorkOrderSortDue {
		return Errorf(EINVALID, "cannot sort work orders by %q; use newest or due", f.Sort)
	}
	for _, s := range f.Statuses {
		if !slices.Contains(WorkOrderStatuses, s) {
			return Errorf(EINVALID, "status %q is not one of %s", s, strings.Join(WorkOrderStatuses, ", "))
		}
	}
	for _, t := range f.Types {
		if !slices.Contains(WorkOrderTypes, t) {
			return Errorf(EINVALID, "type %q is not one of %s", t, strings.Join(WorkOrderTypes, ", "))
		}
	}
	if f.LinkKind != "" && !slices.Contains(LinkKinds, f.LinkKind) {
		return Errorf(EINVALID, "link kind %q is not one of %s", f.LinkKind, strings.Join(LinkKinds, ", "))
	}
	if (f.LinkID != 0 || f.LinkRef != "") && f.LinkKind == "" {
		return Errorf(EINVALID, "a link ID or reference needs a link kind")
	}
	return nil
}

// WorkOrderUpdate changes fields of one work order; nil fields are left
// alone. Each change is recorded in the order's history. A status change
// follows the workflow (see CheckTransition): moving to in_progress sets
// the start date and moving to completed the completion date, unless
// given. Device and type do not change: a different job is a new order.
type WorkOrderUpdate struct {
	Status         *string          `json:"status"`
	Priority       *string          `json:"priority"`
	Title          *string          `json:"title"`
	Description    *string          `json:"description"`
	TeamID         *int64           `json:"team_id"` // 0 returns the order to the matrix's team
	Assignee       *string          `json:"assignee"`
	TargetVersion  *string          `json:"target_version"`
	Scheduled      *Date            `json:"scheduled"`
	Due            *Date            `json:"due"`
	Started        *Date            `json:"started"`
	Completed      *Date            `json:"completed"`
	EstimatedHours *float64         `json:"estimated_hours"`
	LabourHours    *float64         `json:"labour_hours"`
	Parts          *[]Part          `json:"parts"`
	PartsCost      *Money           `json:"parts_cost"`
	LabourCost     *Money           `json:"labour_cost"`
	Cost           *Money           `json:"cost"`
	DowntimeHours  *float64         `json:"downtime_hours"`
	Notes          *string          `json:"notes"`
	Links          *[]WorkOrderLink `json:"links"`
	// Note is appended to the notes as a dated line naming the actor.
	Note string `json:"note"`
	// Record lists further history entries to write in the same
	// transaction, such as the device change a completed patch made.
	Record []WorkOrderChange `json:"-"`
}

// IsZero reports whether the update changes nothing.
func (u *WorkOrderUpdate) IsZero() bool {
	return u.Status == nil && u.Priority == nil && u.Title == nil && u.Description == nil && u.TeamID == nil &&
		u.Assignee == nil && u.TargetVersion == nil && u.Scheduled == nil && u.Due == nil && u.Started == nil &&
		u.Completed == nil && u.EstimatedHours == nil && u.LabourHours == nil && u.Parts == nil &&
		u.PartsCost == nil && u.LabourCost == nil && u.Cost == nil && u.DowntimeHours == nil && u.Notes == nil &&
		u.Links == nil && u.Note == "" && len(u.Record) == 0
}
