package web

import (
	"net/http"
	"strings"

	"ward"
)

func (s *Server) maintenanceRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/pm-schedules", Perm: PermRead, Summary: "Preventive maintenance schedules (per model)",
			Query: []string{"model_id"}, Out: items[ward.PMSchedule]{}, Handler: s.handlePMScheduleList},
		{Pattern: "POST /api/v1/pm-schedules", Perm: PermWork, Summary: "Create a preventive maintenance schedule for a model",
			In: pmScheduleRequest{}, Out: ward.PMSchedule{}, Handler: s.handlePMScheduleCreate},
		{Pattern: "GET /api/v1/pm-schedules/{id}", Perm: PermRead, Summary: "One preventive maintenance schedule",
			Out: ward.PMSchedule{}, Handler: s.handlePMScheduleGet},
		{Pattern: "PATCH /api/v1/pm-schedules/{id}", Perm: PermWork, Summary: "Change a preventive maintenance schedule",
			In: ward.PMScheduleUpdate{}, Out: ward.PMSchedule{}, Handler: s.handlePMScheduleUpdate},
		{Pattern: "POST /api/v1/pm-schedules/generate", Perm: PermWork, Summary: "Create the preventive maintenance orders due by a day (idempotent)",
			In: pmGenerateRequest{}, Out: ward.PMResult{}, Handler: s.handlePMGenerate},
		{Pattern: "GET /api/v1/exceptions", Perm: PermRead, Summary: "The exception queue: work orders, recalls and findings no team answers for",
			Query: []string{"kind", "facility_id", "cursor", "limit"}, Out: ward.Page[ward.Exception]{}, Handler: s.handleExceptionList},
		{Pattern: "GET /api/v1/exceptions/counts", Perm: PermRead, Summary: "The size of the exception queue per kind",
			Out: items[ward.ExceptionCount]{}, Handler: s.handleExceptionCounts},
		{Pattern: "GET /api/v1/staffing", Perm: PermRead, Summary: "Workload per team (open and forecast work) against capacity",
			Query: []string{"from", "weeks"}, Out: ward.StaffingReport{}, Handler: s.handleStaffing},
		{Pattern: "GET /api/v1/team-capacity", Perm: PermRead, Summary: "Recorded team capacities",
			Out: items[ward.TeamCapacity]{}, Handler: s.handleCapacityList},
		{Pattern: "PUT /api/v1/team-capacity", Perm: PermAdmin, Summary: "Record a team's capacity (technicians × hours a week)",
			In: capacityRequest{}, Out: ward.TeamCapacity{}, Handler: s.handleCapacitySet},
	}
}

// pmScheduleRequest is the body of POST /api/v1/pm-schedules: the
// interval as months or days, or as text ("6m", "annual").
type pmScheduleRequest struct {
	ModelID        int64   `json:"model_id"`
	Task           string  `json:"task"`
	Interval       string  `json:"interval"`
	IntervalMonths int     `json:"interval_months"`
	IntervalDays   int     `json:"interval_days"`
	EstimatedHours float64 `json:"estimated_hours"`
}

// pmGenerateRequest is the body of POST /api/v1/pm-schedules/generate.
type pmGenerateRequest struct {
	// Until is the last due date to create orders for (default today).
	Until ward.Date `json:"until"`
}

// capacityRequest is the body of PUT /api/v1/team-capacity.
type capacityRequest struct {
	TeamID       int64   `json:"team_id"`
	Technicians  float64 `json:"technicians"`
	HoursPerWeek float64 `json:"hours_per_week"`
}

func (s *Server) handlePMScheduleList(w http.ResponseWriter, r *http.Request) error {
	modelID, err := queryInt(r, "model_id")
	if err != nil {
		return err
	}
	ss, err := s.store.FindPMSchedules(r.Context(), modelID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.PMSchedule]{Items: ss})
	return nil
}

func (s *Server) handlePMScheduleCreate(w http.ResponseWriter, r *http.Request) error {
	var body pmScheduleRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	sched := &ward.PMSchedule{ModelID: body.ModelID, Task: body.Task, IntervalMonths: body.IntervalMonths,
		IntervalDays: body.IntervalDays, EstimatedHours: body.EstimatedHours}
	if body.Interval != "" {
		if body.IntervalMonths != 0 || body.IntervalDays != 0 {
			return ward.Errorf(ward.EINVALID, "give interval, or interval_months or interval_days, not both")
		}
		var err error
		if sched.IntervalMonths, sched.IntervalDays, err = ward.ParseInterval(body.Interval); err != nil {
			return err
		}
	}
	if err := s.store.CreatePMSchedule(ward.WithActor(r.Context(), actorOf(r)), sched); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sched)
	return nil
}

func (s *Server) handlePMScheduleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sched, err := s.store.FindPMSchedule(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sched)
	return nil
}

func (s *Server) handlePMScheduleUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var upd ward.PMScheduleUpdate
	if err := decodeJSON(w, r, &upd); err != nil {
		return err
	}
	sched, err := s.store.UpdatePMSchedule(ward.WithActor(r.Context(), actorOf(r)), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sched)
	return nil
}

func (s *Server) handlePMGenerate(w http.ResponseWriter, r *http.Request) error {
	if err := requireWholeSystem(r, "generating due maintenance"); err != nil {
		return err
	}
	var body pmGenerateRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &body); err != nil {
			return err
		}
	}
	res, err := s.store.GeneratePM(ward.WithActor(r.Context(), actorOf(r)), body.Until)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) handleExceptionList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.ExceptionFilter{After: q.Get("cursor")}
	for _, v := range q["kind"] {
		f.Kinds = append(f.Kinds, strings.Split(v, ",")...)
	}
	var err error
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return err
	}
	if f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f.Limit = int(min(limit, 1000))
	page, err := s.store.FindExceptions(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleExceptionCounts(w http.ResponseWriter, r *http.Request) error {
	if err := requireWholeSystem(r, "the exception counts"); err != nil {
		return err
	}
	counts, err := s.store.CountExceptions(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.ExceptionCount]{Items: counts})
	return nil
}

func (s *Server) handleStaffing(w http.ResponseWriter, r *http.Request) error {
	if err := requireWholeSystem(r, "the staffing report"); err != nil {
		return err
	}
	var opts ward.StaffingOptions
	weeks, err := queryInt(r, "weeks")
	if err != nil {
		return err
	}
	opts.Weeks = int(min(weeks, 1000))
	if v := r.URL.Query().Get("from"); v != "" {
		if opts.From, err = ward.ParseDate(v); err != nil {
			return err
		}
	}
	rep, err := s.store.Staffing(r.Context(), opts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) handleCapacityList(w http.ResponseWriter, r *http.Request) error {
	caps, err := s.store.FindTeamCapacities(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.TeamCapacity]{Items: caps})
	return nil
}

func (s *Server) handleCapacitySet(w http.ResponseWriter, r *http.Request) error {
	var body capacityRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	c := &ward.TeamCapacity{TeamID: body.TeamID, Technicians: body.Technicians, HoursPerWeek: body.HoursPerWeek}
	if err := s.store.SetTeamCapacity(ward.WithActor(r.Context(), actorOf(r)), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
