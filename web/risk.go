package web

import (
	"net/http"
	"slices"
	"strings"

	"ward"
	"ward/risk"
)

// riskQuery names the query parameters of the risk listings.
var riskQuery = []string{"status", "facility_id", "device_id", "asset_tag", "model_id", "priority", "overdue", "team_id", "unowned", "limit", "cursor"}

func (s *Server) riskRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/risk/findings", Perm: PermRead, Summary: "Findings ranked by risk score, with priority, due date and owner team",
			Query: riskQuery, Out: ward.Page[ward.RiskFinding]{}, Handler: s.handleRiskFindings},
		{Pattern: "GET /api/v1/risk/findings/{id}", Perm: PermRead, Summary: "Explain one finding's risk score on one device (each factor and its points)",
			Query: []string{"device_id", "asset_tag"}, Out: ward.RiskFinding{}, Handler: s.handleRiskFindingExplain},
		{Pattern: "GET /api/v1/risk/devices", Perm: PermRead, Summary: "Devices ranked by risk (each scores as its worst open finding)",
			Query: riskQuery, Out: ward.Page[ward.DeviceRisk]{}, Handler: s.handleRiskDevices},
		{Pattern: "GET /api/v1/devices/{id}/risk", Perm: PermRead, Summary: "A device's risk with every finding on it and the breakdown of the worst",
			Out: ward.DeviceRisk{}, Handler: s.handleDeviceRisk},
		{Pattern: "GET /api/v1/risk/overdue", Perm: PermRead, Summary: "Open findings past their due date under the SLA policy, highest risk first",
			Query: riskQuery, Out: ward.Page[ward.RiskFinding]{}, Handler: s.handleRiskOverdue},
		{Pattern: "GET /api/v1/risk/policy", Perm: PermRead, Summary: "The SLA policy: days to due per priority",
			Out: ward.RiskPolicy{}, Handler: s.handleRiskPolicyGet},
		{Pattern: "PUT /api/v1/risk/policy", Perm: PermPlan, Summary: "Replace the SLA policy",
			In: ward.RiskPolicy{}, Out: ward.RiskPolicy{}, Handler: s.handleRiskPolicySet},
		{Pattern: "GET /api/v1/risk/controls", Perm: PermRead, Summary: "Compensating controls recorded per model or device",
			Out: riskControlsList{}, Handler: s.handleRiskControlsList},
		{Pattern: "PUT /api/v1/risk/controls", Perm: PermPlan, Summary: "Record the controls of a model or a device (replacing what was recorded)",
			In: ward.RiskControls{}, Out: ward.RiskControls{}, Handler: s.handleRiskControlsSet},
		{Pattern: "DELETE /api/v1/risk/controls", Perm: PermPlan, Summary: "Remove the controls of a model or a device",
			Query: []string{"model_id", "device_id"}, Handler: s.handleRiskControlsDelete},
		{Pattern: "GET /api/v1/risk/rubric", Perm: PermRead, Summary: "The environmental questions (after MITRE's medical device CVSS rubric) and every model's answers",
			Out: rubricResponse{}, Handler: s.handleRubricList},
		{Pattern: "GET /api/v1/models/{id}/rubric", Perm: PermRead, Summary: "One model's rubric answers",
			Out: ward.ModelRubric{}, Handler: s.handleModelRubricGet},
		{Pattern: "PUT /api/v1/models/{id}/rubric", Perm: PermPlan, Summary: "Replace one model's rubric answers",
			In: rubricRequest{}, Out: ward.ModelRubric{}, Handler: s.handleModelRubricSet},
	}
}

// riskControlsList is the body of GET /api/v1/risk/controls.
type riskControlsList struct {
	Items []ward.RiskControls `json:"items"`
}

// riskFilter reads a risk filter: the finding filter's parameters plus
// priority, overdue, team_id and unowned.
func (s *Server) riskFilter(r *http.Request) (ward.RiskFilter, error) {
	f, err := s.findingFilter(r)
	if err != nil {
		return ward.RiskFilter{}, err
	}
	rf := ward.RiskFilter{Statuses: f.Statuses, FacilityIDs: f.FacilityIDs, DeviceID: f.DeviceID, ModelID: f.ModelID,
		Limit: f.Limit, After: f.After}
	for _, v := range r.URL.Query()["priority"] {
		rf.Priorities = append(rf.Priorities, strings.Split(v, ",")...)
	}
	if rf.Overdue, err = queryBool(r, "overdue"); err != nil {
		return rf, err
	}
	if rf.Unowned, err = queryBool(r, "unowned"); err != nil {
		return rf, err
	}
	rf.TeamID, err = queryInt(r, "team_id")
	return rf, err
}

