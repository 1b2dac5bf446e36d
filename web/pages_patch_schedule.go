package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"ward"
	"ward/app"
)

// patchSelection is what the queue page's form chose: single devices,
// and whole queue lines by their key.
type patchSelection struct {
	devices map[int64]bool
	groups  map[patchLine]bool
}

// patchLine identifies a queue line: a model in a care unit with a team.
type patchLine struct {
	model, facility, team int64
	department            string
}

func (sel *patchSelection) has(d *ward.PatchReadyDevice) bool {
	return sel.devices[d.DeviceID] ||
		sel.groups[patchLine{d.ModelID, d.FacilityID, d.TeamID, strings.ToLower(strings.TrimSpace(d.Department))}]
}

// readPatchSelection reads the ticked devices (IDs) and lines (keys).
func readPatchSelection(r *http.Request) (*patchSelection, error) {
	sel := &patchSelection{devices: map[int64]bool{}, groups: map[patchLine]bool{}}
	devices, groups := r.PostForm["device"], r.PostForm["group"]
	if len(devices)+len(groups) == 0 {
		return nil, ward.Errorf(ward.EINVALID, "select devices or queue lines to create patch work orders for")
	}
	if len(devices)+len(groups) > maxSelected {
		return nil, ward.Errorf(ward.EINVALID, "select at most %d devices or lines at once", maxSelected)
	}
	for _, v := range devices {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, ward.Errorf(ward.EINVALID, "device %q is not an ID", v)
		}
		sel.devices[id] = true
	}
	for _, v := range groups {
		parts := strings.SplitN(v, ":", 4)
		var ids [3]int64
		var err error
		for i := 0; i < 3 && len(parts) == 4 && err == nil; i++ {
			ids[i], err = strconv.ParseInt(parts[i], 10, 64)
		}
		if len(parts) != 4 || err != nil || ids[0] <= 0 {
			return nil, ward.Errorf(ward.EINVALID, "queue line %q is not MODEL:FACILITY:TEAM:DEPARTMENT", v)
		}
		sel.groups[patchLine{ids[0], ids[1], ids[2], strings.ToLower(strings.TrimSpace(parts[3]))}] = true
	}
	return sel, nil
}

// narrow tightens the queue filter to the selected lines' model, team and
// facilities when they share them, so the schedule reads no more of the
// queue than it must. Single devices are listed only under a model filter.
func (sel *patchSelection) narrow(r *http.Request, f *ward.PatchReadyFilter) error {
	if len(sel.groups) == 0 || len(sel.devices) > 0 {
		return nil
	}
	var models, teams, facilities []int64
	for l := range sel.groups {
		if !slices.Contains(models, l.model) {
			models = append(models, l.model)
		}
		if !slices.Contains(teams, l.team) {
			teams = append(teams, l.team)
		}
		if !slices.Contains(facilities, l.facility) {
			facilities = append(facilities, l.facility)
		}
	}
	if len(models) == 1 && f.ModelID == 0 {
		f.ModelID = models[0]
	}
	if len(teams) == 1 && teams[0] != 0 && f.TeamID == 0 {
		f.TeamID = teams[0]
	}
	// Lines with no facility cannot be named by the filter's IDs.
	if len(f.FacilityIDs) == 0 && !slices.Contains(facilities, 0) {
		var err error
		f.FacilityIDs, err = scopeFacilities(r, facilities)
		return err
	}
	return nil
}

// selectedQueue is the store with its patch-ready queue narrowed to a
// selection, so the schedule use case plans exactly the chosen devices
// while reading the fleets and the work already ordered as it always
// does.
type selectedQueue struct {
	Store
	sel *patchSelection
}

// EachPatchReadyDevice streams the selected devices of the queue.
func (q selectedQueue) EachPatchReadyDevice(ctx context.Context, f ward.PatchReadyFilter, fn func(*ward.PatchReadyDevice) error) error {
	return q.Store.EachPatchReadyDevice(ctx, f, func(d *ward.PatchReadyDevice) error {
		if !q.sel.has(d) {
			return nil
		}
		return fn(d)
	})
}

// handlePatchScheduleForm creates patch work orders for the selected
// devices and lines through the use case of POST /api/v1/patches/schedule:
// in waves that keep each care unit's share of a model in service, then
// shows the orders created.
func (s *Server) handlePatchScheduleForm(w http.ResponseWriter, r *http.Request) error {
	f, err := patchReadyFilter(r)
	if err != nil {
		return err
	}
	sel, err := readPatchSelection(r)
	if err != nil {
		return err
	}
	if err := sel.narrow(r, &f); err != nil {
		return err
	}
	req := app.PatchScheduleRequest{Filter: f}
	if share, ok, err := formFloat(r, "max_share"); err != nil {
		return err
	} else if ok {
		req.MaxShare = share / 100
		if req.MaxShare <= 0 {
			return ward.Errorf(ward.EINVALID, "the share out of service at once must be above 0%%")
		}
	}
	if days, ok, err := formFloat(r, "window_days"); err != nil {
		return err
	} else if ok {
		if days < 1 || days != float64(int(days)) {
			return ward.Errorf(ward.EINVALID, "a window is a whole number of days, at least 1")
		}
		req.WindowDays = int(min(days, 10000))
	}
	if req.Start, err = formDate(r, "start"); err != nil {
		return err
	}
	a := &app.App{Store: selectedQueue{Store: s.store, sel: sel}}
	res, err := a.SchedulePatches(ward.WithActor(r.Context(), actorOf(r)), req)
	if err != nil {
		return err
	}
	s.invalidateReports()
	if res.Created == 0 {
		msg := "No work order created: none of the selected devices is in the patch-ready queue"
		if res.AlreadyOrdered > 0 {
			msg = "No work order created: the selected devices already have open patch work orders"
		}
		return redirectBack(w, r, "/patches", msg)
	}
	waves := 0
	for _, wv := range res.Plan.Waves {
		if len(wv.Devices) > 0 {
			waves++
		}
	}
	msg := pluralText(res.Created, "patch work order") + " created in " + pluralText(waves, "wave") +
		" from " + res.Plan.Start.String() + ", at most " + strconv.FormatFloat(res.Plan.MaxShare*100, 'f', -1, 64) +
		"% of a care unit's units of a model at once"
	if res.AlreadyOrdered > 0 {
		msg += "; " + pluralText(res.AlreadyOrdered, "device") + " already had one"
	}
	if res.Created == 1 {
		if wo, err := s.store.FindWorkOrderByNumber(r.Context(), res.WorkOrders[0]); err == nil {
			return redirectFlash(w, r, "/workorders/"+id64(wo.ID), msg)
		}
	}
	return redirectFlash(w, r, "/workorders?type=patch&status=scheduled", msg)
}
