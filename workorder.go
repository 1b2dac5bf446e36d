package ward

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Work order types.
const (
	WorkOrderPM           = "preventive_maintenance"
	WorkOrderRepair       = "corrective_repair"
	WorkOrderPatch        = "patch"
	WorkOrderRecall       = "recall"
	WorkOrderMitigation   = "security_mitigation"
	WorkOrderInspection   = "inspection"
	WorkOrderDecommission = "decommission"
)

// WorkOrderTypes lists the work order types.
var WorkOrderTypes = []string{WorkOrderPM, WorkOrderRepair, WorkOrderPatch, WorkOrderRecall, WorkOrderMitigation,
	WorkOrderInspection, WorkOrderDecommission}

// workOrderTasks maps each work order type to the task of the
// responsibility matrix that decides its team.
var workOrderTasks = map[string]string{
	WorkOrderPM: TaskMaintenance, WorkOrderRepair: TaskRepair, WorkOrderPatch: TaskPatch, WorkOrderRecall: TaskRecall,
	WorkOrderMitigation: TaskMitigation, WorkOrderInspection: TaskInspection, WorkOrderDecommission: TaskDecommission,
}

// WorkOrderTask returns the responsibility-matrix task of a work order
// type ("" for an unknown type).
func WorkOrderTask(typ string) string { return workOrderTasks[typ] }

// Work order statuses.
const (
	WorkOrderOpen       = "open"
	WorkOrderScheduled  = "scheduled"
	WorkOrderInProgress = "in_progress"
	WorkOrderOnHold     = "on_hold"
	WorkOrderCompleted  = "completed"
	WorkOrderCancelled  = "cancelled"
)

// WorkOrderStatuses lists the statuses in workflow order; the last two are
// final.
var WorkOrderStatuses = []string{WorkOrderOpen, WorkOrderScheduled, WorkOrderInProgress, WorkOrderOnHold,
	WorkOrderCompleted, WorkOrderCancelled}

// OpenStatuses lists the statuses of work orders still to be done.
var OpenStatuses = []string{WorkOrderOpen, WorkOrderScheduled, WorkOrderInProgress, WorkOrderOnHold}

// transitions lists where each status may go. Work must be started
// (in_progress) before it is completed, so a completion date always
// follows a start; completed and cancelled are final.
var transitions = map[string][]string{
	WorkOrderOpen:       {WorkOrderScheduled, WorkOrderInProgress, WorkOrderOnHold, WorkOrderCancelled},
	WorkOrderScheduled:  {WorkOrderOpen, WorkOrderInProgress, WorkOrderOnHold, WorkOrderCancelled},
	WorkOrderInProgress: {WorkOrderOnHold, WorkOrderCompleted, WorkOrderCancelled},
	WorkOrderOnHold:     {WorkOrderScheduled, WorkOrderInProgress, WorkOrderCancelled},
}

// FinalStatus reports whether a work order with status s is closed.
func FinalStatus(s string) bool { return s == WorkOrderCompleted || s == WorkOrderCancelled }

// NextStatuses returns the statuses a work order in status from may move to.
func NextStatuses(from string) []string { return slices.Clone(transitions[from]) }

// CheckTransition says whether a work order may move from one status to
// another. It returns EINVALID for an unknown status and ECONFLICT for a
// move the workflow does not allow, naming the moves that are allowed.
func CheckTransition(from, to string) error {
	if !slices.Contains(WorkOrderStatuses, to) {
		return Errorf(EINVALID, "status %q is not one of %s", to, strings.Join(WorkOrderStatuses, ", "))
	}
	if from == to {
		return nil
	}
	if FinalStatus(from) {
		return Errorf(ECONFLICT, "the work order is %s, which is final: its status cannot change", from)
	}
	next := transitions[from]
	if !slices.Contains(next, to) {
		return Errorf(ECONFLICT, "a work order cannot go from %s to %s; from %s it can go to %s", from, to, from,
			strings.Join(next, ", "))
	}
	return nil
}

// Work order priorities (optional).
var WorkOrderPriorities = []string{"critical", "high", "medium", "low"}

// Link kinds: what a work order addresses.
const (
	LinkFinding  = "finding"
	LinkRecall   = "recall"
	LinkPatch    = "patch"
	LinkAdvisory = "advisory"
)

// LinkKinds lists the kinds of link.
var LinkKinds = []string{LinkFinding, LinkRecall, LinkPatch, LinkAdvisory}

// WorkOrderLink is something a work order addresses: a finding, a recall,
// a patch or an advisory, by Ward ID (0 when unknown, e.g. in an imported
// history) and by a reference people read (a recall number, an advisory
// tracking ID, a CVE). Links are not foreign keys: findings come and go
// with matching, and an imported history names things Ward may not hold.
type WorkOrderLink struct {
	Kind string `json:"kind"`
	ID   int64  `json:"id,omitempty"`
	Ref  string `json:"ref,omitempty"`
}

// Part is a part used by a work order.
type Part struct {
	Name     string  `json:"name"`
	Quantity float64 `json:"quantity"`
	UnitCost Money   `json:"unit_cost"`
}

