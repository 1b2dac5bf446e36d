package web

import (
	"net/http"

	"ward"
)

func (s *Server) handleDeviceTypeList(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.FindDeviceTypes(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ts)})
	return nil
}

func (s *Server) handleTeamList(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.store.FindTeams(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ts)})
	return nil
}

func (s *Server) handleTeamCreate(w http.ResponseWriter, r *http.Request) error {
	var t ward.Team
	if err := decodeJSON(w, r, &t); err != nil {
		return err
	}
	t.ID, t.Devices = 0, 0
	if err := s.store.CreateTeam(ward.WithActor(r.Context(), actorOf(r)), &t); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Server) handleResponsibilityList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindResponsibilities(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(rs)})
	return nil
}

func (s *Server) handleResponsibilitySet(w http.ResponseWriter, r *http.Request) error {
	var body responsibilityRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	res, err := s.store.SetResponsibility(ward.WithActor(r.Context(), actorOf(r)), body.DeviceType, body.TaskType, body.TeamID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) handleResponsibilityDelete(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := s.store.DeleteResponsibility(ward.WithActor(r.Context(), actorOf(r)), q.Get("device_type"), q.Get("task_type")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// responsibilityRequest is the body of PUT /api/v1/responsibilities.
type responsibilityRequest struct {
	DeviceType string `json:"device_type"`
	TaskType   string `json:"task_type"`
	TeamID     int64  `json:"team_id"`
}
