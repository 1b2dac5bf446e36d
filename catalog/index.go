package catalog

import (
	"fmt"
	"strings"

	"ward/names"
)

// Index resolves names to registry entries by their names.Key.
type Index struct {
	byKey map[string]*Manufacturer
}

// NewIndex builds an Index over entries. It fails when two entries claim the
// same key, because then a name would resolve differently from run to run.
func NewIndex(entries []Manufacturer) (*Index, error) {
	idx := &Index{byKey: make(map[string]*Manufacturer)}
	for i := range entries {
		m := &entries[i]
		for _, n := range append([]string{m.Name}, m.Aliases...) {
			k := names.Key(n)
			if k == "" {
				return nil, fmt.Errorf("catalog: %q has an empty alias", m.Name)
			}
			if prev, ok := idx.byKey[k]; ok && prev != m {
				return nil, fmt.Errorf("catalog: %q is claimed by both %q and %q", n, prev.Name, m.Name)
			}
			idx.byKey[k] = m
		}
	}
	return idx, nil
}

// Resolve returns the entry whose name or alias has the same key as name.
func (idx *Index) Resolve(name string) (*Manufacturer, bool) {
	m, ok := idx.byKey[names.Key(name)]
	return m, ok
}

// SplitVendors splits a multi-vendor string as advisories write them
// ("Silex Technology and GE Healthcare", "ENEA, Green Hills Software, ITRON,
// IP Infusion, and Wind River") into its parts. A name without separators is
// returned as the only part.
func SplitVendors(name string) []string {
	var parts []string
	for _, p := range strings.Split(name, ",") {
		for _, q := range strings.Split(p, " and ") {
			q = strings.TrimSpace(q)
			q = strings.TrimPrefix(q, "and ")
			if q != "" {
				parts = append(parts, q)
			}
		}
	}
	return parts
}
