package ward

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// TeamCapacity is what a team can do: Technicians (full-time
// equivalents, so 2.5 is allowed) each available HoursPerWeek for work
// orders, after meetings, training and leave.
type TeamCapacity struct {
	TeamID       int64     `json:"team_id"`
	Team         string    `json:"team"`
	Technicians  float64   `json:"technicians"`
	HoursPerWeek float64   `json:"hours_per_week"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// DefaultHoursPerWeek is the available hours per technician and week when
// a capacity is set without them: 40 paid hours less about a fifth for
// leave, training, meetings and travel between sites.
const DefaultHoursPerWeek = 32

// Normalize checks a capacity: 0–10,000 technicians and 0–80 hours a
// week, defaulting the hours to DefaultHoursPerWeek. EINVALID otherwise.
func (c *TeamCapacity) Normalize() error {
	if math.IsNaN(c.Technicians) || c.Technicians < 0 || c.Technicians > 10000 {
		return Errorf(EINVALID, "technicians must be between 0 and 10000")
	}
	if c.HoursPerWeek == 0 {
		c.HoursPerWeek = DefaultHoursPerWeek
	}
	if math.IsNaN(c.HoursPerWeek) || c.HoursPerWeek < 0 || c.HoursPerWeek > 80 {
		return Errorf(EINVALID, "available hours per technician must be between 0 and 80 a week")
	}
	c.Technicians = math.Round(c.Technicians*100) / 100
	c.HoursPerWeek = math.Round(c.HoursPerWeek*100) / 100
	return nil
}

// StaffingOptions choose the period a staffing report looks ahead.
type StaffingOptions struct {
	// From is the first day (default today); Weeks the length of the
	// period (default 13, a quarter; at most 104).
	From  Date `json:"from"`
	Weeks int  `json:"weeks"`
}

// Normalize fills the defaults as of today and checks Weeks; EINVALID
// for a period outside 1–104 weeks.
func (o *StaffingOptions) Normalize(today Date) error {
	if o.From.IsZero() {
		o.From = today
	}
	if o.Weeks == 0 {
		o.Weeks = 13
	}
	if o.Weeks < 1 || o.Weeks > 104 {
		return Errorf(EINVALID, "a staffing period is 1 to 104 weeks")
	}
	return nil
}

// Until returns the last day of the period.
func (o *StaffingOptions) Until() Date { return o.From.AddInterval(0, 7*o.Weeks-1) }

// Staffing statuses of a team.
const (
	StaffingNoCapacity = "no_capacity" // no capacity recorded
	StaffingOver       = "over"        // workload above capacity
	StaffingStretched  = "stretched"   // workload above 85% of capacity
	StaffingOK         = "ok"
)

// stretchedAt is the utilisation above which a team is stretched: the
// share of time a maintenance team can plan without losing the slack
// unplanned work needs.
const stretchedAt = 0.85

// Workload is an amount of work: orders and the hours they need.
type Workload struct {
	Orders float64 `json:"orders"`
	Hours  float64 `json:"hours"`
}

// TeamStaffing compares one team's workload over the period with its
// capacity. Open work is the remaining estimate of its open orders (the
// estimate less the hours booked, or, without an estimate, the average
// labour of completed orders of the type over the last year). Forecast
// work is the preventive maintenance the schedules will bring due in the
// period beyond the orders already open, and the unplanned work (repairs,
// patches, recalls, …) of the last year, scaled to the period.
type TeamStaffing struct {
	TeamID        int64          `json:"team_id"`
	Team          string         `json:"team"`
	Kind          string         `json:"kind"`
	Technicians   float64        `json:"technicians"`
	HoursPerWeek  float64        `json:"hours_per_week"`
	CapacityHours float64        `json:"capacity_hours"`
	Open          Workload       `json:"open"`
	ForecastPM    Workload       `json:"forecast_pm"`
	ForecastOther Workload       `json:"forecast_unplanned"`
	WorkloadHours float64        `json:"workload_hours"`
	Utilisation   float64        `json:"utilisation"` // workload ÷ capacity; 0 without capacity
	Status        string         `json:"status"`
	NeededStaff   float64        `json:"technicians_needed"` // for the workload at the team's hours a week
	OverdueOrders int64          `json:"overdue_orders"`
	ByType        []TypeWorkload `json:"by_type"`
}

// TypeWorkload is a team's workload of one work order type.
type TypeWorkload struct {
	Type     string   `json:"type"`
	Open     Workload `json:"open"`
	Forecast Workload `json:"forecast"`
}

// StaffingReport is the workload of every team over a period, and the
// work no team answers for.
type StaffingReport struct {
	From    Date           `json:"from"`
	Until   Date           `json:"until"`
	Weeks   int            `json:"weeks"`
	Teams   []TeamStaffing `json:"teams"`
	Unowned TeamStaffing   `json:"unowned"`
}

// StaffingLoad is one aggregate the store reads for a staffing report:
// work of one type for one team (0: no team), open now or forecast.
type StaffingLoad struct {
	TeamID   int64
	Type     string
	Forecast bool
	PM       bool // forecast preventive maintenance (else unplanned)
	Orders   float64
	Hours    float64
	Overdue  int64
}

// BuildStaffing assembles a report from the teams, their capacities and
// the loads. Teams are listed by name; each one's status says whether its
// capacity covers the period's workload.
func BuildStaffing(opts StaffingOptions, teams []Team, caps []TeamCapacity, loads []StaffingLoad) *StaffingReport {
	rep := &StaffingReport{From: opts.From, Until: opts.Until(), Weeks: opts.Weeks, Teams: []TeamStaffing{}}
	at := map[int64]*TeamStaffing{}
	rep.Teams = make([]TeamStaffing, len(teams))
	for i, t := range teams {
		rep.Teams[i] = TeamStaffing{TeamID: t.ID, Team: t.Name, Kind: t.Kind, ByType: []TypeWorkload{}}
	}
	slices.SortFunc(rep.Teams, func(a, b TeamStaffing) int { return strings.Compare(strings.ToLower(a.Team), strings.ToLower(b.Team)) })
	for i := range rep.Teams {
		at[rep.Teams[i].TeamID] = &rep.Teams[i]
	}
	rep.Unowned = TeamStaffing{Team: "(no team)", ByType: []TypeWorkload{}}
	for _, c := range caps {
		if t := at[c.TeamID]; t != nil {
			t.Technicians, t.HoursPerWeek = c.Technicians, c.HoursPerWeek
			t.CapacityHours = round2(c.Technicians * c.HoursPerWeek * float64(opts.Weeks))
		}
	}
	for _, l := range loads {
		t := at[l.TeamID]
		if t == nil {
			t = &rep.Unowned
		}
		t.add(l)
	}
	for i := range rep.Teams {
		rep.Teams[i].finish(opts.Weeks)
	}
	rep.Unowned.finish(opts.Weeks)
	rep.Unowned.Status = ""
	return rep
}

func (t *TeamStaffing) add(l StaffingLoad) {
	w := Workload{Orders: l.Orders, Hours: l.Hours}
	t.OverdueOrders += l.Overdue
	i := slices.IndexFunc(t.ByType, func(b TypeWorkload) bool { return b.Type == l.Type })
	if i < 0 {
		t.ByType = append(t.ByType, TypeWorkload{Type: l.Type})
		i = len(t.ByType) - 1
	}
	bt := &t.ByType[i]
	switch {
	case !l.Forecast:
		t.Open.add(w)
		bt.Open.add(w)
	case l.PM:
		t.ForecastPM.add(w)
		bt.Forecast.add(w)
	default:
		t.ForecastOther.add(w)
		bt.Forecast.add(w)
	}
}

func (w *Workload) add(o Workload) {
	w.Orders += o.Orders
	w.Hours += o.Hours
}

func (w *Workload) round() {
	w.Orders, w.Hours = round2(w.Orders), round2(w.Hours)
}

func (t *TeamStaffing) finish(weeks int) {
	t.Open.round()
	t.ForecastPM.round()
	t.ForecastOther.round()
	for i := range t.ByType {
		t.ByType[i].Open.round()
		t.ByType[i].Forecast.round()
	}
	slices.SortFunc(t.ByType, func(a, b TypeWorkload) int {
		return slices.Index(WorkOrderTypes, a.Type) - slices.Index(WorkOrderTypes, b.Type)
	})
	t.WorkloadHours = round2(t.Open.Hours + t.ForecastPM.Hours + t.ForecastOther.Hours)
	if t.HoursPerWeek > 0 {
		t.NeededStaff = math.Ceil(t.WorkloadHours/(t.HoursPerWeek*float64(weeks))*10) / 10
	}
	switch {
	case t.CapacityHours <= 0:
		t.Status = StaffingNoCapacity
		t.Utilisation = 0
		return
	case t.WorkloadHours > t.CapacityHours:
		t.Status = StaffingOver
	case t.WorkloadHours > stretchedAt*t.CapacityHours:
		t.Status = StaffingStretched
	default:
		t.Status = StaffingOK
	}
	t.Utilisation = math.Round(t.WorkloadHours/t.CapacityHours*1000) / 1000
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// DefaultWorkHours are the hours a work order of each type is taken to
// need when it has no estimate and the last year has no completed order
// of the type to average: typical figures of a hospital biomed shop.
var DefaultWorkHours = map[string]float64{
	WorkOrderPM: 1.5, WorkOrderRepair: 3, WorkOrderPatch: 1, WorkOrderRecall: 1.5, WorkOrderMitigation: 2,
	WorkOrderInspection: 0.75, WorkOrderDecommission: 1,
}

// PMOccurrences returns how many times a schedule of months or days
// falls due in a period of weeks: the steady-state rate, units × period ÷
// interval, which a staffing forecast sums over many units whose due
// dates are spread over the interval.
func PMOccurrences(months, days, weeks int) float64 {
	periodDays := 7 * float64(weeks)
	interval := float64(days)
	if months > 0 {
		interval = float64(months) * 365.25 / 12
	}
	if interval <= 0 {
		return 0
	}
	return periodDays / interval
}

// StaffingService stores team capacities and reports workload against
// them.
type StaffingService interface {
	// SetTeamCapacity records a team's capacity, replacing the last;
	// ENOTFOUND for an unknown team, EINVALID for bad values.
	SetTeamCapacity(ctx context.Context, c *TeamCapacity) error
	// FindTeamCapacities lists the recorded capacities by team name.
	FindTeamCapacities(ctx context.Context) ([]TeamCapacity, error)
	// Staffing reports each team's workload over the period against its
	// capacity; EINVALID for a bad period.
	Staffing(ctx context.Context, opts StaffingOptions) (*StaffingReport, error)
}
