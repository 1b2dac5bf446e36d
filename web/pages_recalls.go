package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ward"
	"ward/app"
)

// recallsView is the recalls page's data: matches of recalls to devices.
type recallsView struct {
	Query       url.Values
	Page        *ward.Page[ward.RecallMatch]
	Facilities  []ward.Facility
	Statuses    []string
	Confidences []string
	Next        string
}

// handleRecallsPage lists recall matches with the API's filters; by
// default the outstanding ones (open or in progress).
func (s *Server) handleRecallsPage(w http.ResponseWriter, r *http.Request) error {
	f, err := recallMatchFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportRecallMatches(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := recallsView{Query: r.URL.Query(), Statuses: ward.RecallMatchStatuses, Confidences: ward.RecallConfidences}
	if v.Page, err = s.store.FindRecallMatches(r.Context(), f); err != nil {
		return err
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	v.Next = nextPage(r.URL.Query(), v.Page.NextCursor)
	return s.render(w, r, http.StatusOK, "recalls", "Recalls", "recalls", v)
}

func (s *Server) exportRecallMatches(w http.ResponseWriter, r *http.Request, f ward.RecallMatchFilter) error {
	header := []string{"match_id", "recall_number", "class", "recalling_firm", "asset_tag", "manufacturer", "model", "serial",
		"facility", "status", "status_source", "confidence", "owner_team", "work_order", "note", "first_seen", "reason", "explanation"}
	f.Limit, f.After = 0, ""
	return csvExport(w, "recalls", header, func(emit func(...string) error) error {
		return s.store.EachRecallMatch(r.Context(), f, func(m *ward.RecallMatch) error {
			wo, note := "", ""
			if m.WorkOrder != nil {
				wo = m.WorkOrder.Number
			}
			if m.UserStatus != nil {
				note = m.UserStatus.Note
			}
			return emit(strconv.FormatInt(m.ID, 10), m.RecallNumber, m.Classification, m.Firm, m.AssetTag, m.Manufacturer,
				m.Model, m.Serial, m.Facility, m.Status, m.StatusSource, m.Confidence, m.OwnerTeam, wo, note,
				fmtTime(m.FirstSeen), m.Reason, m.Explanation)
		})
	})
}

// scopedRecallMatch checks that a match lies in the caller's facilities
// before it is changed, answering one outside as not found.
func (s *Server) scopedRecallMatch(r *http.Request, id int64) error {
	scope := scopeOf(r)
	if len(scope) == 0 {
		return nil
	}
	page, err := s.store.FindRecallMatches(r.Context(), ward.RecallMatchFilter{After: strconv.FormatInt(id-1, 10), Limit: 1,
		FacilityIDs: scope})
	if err != nil {
		return err
	}
	if len(page.Items) == 0 || page.Items[0].ID != id {
		return errOutOfScope("recall match")
	}
	return nil
}

// handleRecallStatusForm records a status and note on one match, as
// PATCH /api/v1/recall-matches/{id} does.
func (s *Server) handleRecallStatusForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.scopedRecallMatch(r, id); err != nil {
		return err
	}
	m, err := s.store.SetRecallStatus(ward.WithActor(r.Context(), actorOf(r)), ward.RecallStatusChange{MatchID: id,
		Status: r.PostFormValue("status"), Note: r.PostFormValue("note")})
	if err != nil {
		return err
	}
	s.invalidateReports()
	return redirectBack(w, r, "/recalls", "Recall "+m.RecallNumber+" on "+m.AssetTag+" is now "+strings.ReplaceAll(m.Status, "_", " "))
}

// handleRecallWorkOrdersForm creates recall work orders, as POST
// /api/v1/recall-matches/work-orders does: for the ticked matches (item
// values "DEVICE:RECALL"), or, with scope=filter, for every open match of
// the filters in the form's query.
func (s *Server) handleRecallWorkOrdersForm(w http.ResponseWriter, r *http.Request) error {
	opts := app.RecallWorkOrderOptions{Assignee: strings.TrimSpace(r.PostFormValue("assignee"))}
	var err error
	if opts.Due, err = formDate(r, "due"); err != nil {
		return err
	}
	ctx := ward.WithActor(r.Context(), actorOf(r))
	var filters []ward.RecallMatchFilter
	if r.PostFormValue("scope") == "filter" {
		f, err := recallMatchFilter(r)
		if err != nil {
			return err
		}
		f.Limit, f.After = 0, ""
		filters = append(filters, f)
	} else {
		items := r.PostForm["item"]
		if len(items) == 0 {
			return ward.Errorf(ward.EINVALID, "select at least one recall match")
		}
		if len(items) > maxSelected {
			return ward.Errorf(ward.EINVALID, "select at most %d matches at once", maxSelected)
		}
		for _, it := range items {
			dev, rec, ok := strings.Cut(it, ":")
			d, err1 := strconv.ParseInt(dev, 10, 64)
			c, err2 := strconv.ParseInt(rec, 10, 64)
			if !ok || err1 != nil || err2 != nil || d <= 0 || c <= 0 {
				return ward.Errorf(ward.EINVALID, "item %q is not DEVICE:RECALL", it)
			}
			filters = append(filters, ward.RecallMatchFilter{DeviceID: d, RecallID: c, FacilityIDs: scopeOf(r)})
		}
	}
	created, matched := 0, 0
	for _, f := range filters {
		rep, err := s.app.CreateRecallWorkOrders(ctx, f, opts)
		if rep != nil {
			created, matched = created+len(rep.WorkOrders), matched+rep.Matches
		}
		if err != nil {
			return err
		}
	}
	s.invalidateReports()
	if created == 0 {
		return redirectBack(w, r, "/recalls", "No work order created: no selected match is open (matches in progress already have their work)")
	}
	return redirectFlash(w, r, "/workorders?type="+ward.WorkOrderRecall+"&status=open", pluralText(created, "recall work order")+" created")
}
