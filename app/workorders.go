package app

import (
	"context"
	"time"

	"ward"
)

// UpdateWorkOrder changes a work order. Completing a patch order that
// names a target version also sets its device's software version through
// the UpdateDevice use case, so the device's history records the change
// and the device is re-matched at its new version; the order's history
// records it too (field "device.software_version"). Completing a recall
// order needs nothing more: a recall match reads its status from the
// orders that link the recall.
//
// The workflow is checked before the device is touched, so a move the
// workflow refuses changes nothing. The device and the order are two
// transactions: should the second fail, the device keeps its new version
// (which it has: the work was done) and the error says so.
func (a *App) UpdateWorkOrder(ctx context.Context, id int64, upd ward.WorkOrderUpdate) (*ward.WorkOrder, error) {
	old, err := a.Store.FindWorkOrder(ctx, id)
	if err != nil {
		return nil, err
	}
	next := *old
	if err := upd.Apply(&next, ward.DateOf(time.Now().UTC()), ward.ActorFrom(ctx)); err != nil {
		return nil, err
	}
	if err := next.Normalize(); err != nil {
		return nil, err
	}
	patched, err := a.installPatch(ctx, old, &next, &upd)
	if err != nil {
		return nil, err
	}
	wo, err := a.Store.UpdateWorkOrder(ctx, id, upd)
	if err != nil {
		if patched {
			return nil, ward.WrapError(ward.ErrorCode(err), err, "device %s now runs %s, but work order %s could not be updated",
				old.AssetTag, next.TargetVersion, old.Number)
		}
		return nil, err
	}
	return wo, nil
}

// installPatch sets the device's version when the update completes a
// patch order with a target version the device does not run yet, and
// adds the change to the order's history. It reports whether it did.
func (a *App) installPatch(ctx context.Context, old, next *ward.WorkOrder, upd *ward.WorkOrderUpdate) (bool, error) {
	if next.Type != ward.WorkOrderPatch || next.TargetVersion == "" || old.Status == ward.WorkOrderCompleted ||
		next.Status != ward.WorkOrderCompleted {
		return false, nil
	}
	dev, err := a.Store.FindDevice(ctx, old.DeviceID)
	if err != nil {
		return false, err
	}
	if dev.SoftwareVersion == next.TargetVersion {
		return false, nil
	}
	v := next.TargetVersion
	actor := ward.ActorFrom(ctx) + ward.Actor(" ("+old.Number+")")
	if _, err := a.UpdateDevice(ward.WithActor(ctx, actor), dev.ID, ward.DeviceUpdate{SoftwareVersion: &v}); err != nil {
		return false, err
	}
	upd.Record = append(upd.Record, ward.WorkOrderChange{Field: "device.software_version", Old: dev.SoftwareVersion, New: v})
	return true, nil
}
