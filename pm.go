package ward

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// PMSchedule is a preventive maintenance plan for every unit of a model:
// a task repeated every IntervalMonths months or IntervalDays days (one of
// the two), taking about EstimatedHours each time. Schedules generate
// preventive_maintenance work orders for the model's in-service devices.
type PMSchedule struct {
	ID             int64   `json:"id"`
	ModelID        int64   `json:"model_id"`
	Manufacturer   string  `json:"manufacturer"`
	Model          string  `json:"model"`
	DeviceType     string  `json:"device_type"`
	Task           string  `json:"task"`
	IntervalMonths int     `json:"interval_months"`
	IntervalDays   int     `json:"interval_days"`
	EstimatedHours float64 `json:"estimated_hours"`
	Active         bool    `json:"active"`
	// Devices is the number of in-service devices the schedule covers;
	// OpenOrders the number of its work orders still open. Both are
	// filled by list queries.
	Devices    int64     `json:"devices"`
	OpenOrders int64     `json:"open_orders"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Normalize checks a schedule: a model, a task of at most 200 characters
// and exactly one interval of 1–120 months or 1–3660 days. It returns
// EINVALID otherwise.
func (s *PMSchedule) Normalize() error {
	var err error
	if s.Task, err = CleanText(s.Task, maxTitleLen, "task", false); err != nil {
		return err
	}
	if s.Task == "" {
		return Errorf(EINVALID, "a maintenance schedule needs a task, e.g. \"Annual PM and electrical safety test\"")
	}
	if s.ModelID <= 0 {
		return Errorf(EINVALID, "a maintenance schedule needs a model")
	}
	switch {
	case (s.IntervalMonths > 0) == (s.IntervalDays > 0), s.IntervalMonths < 0, s.IntervalDays < 0:
		return Errorf(EINVALID, "a maintenance schedule needs one interval: months or days")
	case s.IntervalMonths > 120, s.IntervalDays > 3660:
		return Errorf(EINVALID, "a maintenance interval is at most 120 months (3660 days)")
	}
	s.EstimatedHours, err = CheckHours(s.EstimatedHours, "estimated hours")
	return err
}

// Interval describes the interval, e.g. "6 months" or "90 days".
func (s *PMSchedule) Interval() string {
	if s.IntervalMonths > 0 {
		return plural(s.IntervalMonths, "month")
	}
	return plural(s.IntervalDays, "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// ParseInterval reads an interval: "6m", "6 months", "90d", "90 days",
// "1y", "2 years", "2w", or the words monthly, quarterly, semiannual,
// annual and biennial. It returns EINVALID otherwise.
func ParseInterval(s string) (months, days int, err error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "monthly":
		return 1, 0, nil
	case "quarterly":
		return 3, 0, nil
	case "semiannual", "semi-annual", "semiannually", "biannual":
		return 6, 0, nil
	case "annual", "annually", "yearly":
		return 12, 0, nil
	case "biennial", "biennially":
		return 24, 0, nil
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n, convErr := strconv.Atoi(t[:i])
	unit := strings.TrimSpace(t[i:])
	if convErr != nil || n <= 0 || n > 3660 {
		return 0, 0, Errorf(EINVALID, "%q is not an interval (write e.g. 6m, 12 months, 90d)", s)
	}
	switch unit {
	case "m", "mo", "month", "months":
		return n, 0, nil
	case "y", "year", "years":
		return 12 * n, 0, nil
	case "d", "day", "days":
		return 0, n, nil
	case "w", "week", "weeks":
		return 0, 7 * n, nil
	}
	return 0, 0, Errorf(EINVALID, "%q is not an interval (write e.g. 6m, 12 months, 90d)", s)
}

// AddInterval returns d moved by months and days. Adding months keeps the
// day of the month where the month has it and otherwise takes the month's
// last day (31 January + 1 month is 28 or 29 February).
func (d Date) AddInterval(months, days int) Date {
	if months != 0 {
		first := time.Date(d.Year, d.Month+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 1, -1).Day()
		d = Date{first.Year(), first.Month(), min(d.Day, last)}
	}
	if days != 0 {
		d = DateOf(d.Time().AddDate(0, 0, days))
	}
	return d
}

// NextPMDue returns when a device's next preventive maintenance under s
// falls due. lastDue and lastDone are the due and completion dates of its
// last closed order under the schedule (zero when there is none).
//
// The schedule keeps its rhythm: the next order is due one interval after
// the last one was due, however late that one was done, unless it was
// done more than an interval late, when the rhythm restarts from the day
// it was done. A device without history is first due one interval after
// it was acquired, or today when that day has passed or is unknown.
func NextPMDue(s *PMSchedule, lastDue, lastDone, acquired, today Date) Date {
	step := func(d Date) Date { return d.AddInterval(s.IntervalMonths, s.IntervalDays) }
	if !lastDue.IsZero() || !lastDone.IsZero() {
		base := lastDue
		if base.IsZero() || (!lastDone.IsZero() && step(base).Before(lastDone)) {
			base = lastDone
		}
		return step(base)
	}
	if !acquired.IsZero() {
		if first := step(acquired); !first.Before(today) {
			return first
		}
	}
	return today
}

// PMResult says what a generation of preventive maintenance orders did.
type PMResult struct {
	Until     Date `json:"until"`
	Schedules int  `json:"schedules"`
	// Devices is the number of (device, schedule) pairs examined: the
	// in-service units of every active schedule's model.
	Devices int `json:"devices"`
	// Created is the number of orders generated; AlreadyOpen the pairs
	// skipped because an order is open for them; NotDue those whose next
	// order falls due after Until.
	Created     int `json:"created"`
	AlreadyOpen int `json:"already_open"`
	NotDue      int `json:"not_due"`
}

// PMScheduleUpdate changes a schedule; nil fields are left alone.
type PMScheduleUpdate struct {
	Task           *string  `json:"task"`
	IntervalMonths *int     `json:"interval_months"`
	IntervalDays   *int     `json:"interval_days"`
	EstimatedHours *float64 `json:"estimated_hours"`
	Active         *bool    `json:"active"`
}

// PMService manages preventive maintenance schedules.
type PMService interface {
	// FindPMSchedules returns the schedules, of one model when modelID is
	// not 0, with their device and open order counts.
	FindPMSchedules(ctx context.Context, modelID int64) ([]PMSchedule, error)
	// FindPMSchedule returns one schedule; ENOTFOUND if none.
	FindPMSchedule(ctx context.Context, id int64) (*PMSchedule, error)
	// CreatePMSchedule adds a schedule; EINVALID for bad values,
	// ENOTFOUND for an unknown model, ECONFLICT when the model has a
	// schedule with the same task.
	CreatePMSchedule(ctx context.Context, s *PMSchedule) error
	// UpdatePMSchedule changes a schedule; ENOTFOUND, EINVALID, ECONFLICT
	// as for CreatePMSchedule.
	UpdatePMSchedule(ctx context.Context, id int64, upd PMScheduleUpdate) (*PMSchedule, error)
	// GeneratePM creates, for every active schedule and every in-service
	// unit of its model without an open maintenance order, the next order
	// when it falls due on or before until. It never leaves two open
	// orders for one device and schedule, so running it again adds
	// nothing.
	GeneratePM(ctx context.Context, until Date) (*PMResult, error)
}
