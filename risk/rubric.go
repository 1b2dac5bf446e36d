package risk

import (
	"slices"
	"strings"

	"ward"
)

// The environmental questions are Ward's own wording of the concerns that
// MITRE's "Rubric for Applying CVSS to Medical Devices" (FDA-qualified as
// a Medical Device Development Tool in 2020) asks a hospital to weigh:
// how the device is reached where it is deployed, and how much a loss of
// confidentiality (PHI), integrity (diagnosis and therapy data) or
// availability (delayed or stopped care) would matter. Each answer sets
// one CVSS v3.1 environmental metric; the environmental score computed
// with them moves the severity factor (see Severity).

// Question is one environmental question, answered once per model.
type Question struct {
	Key     string   `json:"key"`
	Metric  string   `json:"metric"` // the CVSS v3.1 environmental metric it sets
	Text    string   `json:"text"`
	Answers []Answer `json:"answers"`
}

// Answer is one possible answer and the metric value it sets (0: Not
// Defined, the published base metric stands).
type Answer struct {
	Key   string `json:"key"`
	Value string `json:"value"` // the metric letter, "X" for not defined
	Text  string `json:"text"`
	set   byte
}

// NotDefined is the answer that leaves a metric as published.
const NotDefined = "not_defined"

func answer(key, text string, set byte) Answer {
	v := "X"
	if set != 0 {
		v = string(set)
	}
	return Answer{Key: key, Value: v, Text: text, set: set}
}

var notDefined = answer(NotDefined, "not answered: the published metric stands", 0)

// Questions are the environmental questions Ward asks per model.
var Questions = []Question{
	{Key: "attack_reach", Metric: "MAV", Text: "Where this model is deployed, from where can an attacker reach it?", Answers: []Answer{notDefined,
		answer("network", "from other networks: it is routed beyond its own segment", 'N'),
		answer("adjacent", "only from its own network segment or radio range", 'A'),
		answer("local", "only through a session or port on the device itself", 'L'),
		answer("physical", "only by handling the device", 'P')}},
	{Key: "privileges", Metric: "MPR", Text: "What access must an attacker already have on it?", Answers: []Answer{notDefined,
		answer("none", "none: services answer without credentials", 'N'),
		answer("low", "an ordinary user account", 'L'),
		answer("high", "an administrator or service account", 'H')}},
	{Key: "user_interaction", Metric: "MUI", Text: "Must a clinician or other user act for an attack to work?", Answers: []Answer{notDefined,
		answer("none", "no", 'N'),
		answer("required", "yes", 'R')}},
	{Key: "confidentiality_requirement", Metric: "CR", Text: "How much harm would disclosure of its data do (PHI of many patients, credentials)?", Answers: []Answer{notDefined,
		answer("low", "little: no PHI or secrets", 'L'),
		answer("medium", "some: limited PHI", 'M'),
		answer("high", "serious: PHI of many patients, or credentials", 'H')}},
	{Key: "integrity_requirement", Metric: "IR", Text: "Could altered data, settings or commands lead to patient harm (wrong therapy or diagnosis)?", Answers: []Answer{notDefined,
		answer("low", "no clinical decision relies on it", 'L'),
		answer("medium", "independent checks would catch it", 'M'),
		answer("high", "therapy or diagnosis relies on it", 'H')}},
	{Key: "availability_requirement", Metric: "AR", Text: "Could losing its function delay or stop care?", Answers: []Answer{notDefined,
		answer("low", "no: alternatives are at hand", 'L'),
		answer("medium", "it would delay care", 'M'),
		answer("high", "it would stop care: life-sustaining, or no backup", 'H')}},
}

// question returns the question with key, or nil.
func question(key string) *Question {
	for i := range Questions {
		if Questions[i].Key == key {
			return &Questions[i]
		}
	}
	return nil
}

// ValidateAnswers checks rubric answers and drops not_defined ones. It
// returns EINVALID naming the first unknown question or answer.
func ValidateAnswers(in ward.RubricAnswers) (ward.RubricAnswers, error) {
	out := ward.RubricAnswers{}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		q := question(k)
		if q == nil {
			return nil, ward.Errorf(ward.EINVALID, "rubric question %q is not one of %s", k, strings.Join(questionKeys(), ", "))
		}
		i := slices.IndexFunc(q.Answers, func(a Answer) bool { return a.Key == in[k] })
		if i < 0 {
			return nil, ward.Errorf(ward.EINVALID, "rubric question %s: answer %q is not one of %s", k, in[k], strings.Join(answerKeys(q), ", "))
		}
		if q.Answers[i].set != 0 {
			out[k] = in[k]
		}
	}
	return out, nil
}

func questionKeys() []string {
	var out []string
	for _, q := range Questions {
		out = append(out, q.Key)
	}
	return out
}

func answerKeys(q *Question) []string {
	var out []string
	for _, a := range q.Answers {
		out = append(out, a.Key)
	}
	return out
}

// EnvFromAnswers returns the environmental metrics a model's answers set.
// Unknown questions or answers are ignored (they were refused when
// recorded).
func EnvFromAnswers(ans ward.RubricAnswers) Env {
	var e Env
	for k, v := range ans {
		q := question(k)
		if q == nil {
			continue
		}
		for _, a := range q.Answers {
			if a.Key != v {
				continue
			}
			switch q.Metric {
			case "MAV":
				e.MAV = a.set
			case "MPR":
				e.MPR = a.set
			case "MUI":
				e.MUI = a.set
			case "CR":
				e.CR = a.set
			case "IR":
				e.IR = a.set
			case "AR":
				e.AR = a.set
			}
		}
	}
	return e
}

// String renders e as the environmental part of a CVSS vector
// ("MAV:A/CR:H"), in the specification's order.
func (e Env) String() string {
	var parts []string
	for _, m := range []struct {
		name string
		v    byte
	}{{"MAV", e.MAV}, {"MPR", e.MPR}, {"MUI", e.MUI}, {"CR", e.CR}, {"IR", e.IR}, {"AR", e.AR}} {
		if m.v != 0 {
			parts = append(parts, m.name+":"+string(m.v))
		}
	}
	return strings.Join(parts, "/")
}
