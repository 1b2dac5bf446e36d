package app_test

import (
	"context"
	"testing"

	"ward"
	"ward/catalog"
	"ward/match"
	"ward/names"
)

// testResolver resolves vendor names through the stored registry, as the
// app's own resolver does.
type testResolver struct {
	byKey map[string]match.Resolution
	words map[int64]map[string]bool
}

func mustResolver(t *testing.T, s ward.ManufacturerService) *testResolver {
	t.Helper()
	ms, err := s.FindManufacturers(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	r := &testResolver{byKey: map[string]match.Resolution{}, words: map[int64]map[string]bool{}}
	for _, m := range ms {
		r.words[m.ID] = map[string]bool{}
		for _, a := range append([]string{m.Name}, m.Aliases...) {
			r.byKey[names.Key(a)] = match.Resolution{ID: m.ID, How: "alias", Name: m.Name}
			for _, w := range names.Words(a) {
				r.words[m.ID][w] = true
			}
		}
	}
	return r
}

func (r *testResolver) Resolve(vendor string) []match.Resolution {
	if x, ok := r.byKey[names.Key(vendor)]; ok {
		return []match.Resolution{x}
	}
	var out []match.Resolution
	for _, p := range catalog.SplitVendors(vendor) {
		if x, ok := r.byKey[names.Key(p)]; ok {
			out = append(out, x)
		}
	}
	return out
}

func (r *testResolver) Words(id int64) map[string]bool { return r.words[id] }
