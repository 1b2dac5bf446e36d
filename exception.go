package ward

import (
	"context"
	"slices"
	"strings"
)

// Exception kinds: what can lack an owner.
const (
	ExceptionWorkOrder = "work_order"
	ExceptionRecall    = "recall"
	ExceptionFinding   = "finding"
)

// ExceptionKinds lists the kinds of exception, in queue order.
var ExceptionKinds = []string{ExceptionWorkOrder, ExceptionRecall, ExceptionFinding}

// Exception is an item no team answers for: an open work order whose
// task the responsibility matrix assigns to nobody for its device's type
// and whose device has no owner; an outstanding recall match on a device
// with neither its own team nor a recall rule for its type; or an open
// finding on devices with no security_mitigation rule and no owner. It
// stays in the queue until a team is assigned (on the order or the
// device, or by a matrix rule), or the item is closed.
type Exception struct {
	Kind string `json:"kind"`
	// ID is the work order's, the recall match's or the finding's ID;
	// Reference the order's number, the recall number or the advisory
	// ID; Title what it is about.
	ID        int64  `json:"id"`
	Reference string `json:"reference"`
	Title     string `json:"title"`
	Task      string `json:"task"`
	Status    string `json:"status"`
	Due       Date   `json:"due"`

	// DeviceID and AssetTag name the device of a work order, a recall
	// match or a device-level finding (for a finding on a model and
	// version, its first unowned unit); Devices counts the unowned
	// devices concerned.
	DeviceID        int64  `json:"device_id,omitempty"`
	AssetTag        string `json:"asset_tag,omitempty"`
	Devices         int64  `json:"devices"`
	DeviceType      string `json:"device_type"`
	ModelID         int64  `json:"model_id"`
	Model           string `json:"model"`
	SoftwareVersion string `json:"software_version,omitempty"`
	FacilityID      int64  `json:"facility_id,omitempty"`
	Facility        string `json:"facility,omitempty"`
	// Reason says, in words, why no team answers for the item.
	Reason string `json:"reason"`
}

// ExceptionReason explains why no team does task for devices of
// deviceType: no matrix rule for the task (for the type or for any type),
// and the device has no owner either.
func ExceptionReason(task, deviceType string) string {
	of := "devices without a type"
	if deviceType != "" {
		of = "device type \"" + deviceType + "\""
	}
	return "no team does " + task + " for " + of + " (no rule for the type or for any type) and the device has no owner; " +
		"assign a team or add a rule with 'ward responsibility set'"
}

// ExceptionFilter selects exceptions.
type ExceptionFilter struct {
	Kinds       []string // default: every kind
	FacilityIDs []int64  // only items on devices of these facilities
	After       string   // cursor from the previous page
	Limit       int      // page size; default 100, at most 1000
}

// Validate checks the kinds; EINVALID for an unknown one.
func (f *ExceptionFilter) Validate() error {
	for _, k := range f.Kinds {
		if !slices.Contains(ExceptionKinds, k) {
			return Errorf(EINVALID, "exception kind %q is not one of %s", k, strings.Join(ExceptionKinds, ", "))
		}
	}
	return nil
}

// ExceptionCount is the size of the queue per kind.
type ExceptionCount struct {
	Kind  string `json:"kind"`
	Items int64  `json:"items"`
}

// ExceptionService lists the exception queue.
type ExceptionService interface {
	// FindExceptions returns one page of the queue: work orders first,
	// then recall matches, then findings, each by ID. EINVALID for a bad
	// kind or cursor.
	FindExceptions(ctx context.Context, f ExceptionFilter) (*Page[Exception], error)
	// CountExceptions returns the size of the queue per kind, every kind
	// listed.
	CountExceptions(ctx context.Context) ([]ExceptionCount, error)
}
