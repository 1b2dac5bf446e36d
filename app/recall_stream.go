package app

import (
	"context"
	"io"
	"slices"

	"ward"
	"ward/match"
	"ward/recallmatch"
)

// recallChunk is how many recalls a verdict stream loads at a time.
const recallChunk = 500

// recallVerdicts computes the verdicts of a list of recalls one recall at
// a time, for ReplaceRecallMatches to store as they come: memory holds a
// chunk of recalls, the catalog models of their firms, and the matches of
// one recall. Each recall's devices are those of the models it
// identifies and those whose UDI device identifier it lists, read by
// index.
type recallVerdicts struct {
	ctx    context.Context
	store  RecallStore
	mfrs   match.Manufacturers
	ids    []int64
	queue  []*ward.Recall
	models map[int64][]ward.Model // by manufacturer, loaded as firms resolve to them
	// units, when set, are the only devices matched (a device-side
	// match); otherwise each recall's devices are read by index.
	units []ward.RecallUnit

	recalls, matches int
}

func newRecallVerdicts(ctx context.Context, s RecallStore, mfrs match.Manufacturers, ids []int64) *recallVerdicts {
	return &recallVerdicts{ctx: ctx, store: s, mfrs: mfrs, ids: ids, models: map[int64][]ward.Model{}}
}

// Next implements ward.RecallVerdictSource.
func (s *recallVerdicts) Next() (*ward.RecallVerdict, error) {
	if len(s.queue) == 0 {
		if err := s.load(); err != nil {
			return nil, err
		}
		if len(s.queue) == 0 {
			return nil, io.EOF
		}
	}
	r := s.queue[0]
	s.queue = s.queue[1:]
	return s.verdict(r)
}

// load reads the next chunk of recalls.
func (s *recallVerdicts) load() error {
	for len(s.queue) == 0 && len(s.ids) > 0 {
		chunk := s.ids[:min(recallChunk, len(s.ids))]
		s.ids = s.ids[len(chunk):]
		err := s.store.EachCandidateRecall(s.ctx, ward.RecallCandidateFilter{RecallIDs: chunk}, func(r *ward.Recall) error {
			s.queue = append(s.queue, r)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// verdict matches one recall against the devices it can concern.
func (s *recallVerdicts) verdict(r *ward.Recall) (*ward.RecallVerdict, error) {
	s.recalls++
	p := recallmatch.Prepare(r, s.mfrs)
	v := &ward.RecallVerdict{RecallID: r.ID, ManufacturerID: p.ManufacturerID(), Scope: p.Scope}
	models, err := s.firmModels(p.Firm)
	if err != nil {
		return nil, err
	}
	ids := p.Models(models)
	f := ward.RecallUnitFilter{UDIDIs: p.Scope.UDIDIs}
	for id := range ids {
		f.ModelIDs = append(f.ModelIDs, id)
	}
	if len(f.ModelIDs) == 0 && len(f.UDIDIs) == 0 {
		return v, nil
	}
	slices.Sort(f.ModelIDs)
	add := func(u *ward.RecallUnit) error {
		if m, ok := p.Unit(ids[u.ModelID], u); ok {
			v.Matches = append(v.Matches, m)
		}
		return nil
	}
	if s.units != nil {
		for i := range s.units {
			add(&s.units[i])
		}
	} else {
		err = s.store.EachRecallUnit(s.ctx, f, add)
	}
	s.matches += len(v.Matches)
	return v, err
}

// firmModels returns the catalog models of the manufacturers a firm
// resolves to, loading those not seen yet.
func (s *recallVerdicts) firmModels(firm []match.Resolution) ([]ward.Model, error) {
	var missing []int64
	for _, r := range firm {
		if _, ok := s.models[r.ID]; !ok {
			missing = append(missing, r.ID)
		}
	}
	if len(missing) > 0 {
		ms, err := s.store.RecallModels(s.ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, id := range missing {
			s.models[id] = nil
		}
		for _, m := range ms {
			s.models[m.ManufacturerID] = append(s.models[m.ManufacturerID], m)
		}
	}
	var out []ward.Model
	for _, r := range firm {
		out = append(out, s.models[r.ID]...)
	}
	return out, nil
}
