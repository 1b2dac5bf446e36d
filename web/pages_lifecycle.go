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

// lifecycleView is the lifecycle page's data.
type lifecycleView struct {
	Query           url.Values
	Page            *ward.Page[ward.LifecycleRecommendation]
	Facilities      []ward.Facility
	Recommendations []string
	Next            string
}

// lifecycleFilter reads the list's filters as GET /api/v1/lifecycle does.
func (s *Server) lifecycleFilter(r *http.Request) (ward.LifecycleFilter, error) {
	var f ward.LifecycleFilter
	var err error
	if f.FacilityIDs, err = s.lifecycleFacilities(r); err != nil {
		return f, err
	}
	f.Recommendations = splitParams(r.URL.Query()["recommendation"])
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit, f.After = int(min(limit, 1000)), r.URL.Query().Get("cursor")
	return f, err
}

func (s *Server) handleLifecyclePage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.lifecycleFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportLifecycle(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := lifecycleView{Query: r.URL.Query(), Recommendations: ward.LifecycleRecommendations}
	if v.Page, err = s.store.FindLifecycle(r.Context(), f); err != nil {
		return err
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	v.Next = nextPage(v.Query, v.Page.NextCursor)
	return s.render(w, r, http.StatusOK, "lifecycle", "Lifecycle", "lifecycle", v)
}

func (s *Server) exportLifecycle(w http.ResponseWriter, r *http.Request, f ward.LifecycleFilter) error {
	header := []string{"asset_tag", "recommendation", "reasons", "facility", "manufacturer", "model", "device_type",
		"software_version", "status", "age_years", "end_of_life", "end_of_support", "due_year", "open_recalls",
		"repair_cost_12m", "downtime_hours_12m", "replacement_cost", "open_findings", "unpatchable_critical", "mitigation_cost"}
	f.After = ""
	return csvExport(w, "lifecycle", header, func(emit func(...string) error) error {
		return s.store.EachLifecycle(r.Context(), f, func(x *ward.LifecycleRecommendation) error {
			age := ""
			if x.AgeYears != nil {
				age = strconv.FormatFloat(*x.AgeYears, 'f', 1, 64)
			}
			due := ""
			if x.DueYear != 0 {
				due = strconv.Itoa(x.DueYear)
			}
			return emit(x.AssetTag, x.Recommendation, reasonsText(x.Reasons), x.Facility, x.Manufacturer, x.Model, x.DeviceType,
				x.SoftwareVersion, x.Status, age, x.EndOfLife.String(), x.EndOfSupport.String(), due, strconv.Itoa(x.OpenRecalls),
				x.RepairCost.String(), strconv.FormatFloat(x.DowntimeHours, 'f', -1, 64), x.ReplacementCost.String(),
				strconv.Itoa(x.OpenFindings), strconv.Itoa(x.UnpatchableCritical), x.MitigationCost.String())
		})
	})
}

// reasonsText joins a recommendation's reasons for one CSV cell.
func reasonsText(rs []ward.LifecycleReason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Text
	}
	return strings.Join(parts, "; ")
}

// capitalView is the capital plan page's data: the plan and its chart.
type capitalView struct {
	Query      url.Values
	Plan       *ward.CapitalPlan
	At         time.Time // when the plan was computed
	Facilities []ward.Facility
	Chart      template.HTML
}

func (s *Server) handleCapitalPage(w http.ResponseWriter, r *http.Request) error {
	var f ward.CapitalFilter
	var err error
	if f.FacilityIDs, err = s.lifecycleFacilities(r); err != nil {
		return err
	}
	years, err := queryInt(r, "years")
	if err != nil {
		return err
	}
	f.Years, f.Top = int(min(years, 1000)), capitalTop
	v := capitalView{Query: r.URL.Query()}
	if v.Plan, v.At, err = s.capitalPlan(r.Context(), f, r.URL.Query().Get("fresh") != ""); err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return exportCapital(w, v.Plan)
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	var bars []chart.Bar
	for _, y := range v.Plan.Years {
		bars = append(bars, chart.Bar{Label: strconv.Itoa(y.Year), Value: math.Round(float64(y.Cost) / 100000), Class: "cost"})
	}
	v.Chart = template.HTML(chart.Bars("Replacement cost by year, in thousands", bars, 640))
	return s.render(w, r, http.StatusOK, "capital", "Capital plan", "lifecycle", v)
}

func exportCapital(w http.ResponseWriter, p *ward.CapitalPlan) error {
	header := []string{"year", "facility", "devices", "cost", "overdue", "no_cost"}
	return csvExport(w, "capital-plan", header, func(emit func(...string) error) error {
		for _, row := range p.Rows {
			if err := emit(strconv.Itoa(row.Year), row.Facility, strconv.FormatInt(row.Devices, 10), row.Cost.String(),
				strconv.FormatInt(row.Overdue, 10), strconv.FormatInt(row.NoCost, 10)); err != nil {
				return err
			}
		}
		return nil
	})
}

// capitalPlan is the capital plan from the report cache.
func (s *Server) capitalPlan(ctx context.Context, f ward.CapitalFilter, fresh bool) (*ward.CapitalPlan, time.Time, error) {
	v, at, err := s.report(ctx, fmt.Sprintf("capital %+v", f), fresh,
		func(ctx context.Context) (any, error) { return s.store.FindCapitalPlan(ctx, f) })
	if err != nil {
		return nil, at, err
	}
	return v.(*ward.CapitalPlan), at, nil
}

// capitalTop is how many devices the capital plan page lists by cost.
const capitalTop = 25
