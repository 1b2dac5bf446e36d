package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ward"
)

// remediationPageRoutes are the HTML pages of the remediation areas:
// recalls, work orders (list, board, one order, exceptions, staffing),
// the patch-ready queue and catalog, and the lifecycle and capital plan.
// Their forms call the same use cases as the JSON API.
func (s *Server) remediationPageRoutes() []route {
	return []route{
		{Pattern: "GET /recalls", Perm: PermRead, Summary: "Outstanding recalls on devices", Handler: s.handleRecallsPage},
		{Pattern: "POST /recalls/matches/{id}/status", Perm: PermWork, Summary: "Set a recall match's status with a note", Handler: s.handleRecallStatusForm},
		{Pattern: "POST /recalls/work-orders", Perm: PermWork, Summary: "Create recall work orders for selected matches", Handler: s.handleRecallWorkOrdersForm},
		{Pattern: "GET /workorders", Perm: PermRead, Summary: "Work orders", Handler: s.handleWorkOrdersPage},
		{Pattern: "GET /workorders/board", Perm: PermRead, Summary: "Work orders by status", Handler: s.handleWorkOrderBoard},
		{Pattern: "GET /workorders/{id}", Perm: PermRead, Summary: "One work order and its history", Handler: s.handleWorkOrderPage},
		{Pattern: "POST /workorders/{id}", Perm: PermWork, Summary: "Update a work order", Handler: s.handleWorkOrderForm},
		{Pattern: "POST /workorders/{id}/status", Perm: PermWork, Summary: "Move a work order to another status", Handler: s.handleWorkOrderStatusForm},
		{Pattern: "GET /exceptions", Perm: PermRead, Summary: "Work, recalls and findings no team answers for", Handler: s.handleExceptionsPage},
		{Pattern: "GET /staffing", Perm: PermRead, Summary: "Workload against capacity per team", Handler: s.handleStaffingPage},
		{Pattern: "GET /patches", Perm: PermRead, Summary: "Patch-ready queue", Handler: s.handlePatchesPage},
		{Pattern: "POST /patches/schedule", Perm: PermWork, Summary: "Create patch work orders for selected devices or groups", Handler: s.handlePatchScheduleForm},
		{Pattern: "GET /patches/catalog", Perm: PermRead, Summary: "OEM patch catalog", Handler: s.handlePatchCatalogPage},
		{Pattern: "GET /lifecycle", Perm: PermRead, Summary: "Lifecycle recommendations", Handler: s.handleLifecyclePage},
		{Pattern: "GET /lifecycle/capital", Perm: PermRead, Summary: "Capital plan", Handler: s.handleCapitalPage},
	}
}

// maxSelected bounds the records one form may select: a page shows at
// most a few hundred, and each costs a write.
const maxSelected = 1000

// redirectBack returns to the page a form came from (its "next" field, a
// local path, else fallback) with a flash message, keeping any fragment
// after the query so the browser scrolls back to the record.
func redirectBack(w http.ResponseWriter, r *http.Request, fallback, msg string) error {
	next := fallback
	if n := r.PostFormValue("next"); n != "" {
		next = safeNext(n)
	}
	frag := ""
	if i := strings.Index(next, "#"); i >= 0 {
		next, frag = next[:i], next[i:]
	}
	sep := "?"
	if strings.Contains(next, "?") {
		sep = "&"
	}
	http.Redirect(w, r, next+sep+"flash="+url.QueryEscape(msg)+frag, http.StatusSeeOther)
	return nil
}

// nextPage returns the query of the page after page's cursor, or "".
func nextPage(q url.Values, cursor string) string {
	if cursor == "" {
		return ""
	}
	next := cloneQuery(q)
	next.Set("cursor", cursor)
	return next.Encode()
}

// formDate reads an optional date field; EINVALID names the field.
func formDate(r *http.Request, name string) (ward.Date, error) {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return ward.Date{}, nil
	}
	d, err := ward.ParseDate(v)
	if err != nil {
		return d, ward.Errorf(ward.EINVALID, "%s: %s", strings.ReplaceAll(name, "_", " "), ward.ErrorMessage(err))
	}
	return d, nil
}

// formFloat reads an optional number field; ok is false when it is empty.
func formFloat(r *http.Request, name string) (v float64, ok bool, err error) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, ward.Errorf(ward.EINVALID, "%s: %q is not a number", strings.ReplaceAll(name, "_", " "), s)
	}
	return v, true, nil
}

// pluralText writes n and the noun, with an s unless n is one.
func pluralText(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousandsText(n) + " " + noun + "s"
}
