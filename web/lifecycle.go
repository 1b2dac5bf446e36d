package web

import (
	"net/http"
	"strings"

	"ward"
)

func (s *Server) lifecycleRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/lifecycle", Perm: PermRead, Summary: "Lifecycle recommendations per device, facility by facility, with filters and a cursor",
			Query: []string{"facility_id", "facility", "recommendation", "model_id", "limit", "cursor"},
			Out:   ward.Page[ward.LifecycleRecommendation]{}, Handler: s.handleLifecycleList},
		{Pattern: "GET /api/v1/lifecycle/devices/{id}", Perm: PermRead, Summary: "One device's lifecycle recommendation with its reasons and what they count",
			Out: ward.LifecycleRecommendation{}, Handler: s.handleLifecycleDevice},
		{Pattern: "GET /api/v1/lifecycle/capital", Perm: PermRead, Summary: "The capital plan: replacements by year and facility, mitigation against replacement cost",
			Query: []string{"facility_id", "facility", "years", "top"}, Out: ward.CapitalPlan{}, Handler: s.handleCapitalPlan},
		{Pattern: "GET /api/v1/lifecycle/policy", Perm: PermRead, Summary: "The lifecycle policy",
			Out: ward.LifecyclePolicy{}, Handler: s.handleLifecyclePolicy},
		{Pattern: "PATCH /api/v1/lifecycle/policy", Perm: PermPlan, Summary: "Change thresholds of the lifecycle policy (fields not given keep their values)",
			In: ward.LifecyclePolicy{}, Out: ward.LifecyclePolicy{}, Handler: s.handleLifecyclePolicyUpdate},
	}
}

// lifecycleFacilities reads facility_id and facility (name or code), each
// repeatable or comma-separated, limited to the caller's facilities.
func (s *Server) lifecycleFacilities(r *http.Request) ([]int64, error) {
	ids, err := queryIDs(r, "facility_id")
	if err != nil {
		return nil, err
	}
	for _, v := range r.URL.Query()["facility"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			fac, err := s.store.FindFacilityByName(r.Context(), name)
			if err != nil {
				return nil, err
			}
			ids = append(ids, fac.ID)
		}
	}
	return scopeFacilities(r, ids)
}

func (s *Server) handleLifecycleList(w http.ResponseWriter, r *http.Request) error {
	var f ward.LifecycleFilter
	var err error
	if f.FacilityIDs, err = s.lifecycleFacilities(r); err != nil {
		return err
	}
	for _, v := range r.URL.Query()["recommendation"] {
		f.Recommendations = append(f.Recommendations, strings.Split(v, ",")...)
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f.Limit, f.After = int(min(limit, 1000)), r.URL.Query().Get("cursor")
	page, err := s.store.FindLifecycle(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleLifecycleDevice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := s.store.FindDeviceLifecycle(r.Context(), id)
	if err != nil {
		return err
	}
	if !inScope(r, rec.FacilityID) {
		return errOutOfScope("device")
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

func (s *Server) handleCapitalPlan(w http.ResponseWriter, r *http.Request) error {
	var f ward.CapitalFilter
	var err error
	if f.FacilityIDs, err = s.lifecycleFacilities(r); err != nil {
		return err
	}
	years, err := queryInt(r, "years")
	if err != nil {
		return err
	}
	top, err := queryInt(r, "top")
	if err != nil {
		return err
	}
	f.Years, f.Top = int(min(years, 1000)), int(min(top, 100000))
	plan, err := s.store.FindCapitalPlan(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, plan)
	return nil
}

func (s *Server) handleLifecyclePolicy(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindLifecyclePolicy(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// handleLifecyclePolicyUpdate decodes the body over the current policy,
// so a client sends only the thresholds it changes.
func (s *Server) handleLifecyclePolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := ward.WithActor(r.Context(), actorOf(r))
	p, err := s.store.FindLifecyclePolicy(ctx)
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, p); err != nil {
		return err
	}
	if err := s.store.SetLifecyclePolicy(ctx, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
