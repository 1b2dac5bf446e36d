package sqlstore

import (
	"context"
	"errors"
	"strconv"

	"ward"
	"ward/lifecycle"
)

// Lifecycle recommendations are computed when asked, never stored: they
// depend on today's date, the policy and five other areas' data, and a
// stored copy would be stale the moment any of them changed. A listing
// walks the devices of each facility in the order of the devices_facility
// index (facility, manufacturer, asset tag), a chunk at a time, and for
// each chunk gathers everything else set-based (lifecycle_walk.go): the
// models, the work orders and recalls of the chunk's devices, and the open
// findings of their groups, assessed once per group. So the cost of a
// facility's report follows its devices, never the size of the system,
// and no query runs per device.

// errWalkDone stops a walk once a page has its rows.
var errWalkDone = errors.New("lifecycle walk done")

// FindLifecycle returns a page of recommendations. See ward.LifecycleService.
func (db *DB) FindLifecycle(ctx context.Context, f ward.LifecycleFilter) (*ward.Page[ward.LifecycleRecommendation], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	after, err := decodeLifecycleCursor(f.After)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.LifecycleRecommendation]{Items: []ward.LifecycleRecommendation{}}
	err = db.view(ctx, func(tx *Tx) error {
		w, err := tx.newLifecycleWalk()
		if err != nil {
			return err
		}
		o := lcRun{after: after, chunk: limit + 1, sparse: len(f.Recommendations) > 0}
		var last lcPos
		err = w.run(f, o, func(r *ward.LifecycleRecommendation, pos lcPos) error {
			if !f.Wants(r.Recommendation) {
				return nil
			}
			if len(page.Items) == limit {
				page.NextCursor = last.cursor()
				return errWalkDone
			}
			page.Items = append(page.Items, *r)
			last = pos
			return nil
		})
		if errors.Is(err, errWalkDone) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// EachLifecycle streams recommendations. See ward.LifecycleService.
func (db *DB) EachLifecycle(ctx context.Context, f ward.LifecycleFilter, fn func(*ward.LifecycleRecommendation) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	after, err := decodeLifecycleCursor(f.After)
	if err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		w, err := tx.newLifecycleWalk()
		if err != nil {
			return err
		}
		return w.run(f, lcRun{after: after, chunk: lcChunkMax, all: true}, func(r *ward.LifecycleRecommendation, _ lcPos) error {
			if !f.Wants(r.Recommendation) {
				return nil
			}
			return fn(r)
		})
	})
}

// FindDeviceLifecycle returns one device's recommendation with the
// recalls, findings and work orders behind it. See ward.LifecycleService.
func (db *DB) FindDeviceLifecycle(ctx context.Context, deviceID int64) (*ward.LifecycleRecommendation, error) {
	var out *ward.LifecycleRecommendation
	err := db.view(ctx, func(tx *Tx) error {
		w, err := tx.newLifecycleWalk()
		if err != nil {
			return err
		}
		w.details = true
		err = w.run(ward.LifecycleFilter{DeviceID: deviceID}, lcRun{}, func(r *ward.LifecycleRecommendation, _ lcPos) error {
			out = r
			return errWalkDone
		})
		if err != nil && !errors.Is(err, errWalkDone) {
			return err
		}
		if out == nil {
			return ward.Errorf(ward.ENOTFOUND, "no device %d in service or awaiting disposal", deviceID)
		}
		return w.addDetails(out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindCapitalPlan sums the recommendations of the devices f selects into
// a capital plan. See ward.LifecycleService.
func (db *DB) FindCapitalPlan(ctx context.Context, f ward.CapitalFilter) (*ward.CapitalPlan, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var plan *ward.CapitalPlan
	err := db.view(ctx, func(tx *Tx) error {
		w, err := tx.newLifecycleWalk()
		if err != nil {
			return err
		}
		years, top := f.Years, f.Top
		if years == 0 {
			years = w.policy.HorizonYears
		}
		if top == 0 {
			top = 20
		}
		pl := lifecycle.NewPlanner(w.today.Year, years, top, w.policy)
		err = w.run(ward.LifecycleFilter{FacilityIDs: f.FacilityIDs}, lcRun{chunk: lcChunkMax, all: true}, func(r *ward.LifecycleRecommendation, _ lcPos) error {
			pl.Add(r)
			return nil
		})
		plan = pl.Plan()
		return err
	})
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// lcPos is a device's place in a lifecycle listing: its facility (0 for
// none), manufacturer and asset tag key, the order of devices_facility.
type lcPos struct {
	facility     int64
	manufacturer int64
	tagKey       string
	id           int64
}

func (p lcPos) cursor() string {
	return cursor{Sort: "lifecycle", Keys: []string{strconv.FormatInt(p.facility, 10), strconv.FormatInt(p.manufacturer, 10), p.tagKey},
		ID: p.id}.encode()
}

// decodeLifecycleCursor reads a lifecycle cursor; EINVALID for another.
func decodeLifecycleCursor(s string) (*lcPos, error) {
	c, err := decodeCursor(s, "lifecycle", 3)
	if err != nil || c == nil {
		return nil, err
	}
	fac, err1 := strconv.ParseInt(c.Keys[0], 10, 64)
	mfr, err2 := strconv.ParseInt(c.Keys[1], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, ward.Errorf(ward.EINVALID, "bad cursor")
	}
	return &lcPos{facility: fac, manufacturer: mfr, tagKey: c.Keys[2], id: c.ID}, nil
}
