package web

import (
	"net/http"
	"strings"

	"ward"
	"ward/app"
)

// handlerFunc is a handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one row of the route table: the single statement of what Ward
// serves, who may call it, and how the OpenAPI document describes it.
type route struct {
	// Pattern is a net/http pattern with its method: "GET /api/v1/devices".
	Pattern string
	// Perm is what the caller must hold (PermPublic for no sign-in).
	Perm Perm
	// Summary is one line for the OpenAPI document.
	Summary string
	// Query names the query parameters an API route reads.
	Query []string
	// In is a value of the JSON request body type, nil for none.
	In any
	// Out is a value of the JSON response body type, nil for none.
	Out any
	// OwnCSRF marks a form that carries its own anti-forgery token, checked
	// by its handler (the sign-in form, posted before a session exists).
	OwnCSRF bool
	// Handler serves the route.
	Handler handlerFunc
}

// method and path split the pattern.
func (rt route) method() string { m, _, _ := strings.Cut(rt.Pattern, " "); return m }
func (rt route) path() string   { _, p, _ := strings.Cut(rt.Pattern, " "); return p }

// routeTable lists every route; the parts live beside their handlers.
func (s *Server) routeTable() []route {
	var t []route
	for _, part := range [][]route{
		s.coreRoutes(), s.authRoutes(), s.pageRoutes(), s.inventoryRoutes(), s.intelRoutes(), s.teamRoutes(), s.riskRoutes(), s.recallRoutes(),
		s.patchRoutes(), s.vexRoutes(), s.lifecycleRoutes(), s.workOrderRoutes(), s.maintenanceRoutes(), s.remediationPageRoutes(),
	} {
		t = append(t, part...)
	}
	return t
}

// routes registers the route table, each handler behind its guard.
func (s *Server) routes() {
	s.table = s.routeTable()
	for _, rt := range s.table {
		h := s.guard(rt.Perm, rt.OwnCSRF, rt.Handler)
		s.mux.HandleFunc(rt.Pattern, withForm(func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.fail(w, r, err)
			}
		}))
	}
	s.mux.Handle("GET /static/", s.handleStatic())
	doc, err := openAPI(s.table)
	if err != nil {
		panic(err) // the table is code: a failure here is a programming error
	}
	s.api = doc
}

// fail answers an error: JSON for the API, an error page for the UI.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isPage(r) {
		s.errorPage(w, r, err)
		return
	}
	writeError(w, r, s.log, err)
}

func (s *Server) coreRoutes() []route {
	return []route{
		{Pattern: "GET /healthz", Perm: PermPublic, Summary: "Liveness and database reachability", Handler: s.handleHealth},
		{Pattern: "GET /metrics", Perm: PermPublic, Summary: "Prometheus metrics", Handler: s.handleMetrics},
		{Pattern: "GET /api/openapi.json", Perm: PermPublic, Summary: "This OpenAPI document", Handler: s.handleOpenAPI},
	}
}

func (s *Server) inventoryRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/facilities", Perm: PermRead, Summary: "List facilities with device counts", Out: items[ward.Facility]{}, Handler: s.handleFacilityList},
		{Pattern: "GET /api/v1/facilities/{id}", Perm: PermRead, Summary: "One facility", Out: ward.Facility{}, Handler: s.handleFacilityGet},
		{Pattern: "GET /api/v1/facilities/{id}/locations", Perm: PermRead, Summary: "Locations of a facility", Out: items[ward.Location]{}, Handler: s.handleLocationList},
		{Pattern: "GET /api/v1/manufacturers", Perm: PermRead, Summary: "List manufacturers", Query: []string{"unresolved"}, Out: items[ward.Manufacturer]{}, Handler: s.handleManufacturerList},
		{Pattern: "POST /api/v1/manufacturers/aliases", Perm: PermInventory, Summary: "Add a manufacturer alias", In: manufacturerAliasRequest{}, Out: ward.Manufacturer{}, Handler: s.handleManufacturerAlias},
		{Pattern: "POST /api/v1/manufacturers/confirm", Perm: PermInventory, Summary: "Confirm an unresolved manufacturer as a new one", In: manufacturerConfirmRequest{}, Out: ward.Manufacturer{}, Handler: s.handleManufacturerConfirm},
		{Pattern: "GET /api/v1/models", Perm: PermRead, Summary: "List the model catalog", Query: []string{"manufacturer_id", "type", "name", "q", "limit", "cursor"}, Out: ward.Page[ward.Model]{}, Handler: s.handleModelList},
		{Pattern: "GET /api/v1/models/{id}", Perm: PermRead, Summary: "One model", Out: ward.Model{}, Handler: s.handleModelGet},
		{Pattern: "PATCH /api/v1/models/{id}", Perm: PermInventory, Summary: "Update a model", In: modelPatch{}, Out: ward.Model{}, Handler: s.handleModelUpdate},
		{Pattern: "GET /api/v1/product-codes/{code}", Perm: PermRead, Summary: "One FDA product code", Out: ward.ProductCode{}, Handler: s.handleProductCodeGet},
		{Pattern: "GET /api/v1/devices", Perm: PermRead, Summary: "List devices with filters and a cursor", Query: deviceQueryParams, Out: ward.Page[ward.Device]{}, Handler: s.handleDeviceList},
		{Pattern: "GET /api/v1/devices/{id}", Perm: PermRead, Summary: "One device", Out: ward.Device{}, Handler: s.handleDeviceGet},
		{Pattern: "GET /api/v1/asset-tags/{tag}", Perm: PermRead, Summary: "One device by asset tag", Out: ward.Device{}, Handler: s.handleDeviceGetByTag},
		{Pattern: "GET /api/v1/devices/{id}/history", Perm: PermRead, Summary: "A device's change history", Out: items[ward.DeviceChange]{}, Handler: s.handleDeviceHistory},
		{Pattern: "PATCH /api/v1/devices/{id}", Perm: PermInventory, Summary: "Update a device (re-matches it)", In: ward.DeviceUpdate{}, Out: ward.Device{}, Handler: s.handleDeviceUpdate},
		{Pattern: "GET /api/v1/device-types", Perm: PermRead, Summary: "Device types in use", Out: items[ward.DeviceType]{}, Handler: s.handleDeviceTypeList},
	}
}

