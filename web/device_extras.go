package web

import (
	"net/http"
	"net/url"

	"ward"
	"ward/patchplan"
)

// deviceExtras are the device page's remediation sections: the risk
// summary, recalls, the catalog's patches, work orders and the lifecycle
// recommendation. Each section costs one or two indexed reads of this
// device's rows, so the page stays fast on a large inventory.
type deviceExtras struct {
	Risk           *ward.DeviceRisk
	Recalls        []ward.RecallMatch
	MoreRecalls    bool
	Patches        []devicePatch
	OtherPatches   int // catalog entries of the model that do not apply to this version
	PatchReady     bool
	OpenPatchOrder string
	WorkOrders     []ward.WorkOrder
	MoreWorkOrders bool
	Lifecycle      *ward.LifecycleRecommendation
	// ScheduleQuery is the patch queue filter that holds this device,
	// for its "create a patch work order" form.
	ScheduleQuery url.Values
	// CanWork and CSRF serve the section's forms: the partial is given
	// the device page's data, not the layout's.
	CanWork bool
	CSRF    string
}

// devicePatch is a catalog entry that applies to the device's version,
// with why and the device's open findings it fixes.
type devicePatch struct {
	ward.Patch
	Why   string
	Fixes []string // advisory IDs of open findings the patch fixes
}

// deviceSectionRows bounds the recalls and work orders a device page
// lists; the lists link to the rest.
const deviceSectionRows = 20

func (s *Server) deviceExtras(r *http.Request, d *ward.Device, risk *ward.DeviceRisk) (deviceExtras, error) {
	ctx := r.Context()
	x := deviceExtras{CanWork: allowed(principalFrom(ctx), PermWork), CSRF: s.csrfToken(r), Risk: risk}
	recalls, err := s.store.FindRecallMatches(ctx, ward.RecallMatchFilter{DeviceID: d.ID, Limit: deviceSectionRows})
	if err != nil {
		return x, err
	}
	x.Recalls, x.MoreRecalls = recalls.Items, recalls.NextCursor != ""
	if err := s.devicePatches(r, d, &x); err != nil {
		return x, err
	}
	orders, err := s.store.FindWorkOrders(ctx, ward.WorkOrderFilter{DeviceID: d.ID, Limit: deviceSectionRows})
	if err != nil {
		return x, err
	}
	x.WorkOrders, x.MoreWorkOrders = orders.Items, orders.NextCursor != ""
	for _, wo := range x.WorkOrders {
		if wo.Type == ward.WorkOrderPatch && !ward.FinalStatus(wo.Status) {
			x.OpenPatchOrder = wo.Number
		}
	}
	x.Lifecycle, err = s.store.FindDeviceLifecycle(ctx, d.ID)
	if ward.ErrorCode(err) == ward.ENOTFOUND {
		x.Lifecycle, err = nil, nil // a disposed device has no recommendation
	}
	return x, err
}

// devicePatches reads the model's catalog entries and keeps those that
// apply to the device's version, deciding as the patch-ready queue does.
func (s *Server) devicePatches(r *http.Request, d *ward.Device, x *deviceExtras) error {
	page, err := s.store.FindPatches(r.Context(), ward.PatchFilter{ModelID: d.ModelID, Limit: 100})
	if err != nil {
		return err
	}
	for i := range page.Items {
		p := page.Items[i]
		rule := patchplan.Compile(&p)
		ok, why := rule.Applies(d.SoftwareVersion)
		if !ok {
			x.OtherPatches++
			continue
		}
		dp := devicePatch{Patch: p, Why: why}
		for _, f := range x.Risk.Findings {
			if _, fixes := rule.Fixes(f.AdvisoryRef, f.CVEs); fixes && ward.OpenStatus(f.Status) {
				dp.Fixes = append(dp.Fixes, f.AdvisoryRef)
			}
		}
		if p.Status == ward.PatchValidated && len(dp.Fixes) > 0 {
			x.PatchReady = true
		}
		x.Patches = append(x.Patches, dp)
	}
	q := url.Values{"model_id": {id64(d.ModelID)}}
	if d.FacilityID != 0 {
		q.Set("facility_id", id64(d.FacilityID))
	}
	x.ScheduleQuery = q
	return nil
}
