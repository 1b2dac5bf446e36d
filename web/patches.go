package web

import (
	"errors"
	"net/http"
	"strings"

	"ward"
	"ward/app"
)

// maxPatchBody bounds an uploaded patch catalog; ingest/patches refuses
// larger files anyway.
const maxPatchBody = 16 << 20

func (s *Server) patchRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/patches", Perm: PermRead, Summary: "List the OEM patch catalog",
			Query: []string{"manufacturer_id", "model_id", "status", "fixes", "limit", "cursor"}, Out: ward.Page[ward.Patch]{}, Handler: s.handlePatchList},
		{Pattern: "GET /api/v1/patches/{id}", Perm: PermRead, Summary: "One patch catalog entry", Out: ward.Patch{}, Handler: s.handlePatchGet},
		{Pattern: "POST /api/v1/patches", Perm: PermPlan, Summary: "Add a patch catalog entry", In: patchRequest{}, Out: ward.Patch{}, Handler: s.handlePatchCreate},
		{Pattern: "PATCH /api/v1/patches/{id}", Perm: PermPlan, Summary: "Change a patch catalog entry", In: ward.PatchUpdate{}, Out: ward.Patch{}, Handler: s.handlePatchUpdate},
		{Pattern: "DELETE /api/v1/patches/{id}", Perm: PermPlan, Summary: "Delete a patch catalog entry", Handler: s.handlePatchDelete},
		{Pattern: "POST /api/v1/patches/import", Perm: PermPlan, Summary: "Import a patch catalog (CSV or JSON body); all or nothing unless skip_invalid",
			Query: []string{"skip_invalid", "name"}, Out: ward.PatchImportResult{}, Handler: s.handlePatchImport},
		{Pattern: "GET /api/v1/patches/ready", Perm: PermRead, Summary: "The patch-ready queue, grouped by model, care unit and patch team",
			Query: patchReadyParams, Out: items[ward.PatchReadyGroup]{}, Handler: s.handlePatchReady},
		{Pattern: "GET /api/v1/patches/ready/devices", Perm: PermRead, Summary: "The devices of the patch-ready queue",
			Query: patchReadyParams, Out: items[ward.PatchReadyDevice]{}, Handler: s.handlePatchReadyDevices},
		{Pattern: "POST /api/v1/patches/schedule", Perm: PermWork, Summary: "Plan patch work orders for the ready queue in waves, and create them unless dry_run",
			In: patchScheduleRequest{}, Out: app.PatchScheduleResult{}, Handler: s.handlePatchSchedule},
	}
}

var patchReadyParams = []string{"facility_id", "model_id", "team_id"}

// patchRequest is the body of POST /api/v1/patches: the entry, its model
// by ID or by manufacturer and model name.
type patchRequest struct {
	ManufacturerID   int64     `json:"manufacturer_id"` // ignored: the model decides
	Manufacturer     string    `json:"manufacturer"`
	ModelID          int64     `json:"model_id"`
	Model            string    `json:"model"`
	AppliesTo        string    `json:"applies_to"`
	InstallsVersion  string    `json:"installs_version"`
	Advisories       []string  `json:"advisories"`
	CVEs             []string  `json:"cves"`
	Status           string    `json:"status"`
	Date             ward.Date `json:"date"`
	Reference        string    `json:"reference"`
	ReferenceSHA256  string    `json:"reference_sha256"`
	Notes            string    `json:"notes"`
	InstallMinutes   int       `json:"install_minutes"`
	RequiresDowntime bool      `json:"requires_downtime"`
}

// patchScheduleRequest is the body of POST /api/v1/patches/schedule.
type patchScheduleRequest struct {
	FacilityIDs []int64   `json:"facility_ids"`
	ModelID     int64     `json:"model_id"`
	TeamID      int64     `json:"team_id"`
	MaxShare    float64   `json:"max_share"`
	Start       ward.Date `json:"start"`
	WindowDays  int       `json:"window_days"`
	DryRun      bool      `json:"dry_run"`
}

