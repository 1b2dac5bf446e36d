package web

import (
	"net/http"
	"slices"

	"ward"
)

// Users may be scoped to some facilities: they see and change only what
// lies there. These helpers apply a request's scope to filters and
// records; an unscoped user (no facilities listed) sees everything.

// scopeOf returns the facilities the request is limited to, nil for all.
func scopeOf(r *http.Request) []int64 {
	p := principalFrom(r.Context())
	if p == nil || p.User == nil {
		return nil
	}
	return p.User.FacilityIDs
}

// scopeFacilities narrows the facilities a filter asked for to the
// request's scope. Asking only for facilities outside it is refused, so a
// scoped user cannot widen a listing by naming another facility.
func scopeFacilities(r *http.Request, asked []int64) ([]int64, error) {
	scope := scopeOf(r)
	if len(scope) == 0 {
		return asked, nil
	}
	if len(asked) == 0 {
		return slices.Clone(scope), nil
	}
	var out []int64
	for _, id := range asked {
		if slices.Contains(scope, id) {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil, ward.Errorf(ward.EFORBIDDEN, "your account is limited to other facilities")
	}
	return out, nil
}

// inScope reports whether a record of facilityID is visible to the
// request. Records with no facility are visible only to unscoped users.
func inScope(r *http.Request, facilityID int64) bool {
	scope := scopeOf(r)
	return len(scope) == 0 || slices.Contains(scope, facilityID)
}

// errOutOfScope answers a record outside the user's facilities as if it
// did not exist, so its existence is not disclosed.
func errOutOfScope(what string) error {
	return ward.Errorf(ward.ENOTFOUND, "no such %s", what)
}

// scopedDevice finds a device the request may see; ENOTFOUND for one
// outside the caller's facilities.
func (s *Server) scopedDevice(r *http.Request, id int64) (*ward.Device, error) {
	d, err := s.store.FindDevice(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !inScope(r, d.FacilityID) {
		return nil, errOutOfScope("device")
	}
	return d, nil
}

// requireWholeSystem refuses users limited to facilities an operation or
// report that spans the whole health system (figures of other facilities,
// or changes there).
func requireWholeSystem(r *http.Request, what string) error {
	if len(scopeOf(r)) > 0 {
		return ward.Errorf(ward.EFORBIDDEN, "%s covers the whole health system; your account is limited to some facilities", what)
	}
	return nil
}
