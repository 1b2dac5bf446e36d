package app

import (
	"context"

	"ward"
	"ward/catalog"
	"ward/match"
	"ward/names"
)

// resolver resolves advisory vendor names through the manufacturer
// registry as stored (registry entries, user aliases and confirmed names).
type resolver struct {
	byKey map[string]match.Resolution
	words map[int64]map[string]bool
}

func newResolver(ctx context.Context, s ward.ManufacturerService) (*resolver, error) {
	ms, err := s.FindManufacturers(ctx, false)
	if err != nil {
		return nil, err
	}
	r := &resolver{byKey: map[string]match.Resolution{}, words: map[int64]map[string]bool{}}
	for _, m := range ms {
		w := map[string]bool{}
		r.words[m.ID] = w
		nameKey := names.Key(m.Name)
		for _, a := range append([]string{m.Name}, m.Aliases...) {
			how := "alias"
			if names.Key(a) == nameKey {
				how = "same name"
			}
			if _, taken := r.byKey[names.Key(a)]; !taken || how == "same name" {
				r.byKey[names.Key(a)] = match.Resolution{ID: m.ID, How: how, Name: m.Name}
			}
			for _, word := range names.Words(a) {
				w[word] = true
			}
		}
	}
	return r, nil
}

// Resolve implements match.Manufacturers: the whole vendor name first,
// then each part of a multi-vendor name.
func (r *resolver) Resolve(vendor string) []match.Resolution {
	if res, ok := r.byKey[names.Key(vendor)]; ok {
		return []match.Resolution{res}
	}
	var out []match.Resolution
	seen := map[int64]bool{}
	for _, part := range catalog.SplitVendors(vendor) {
		if res, ok := r.byKey[names.Key(part)]; ok && !seen[res.ID] {
			seen[res.ID] = true
			res.How = "alias of a part of the vendor name"
			if names.Key(part) == names.Key(res.Name) {
				res.How = "one of the vendors named"
			}
			out = append(out, res)
		}
	}
	return out
}

// Words implements match.Manufacturers.
func (r *resolver) Words(id int64) map[string]bool { return r.words[id] }
