package web

import "net/http"

// pageRoutes are the HTML pages and their forms. Forms post to page
// paths; the JSON API has the same operations under /api/v1.
func (s *Server) pageRoutes() []route {
	return []route{
		{Pattern: "GET /{$}", Perm: PermRead, Summary: "Dashboard", Handler: s.handleDashboardPage},
		{Pattern: "GET /devices", Perm: PermRead, Summary: "Inventory", Handler: s.handleDevicesPage},
		{Pattern: "GET /devices/{id}", Perm: PermRead, Summary: "Device", Handler: s.handleDevicePage},
		{Pattern: "GET /findings", Perm: PermRead, Summary: "Findings triage queue", Handler: s.handleFindingsPage},
		{Pattern: "POST /findings/triage", Perm: PermTriage, Summary: "Record a triage decision for selected findings", Handler: s.handleTriageForm},
		{Pattern: "GET /advisories", Perm: PermRead, Summary: "Advisories", Handler: s.handleAdvisoriesPage},
		{Pattern: "GET /advisories/{source}/{id}", Perm: PermRead, Summary: "Advisory and affected devices", Handler: s.handleAdvisoryPage},
		{Pattern: "GET /teams", Perm: PermRead, Summary: "Teams and responsibility matrix", Handler: s.handleTeamsPage},
		{Pattern: "POST /teams", Perm: PermAdmin, Summary: "Create a team", Handler: s.handleTeamForm},
		{Pattern: "POST /responsibilities", Perm: PermAdmin, Summary: "Set or remove a responsibility rule", Handler: s.handleResponsibilityForm},
		{Pattern: "GET /admin", Perm: PermAdmin, Summary: "Users, tokens and manufacturer names", Handler: s.handleAdminPage},
		{Pattern: "POST /admin/users", Perm: PermAdmin, Summary: "Create a user", Handler: s.handleAdminUserCreate},
		{Pattern: "POST /admin/users/{id}", Perm: PermAdmin, Summary: "Change a user", Handler: s.handleAdminUserUpdate},
		{Pattern: "POST /admin/tokens", Perm: PermAdmin, Summary: "Create an API token", Handler: s.handleAdminTokenCreate},
		{Pattern: "POST /admin/tokens/{id}/revoke", Perm: PermAdmin, Summary: "Revoke an API token", Handler: s.handleAdminTokenRevoke},
		{Pattern: "POST /admin/aliases", Perm: PermInventory, Summary: "Map a manufacturer name", Handler: s.handleAdminAlias},
		{Pattern: "GET /admin/models", Perm: PermRead, Summary: "Model catalog", Handler: s.handleModelsPage},
		{Pattern: "POST /admin/models/{id}", Perm: PermInventory, Summary: "Edit a model's lifecycle fields", Handler: s.handleModelForm},
		{Pattern: "GET /audit", Perm: PermAudit, Summary: "Audit trail", Handler: s.handleAuditPage},
		{Pattern: "GET /audit/review", Perm: PermAudit, Summary: "Access review", Handler: s.handleReviewPage},
		{Pattern: "POST /audit/review", Perm: PermAdmin, Summary: "Attest the access review", Handler: s.handleReviewAttest},
	}
}

// maxForm bounds a page form's body.
const maxForm = 1 << 20

// withForm reads a page form before the guard checks its CSRF token, so
// every form handler finds r.PostForm filled and bounded.
func withForm(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && isPage(r) {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			r.ParseForm()
		}
		h(w, r)
	}
}
