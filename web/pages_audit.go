package web

import (
	"net/http"
	"net/url"
	"strconv"

	"ward"
)

// auditView is the audit trail page's data.
type auditView struct {
	Query  url.Values
	Page   *ward.Page[ward.AuditEntry]
	Verify *ward.AuditVerification
	Next   string
}

func (s *Server) handleAuditPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := ward.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity"), Limit: 100}
	var err error
	if f.After, err = queryInt(r, "cursor"); err != nil {
		return err
	}
	if q.Get("format") == "csv" {
		return s.exportAudit(w, r, f)
	}
	v := auditView{Query: q}
	if v.Page, err = s.store.FindAudit(r.Context(), f); err != nil {
		return err
	}
	if q.Get("verify") != "" {
		if v.Verify, err = s.store.VerifyAudit(r.Context()); err != nil {
			return err
		}
	}
	if v.Page.NextCursor != "" {
		next := cloneQuery(q)
		next.Set("cursor", v.Page.NextCursor)
		v.Next = next.Encode()
	}
	return s.render(w, r, http.StatusOK, "audit", "Audit trail", "audit", v)
}

// exportAudit streams the matching trail as CSV; the export itself is
// audited, since it takes the map of who did what out of Ward.
func (s *Server) exportAudit(w http.ResponseWriter, r *http.Request, f ward.AuditFilter) error {
	if err := s.store.AppendAudit(r.Context(), &ward.AuditEntry{Actor: string(actorOf(r)), Action: "audit.export"}); err != nil {
		return err
	}
	header := []string{"seq", "at", "actor", "action", "entity", "entity_id", "before", "after", "prev_hash", "hash"}
	return csvExport(w, "audit", header, func(emit func(...string) error) error {
		f.Limit = 1000
		for {
			page, err := s.store.FindAudit(r.Context(), f)
			if err != nil {
				return err
			}
			for _, e := range page.Items {
				if err := emit(strconv.FormatInt(e.Seq, 10), e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), e.Actor,
					e.Action, e.Entity, e.EntityID, string(e.Before), string(e.After), e.PrevHash, e.Hash); err != nil {
					return err
				}
			}
			if page.NextCursor == "" || len(page.Items) == 0 {
				return nil
			}
			f.After = page.Items[len(page.Items)-1].Seq
		}
	})
}

// reviewView is the access review's data.
type reviewView struct {
	Users  []ward.User
	Tokens []ward.Token
}

func (s *Server) handleReviewPage(w http.ResponseWriter, r *http.Request) error {
	var v reviewView
	var err error
	if v.Users, err = s.store.FindUsers(r.Context()); err != nil {
		return err
	}
	if v.Tokens, err = s.store.FindTokens(r.Context(), 0); err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		header := []string{"username", "name", "role", "facilities", "source", "disabled", "last_login", "active_tokens", "reviewed_at", "reviewed_by"}
		return csvExport(w, "access-review", header, func(emit func(...string) error) error {
			for _, u := range v.Users {
				facilities := "all"
				if len(u.FacilityIDs) > 0 {
					facilities = strconv.Itoa(len(u.FacilityIDs))
				}
				if err := emit(u.Username, u.Name, u.Role, facilities, u.Source, strconv.FormatBool(u.Disabled),
					fmtTime(u.LastLogin), strconv.Itoa(u.ActiveTokens), fmtTime(u.ReviewedAt), u.ReviewedBy); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return s.render(w, r, http.StatusOK, "review", "Access review", "audit", v)
}

func (s *Server) handleReviewAttest(w http.ResponseWriter, r *http.Request) error {
	var ids []int64
	for _, v := range r.PostForm["user_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return ward.Errorf(ward.EINVALID, "user %q", v)
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return ward.Errorf(ward.EINVALID, "tick the users whose access you reviewed")
	}
	if err := s.store.ReviewAccess(r.Context(), ids); err != nil {
		return err
	}
	return redirectFlash(w, r, "/audit/review", strconv.Itoa(len(ids))+" account(s) attested")
}
