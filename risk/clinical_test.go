package risk

import (
	"testing"

	"ward"
)

func TestClinicalFunction(t *testing.T) {
	for _, tc := range []struct {
		typ, fda string
		want     string
	}{
		{"Infusion Pump", "", FunctionTherapy},
		{"Ventilator", "", FunctionTherapy},
		{"Pacemaker Programmer", "", FunctionTherapy},
		{"Patient Monitor", "", FunctionDiagnosis},
		{"CT Scanner", "", FunctionDiagnosis},
		{"PACS Workstation", "", FunctionDiagnosis},
		{"Infusion Interface Hub", "", FunctionSupport}, // support words are checked first
		{"Hospital Bed", "", FunctionSupport},
		{"Exam Lamp", "", FunctionSupport},
		{"Surgical Clamp", "", FunctionUnknown}, // "lamp" only at the start of a word
		{"", "Pump, Infusion", FunctionTherapy},
		{"Widget", "System, X-Ray, Stationary", FunctionDiagnosis},
		{"", "", FunctionUnknown},
	} {
		if got, _ := ClinicalFunction(tc.typ, tc.fda); got != tc.want {
			t.Errorf("ClinicalFunction(%q, %q) = %s, want %s", tc.typ, tc.fda, got, tc.want)
		}
	}
}

// The clinical impact factor is at most 25 points, as the package says.
func TestClinicalImpactBound(t *testing.T) {
	maxPoints := 0.0
	for _, m := range []map[string]float64{criticalityPoints, functionPoints, classPoints} {
		top := 0.0
		for _, p := range m {
			top = max(top, p)
		}
		maxPoints += top
	}
	if maxPoints+pointsPHI > 25 {
		t.Errorf("clinical impact can reach %.0f points", maxPoints+pointsPHI)
	}
	for _, c := range ward.Criticalities {
		if _, ok := criticalityPoints[c]; !ok {
			t.Errorf("criticality %s has no points", c)
		}
	}
}
