package web

import (
	"net/http"
	"net/url"
	"strconv"

	"ward"
)

// devicesView is the inventory page's data.
type devicesView struct {
	Query      url.Values
	Page       *ward.Page[ward.Device]
	Facilities []ward.Facility
	Types      []ward.DeviceType
	Statuses   []string
	Sorts      []string
	Next       string // the query of the next page, "" on the last
}

func (s *Server) handleDevicesPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.deviceFilter(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return s.exportDevices(w, r, f)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	v := devicesView{Query: r.URL.Query(), Statuses: ward.DeviceStatuses, Sorts: ward.DeviceSorts}
	if v.Page, err = s.store.FindDevices(r.Context(), f); err != nil {
		return err
	}
	if v.Facilities, err = s.visibleFacilities(r); err != nil {
		return err
	}
	if _, v.Types, err = s.choices(r.Context()); err != nil {
		return err
	}
	if v.Page.NextCursor != "" {
		next := cloneQuery(v.Query)
		next.Set("cursor", v.Page.NextCursor)
		v.Next = next.Encode()
	}
	return s.render(w, r, http.StatusOK, "devices", "Inventory", "devices", v)
}

// visibleFacilities lists the facilities in the request's scope.
func (s *Server) visibleFacilities(r *http.Request) ([]ward.Facility, error) {
	all, _, err := s.choices(r.Context())
	if err != nil {
		return nil, err
	}
	var out []ward.Facility
	for _, f := range all {
		if inScope(r, f.ID) {
			out = append(out, f)
		}
	}
	return out, nil
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// deviceView is the device page's data.
type deviceView struct {
	D        *ward.Device
	Findings []ward.Finding
	Open     int
	SBOMs    []ward.SBOM
	History  []ward.DeviceChange
	Extra    deviceExtras
}

func (s *Server) handleDevicePage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return ward.Errorf(ward.ENOTFOUND, "no such device")
	}
	v := deviceView{}
	if v.D, err = s.scopedDevice(r, id); err != nil {
		return err
	}
	ctx := r.Context()
	var risk *ward.DeviceRisk
	if v.Findings, risk, err = s.app.DeviceFindings(ctx, v.D); err != nil {
		return err
	}
	for _, f := range v.Findings {
		if ward.OpenStatus(f.Status) {
			v.Open++
		}
	}
	if v.SBOMs, err = s.store.FindSBOMs(ctx, id); err != nil {
		return err
	}
	if v.History, err = s.store.FindDeviceHistory(ctx, id); err != nil {
		return err
	}
	if v.Extra, err = s.deviceExtras(r, v.D, risk); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "device", v.D.AssetTag, "devices", v)
}
