package demo

import (
	"testing"

	"ward/risk"
)

// Every demo answer is a valid rubric answer, every reviewed type exists
// in the catalog, and some models of reviewed types are left unreviewed.
func TestRiskSettings(t *testing.T) {
	specs, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, s := range specs {
		types[s.DeviceType]++
	}
	for typ, r := range riskByType {
		if types[typ] == 0 {
			t.Errorf("reviewed type %q has no model in the catalog", typ)
		}
		if _, err := risk.ValidateAnswers(r.rubric); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
	}
	set := RiskSettings(specs)
	reviewed := 0
	for _, n := range types {
		reviewed += n
	}
	if len(set) == 0 || len(set) >= reviewed {
		t.Errorf("%d settings for %d models", len(set), reviewed)
	}
	withControls := 0
	for _, s := range set {
		if s.Controls != nil {
			withControls++
		}
	}
	if withControls == 0 || withControls == len(set) {
		t.Errorf("%d of %d settings have controls", withControls, len(set))
	}
	again := RiskSettings(specs)
	for i := range set {
		if set[i].Model != again[i].Model || (set[i].Controls == nil) != (again[i].Controls == nil) {
			t.Fatalf("not deterministic at %d", i)
		}
	}
}
