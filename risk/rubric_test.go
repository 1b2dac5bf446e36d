package risk

import (
	"maps"
	"strings"
	"testing"

	"ward"
)

func TestValidateAnswers(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   ward.RubricAnswers
		want ward.RubricAnswers
		err  string
	}{
		{"all set", ward.RubricAnswers{"attack_reach": "adjacent", "privileges": "low", "user_interaction": "required",
			"confidentiality_requirement": "high", "integrity_requirement": "medium", "availability_requirement": "low"},
			ward.RubricAnswers{"attack_reach": "adjacent", "privileges": "low", "user_interaction": "required",
				"confidentiality_requirement": "high", "integrity_requirement": "medium", "availability_requirement": "low"}, ""},
		{"not defined dropped", ward.RubricAnswers{"attack_reach": NotDefined, "privileges": "none"}, ward.RubricAnswers{"privileges": "none"}, ""},
		{"empty", ward.RubricAnswers{}, ward.RubricAnswers{}, ""},
		{"unknown question", ward.RubricAnswers{"attack_vector": "network"}, nil, `rubric question "attack_vector" is not one of attack_reach`},
		{"unknown answer", ward.RubricAnswers{"privileges": "root"}, nil, `answer "root" is not one of not_defined, none, low, high`},
		{"metric letter is not an answer", ward.RubricAnswers{"attack_reach": "N"}, nil, `attack_reach: answer "N"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ValidateAnswers(tc.in)
			if tc.err != "" {
				if ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(ward.ErrorMessage(err), tc.err) {
					t.Fatalf("error %v, want EINVALID containing %q", err, tc.err)
				}
				return
			}
			if err != nil || !maps.Equal(got, tc.want) {
				t.Errorf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestEnvFromAnswers(t *testing.T) {
	e := EnvFromAnswers(ward.RubricAnswers{"attack_reach": "local", "privileges": "high", "user_interaction": "none",
		"confidentiality_requirement": "low", "integrity_requirement": "high", "availability_requirement": "medium", "bogus": "x"})
	if got, want := e.String(), "MAV:L/MPR:H/MUI:N/CR:L/IR:H/AR:M"; got != want {
		t.Errorf("env %s, want %s", got, want)
	}
	if !EnvFromAnswers(ward.RubricAnswers{"attack_reach": NotDefined}).IsZero() {
		t.Error("not_defined sets a metric")
	}
	// Every answer sets the metric letter it shows.
	for _, q := range Questions {
		for _, a := range q.Answers {
			got := EnvFromAnswers(ward.RubricAnswers{q.Key: a.Key}).String()
			want := q.Metric + ":" + a.Value
			if a.Key == NotDefined {
				want = ""
			}
			if got != want {
				t.Errorf("%s=%s sets %q, want %q", q.Key, a.Key, got, want)
			}
		}
	}
}
