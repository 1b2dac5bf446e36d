package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/chart"
)

// exceptionsView is the exception queue's data.
type exceptionsView struct {
	Query      url.Values
	Page       *ward.Page[ward.Exception]
	Counts     []ward.ExceptionCount
	Kinds      []string
	Facilities []ward.Facility
	Next       string
}

// exceptionFilter reads the queue's filters as GET /api/v1/exceptions
// does, within the caller's facilities.
func exceptionFilter(r *http.Request) (ward.ExceptionFilter, error) {
	f := ward.ExceptionFilter{Kinds: splitParams(r.URL.Query()["kind"]), After: r.URL.Query().Get("cursor")}
	var err error
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit = int(min(limit, 1000))
	return f, err
}

func (s *Server) handleExceptionsPage(w http.ResponseWriter, r *http.Request) error {
	f, err := exceptionFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportExceptions(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := exceptionsView{Query: r.URL.Query(), Kinds: ward.ExceptionKinds}
	if v.Page, err = s.store.FindExceptions(r.Context(), f); err != nil {
		return err
	}
	// The counts cover every facility, and cost a walk of the queue: the
	// unfiltered first page shows them, to unscoped users only.
	if len(scopeOf(r)) == 0 && len(f.Kinds) == 0 && len(f.FacilityIDs) == 0 && f.After == "" {
		counts, _, err := s.report(r.Context(), "exception counts", false,
			func(ctx context.Context) (any, error) { return s.store.CountExceptions(ctx) })
		if err != nil {
			return err
		}
		v.Counts = counts.([]ward.ExceptionCount)
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	v.Next = nextPage(v.Query, v.Page.NextCursor)
	return s.render(w, r, http.StatusOK, "exceptions", "Exceptions", "workorders", v)
}

// exportExceptions writes the whole queue of f as CSV, page by page: the
// queue has no stream of its own, and its pages are keyset-paged.
func (s *Server) exportExceptions(w http.ResponseWriter, r *http.Request, f ward.ExceptionFilter) error {
	header := []string{"kind", "id", "reference", "title", "task", "status", "due", "asset_tag", "devices", "device_type",
		"model", "software_version", "facility", "reason"}
	f.Limit, f.After = 1000, ""
	return csvExport(w, "exceptions", header, func(emit func(...string) error) error {
		for {
			page, err := s.store.FindExceptions(r.Context(), f)
			if err != nil {
				return err
			}
			for _, e := range page.Items {
				if err := emit(e.Kind, strconv.FormatInt(e.ID, 10), e.Reference, e.Title, e.Task, e.Status, e.Due.String(),
					e.AssetTag, strconv.FormatInt(e.Devices, 10), e.DeviceType, e.Model, e.SoftwareVersion, e.Facility,
					e.Reason); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				return nil
			}
			f.After = page.NextCursor
		}
	})
}

// staffingView is the staffing page's data: the report and its chart.
type staffingView struct {
	Query  url.Values
	Report *ward.StaffingReport
	Rows   []staffingRow // the teams, then the work no team answers for
	Chart  template.HTML
	At     time.Time // when the report was computed
}

// staffingRow is a team's line with its utilisation in percent.
type staffingRow struct {
	ward.TeamStaffing
	Percent int
}

// staffingOptions reads the period as GET /api/v1/staffing does.
func staffingOptions(r *http.Request) (ward.StaffingOptions, error) {
	var opts ward.StaffingOptions
	weeks, err := queryInt(r, "weeks")
	if err != nil {
		return opts, err
	}
	opts.Weeks = int(min(weeks, 1000))
	if v := r.URL.Query().Get("from"); v != "" {
		if opts.From, err = ward.ParseDate(v); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

func (s *Server) handleStaffingPage(w http.ResponseWriter, r *http.Request) error {
	if err := requireWholeSystem(r, "the staffing report"); err != nil {
		return err
	}
	opts, err := staffingOptions(r)
	if err != nil {
		return err
	}
	rep, at, err := s.staffingReport(r.Context(), opts, r.URL.Query().Get("fresh") != "")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return exportStaffing(w, rep)
	}
	view := staffingView{Query: r.URL.Query(), Report: rep, At: at,
		Chart: template.HTML(chart.Bars("Workload against capacity, hours over "+strconv.Itoa(rep.Weeks)+" weeks", staffingBars(rep), 640))}
	for _, t := range append(rep.Teams, rep.Unowned) {
		view.Rows = append(view.Rows, staffingRow{TeamStaffing: t, Percent: int(math.Round(t.Utilisation * 100))})
	}
	return s.render(w, r, http.StatusOK, "staffing", "Staffing", "workorders", view)
}

// staffingBars draws two bars per team, its workload (coloured by its
// status) and its capacity, and one for the work no team answers for.
func staffingBars(rep *ward.StaffingReport) []chart.Bar {
	class := map[string]string{ward.StaffingOver: "p-critical", ward.StaffingStretched: "p-high", ward.StaffingOK: "p-low",
		ward.StaffingNoCapacity: "p-medium"}
	var bars []chart.Bar
	for _, t := range rep.Teams {
		href := "/workorders?status=open&team_id=" + strconv.FormatInt(t.TeamID, 10)
		name := shorten(t.Team, 13)
		bars = append(bars, chart.Bar{Label: name + " workload", Value: math.Round(t.WorkloadHours), Class: class[t.Status], Href: href},
			chart.Bar{Label: name + " capacity", Value: math.Round(t.CapacityHours), Class: "capacity"})
	}
	if rep.Unowned.WorkloadHours > 0 {
		bars = append(bars, chart.Bar{Label: "No team workload", Value: math.Round(rep.Unowned.WorkloadHours), Class: "p-critical",
			Href: "/exceptions"})
	}
	return bars
}

func exportStaffing(w http.ResponseWriter, rep *ward.StaffingReport) error {
	header := []string{"team", "kind", "technicians", "hours_per_week", "capacity_hours", "open_orders", "open_hours",
		"forecast_pm_hours", "forecast_unplanned_hours", "workload_hours", "utilisation", "status", "technicians_needed",
		"overdue_orders"}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return csvExport(w, "staffing", header, func(emit func(...string) error) error {
		for _, t := range append(rep.Teams, rep.Unowned) {
			if err := emit(t.Team, t.Kind, f(t.Technicians), f(t.HoursPerWeek), f(t.CapacityHours), f(t.Open.Orders),
				f(t.Open.Hours), f(t.ForecastPM.Hours), f(t.ForecastOther.Hours), f(t.WorkloadHours), f(t.Utilisation),
				strings.ReplaceAll(t.Status, "_", " "), f(t.NeededStaff), strconv.FormatInt(t.OverdueOrders, 10)); err != nil {
				return err
			}
		}
		return nil
	})
}

// staffingReport is the staffing report from the report cache.
func (s *Server) staffingReport(ctx context.Context, opts ward.StaffingOptions, fresh bool) (*ward.StaffingReport, time.Time, error) {
	v, at, err := s.report(ctx, fmt.Sprintf("staffing %+v", opts), fresh,
		func(ctx context.Context) (any, error) { return s.store.Staffing(ctx, opts) })
	if err != nil {
		return nil, at, err
	}
	return v.(*ward.StaffingReport), at, nil
}