// WorkOrder is a piece of work on one device: planned maintenance, a
// repair, a patch, a recall action, a security mitigation, an inspection
// or a decommissioning.
type WorkOrder struct {
	ID       int64  `json:"id"`
	Number   string `json:"number"` // "WO-0000042", or the CMMS's own number for imported ones
	Type     string `json:"type"`
	Status   string `json:"status"`
	Priority string `json:"priority"`
	Title    string `json:"title"`
	// Description says what is asked; Notes what was done and found.
	Description string `json:"description"`

	DeviceID   int64  `json:"device_id"`
	AssetTag   string `json:"asset_tag"`
	Model      string `json:"model"`
	DeviceType string `json:"device_type"`
	FacilityID int64  `json:"facility_id"`
	Facility   string `json:"facility"`
	// ScheduleID is the preventive maintenance schedule that generated
	// the order, if any.
	ScheduleID int64 `json:"pm_schedule_id,omitempty"`

	// TeamID and Team are the effective owner team: the order's own
	// assignment (TeamSource "work_order"), else the responsibility
	// matrix rule for its task and the device's type or any type
	// (TeamSource "matrix"), else the device's owner (TeamSource
	// "device_owner"). Zero when no team answers for it: the order is
	// then in the exception queue.
	TeamID     int64  `json:"team_id"`
	Team       string `json:"team"`
	TeamSource string `json:"team_source"`
	Assignee   string `json:"assignee"`

	// TargetVersion is, for a patch, the software version it installs:
	// completing the order sets the device's version to it.
	TargetVersion string `json:"target_version,omitempty"`

	Scheduled Date `json:"scheduled"`
	Due       Date `json:"due"`
	Started   Date `json:"started"`
	Completed Date `json:"completed"`
	// Overdue is set for an open order whose due date has passed.
	Overdue bool `json:"overdue"`

	EstimatedHours float64 `json:"estimated_hours"`
	LabourHours    float64 `json:"labour_hours"`
	Parts          []Part  `json:"parts"`
	PartsCost      Money   `json:"parts_cost"`
	LabourCost     Money   `json:"labour_cost"`
	// Cost is the total cost; unless set explicitly it is labour plus
	// parts.
	Cost          Money   `json:"cost"`
	DowntimeHours float64 `json:"downtime_hours"`
	Notes         string  `json:"notes"`

	Links []WorkOrderLink `json:"links"`

	CreatedAt time.Time `json:"created_at"`
	CreatedBy Actor     `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy Actor     `json:"updated_by"`
}

// WorkOrderChange is one entry of a work order's history: a field that
// changed, or its creation (Field "created").
type WorkOrderChange struct {
	ID          int64     `json:"id"`
	WorkOrderID int64     `json:"work_order_id"`
	Number      string    `json:"number,omitempty"`
	At          time.Time `json:"at"`
	Actor       Actor     `json:"actor"`
	Field       string    `json:"field"`
	Old         string    `json:"old"`
	New         string    `json:"new"`
}

// WorkOrderService stores work orders and their history.
type WorkOrderService interface {
	// FindWorkOrders returns one page of work orders; EINVALID for a bad
	// filter or cursor.
	FindWorkOrders(ctx context.Context, f WorkOrderFilter) (*Page[WorkOrder], error)
	// EachWorkOrder streams every work order matching f (ignoring After
	// and Limit) to fn in one read transaction; fn's error stops it.
	EachWorkOrder(ctx context.Context, f WorkOrderFilter, fn func(*WorkOrder) error) error
	// FindWorkOrder returns a work order by ID; ENOTFOUND if none.
	FindWorkOrder(ctx context.Context, id int64) (*WorkOrder, error)
	// FindWorkOrderByNumber returns a work order by number, ignoring case;
	// ENOTFOUND if none.
	FindWorkOrderByNumber(ctx context.Context, number string) (*WorkOrder, error)
	// CreateWorkOrders stores new work orders in one transaction, all or
	// none, numbering those without a number; it returns them as stored.
	// EINVALID for a bad value (naming the order), ENOTFOUND for an
	// unknown device or team, ECONFLICT for a number in use.
	CreateWorkOrders(ctx context.Context, wos []WorkOrder) ([]WorkOrder, error)
	// UpdateWorkOrder applies upd and records each change; ENOTFOUND for
	// an unknown order or team, EINVALID for bad values, ECONFLICT for a
	// status move the workflow does not allow.
	UpdateWorkOrder(ctx context.Context, id int64, upd WorkOrderUpdate) (*WorkOrder, error)
	// FindWorkOrderHistory returns a work order's changes, newest first,
	// ending with its creation; ENOTFOUND for an unknown order.
	FindWorkOrderHistory(ctx context.Context, id int64) ([]WorkOrderChange, error)
	// EachWorkOrderChange streams the history of the work orders matching
	// f, by work order, each starting with its creation, then oldest first.
	EachWorkOrderChange(ctx context.Context, f WorkOrderFilter, fn func(*WorkOrderChange) error) error
	// ImportWorkOrders upserts records by number; see WorkOrderRecord.
	ImportWorkOrders(ctx context.Context, src WorkOrderSource, opts ImportOptions) (*ImportResult, error)
	// ImportWorkOrderHistory adds history entries to the work orders they
	// name, skipping entries already recorded.
	ImportWorkOrderHistory(ctx context.Context, src WorkOrderChangeSource, opts ImportOptions) (*ImportResult, error)
}

// WorkOrderStore is every storage service of the work-order area: work
// orders, preventive maintenance schedules, the exception queue and
// staffing.
type WorkOrderStore interface {
	WorkOrderService
	PMService
	ExceptionService
	StaffingService
}
