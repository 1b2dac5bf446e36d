package app_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"ward"
	"ward/demo"
	"ward/match"
	"ward/sqlstore/sqltest"
)

// TestDemoCatalogIdentity checks the matcher's product identity on a
// second, independently curated set: the demo catalog lists, for each of
// its real products named in a CISA advisory, which advisories name it.
// Each model is matched by its own name and model numbers only (not the
// advisory spellings among its aliases), with an unknown version, so only
// identity decides.
func TestDemoCatalogIdentity(t *testing.T) {
	db := sqltest.OpenSQLite(t)
	ctx := context.Background()
	files, _ := filepath.Glob("../testdata/cisa-csaf/*.json")
	if len(files) != 153 {
		t.Fatalf("got %d CISA files, want 153", len(files))
	}
	res, err := db.ImportAdvisories(ctx, newCSAFDir(t, "../testdata/cisa-csaf"))
	if err != nil || res.Added != 153 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	resolver := mustResolver(t, db)
	idx := match.NewIndex(resolver)
	if err := db.EachCandidateAdvisory(ctx, ward.CandidateFilter{All: true}, func(a *ward.Advisory) error {
		idx.Add(a)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	specs, err := demo.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	tp, fp, fn := 0, 0, 0
	for _, s := range specs {
		mfr := resolver.Resolve(s.Manufacturer)
		if len(mfr) != 1 {
			t.Fatalf("%s does not resolve", s.Manufacturer)
		}
		g := &match.Group{ManufacturerID: mfr[0].ID, Manufacturer: s.Manufacturer, Model: s.Name, DeviceType: s.DeviceType,
			Aliases: []string{s.Name}, ModelNumbers: s.ModelNumbers}
		var got []string
		for _, r := range idx.Match(g) {
			got = append(got, strings.ToUpper(r.Advisory.TrackingID))
		}
		want := make([]string, len(s.Advisories))
		for i, a := range s.Advisories {
			want[i] = strings.ToUpper(a)
		}
		sort.Strings(want)
		for _, a := range got {
			if slices.Contains(want, a) {
				tp++
			} else {
				fp++
				t.Logf("extra: %s %q ↔ %s", s.Manufacturer, s.Name, a)
			}
		}
		for _, a := range want {
			if !slices.Contains(got, a) {
				fn++
				t.Logf("missed: %s %q ↔ %s", s.Manufacturer, s.Name, a)
			}
		}
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("demo catalog identity: %d matched, %d extra, %d missed: precision %.3f, recall %.3f", tp, fp, fn, precision, recall)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f; want at least 0.95 each", precision, recall)
	}
	_ = os.Getenv

	// The same group matched again gives the same results, word for word:
	// a full match that rewrites findings whose evidence merely came out
	// in another order would bury real changes.
	for _, s := range specs {
		mfr := resolver.Resolve(s.Manufacturer)
		for _, v := range s.Versions {
			g := &match.Group{ManufacturerID: mfr[0].ID, Manufacturer: s.Manufacturer, Model: s.Name, DeviceType: s.DeviceType,
				Aliases: append([]string{s.Name}, s.Aliases...), ModelNumbers: s.ModelNumbers, Version: v.V}
			first := idx.Match(g)
			for range 3 {
				if again := idx.Match(g); !reflect.DeepEqual(again, first) {
					t.Fatalf("%s %s %s: matching again gave different results:\n%+v\nthen\n%+v", s.Manufacturer, s.Name, v.V, first, again)
				}
			}
		}
	}
}
