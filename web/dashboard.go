package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"ward"
	"ward/chart"
)

// dashboardTTL is how long a computed dashboard is served before it is
// recomputed in the background. Scoring every open finding of a million
// devices takes seconds, so pages never wait for it once warm.
const dashboardTTL = 5 * time.Minute

// dashboardCache holds one computed dashboard per facility scope.
type dashboardCache struct {
	mu      sync.Mutex
	entries map[string]*dashboardEntry
}

type dashboardEntry struct {
	d       *ward.Dashboard
	err     error
	done    chan struct{} // closed when the first computation ends
	running bool
}

// dashboard returns the cached dashboard for a scope, starting a refresh
// when it is stale; only the first request of a scope waits.
func (s *Server) dashboard(ctx context.Context, scope []int64) (*ward.Dashboard, error) {
	key := fmt.Sprint(scope)
	c := &s.dash
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*dashboardEntry{}
	}
	e := c.entries[key]
	if e == nil {
		e = &dashboardEntry{done: make(chan struct{})}
		c.entries[key] = e
		s.refreshDashboard(e, scope, true)
	} else if !e.running && e.d != nil && time.Since(e.d.At) > dashboardTTL {
		s.refreshDashboard(e, scope, false)
	}
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ward.Errorf(ward.EINTERNAL, "the dashboard is still being computed; reload in a moment")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.d, e.err
}

// refreshDashboard recomputes e in the background; the caller holds the
// lock.
func (s *Server) refreshDashboard(e *dashboardEntry, scope []int64, first bool) {
	e.running = true
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		d, err := s.app.Dashboard(ctx, scope)
		if err != nil {
			s.log.Error("computing the dashboard", "err", err)
		}
		s.dash.mu.Lock()
		if err == nil || e.d == nil {
			e.d, e.err = d, err
		}
		e.running = false
		s.dash.mu.Unlock()
		if first {
			close(e.done)
		}
	}()
}

// invalidateDashboards makes the next dashboard request recompute, after a
// change that moves its figures (a match, a triage, an import).
func (s *Server) invalidateDashboards() {
	s.dash.mu.Lock()
	defer s.dash.mu.Unlock()
	for _, e := range s.dash.entries {
		if e.d != nil {
			e.d.At = time.Time{}
		}
	}
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
