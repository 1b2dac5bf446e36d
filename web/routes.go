package web

import (
	"net/http"
	"strings"

	"ward"
)

// handlerFunc is a handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(pattern string, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, s.log, err)
		}
	})
}

// routes declares every endpoint in one table.
func (s *Server) routes() {
	s.handle("GET /healthz", s.handleHealth)

	s.handle("GET /api/v1/facilities", s.handleFacilityList)
	s.handle("GET /api/v1/facilities/{id}", s.handleFacilityGet)
	s.handle("GET /api/v1/facilities/{id}/locations", s.handleLocationList)

	s.handle("GET /api/v1/manufacturers", s.handleManufacturerList)
	s.handle("POST /api/v1/manufacturers/aliases", s.handleManufacturerAlias)
	s.handle("POST /api/v1/manufacturers/confirm", s.handleManufacturerConfirm)

	s.handle("GET /api/v1/models", s.handleModelList)
	s.handle("GET /api/v1/models/{id}", s.handleModelGet)
	s.handle("PATCH /api/v1/models/{id}", s.handleModelUpdate)
	s.handle("GET /api/v1/product-codes/{code}", s.handleProductCodeGet)

	s.handle("GET /api/v1/devices", s.handleDeviceList)
	s.handle("GET /api/v1/devices/{id}", s.handleDeviceGet)
	s.handle("GET /api/v1/asset-tags/{tag}", s.handleDeviceGetByTag)
	s.handle("GET /api/v1/devices/{id}/history", s.handleDeviceHistory)
	s.handle("PATCH /api/v1/devices/{id}", s.handleDeviceUpdate)

	s.handle("GET /api/v1/advisories", s.handleAdvisoryList)
	s.handle("GET /api/v1/advisories/{source}/{id}", s.handleAdvisoryGet)
	s.handle("GET /api/v1/findings", s.handleFindingList)
	s.handle("GET /api/v1/findings/{id}", s.handleFindingGet)
	s.handle("POST /api/v1/triage", s.handleTriage)
	s.handle("POST /api/v1/match", s.handleMatch)

	s.handle("GET /api/v1/device-types", s.handleDeviceTypeList)
	s.handle("GET /api/v1/teams", s.handleTeamList)
	s.handle("POST /api/v1/teams", s.handleTeamCreate)
	s.handle("GET /api/v1/responsibilities", s.handleResponsibilityList)
	s.handle("PUT /api/v1/responsibilities", s.handleResponsibilitySet)
	s.handle("DELETE /api/v1/responsibilities", s.handleResponsibilityDelete)
}

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
