package demo

import (
	"strings"
	"testing"

	"ward"
	"ward/recallmatch"
)

// TestRecalls checks that every demo recall says it is demo data, has a
// well-formed number, and that the serial recall lists the sampled units.
func TestRecalls(t *testing.T) {
	specs := mustCatalog(t)
	codes := map[string]bool{}
	for _, s := range specs {
		codes[s.ProductCode] = true
	}
	rs := Recalls([]string{"AB12345678", "CD23456789"})
	if len(rs) != 5 {
		t.Fatalf("got %d demo recalls, want 5", len(rs))
	}
	for _, r := range rs {
		if !strings.HasPrefix(r.ProductDescription, demoLabel) || !strings.HasPrefix(r.Reason, demoLabel) {
			t.Errorf("%s: not labelled as demo data", r.Number)
		}
		if n, err := ward.NormalizeRecallNumber(r.Number); err != nil || n != r.Number || !strings.HasPrefix(n, "Z-99") {
			t.Errorf("%s: got %q, %v; want a Z-99NN number", r.Number, n, err)
		}
		if !codes[r.ProductCode] {
			t.Errorf("%s: product code %s is no demo model's", r.Number, r.ProductCode)
		}
	}
	sc := recallmatch.ParseScope(rs[1].CodeInfo, rs[1].ProductDescription)
	if strings.Join(sc.Serials, ",") != "AB12345678,CD23456789,ZZ00000001,ZZ00000002" {
		t.Errorf("serial recall: got serials %v", sc.Serials)
	}
	sc = recallmatch.ParseScope(rs[2].CodeInfo, rs[2].ProductDescription)
	if sc.ManufacturedFrom.String() != "2019-01-01" || sc.ManufacturedTo.String() != "2020-12-31" {
		t.Errorf("dated recall: got %+v", sc)
	}
}