func (s *Server) intelRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/advisories", Perm: PermRead, Summary: "List advisories", Query: []string{"source", "q", "cve", "limit", "cursor"}, Out: ward.Page[ward.Advisory]{}, Handler: s.handleAdvisoryList},
		{Pattern: "GET /api/v1/advisories/{source}/{id}", Perm: PermRead, Summary: "One advisory", Out: ward.Advisory{}, Handler: s.handleAdvisoryGet},
		{Pattern: "GET /api/v1/findings", Perm: PermRead, Summary: "List findings with filters and a cursor", Query: findingQueryParams, Out: ward.Page[ward.Finding]{}, Handler: s.handleFindingList},
		{Pattern: "GET /api/v1/findings/{id}", Perm: PermRead, Summary: "One finding for each device it concerns", Out: ward.Page[ward.Finding]{}, Handler: s.handleFindingGet},
		{Pattern: "POST /api/v1/triage/bulk", Perm: PermTriage, Summary: "Record one decision for many findings (per model and version)", In: bulkTriageRequest{}, Out: bulkTriageResult{}, Handler: s.handleBulkTriage},
		{Pattern: "GET /api/v1/triage/groups", Perm: PermRead, Summary: "Open findings grouped by model, version and advisory (the unit of a triage decision), worst first", Query: []string{"status", "priority", "facility_id", "model_id", "overdue", "limit"}, Out: items[app.TriageGroup]{}, Handler: s.handleTriageGroups},
		{Pattern: "GET /api/v1/dashboard", Perm: PermRead, Summary: "The dashboard's figures for the caller's facilities", Out: ward.Dashboard{}, Handler: s.handleDashboardAPI},
		{Pattern: "POST /api/v1/triage", Perm: PermTriage, Summary: "Record a triage decision for a model and version", In: triageRequest{}, Out: ward.Triage{}, Handler: s.handleTriage},
		{Pattern: "POST /api/v1/match", Perm: PermTriage, Summary: "Run a full match", Handler: s.handleMatch},
	}
}

func (s *Server) teamRoutes() []route {
	return []route{
		{Pattern: "GET /api/v1/teams", Perm: PermRead, Summary: "List teams", Out: items[ward.Team]{}, Handler: s.handleTeamList},
		{Pattern: "POST /api/v1/teams", Perm: PermAdmin, Summary: "Create a team", In: ward.Team{}, Out: ward.Team{}, Handler: s.handleTeamCreate},
		{Pattern: "GET /api/v1/responsibilities", Perm: PermRead, Summary: "The responsibility matrix", Out: items[ward.Responsibility]{}, Handler: s.handleResponsibilityList},
		{Pattern: "PUT /api/v1/responsibilities", Perm: PermAdmin, Summary: "Set a responsibility rule", In: responsibilityRequest{}, Out: ward.Responsibility{}, Handler: s.handleResponsibilitySet},
		{Pattern: "DELETE /api/v1/responsibilities", Perm: PermAdmin, Summary: "Delete a responsibility rule", Query: []string{"device_type", "task_type"}, Handler: s.handleResponsibilityDelete},
	}
}

// items is the shape of the API's unpaged lists.
type items[T any] struct {
	Items []T `json:"items"`
}

// deviceQueryParams and findingQueryParams are the filters the list
// endpoints read.
var (
	deviceQueryParams = []string{"facility_id", "facility", "manufacturer_id", "manufacturer", "model_id", "status",
		"team_id", "unowned", "type", "q", "sort", "desc", "limit", "cursor", "count"}
	findingQueryParams = []string{"status", "advisory", "advisory_db_id", "device_id", "asset_tag", "model_id",
		"facility_id", "kev", "limit", "cursor"}
)

// apiMethods are the methods the API answers to, for 405 Allow headers.
var apiMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// unrouted answers an API request no route takes: 405 with the methods the
// path does take, or 404, both as JSON errors.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range apiMethods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		writeError(w, r, s.log, errNoRoute)
		return
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, r, s.log, ward.Errorf(EMETHOD, "%s is not allowed here; use %s", r.Method, strings.Join(allow, ", ")))
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": s.engine})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.engine})
	return nil
}

// RouteInfo describes a route for tests and documentation.
type RouteInfo struct {
	Method, Path string
	Perm         Perm
	Summary      string
}

// Routes lists the route table.
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.table))
	for i, rt := range s.table {
		out[i] = RouteInfo{Method: rt.method(), Path: rt.path(), Perm: rt.Perm, Summary: rt.Summary}
	}
	return out
}

// Allowed reports whether role holds perm; "" is anonymous.
func Allowed(role string, perm Perm) bool {
	if role == "" {
		return perm == PermPublic
	}
	return allowed(&ward.Principal{User: &ward.User{Role: role}, Role: role}, perm)
}
