package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/app"
)

// findingsView is the triage queue's data.
type findingsView struct {
	Query          url.Values
	Rows           []triageRow
	At             time.Time // when the cached ranking was computed; zero when read just now
	Facilities     []ward.Facility
	Statuses       []string
	Priorities     []string
	Justifications []string
	Next           string
	// Grouped is the grouped view: Groups has one row per model, version
	// and advisory, the unit a decision applies to.
	Grouped bool
	Groups  []triageGroupRow
}

// maxGroups bounds the grouped triage view.
const maxGroups = 200

// riskFilter reads the triage queue's filters, which the risk API shares.
func riskFilter(r *http.Request) (ward.RiskFilter, error) {
	q := r.URL.Query()
	var f ward.RiskFilter
	var err error
	for _, v := range q["status"] {
		if v == "all" {
			f.Statuses = ward.FindingStatuses
			continue
		}
		if v != "" {
			f.Statuses = append(f.Statuses, strings.Split(v, ",")...)
		}
	}
	for _, v := range q["priority"] {
		if v != "" {
			f.Priorities = append(f.Priorities, strings.Split(v, ",")...)
		}
	}
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs); err != nil {
		return f, err
	}
	if f.ModelID, err = queryInt(r, "model_id"); err != nil {
		return f, err
	}
	if f.Overdue, err = queryBool(r, "overdue"); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	f.Limit, f.After = int(min(limit, 1000)), q.Get("cursor")
	return f, err
}

func (s *Server) handleFindingsPage(w http.ResponseWriter, r *http.Request) error {
	f, err := riskFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportFindings(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := findingsView{Query: r.URL.Query(), Statuses: ward.FindingStatuses, Priorities: ward.Priorities,
		Justifications: ward.VEXJustifications}
	if r.URL.Query().Get("view") == "groups" {
		v.Grouped = true
		f.Limit, f.After = 0, ""
		if v.Groups, v.At, err = s.triageGroups(r.Context(), f, scopeOf(r)); err != nil {
			return err
		}
		if v.Facilities, err = s.visibleFacilities(r); err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "findings", "Findings", "findings", v)
	}
	var next string
	if v.Rows, next, v.At, err = s.triagePage(r.Context(), f, scopeOf(r)); err != nil {
		return err
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	if next != "" {
		q := cloneQuery(v.Query)
		q.Set("cursor", next)
		v.Next = q.Encode()
	}
	return s.render(w, r, http.StatusOK, "findings", "Findings", "findings", v)
}

func (s *Server) exportFindings(w http.ResponseWriter, r *http.Request, f ward.RiskFilter) error {
	header := []string{"finding_id", "asset_tag", "source", "advisory_id", "cves", "status", "confidence", "risk_score",
		"priority", "due", "overdue", "kev", "owner_team", "software_version"}
	return csvExport(w, "findings", header, func(emit func(...string) error) error {
		f.Limit, f.After = 0, ""
		return s.app.EachRiskFinding(r.Context(), f, false, func(x *ward.RiskFinding) error {
			return emit(strconv.FormatInt(x.FindingID, 10), x.AssetTag, x.Source, x.AdvisoryRef, strings.Join(x.CVEs, " "),
				x.Status, x.Confidence, strconv.Itoa(x.RiskScore), x.Priority, x.Due.String(),
				strconv.FormatBool(x.Overdue), strconv.FormatBool(x.KEV), x.OwnerTeam, x.SoftwareVersion)
		})
	})
}

// handleTriageForm records a decision for the findings ticked on a page
// (item values are "findingID:deviceID") and returns to the page.
func (s *Server) handleTriageForm(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return ward.Errorf(ward.EINVALID, "unreadable form")
	}
	var keys []app.FindingKey
	for _, it := range r.PostForm["item"] {
		fid, did, ok := strings.Cut(it, ":")
		k := app.FindingKey{}
		var err1, err2 error
		k.FindingID, err1 = strconv.ParseInt(fid, 10, 64)
		k.DeviceID, err2 = strconv.ParseInt(did, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return ward.Errorf(ward.EINVALID, "item %q is not FINDING:DEVICE", it)
		}
		keys = append(keys, k)
	}
	t := ward.Triage{Status: r.PostFormValue("status"), Justification: r.PostFormValue("justification"),
		Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	if e := r.PostFormValue("expires"); e != "" {
		d, err := ward.ParseDate(e)
		if err != nil {
			return ward.Errorf(ward.EINVALID, "expires: %v", ward.ErrorMessage(err))
		}
		t.Expires = d
	}
	ds, err := s.app.BulkTriage(r.Context(), keys, t, func(id int64) bool { return inScope(r, id) })
	s.noteDecisions(ds)
	if err != nil {
		return err
	}
	n := len(ds)
	next := safeNext(r.PostFormValue("next"))
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	frag := ""
	if i := strings.Index(next, "#"); i >= 0 {
		next, frag = next[:i], next[i:]
	}
	http.Redirect(w, r, next+sep+"flash="+url.QueryEscape(strconv.Itoa(n)+" triage decision(s) recorded")+frag, http.StatusSeeOther)
	return nil
}

// bulkTriageRequest is the body of POST /api/v1/triage/bulk.
type bulkTriageRequest struct {
	Items         []app.FindingKey `json:"items"`
	Status        string           `json:"status"`
	Justification string           `json:"justification"`
	Comment       string           `json:"comment"`
	Expires       ward.Date        `json:"expires"`
}

// bulkTriageResult answers a bulk triage.
type bulkTriageResult struct {
	Decisions int `json:"decisions"`
}

func (s *Server) handleBulkTriage(w http.ResponseWriter, r *http.Request) error {
	var body bulkTriageRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	t := ward.Triage{Status: body.Status, Justification: body.Justification, Comment: body.Comment, Expires: body.Expires}
	ds, err := s.app.BulkTriage(r.Context(), body.Items, t, func(id int64) bool { return inScope(r, id) })
	s.noteDecisions(ds)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, bulkTriageResult{Decisions: len(ds)})
	return nil
}

func (s *Server) handleTriageGroups(w http.ResponseWriter, r *http.Request) error {
	f, err := riskFilter(r)
	if err != nil {
		return err
	}
	limit := f.Limit
	if limit == 0 {
		limit = maxGroups
	}
	f.Limit, f.After = 0, ""
	gs, err := s.app.TriageGroups(r.Context(), f, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, items[app.TriageGroup]{Items: nonNil(gs)})
	return nil
}