func (s *Server) handlePatchList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.PatchFilter{Status: q.Get("status"), Fixes: q.Get("fixes"), After: q.Get("cursor")}
	var err error
	if f.ManufacturerID, err = queryInt(r, "manufacturer_id"); err != nil {
		return err
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f.Limit = int(min(limit, 1000))
	page, err := s.store.FindPatches(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handlePatchGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.store.FindPatch(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handlePatchCreate(w http.ResponseWriter, r *http.Request) error {
	var body patchRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	p := ward.Patch{Manufacturer: body.Manufacturer, ModelID: body.ModelID, Model: body.Model, AppliesTo: body.AppliesTo,
		InstallsVersion: body.InstallsVersion, Advisories: body.Advisories, CVEs: body.CVEs, Status: body.Status, Date: body.Date,
		Reference: body.Reference, ReferenceSHA256: body.ReferenceSHA256, Notes: body.Notes, InstallMinutes: body.InstallMinutes,
		RequiresDowntime: body.RequiresDowntime}
	if err := s.store.CreatePatch(ward.WithActor(r.Context(), actorOf(r)), &p); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) handlePatchUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var upd ward.PatchUpdate
	if err := decodeJSON(w, r, &upd); err != nil {
		return err
	}
	p, err := s.store.UpdatePatch(ward.WithActor(r.Context(), actorOf(r)), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handlePatchDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.store.DeletePatch(ward.WithActor(r.Context(), actorOf(r)), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handlePatchImport imports the request body as a catalog file. A refused
// all-or-nothing import answers 400 with each problem by line and column.
func (s *Server) handlePatchImport(w http.ResponseWriter, r *http.Request) error {
	if s.opts.PatchReader == nil {
		return ward.Errorf(ward.EINVALID, "this server was started without a patch catalog reader")
	}
	skip, err := queryBool(r, "skip_invalid")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if name == "" {
		name = "upload"
	}
	b, err := s.opts.PatchReader(http.MaxBytesReader(w, r.Body, maxPatchBody), name)
	if err != nil {
		return err
	}
	res, err := s.store.ImportPatches(ward.WithActor(r.Context(), actorOf(r)), b, skip)
	var ie *ward.ImportError
	if errors.As(err, &ie) {
		writeJSON(w, http.StatusBadRequest, importRefusal(ie))
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// patchReadyFilter reads the queue's filters, within the caller's
// facilities.
func patchReadyFilter(r *http.Request) (ward.PatchReadyFilter, error) {
	var f ward.PatchReadyFilter
	var err error
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return f, err
	}
	if f.TeamID, err = queryInt(r, "team_id"); err != nil {
		return f, err
	}
	f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs)
	return f, err
}

func (s *Server) handlePatchReady(w http.ResponseWriter, r *http.Request) error {
	f, err := patchReadyFilter(r)
	if err != nil {
		return err
	}
	gs, err := s.store.FindPatchReady(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[ward.PatchReadyGroup]{Items: nonNil(gs)})
	return nil
}

// handlePatchReadyDevices streams the queue's devices as one JSON object,
// so a whole facility's queue is never held in memory.
func (s *Server) handlePatchReadyDevices(w http.ResponseWriter, r *http.Request) error {
	f, err := patchReadyFilter(r)
	if err != nil {
		return err
	}
	st := newItemStream(w)
	err = s.store.EachPatchReadyDevice(r.Context(), f, func(d *ward.PatchReadyDevice) error { return st.add(d) })
	if err != nil && st.started {
		// The list has begun: leave it unterminated, so no client takes
		// it for a complete one, and log why.
		s.log.Error("patch-ready devices stream failed", "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	return st.close()
}

func (s *Server) handlePatchSchedule(w http.ResponseWriter, r *http.Request) error {
	var body patchScheduleRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	f := ward.PatchReadyFilter{ModelID: body.ModelID, TeamID: body.TeamID}
	var err error
	if f.FacilityIDs, err = scopeFacilities(r, body.FacilityIDs); err != nil {
		return err
	}
	if body.MaxShare < 0 || body.WindowDays < 0 {
		return ward.Errorf(ward.EINVALID, "max_share and window_days must not be negative")
	}
	res, err := s.app.SchedulePatches(ward.WithActor(r.Context(), actorOf(r)), app.PatchScheduleRequest{Filter: f,
		MaxShare: body.MaxShare, Start: body.Start, WindowDays: body.WindowDays, DryRun: body.DryRun})
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if body.DryRun {
		status = http.StatusOK
	}
	writeJSON(w, status, res)
	return nil
}
