package demo

import (
	"slices"
	"testing"

	"ward"
	"ward/patchplan"
	"ward/version"
)

func TestBump(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"P.01.02", "P.01.03"}, {"VF10.1", "VF10.2"}, {"11SP04", "11SP05"}, {"1.8.4 SP01", "1.8.4 SP02"}, {"9.19", "9.20"},
		{"012U000093", "012U000094"}, {"099", "100"},
	} {
		if got, ok := bump(tt.in); !ok || got != tt.want {
			t.Errorf("bump(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	if _, ok := bump("B.XX"); ok {
		t.Error("bump of a version without digits succeeded")
	}
}

func TestPatchCatalog(t *testing.T) {
	specs, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	cat := PatchCatalog(specs, 1)
	if len(cat) < 60 {
		t.Errorf("got %d demo patches, want most of the 89 models named in advisories", len(cat))
	}
	count := map[string]int{}
	for i := range cat {
		p := cat[i]
		count[p.Status]++
		if probs := patchplan.Check(&p); len(probs) > 0 {
			t.Errorf("%s %s: %v", p.Manufacturer, p.Model, probs)
		}
		spec := specs[slices.IndexFunc(specs, func(s ModelSpec) bool { return s.Manufacturer == p.Manufacturer && s.Name == p.Model })]
		for _, v := range spec.Versions {
			if version.Compare(v.V, p.InstallsVersion) >= 0 {
				t.Errorf("%s: field version %s is not below the patch's %s", p.Model, v.V, p.InstallsVersion)
			}
		}
		if p.Reference == "" || p.Notes[:9] != "DEMO DATA" {
			t.Errorf("%s: reference %q, notes %q; want both to say demo data", p.Model, p.Reference, p.Notes)
		}
	}
	if count[ward.PatchValidated] < count[ward.PatchPending]+count[ward.PatchRejected] || count[ward.PatchPending] == 0 ||
		count[ward.PatchRejected] == 0 {
		t.Errorf("statuses: got %v, want mostly validated, some pending and rejected", count)
	}
	again := PatchCatalog(specs, 1)
	if !slices.EqualFunc(cat, again, func(a, b ward.Patch) bool {
		return a.InstallsVersion == b.InstallsVersion && a.Status == b.Status && a.Date == b.Date
	}) {
		t.Error("the same seed gave another catalog")
	}
}
