package web

import (
	"net/http"
	"slices"

	"ward"
)

func (s *Server) handleFacilityList(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.store.FindFacilities(r.Context())
	if err != nil {
		return err
	}
	fs = slices.DeleteFunc(fs, func(f ward.Facility) bool { return !inScope(r, f.ID) })
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(fs)})
	return nil
}

func (s *Server) handleFacilityGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !inScope(r, id) {
		return errOutOfScope("facility")
	}
	f, err := s.store.FindFacility(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) handleLocationList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !inScope(r, id) {
		return errOutOfScope("facility")
	}
	ls, err := s.store.FindLocations(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ls)})
	return nil
}

func (s *Server) handleManufacturerList(w http.ResponseWriter, r *http.Request) error {
	unresolved, err := queryBool(r, "unresolved")
	if err != nil {
		return err
	}
	ms, err := s.store.FindManufacturers(r.Context(), unresolved)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(ms)})
	return nil
}

func (s *Server) handleManufacturerAlias(w http.ResponseWriter, r *http.Request) error {
	var body manufacturerAliasRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	m, err := s.app.AddManufacturerAlias(ward.WithActor(r.Context(), actorOf(r)), body.Manufacturer, body.Alias)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleManufacturerConfirm(w http.ResponseWriter, r *http.Request) error {
	var body manufacturerConfirmRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	m, err := s.store.ConfirmManufacturer(ward.WithActor(r.Context(), actorOf(r)), body.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleModelList(w http.ResponseWriter, r *http.Request) error {
	mid, err := queryInt(r, "manufacturer_id")
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := ward.ModelFilter{ManufacturerID: mid, DeviceType: q.Get("type"), Name: q.Get("name"), Q: q.Get("q"),
		After: q.Get("cursor"), Limit: int(min(limit, 1000))}
	page, err := s.store.FindModels(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}

func (s *Server) handleModelGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.store.FindModel(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// modelPatch is the body of PATCH /api/v1/models/{id}.
type modelPatch struct {
	DeviceType        *string     `json:"device_type"`
	ProductCode       *string     `json:"product_code"`
	LifeSustaining    *bool       `json:"life_sustaining"`
	ClearLifeSustain  bool        `json:"clear_life_sustaining"`
	PatientConnected  *bool       `json:"patient_connected"`
	ExpectedLifeYears *int        `json:"expected_life_years"`
	EndOfSale         *ward.Date  `json:"end_of_sale"`
	EndOfSupport      *ward.Date  `json:"end_of_support"`
	Parts             *string     `json:"parts"`
	ReplacementCost   *ward.Money `json:"replacement_cost"`
	CPE               *string     `json:"cpe"`
	AddAliases        []string    `json:"add_aliases"`
	AddModelNumbers   []string    `json:"add_model_numbers"`
}

func (s *Server) handleModelUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var p modelPatch
	if err := decodeJSON(w, r, &p); err != nil {
		return err
	}
	upd := ward.ModelUpdate{DeviceType: p.DeviceType, ProductCode: p.ProductCode, PatientConnected: p.PatientConnected,
		ExpectedLifeYears: p.ExpectedLifeYears, EndOfSale: p.EndOfSale, EndOfSupport: p.EndOfSupport, Parts: p.Parts,
		ReplacementCost: p.ReplacementCost, AddAliases: p.AddAliases, AddModelNumbers: p.AddModelNumbers}
	if p.CPE != nil {
		upd.CPE = p.CPE
	}
	if p.LifeSustaining != nil || p.ClearLifeSustain {
		upd.LifeSustaining = &p.LifeSustaining
	}
	m, err := s.app.UpdateModel(ward.WithActor(r.Context(), actorOf(r)), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleProductCodeGet(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.FindProductCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// manufacturerAliasRequest is the body of POST /api/v1/manufacturers/aliases.
type manufacturerAliasRequest struct {
	Manufacturer string `json:"manufacturer"`
	Alias        string `json:"alias"`
}

// manufacturerConfirmRequest is the body of POST /api/v1/manufacturers/confirm.
type manufacturerConfirmRequest struct {
	Name string `json:"name"`
}
