package web

import (
	"net/http"
	"strconv"
	"strings"

	"ward"
	"ward/app"
)

// maxRecallBody bounds an uploaded openFDA file (compressed or not); the
// whole device recall download is far smaller.
const maxRecallBody = 1 << 30

func (s *Server) recallRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/recalls", Perm: PermRead, Summary: "List FDA recalls with their match counts, the last imported first",
			Query: []string{"q", "class", "product_code", "matched", "limit", "cursor"}, Out: ward.Page[ward.Recall]{}, Handler: s.handleRecallList},
		{Pattern: "GET /api/v1/recalls/{number}", Perm: PermRead, Summary: "One FDA recall by number (Z-0359-2013)", Out: ward.Recall{}, Handler: s.handleRecallGet},
		{Pattern: "POST /api/v1/recalls/import", Perm: PermPlan, Summary: "Import an openFDA device recall or enforcement file (JSON, or gzip) and match it",
			Query: []string{"skip_invalid", "name"}, Out: recallImportResponse{}, Handler: s.handleRecallImport},
		{Pattern: "POST /api/v1/recalls/match", Perm: PermPlan, Summary: "Re-match every recall against the inventory", Out: app.RecallMatchReport{}, Handler: s.handleRecallMatch},
		{Pattern: "GET /api/v1/recall-matches", Perm: PermRead, Summary: "List (device, recall) matches; default: outstanding",
			Query: []string{"status", "facility_id", "recall", "device_id", "asset_tag", "confidence", "limit", "cursor"}, Out: ward.Page[ward.RecallMatch]{}, Handler: s.handleRecallMatchList},
		{Pattern: "PATCH /api/v1/recall-matches/{id}", Perm: PermWork, Summary: "Set a match's status with a note", In: recallStatusRequest{}, Out: ward.RecallMatch{}, Handler: s.handleRecallStatus},
		{Pattern: "POST /api/v1/recall-matches/work-orders", Perm: PermWork, Summary: "Create recall work orders for the open matches selected",
			In: recallWorkOrderRequest{}, Out: app.RecallWorkOrderReport{}, Handler: s.handleRecallWorkOrders},
	}
}

// recallImportResponse is what an import did.
type recallImportResponse struct {
	Import *ward.RecallImportResult `json:"import"`
	Match  *app.RecallMatchReport   `json:"match"`
}

func (s *Server) handleRecallList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.RecallFilter{Q: q.Get("q"), Classification: q.Get("class"), ProductCode: q.Get("product_code"), After: q.Get("cursor")}
	var err error
	if f.Matched, err = queryBool(r, "matched"); err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	f.Limit = int(min(limit, 1000))
	page, err := s.store.FindRecalls(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleRecallGet(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.store.FindRecall(r.Context(), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rec)
	return nil
}

// handleRecallImport streams the request body through the openFDA reader
// the server was given; the body is the file itself, not a JSON request.
func (s *Server) handleRecallImport(w http.ResponseWriter, r *http.Request) error {
	if s.opts.RecallReader == nil {
		return ward.Errorf(ward.EINVALID, "this server was started without an openFDA reader")
	}
	skip, err := queryBool(r, "skip_invalid")
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "upload.json"
	}
	body := http.MaxBytesReader(w, r.Body, maxRecallBody)
	src, err := s.opts.RecallReader(body, name)
	if err != nil {
		return err
	}
	res, rep, err := s.app.ImportRecalls(ward.WithActor(r.Context(), actorOf(r)), src, skip)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, recallImportResponse{Import: res, Match: rep})
	return nil
}

func (s *Server) handleRecallMatch(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.app.MatchAllRecalls(ward.WithActor(r.Context(), actorOf(r)))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// recallMatchFilter reads a match filter from query parameters, within
// the caller's facilities.
func recallMatchFilter(r *http.Request) (ward.RecallMatchFilter, error) {
	q := r.URL.Query()
	f := ward.RecallMatchFilter{Recall: q.Get("recall"), AssetTag: q.Get("asset_tag"), After: q.Get("cursor")}
	f.Statuses = splitParams(q["status"])
	if len(f.Statuses) == 0 {
		f.Statuses = []string{ward.RecallOutstanding}
	} else if len(f.Statuses) == 1 && f.Statuses[0] == "all" {
		f.Statuses = nil
	}
	f.Confidences = splitParams(q["confidence"])
	var err error
	if f.DeviceID, err = queryInt(r, "device_id"); err != nil {
		return f, err
	}
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit = int(min(limit, 1000))
	return f, err
}

func splitParams(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) handleRecallMatchList(w http.ResponseWriter, r *http.Request) error {
	f, err := recallMatchFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.FindRecallMatches(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

// recallStatusRequest sets a match's status: open, in_progress, completed
// or not_applicable, with a note saying what was done or found.
type recallStatusRequest struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

func (s *Server) handleRecallStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req recallStatusRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	// Check the caller's scope before changing anything.
	if scope := scopeOf(r); len(scope) > 0 {
		page, err := s.store.FindRecallMatches(r.Context(), ward.RecallMatchFilter{After: strconv.FormatInt(id-1, 10), Limit: 1, FacilityIDs: scope})
		if err != nil {
			return err
		}
		if len(page.Items) == 0 || page.Items[0].ID != id {
			return errOutOfScope("recall match")
		}
	}
	m, err := s.store.SetRecallStatus(ward.WithActor(r.Context(), actorOf(r)),
		ward.RecallStatusChange{MatchID: id, Status: req.Status, Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// recallWorkOrderRequest selects the open matches to make recall work
// orders for; empty fields select all.
type recallWorkOrderRequest struct {
	Recall      string    `json:"recall"`
	FacilityIDs []int64   `json:"facility_ids"`
	AssetTag    string    `json:"asset_tag"`
	Confidences []string  `json:"confidences"`
	Due         ward.Date `json:"due"`
	Assignee    string    `json:"assignee"`
	DryRun      bool      `json:"dry_run"`
}

func (s *Server) handleRecallWorkOrders(w http.ResponseWriter, r *http.Request) error {
	var req recallWorkOrderRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	facilities, err := scopeFacilities(r, req.FacilityIDs)
	if err != nil {
		return err
	}
	f := ward.RecallMatchFilter{Recall: req.Recall, FacilityIDs: facilities, AssetTag: req.AssetTag, Confidences: req.Confidences}
	rep, err := s.app.CreateRecallWorkOrders(ward.WithActor(r.Context(), actorOf(r)), f,
		app.RecallWorkOrderOptions{Due: req.Due, Assignee: req.Assignee, DryRun: req.DryRun})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
