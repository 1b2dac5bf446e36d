package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"ward"
)

// patchesView is the patch-ready queue's data: the groups, and the
// devices of one model when the filters name it.
type patchesView struct {
	Query      url.Values
	Groups     []patchGroup
	Devices    []ward.PatchReadyDevice
	More       bool // more devices than shown
	ShowUnits  bool // the filters name a model, so devices are listed
	Total      int
	Ordered    int
	Facilities []ward.Facility
	Teams      []ward.Team
	Models     []modelChoice
}

// patchGroup is a queue line with the key its checkbox posts and the
// query of its devices.
type patchGroup struct {
	ward.PatchReadyGroup
	Key   string
	Units url.Values // the query listing its devices
}

type modelChoice struct {
	ID   int64
	Name string
}

// maxQueueDevices bounds the devices the queue page lists at once.
const maxQueueDevices = 500

// errEnough stops a stream once a page has what it shows.
var errEnough = errors.New("enough")

// handlePatchesPage shows the patch-ready queue with the API's filters,
// grouped by model, care unit and team; naming a model also lists its
// units, so single devices can be chosen.
func (s *Server) handlePatchesPage(w http.ResponseWriter, r *http.Request) error {
	f, err := patchReadyFilter(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	// A line's device link names its department, and team_id=0 for a
	// line no team answers for; the store's filter has neither, so they
	// are applied here.
	dept, noTeam := q.Get("department"), q.Get("team_id") == "0"
	keep := func(department string, team int64) bool {
		return (!q.Has("department") || sameDepartment(department, dept)) && (!noTeam || team == 0)
	}
	if q.Get("format") == "csv" {
		return s.exportPatchReady(w, r, f, keep)
	}
	ctx := r.Context()
	v := patchesView{Query: q, ShowUnits: f.ModelID != 0}
	groups, err := s.store.FindPatchReady(ctx, f)
	if err != nil {
		return err
	}
	models := map[int64]bool{}
	for _, g := range groups {
		if !keep(g.Department, g.TeamID) {
			continue
		}
		v.Total += g.Devices
		v.Ordered += g.Ordered
		units := url.Values{"model_id": {id64(g.ModelID)}, "team_id": {id64(g.TeamID)}, "department": {g.Department}}
		if g.FacilityID != 0 {
			units.Set("facility_id", id64(g.FacilityID))
		}
		v.Groups = append(v.Groups, patchGroup{PatchReadyGroup: g, Key: groupKey(g.ModelID, g.FacilityID, g.TeamID, g.Department),
			Units: units})
		if !models[g.ModelID] {
			models[g.ModelID] = true
			v.Models = append(v.Models, modelChoice{g.ModelID, g.Manufacturer + " " + g.Model})
		}
	}
	slices.SortFunc(v.Models, func(a, b modelChoice) int { return strings.Compare(a.Name, b.Name) })
	if v.ShowUnits {
		err = s.store.EachPatchReadyDevice(ctx, f, func(d *ward.PatchReadyDevice) error {
			if !keep(d.Department, d.TeamID) {
				return nil
			}
			if len(v.Devices) == maxQueueDevices {
				v.More = true
				return errEnough
			}
			v.Devices = append(v.Devices, *d)
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return err
		}
	}
	if err := s.workOrderChoices(r, &v.Facilities, &v.Teams); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "patches", "Patch-ready queue", "patches", v)
}

func id64(n int64) string { return strconv.FormatInt(n, 10) }

// sameDepartment compares care units as the queue does: without case or
// surrounding space.
func sameDepartment(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// groupKey is the value a queue line's checkbox posts:
// MODEL:FACILITY:TEAM:DEPARTMENT (the department last, as it may hold a
// colon).
func groupKey(model, facility, team int64, department string) string {
	return fmt.Sprintf("%d:%d:%d:%s", model, facility, team, department)
}

func (s *Server) exportPatchReady(w http.ResponseWriter, r *http.Request, f ward.PatchReadyFilter, keep func(string, int64) bool) error {
	header := []string{"asset_tag", "manufacturer", "model", "device_type", "software_version", "installs_version", "patch_id",
		"facility", "department", "team", "advisories", "cves", "install_minutes", "requires_downtime", "unit_fleet", "work_order"}
	return csvExport(w, "patch-ready", header, func(emit func(...string) error) error {
		return s.store.EachPatchReadyDevice(r.Context(), f, func(d *ward.PatchReadyDevice) error {
			if !keep(d.Department, d.TeamID) {
				return nil
			}
			return emit(d.AssetTag, d.Manufacturer, d.Model, d.DeviceType, d.SoftwareVersion, d.InstallsVersion, id64(d.PatchID),
				d.Facility, d.Department, d.Team, strings.Join(d.Advisories, " "), strings.Join(d.CVEs, " "),
				strconv.Itoa(d.InstallMinutes), strconv.FormatBool(d.RequiresDowntime), strconv.Itoa(d.UnitFleet), d.WorkOrder)
		})
	})
}
