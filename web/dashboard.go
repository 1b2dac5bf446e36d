package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"ward"
	"ward/chart"
)

// dashboard returns the dashboard of a facility scope from the report
// cache: scoring every open finding of a million devices takes seconds.
func (s *Server) dashboard(ctx context.Context, scope []int64) (*ward.Dashboard, error) {
	return s.dashboardReport(ctx, scope, false)
}

// dashboardReport reads (or, when fresh, recomputes) a scope's dashboard.
func (s *Server) dashboardReport(ctx context.Context, scope []int64, fresh bool) (*ward.Dashboard, error) {
	v, _, err := s.report(ctx, fmt.Sprint("dashboard", scope), fresh, func(ctx context.Context) (any, error) {
		return s.app.Dashboard(ctx, scope)
	})
	if err != nil {
		return nil, err
	}
	return v.(*ward.Dashboard), nil
}

func (s *Server) handleDashboardAPI(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dashboard(r.Context(), scopeOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// dashboardView is the dashboard page's data: the figures and their
// charts, drawn on the server.
type dashboardView struct {
	D                                     *ward.Dashboard
	Completeness                          [3]int // percent with version, location, owner
	Priority, DeviceRisk, Facility, Trend template.HTML
}

func (s *Server) handleDashboardPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dashboard(r.Context(), scopeOf(r))
	if err != nil {
		return err
	}
	v := dashboardView{D: d}
	if n := d.Inventory.Devices; n > 0 {
		v.Completeness = [3]int{int(100 * d.Inventory.KnownVersion / n), int(100 * d.Inventory.KnownLocation / n), int(100 * d.Inventory.Owned / n)}
	}
	v.Priority = template.HTML(chart.Bars("Open findings by priority", priorityBars(d.Findings, "/findings?priority="), 520))
	v.DeviceRisk = template.HTML(chart.Bars("Devices by risk (worst open finding)", priorityBars(d.Devices, "/findings?priority="), 520))
	v.Facility = template.HTML(chart.Bars("Devices by facility", facilityBars(d.Facilities), 520))
	v.Trend = template.HTML(chart.Lines("Open findings by priority over time", trendSeries(d.Trend), 560, 220))
	return s.render(w, r, http.StatusOK, "dashboard", "Dashboard", "dashboard", v)
}

func priorityBars(c ward.PriorityCounts, href string) []chart.Bar {
	return []chart.Bar{
		{Label: "Critical", Value: float64(c.Critical), Class: "p-critical", Href: href + "critical"},
		{Label: "High", Value: float64(c.High), Class: "p-high", Href: href + "high"},
		{Label: "Medium", Value: float64(c.Medium), Class: "p-medium", Href: href + "medium"},
		{Label: "Low", Value: float64(c.Low), Class: "p-low", Href: href + "low"},
	}
}

func facilityBars(fs []ward.FacilityStats) []chart.Bar {
	fs = slices.Clone(fs)
	slices.SortFunc(fs, func(a, b ward.FacilityStats) int { return int(b.Devices - a.Devices) })
	var bars []chart.Bar
	for i, f := range fs {
		if i == 12 {
			break
		}
		name := f.Facility
		if name == "" {
			name = "(no facility)"
		}
		bars = append(bars, chart.Bar{Label: shorten(name, 22), Value: float64(f.Devices), Class: "bar",
			Href: "/devices?facility_id=" + strconv.FormatInt(f.FacilityID, 10)})
	}
	return bars
}

func trendSeries(pts []ward.DashboardPoint) []chart.Series {
	series := []chart.Series{{Name: "critical", Class: "p-critical"}, {Name: "high", Class: "p-high"},
		{Name: "medium", Class: "p-medium"}, {Name: "low", Class: "p-low"}}
	for _, p := range pts {
		at := p.Day.Time()
		for i, v := range []int64{p.Open.Critical, p.Open.High, p.Open.Medium, p.Open.Low} {
			series[i].Points = append(series[i].Points, chart.Point{At: at, Value: float64(v)})
		}
	}
	return series
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
