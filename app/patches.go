package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"ward"
	"ward/patchplan"
)

// PatchStore is what the patch use cases need from storage beyond work
// orders: the OEM patch catalog, its ready queue and VEX reports.
type PatchStore interface {
	ward.PatchService
	ward.VEXService
}

// DefaultWindowDays is the length of a patch window unless told otherwise:
// a week, so each care unit gives up its share of a model's units for one
// week at a time.
const DefaultWindowDays = 7

// PatchScheduleRequest asks for patch work orders for the patch-ready
// queue (narrowed by Filter): no more than MaxShare of a care unit's
// units of one model out at once, in windows of WindowDays days from
// Start. Zero values take the defaults (patchplan.DefaultMaxShare, a week,
// tomorrow). DryRun plans without creating anything.
type PatchScheduleRequest struct {
	Filter     ward.PatchReadyFilter
	MaxShare   float64
	Start      ward.Date
	WindowDays int
	DryRun     bool
}

// PatchScheduleResult is a schedule: the plan, the devices left out because
// they already have an open patch work order, and the work orders created
// (none on a dry run).
type PatchScheduleResult struct {
	Plan           *patchplan.Plan `json:"plan"`
	AlreadyOrdered int             `json:"already_ordered"`
	DryRun         bool            `json:"dry_run"`
	Created        int             `json:"created"`
	WorkOrders     []string        `json:"work_orders"`
}

// SchedulePatches plans patch work for the ready devices and, unless a dry
// run, creates one scheduled patch work order per device, in transactions
// of scheduleBatch orders. A device that already has an open patch work
// order is left out, and the units those orders take out of service count
// against the share of their window. EINVALID for a bad filter, share,
// window or start.
func (a *App) SchedulePatches(ctx context.Context, req PatchScheduleRequest) (*PatchScheduleResult, error) {
	if req.MaxShare == 0 {
		req.MaxShare = patchplan.DefaultMaxShare
	}
	if req.WindowDays == 0 {
		req.WindowDays = DefaultWindowDays
	}
	if req.Start.IsZero() {
		req.Start = ward.DateOf(time.Now().UTC().AddDate(0, 0, 1))
	}
	res := &PatchScheduleResult{DryRun: req.DryRun, WorkOrders: []string{}}
	ready := map[int64]*ward.PatchReadyDevice{}
	var devs []patchplan.Device
	models := map[int64]bool{}
	err := a.Store.EachPatchReadyDevice(ctx, req.Filter, func(d *ward.PatchReadyDevice) error {
		if d.WorkOrder != "" {
			res.AlreadyOrdered++
			return nil
		}
		c := *d
		ready[d.DeviceID] = &c
		models[d.ModelID] = true
		devs = append(devs, patchplan.Device{DeviceID: d.DeviceID, AssetTag: d.AssetTag, ModelID: d.ModelID, Model: d.Model,
			FacilityID: d.FacilityID, Facility: d.Facility, Department: d.Department, PatchID: d.PatchID,
			InstallsVersion: d.InstallsVersion, Fleet: d.UnitFleet})
		return nil
	})
	if err != nil {
		return nil, err
	}
	busy, err := a.patchBusy(ctx, models, req.Filter.FacilityIDs)
	if err != nil {
		return nil, err
	}
	res.Plan, err = patchplan.Schedule(devs, patchplan.Options{MaxShare: req.MaxShare, Start: req.Start,
		WindowDays: req.WindowDays, Busy: busy})
	if err != nil || req.DryRun {
		return res, err
	}
	var wos []ward.WorkOrder
	for _, w := range res.Plan.Waves {
		for _, d := range w.Devices {
			wos = append(wos, patchWorkOrder(ready[d.DeviceID], &w, res.Plan))
		}
	}
	if len(wos) == 0 {
		return res, nil
	}
	for start := 0; start < len(wos); start += scheduleBatch {
		created, err := a.Store.CreateWorkOrders(ctx, wos[start:min(len(wos), start+scheduleBatch)])
		if err != nil {
			if res.Created > 0 {
				return nil, ward.WrapError(ward.ErrorCode(err), err, "%d of %d patch work orders created, then", res.Created, len(wos))
			}
			return nil, err
		}
		res.Created += len(created)
		for i := range created {
			res.WorkOrders = append(res.WorkOrders, created[i].Number)
		}
	}
	return res, nil
}

// scheduleBatch is how many work orders one transaction creates. A large
// schedule (a whole facility) is written in batches so no statement
// exceeds the engines' bound-variable limits; should a batch fail, the
// earlier ones stand, and a second run plans only the devices still
// without an open patch order.
const scheduleBatch = 5000

// patchBusy reads the open patch work of the models as the scheduler's
// busy units.
func (a *App) patchBusy(ctx context.Context, models map[int64]bool, facilities []int64) ([]patchplan.Busy, error) {
	if len(models) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(models))
	for id := range models {
		ids = append(ids, id)
	}
	load, err := a.Store.FindPatchWorkLoad(ctx, ids, facilities)
	if err != nil {
		return nil, err
	}
	busy := make([]patchplan.Busy, len(load))
	for i, l := range load {
		busy[i] = patchplan.Busy{CareUnit: patchplan.CareUnit{FacilityID: l.FacilityID, Department: l.Department},
			ModelID: l.ModelID, Scheduled: l.Scheduled, Devices: l.Devices}
	}
	return busy, nil
}

// maxOrderLinks leaves room under the work order's link limit for the
// patch itself.
const maxOrderLinks = 99

// patchWorkOrder is the scheduled work order installing d's patch in
// wave w: due at the end of its window, linked to the patch and to the
// findings it closes, its team left to the responsibility matrix.
func patchWorkOrder(d *ward.PatchReadyDevice, w *patchplan.Wave, p *patchplan.Plan) ward.WorkOrder {
	wo := ward.WorkOrder{Type: ward.WorkOrderPatch, Status: ward.WorkOrderScheduled, DeviceID: d.DeviceID,
		Title:         truncate(fmt.Sprintf("Install %s %s (OEM-validated patch)", d.Model, d.InstallsVersion), 200),
		TargetVersion: d.InstallsVersion, Scheduled: w.Start, Due: w.End,
		EstimatedHours: float64(d.InstallMinutes) / 60,
		Links:          []ward.WorkOrderLink{{Kind: ward.LinkPatch, ID: d.PatchID, Ref: truncate(d.InstallsVersion, 200)}},
	}
	for i, id := range d.FindingIDs {
		if i == maxOrderLinks {
			break
		}
		wo.Links = append(wo.Links, ward.WorkOrderLink{Kind: ward.LinkFinding, ID: id})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Install the OEM-validated patch %s on %s (%s %s, now %s).\n", d.InstallsVersion, d.AssetTag, d.Manufacturer,
		d.Model, d.SoftwareVersion)
	fmt.Fprintf(&b, "Fixes: %s.\n", listText(append(append([]string{}, d.Advisories...), d.CVEs...), 40))
	if d.RequiresDowntime {
		b.WriteString("The device is out of service while the patch is installed.\n")
	}
	fmt.Fprintf(&b, "Wave %d (%s to %s) of a schedule taking at most %.0f%% of %s's units of this model at once.", w.Number,
		w.Start, w.End, p.MaxShare*100, unitName(d))
	wo.Description = truncate(b.String(), 4000)
	return wo
}

// unitName names a device's care unit.
func unitName(d *ward.PatchReadyDevice) string {
	if d.Department == "" {
		return d.Facility
	}
	return d.Facility + " / " + d.Department
}

// listText joins at most n items, saying how many more there are.
func listText(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// truncate cuts s to at most n runes.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
