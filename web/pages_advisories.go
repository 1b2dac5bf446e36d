package web

import (
	"net/http"
	"net/url"

	"ward"
)

// advisoriesView is the advisory list's data.
type advisoriesView struct {
	Query url.Values
	Page  *ward.Page[ward.Advisory]
	Next  string
}

func (s *Server) handleAdvisoriesPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.AdvisoryFilter{Source: q.Get("source"), CVE: q.Get("cve"), Q: q.Get("q"), After: q.Get("cursor"), Limit: 50}
	if q.Get("format") == "csv" {
		return s.exportAdvisories(w, r, f)
	}
	page, err := s.store.FindAdvisories(r.Context(), f)
	if err != nil {
		return err
	}
	v := advisoriesView{Query: q, Page: page}
	if page.NextCursor != "" {
		next := cloneQuery(q)
		next.Set("cursor", page.NextCursor)
		v.Next = next.Encode()
	}
	return s.render(w, r, http.StatusOK, "advisories", "Advisories", "advisories", v)
}

func (s *Server) exportAdvisories(w http.ResponseWriter, r *http.Request, f ward.AdvisoryFilter) error {
	header := []string{"source", "tracking_id", "title", "publisher", "published", "updated", "revision", "cves", "kev"}
	return csvExport(w, "advisories", header, func(emit func(...string) error) error {
		f.Limit = 1000
		for {
			page, err := s.store.FindAdvisories(r.Context(), f)
			if err != nil {
				return err
			}
			for _, a := range page.Items {
				kev := ""
				if a.KEV {
					kev = "true"
				}
				if err := emit(a.Source, a.TrackingID, a.Title, a.Publisher, ward.DateOf(a.Published).String(),
					ward.DateOf(a.Updated).String(), a.Revision, joinComma(a.CVEs()), kev); err != nil {
					return err
				}
			}
			if page.NextCursor == "" {
				return nil
			}
			f.After = page.NextCursor
		}
	})
}

// advisoryView is one advisory's page: the document and the devices it
// concerns here.
type advisoryView struct {
	A        *ward.Advisory
	Query    url.Values
	Findings *ward.Page[ward.Finding]
	Next     string
}

func (s *Server) handleAdvisoryPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.FindAdvisory(r.Context(), r.PathValue("source"), r.PathValue("id"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := ward.FindingFilter{AdvisoryID: a.ID, Statuses: ward.FindingStatuses, After: q.Get("cursor"), Limit: 100}
	if f.FacilityIDs, err = scopeFacilities(r, nil); err != nil {
		return err
	}
	v := advisoryView{A: a, Query: q}
	if v.Findings, err = s.app.FindFindings(r.Context(), f); err != nil {
		return err
	}
	if v.Findings.NextCursor != "" {
		next := cloneQuery(q)
		next.Set("cursor", v.Findings.NextCursor)
		v.Next = next.Encode()
	}
	return s.render(w, r, http.StatusOK, "advisory", a.TrackingID, "advisories", v)
}

func joinComma(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
