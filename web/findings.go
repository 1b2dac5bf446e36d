package web

import (
	"net/http"
	"strings"

	"ward"
)

func (s *Server) handleAdvisoryList(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.store.FindAdvisories(r.Context(), ward.AdvisoryFilter{Source: q.Get("source"), CVE: q.Get("cve"),
		Q: q.Get("q"), After: q.Get("cursor"), Limit: int(min(limit, 1000))})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleAdvisoryGet(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.FindAdvisory(r.Context(), r.PathValue("source"), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// findingFilter reads a finding filter from query parameters.
func (s *Server) findingFilter(r *http.Request) (ward.FindingFilter, error) {
	q := r.URL.Query()
	f := ward.FindingFilter{Advisory: q.Get("advisory"), After: q.Get("cursor")}
	for _, v := range q["status"] {
		if v == "all" {
			f.Statuses = ward.FindingStatuses
			continue
		}
		f.Statuses = append(f.Statuses, strings.Split(v, ",")...)
	}
	var err error
	if f.AdvisoryID, err = queryInt(r, "advisory_db_id"); err != nil {
		return f, err
	}
	if f.DeviceID, err = queryInt(r, "device_id"); err != nil {
		return f, err
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return f, err
	}
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.KEV, err = queryBool(r, "kev"); err != nil {
		return f, err
	}
	if tag := q.Get("asset_tag"); tag != "" {
		d, err := s.store.FindDeviceByTag(r.Context(), tag)
		if err != nil {
			return f, err
		}
		if !inScope(r, d.FacilityID) {
			return f, errOutOfScope("device")
		}
		f.DeviceID = d.ID
	}
	if f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit = int(min(limit, 1000))
	return f, err
}

func (s *Server) handleFindingList(w http.ResponseWriter, r *http.Request) error {
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	page, err := s.app.FindFindings(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// handleFindingGet lists one computed finding for each device it concerns.
func (s *Server) handleFindingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := s.findingFilter(r)
	if err != nil {
		return err
	}
	f.ID = id
	if len(f.Statuses) == 0 {
		f.Statuses = ward.FindingStatuses
	}
	page, err := s.app.FindFindings(r.Context(), f)
	if err != nil {
		return err
	}
	if len(page.Items) == 0 && f.After == "" {
		return ward.Errorf(ward.ENOTFOUND, "no finding %d", id)
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// triageRequest is the body of POST /api/v1/triage: the model and version
// (or a device standing for them), the advisory, and the decision.
type triageRequest struct {
	ModelID         int64     `json:"model_id"`
	SoftwareVersion string    `json:"software_version"`
	DeviceID        int64     `json:"device_id"`
	AdvisoryDBID    int64     `json:"advisory_db_id"`
	Source          string    `json:"source"`
	AdvisoryID      string    `json:"advisory_id"`
	Status          string    `json:"status"`
	Justification   string    `json:"justification"`
	Comment         string    `json:"comment"`
	Expires         ward.Date `json:"expires"`
}

func (s *Server) handleTriage(w http.ResponseWriter, r *http.Request) error {
	var body triageRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ctx := ward.WithActor(r.Context(), actorOf(r))
	t := &ward.Triage{ModelID: body.ModelID, SoftwareVersion: body.SoftwareVersion, AdvisoryID: body.AdvisoryDBID,
		Status: body.Status, Justification: body.Justification, Comment: body.Comment, Expires: body.Expires}
	if body.DeviceID == 0 && body.ModelID == 0 {
		return ward.Errorf(ward.EINVALID, "name what the decision is for: device_id, or model_id and software_version")
	}
	if body.DeviceID != 0 {
		d, err := s.scopedDevice(r, body.DeviceID)
		if err != nil {
			return err
		}
		t.ModelID, t.SoftwareVersion = d.ModelID, d.SoftwareVersion
	}
	if t.AdvisoryID == 0 {
		if body.Source == "" || body.AdvisoryID == "" {
			return ward.Errorf(ward.EINVALID, "name the advisory by advisory_db_id, or by source and advisory_id")
		}
		a, err := s.store.FindAdvisory(ctx, body.Source, body.AdvisoryID)
		if err != nil {
			return err
		}
		t.AdvisoryID = a.ID
	}
	if err := s.store.SetTriage(ctx, t); err != nil {
		return err
	}
	s.invalidateReports()
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) handleMatch(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.app.MatchAll(ward.WithActor(r.Context(), actorOf(r)))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
