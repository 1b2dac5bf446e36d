package web

import (
	"net/http"

	"ward"
)

// errorPage answers a failed page request with a page a person can read;
// internal details go to the log only, as for the API.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	code := ward.ErrorCode(err)
	if code == ward.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	title := map[string]string{ward.ENOTFOUND: "Not found", ward.EINVALID: "Cannot do that",
		ward.ECONFLICT: "Conflict", ward.EFORBIDDEN: "Not allowed", ward.EUNAUTHORIZED: "Sign in again",
		EMETHOD: "Not allowed"}[code]
	if title == "" {
		title = "Something went wrong"
	}
	if rerr := s.render(w, r, statusOf(code), "error", title, "", ward.ErrorMessage(err)); rerr != nil {
		s.log.Error("rendering the error page", "err", rerr)
		http.Error(w, ward.ErrorMessage(err), statusOf(code))
	}
}
