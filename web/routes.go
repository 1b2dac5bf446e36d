package web

import (
	"net/http"
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

	s.handle("GET /api/v1/device-types", s.handleDeviceTypeList)
	s.handle("GET /api/v1/teams", s.handleTeamList)
	s.handle("POST /api/v1/teams", s.handleTeamCreate)
	s.handle("GET /api/v1/responsibilities", s.handleResponsibilityList)
	s.handle("PUT /api/v1/responsibilities", s.handleResponsibilitySet)
	s.handle("DELETE /api/v1/responsibilities", s.handleResponsibilityDelete)

	s.handle("/api/", func(w http.ResponseWriter, r *http.Request) error {
		return errNoRoute
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": s.engine})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": s.engine})
	return nil
}
