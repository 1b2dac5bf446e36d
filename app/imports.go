package app

import (
	"context"

	"ward"
)

// ImportAdvisories stores the advisories of src, then re-matches those that
// are new or revised against their candidate devices.
func (a *App) ImportAdvisories(ctx context.Context, src ward.AdvisorySource) (*ward.AdvisoryImportResult, *MatchReport, error) {
	res, err := a.Store.ImportAdvisories(ctx, src)
	if err != nil {
		return nil, nil, err
	}
	rep, err := a.MatchAdvisories(ctx, res.Changed)
	return res, rep, err
}

// ImportDevices imports inventory records, then matches the inventory
// groups that are new (a model or a software version not seen before).
func (a *App) ImportDevices(ctx context.Context, src ward.DeviceSource, opts ward.ImportOptions) (*ward.ImportResult, *MatchReport, error) {
	res, err := a.Store.ImportDevices(ctx, src, opts)
	if err != nil || opts.DryRun {
		return res, nil, err
	}
	rep, err := a.MatchStale(ctx)
	if err != nil {
		return res, rep, err
	}
	// Which devices changed is not known here: recalls are re-matched in
	// full (each recall reads its models' devices by index).
	_, err = a.MatchAllRecalls(ctx)
	return res, rep, err
}

// UpdateDevice changes a device, then matches it when its change put it in
// a group not matched yet (a new software version, say).
func (a *App) UpdateDevice(ctx context.Context, id int64, upd ward.DeviceUpdate) (*ward.Device, error) {
	d, err := a.Store.UpdateDevice(ctx, id, upd)
	if err != nil {
		return nil, err
	}
	if _, err := a.MatchStale(ctx); err != nil {
		return nil, err
	}
	if _, err := a.MatchRecallDevices(ctx, []int64{id}); err != nil {
		return nil, err
	}
	return d, nil
}

// SaveSBOM stores an SBOM and re-matches what it describes.
func (a *App) SaveSBOM(ctx context.Context, s *ward.SBOM) (*MatchReport, error) {
	if err := a.Store.SaveSBOM(ctx, s); err != nil {
		return nil, err
	}
	// The SBOM's model and version group, or its device, is now stale.
	return a.MatchStale(ctx)
}

// AddManufacturerAlias maps a name to a manufacturer, then re-matches the
// manufacturer's devices, whose identity may have changed.
func (a *App) AddManufacturerAlias(ctx context.Context, target, alias string) (*ward.Manufacturer, error) {
	m, err := a.Store.AddManufacturerAlias(ctx, target, alias)
	if err != nil {
		return nil, err
	}
	_, err = a.MatchStale(ctx)
	return m, err
}

// UpdateModel changes a catalog entry, then re-matches its devices.
func (a *App) UpdateModel(ctx context.Context, id int64, upd ward.ModelUpdate) (*ward.Model, error) {
	m, err := a.Store.UpdateModel(ctx, id, upd)
	if err != nil {
		return nil, err
	}
	_, err = a.MatchStale(ctx)
	return m, err
}
