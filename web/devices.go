package web

import (
	"net/http"
	"strconv"
	"strings"

	"ward"
)

var errNoRoute = ward.Errorf(ward.ENOTFOUND, "no such API endpoint")

// deviceFilter reads a device filter from query parameters. Facilities and
// manufacturers may be given by ID or by name; a name that matches nothing
// is an error rather than an unfiltered list.
func (s *Server) deviceFilter(r *http.Request) (ward.DeviceFilter, error) {
	q := r.URL.Query()
	var f ward.DeviceFilter
	var err error
	if f.FacilityIDs, err = queryIDs(r, "facility_id"); err != nil {
		return f, err
	}
	if f.ManufacturerIDs, err = queryIDs(r, "manufacturer_id"); err != nil {
		return f, err
	}
	if f.ModelIDs, err = queryIDs(r, "model_id"); err != nil {
		return f, err
	}
	for _, name := range q["facility"] {
		fac, err := s.store.FindFacilityByName(r.Context(), name)
		if err != nil {
			return f, err
		}
		f.FacilityIDs = append(f.FacilityIDs, fac.ID)
	}
	for _, name := range q["manufacturer"] {
		m, err := s.store.ResolveManufacturer(r.Context(), name)
		if err != nil {
			return f, err
		}
		f.ManufacturerIDs = append(f.ManufacturerIDs, m.ID)
	}
	for _, v := range q["status"] {
		if v != "" { // an unset select in a filter form
			f.Statuses = append(f.Statuses, strings.Split(v, ",")...)
		}
	}
	if f.TeamID, err = queryInt(r, "team_id"); err != nil {
		return f, err
	}
	if f.Unowned, err = queryBool(r, "unowned"); err != nil {
		return f, err
	}
	if f.Desc, err = queryBool(r, "desc"); err != nil {
		return f, err
	}
	limit, err := queryInt(r, "limit")
	if err != nil {
		return f, err
	}
	f.Limit = int(min(limit, 1000))
	f.DeviceType, f.Q, f.Sort, f.After = q.Get("type"), q.Get("q"), q.Get("sort"), q.Get("cursor")
	f.FacilityIDs, err = scopeFacilities(r, f.FacilityIDs)
	return f, err
}

func (s *Server) handleDeviceList(w http.ResponseWriter, r *http.Request) error {
	f, err := s.deviceFilter(r)
	if err != nil {
		return err
	}
	page, err := s.store.FindDevices(r.Context(), f)
	if err != nil {
		return err
	}
	var count *int64
	c, err := queryBool(r, "count")
	if err != nil {
		return err
	}
	if c {
		n, err := s.store.CountDevices(r.Context(), f)
		if err != nil {
			return err
		}
		count = &n
	}
	writeDevicePage(w, page, count)
	return nil
}

// writeDevicePage writes a page of devices with Device.AppendJSON: pages
// are the hottest response, and encoding/json would re-validate every
// device's JSON.
func writeDevicePage(w http.ResponseWriter, page *ward.Page[ward.Device], count *int64) {
	b := make([]byte, 0, 1024+len(page.Items)*900)
	b = append(b, `{"items":[`...)
	for i := range page.Items {
		if i > 0 {
			b = append(b, ',')
		}
		b = page.Items[i].AppendJSON(b)
	}
	b = append(b, ']')
	if page.NextCursor != "" {
		b = ward.AppendJSONString(append(b, `,"next_cursor":`...), page.NextCursor)
	}
	if count != nil {
		b = strconv.AppendInt(append(b, `,"count":`...), *count, 10)
	}
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func (s *Server) handleDeviceGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.scopedDevice(r, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) handleDeviceGetByTag(w http.ResponseWriter, r *http.Request) error {
	d, err := s.store.FindDeviceByTag(r.Context(), r.PathValue("tag"))
	if err != nil {
		return err
	}
	if !inScope(r, d.FacilityID) {
		return errOutOfScope("device")
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) handleDeviceHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.scopedDevice(r, id); err != nil {
		return err
	}
	h, err := s.store.FindDeviceHistory(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": h})
	return nil
}

func (s *Server) handleDeviceUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := s.scopedDevice(r, id); err != nil {
		return err
	}
	var upd ward.DeviceUpdate
	if err := decodeJSON(w, r, &upd); err != nil {
		return err
	}
	ctx := ward.WithActor(r.Context(), actorOf(r))
	d, err := s.app.UpdateDevice(ctx, id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// actorOf names who makes a change: the signed-in user, as the guard
// put them in the context.
func actorOf(r *http.Request) ward.Actor {
	if a := ward.ActorFrom(r.Context()); a != "" {
		return a
	}
	return ward.Actor("api:" + r.RemoteAddr)
}