func (s *Server) handleRiskFindings(w http.ResponseWriter, r *http.Request) error {
	rf, err := s.riskFilter(r)
	if err != nil {
		return err
	}
	page, err := s.app.FindRiskFindings(r.Context(), rf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleRiskOverdue(w http.ResponseWriter, r *http.Request) error {
	rf, err := s.riskFilter(r)
	if err != nil {
		return err
	}
	rf.Overdue = true
	page, err := s.app.FindRiskFindings(r.Context(), rf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleRiskDevices(w http.ResponseWriter, r *http.Request) error {
	rf, err := s.riskFilter(r)
	if err != nil {
		return err
	}
	page, err := s.app.FindDeviceRisks(r.Context(), rf)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleDeviceRisk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.scopedDevice(r, id); err != nil {
		return err
	}
	dr, err := s.app.ExplainDevice(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, dr)
	return nil
}

func (s *Server) handleRiskFindingExplain(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	deviceID, err := queryInt(r, "device_id")
	if err != nil {
		return err
	}
	if tag := r.URL.Query().Get("asset_tag"); tag != "" {
		d, err := s.store.FindDeviceByTag(r.Context(), tag)
		if err != nil {
			return err
		}
		deviceID = d.ID
	}
	if deviceID == 0 {
		return ward.Errorf(ward.EINVALID, "a finding is scored per device: give device_id or asset_tag")
	}
	if _, err := s.scopedDevice(r, deviceID); err != nil {
		return err
	}
	f, err := s.app.ExplainFinding(r.Context(), id, deviceID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ward.RiskFindingOf(f))
	return nil
}

func (s *Server) handleRiskPolicyGet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindRiskPolicy(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handleRiskPolicySet(w http.ResponseWriter, r *http.Request) error {
	var p ward.RiskPolicy
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	if err := s.store.SetRiskPolicy(ward.WithActor(r.Context(), actorOf(r)), &p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handleRiskControlsList(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.store.FindRiskControls(r.Context())
	if err != nil {
		return err
	}
	// A device's controls are visible only within the caller's facilities.
	cs = slices.DeleteFunc(cs, func(c ward.RiskControls) bool { return c.DeviceID != 0 && !inScope(r, c.FacilityID) })
	writeJSON(w, http.StatusOK, riskControlsList{Items: cs})
	return nil
}

func (s *Server) handleRiskControlsSet(w http.ResponseWriter, r *http.Request) error {
	var c ward.RiskControls
	if err := decodeJSON(w, r, &c); err != nil {
		return err
	}
	if c.DeviceID != 0 {
		if _, err := s.scopedDevice(r, c.DeviceID); err != nil {
			return err
		}
	}
	c.ID, c.Subject, c.FacilityID = 0, "", 0
	if err := s.store.SetRiskControls(ward.WithActor(r.Context(), actorOf(r)), &c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) handleRiskControlsDelete(w http.ResponseWriter, r *http.Request) error {
	modelID, err := queryInt(r, "model_id")
	if err != nil {
		return err
	}
	deviceID, err := queryInt(r, "device_id")
	if err != nil {
		return err
	}
	if deviceID != 0 {
		if _, err := s.scopedDevice(r, deviceID); err != nil {
			return err
		}
	}
	if err := s.store.DeleteRiskControls(ward.WithActor(r.Context(), actorOf(r)), modelID, deviceID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// rubricResponse is the body of GET /api/v1/risk/rubric.
type rubricResponse struct {
	Questions []risk.Question    `json:"questions"`
	Items     []ward.ModelRubric `json:"items"`
}

// rubricRequest is the body of PUT /api/v1/models/{id}/rubric: question
// key → answer key.
type rubricRequest struct {
	Answers ward.RubricAnswers `json:"answers"`
}

func (s *Server) handleRubricList(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.FindModelRubrics(r.Context(), 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rubricResponse{Questions: risk.Questions, Items: rs})
	return nil
}

func (s *Server) handleModelRubricGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rs, err := s.store.FindModelRubrics(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rs[0])
	return nil
}

func (s *Server) handleModelRubricSet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body rubricRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	rub, err := s.app.SetModelRubric(ward.WithActor(r.Context(), actorOf(r)), id, body.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rub)
	return nil
}
