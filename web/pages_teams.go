package web

import (
	"net/http"
	"strconv"

	"ward"
)

// teamsView is the teams and responsibility matrix page's data.
type teamsView struct {
	Teams   []ward.Team
	Matrix  []ward.Responsibility
	Types   []ward.DeviceType
	Tasks   []string
	Kinds   []string
	Unowned int64
}

func (s *Server) handleTeamsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v := teamsView{Tasks: ward.TaskTypes, Kinds: ward.TeamKinds}
	var err error
	if v.Teams, err = s.store.FindTeams(ctx); err != nil {
		return err
	}
	if v.Matrix, err = s.store.FindResponsibilities(ctx); err != nil {
		return err
	}
	if v.Types, err = s.store.FindDeviceTypes(ctx); err != nil {
		return err
	}
	f, err := scopeFacilities(r, nil)
	if err != nil {
		return err
	}
	if v.Unowned, err = s.store.CountDevices(ctx, ward.DeviceFilter{Unowned: true, FacilityIDs: f}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "teams", "Teams and responsibility", "teams", v)
}

func (s *Server) handleTeamForm(w http.ResponseWriter, r *http.Request) error {
	t := &ward.Team{Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind"), Email: r.PostFormValue("email")}
	if err := s.store.CreateTeam(r.Context(), t); err != nil {
		return err
	}
	return redirectFlash(w, r, "/teams", "Team "+t.Name+" created")
}

func (s *Server) handleResponsibilityForm(w http.ResponseWriter, r *http.Request) error {
	deviceType, task := r.PostFormValue("device_type"), r.PostFormValue("task_type")
	if r.PostFormValue("action") == "delete" {
		if err := s.store.DeleteResponsibility(r.Context(), deviceType, task); err != nil {
			return err
		}
		return redirectFlash(w, r, "/teams", "Rule removed")
	}
	teamID, err := strconv.ParseInt(r.PostFormValue("team_id"), 10, 64)
	if err != nil {
		return ward.Errorf(ward.EINVALID, "choose a team")
	}
	if _, err := s.store.SetResponsibility(r.Context(), deviceType, task, teamID); err != nil {
		return err
	}
	s.invalidateReports()
	return redirectFlash(w, r, "/teams", "Responsibility set")
}
