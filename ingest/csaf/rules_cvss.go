package csaf

import (
	"encoding/json"
	"fmt"
	"math"
)

// cvssMetric ties a vector metric to the JSON property that repeats it.
type cvssMetric struct {
	key, prop string
	values    map[string]string
}

var (
	v3Impact = map[string]string{"N": "NONE", "L": "LOW", "H": "HIGH"}
	v3AV     = map[string]string{"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}
	v3AC     = map[string]string{"L": "LOW", "H": "HIGH"}
	v3UI     = map[string]string{"N": "NONE", "R": "REQUIRED"}
	v3S      = map[string]string{"U": "UNCHANGED", "C": "CHANGED"}
	v3Req    = map[string]string{"X": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
	v2Impact = map[string]string{"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}
	v2Req    = map[string]string{"ND": "NOT_DEFINED", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
)

// withX adds NOT_DEFINED to a base metric's values, for its modified form.
func withX(m map[string]string) map[string]string {
	out := map[string]string{"X": "NOT_DEFINED"}
	for k, v := range m {
		out[k] = v
	}
	return out
}

var v3Metrics = []cvssMetric{
	{"AV", "attackVector", v3AV},
	{"AC", "attackComplexity", v3AC},
	{"PR", "privilegesRequired", v3Impact},
	{"UI", "userInteraction", v3UI},
	{"S", "scope", v3S},
	{"C", "confidentialityImpact", v3Impact},
	{"I", "integrityImpact", v3Impact},
	{"A", "availabilityImpact", v3Impact},
	{"E", "exploitCodeMaturity", map[string]string{"X": "NOT_DEFINED", "U": "UNPROVEN", "P": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}},
	{"RL", "remediationLevel", map[string]string{"X": "NOT_DEFINED", "O": "OFFICIAL_FIX", "T": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}},
	{"RC", "reportConfidence", map[string]string{"X": "NOT_DEFINED", "U": "UNKNOWN", "R": "REASONABLE", "C": "CONFIRMED"}},
	{"CR", "confidentialityRequirement", v3Req},
	{"IR", "integrityRequirement", v3Req},
	{"AR", "availabilityRequirement", v3Req},
	{"MAV", "modifiedAttackVector", withX(v3AV)},
	{"MAC", "modifiedAttackComplexity", withX(v3AC)},
	{"MPR", "modifiedPrivilegesRequired", withX(v3Impact)},
	{"MUI", "modifiedUserInteraction", withX(v3UI)},
	{"MS", "modifiedScope", withX(v3S)},
	{"MC", "modifiedConfidentialityImpact", withX(v3Impact)},
	{"MI", "modifiedIntegrityImpact", withX(v3Impact)},
	{"MA", "modifiedAvailabilityImpact", withX(v3Impact)},
}

var v2Metrics = []cvssMetric{
	{"AV", "accessVector", map[string]string{"L": "LOCAL", "A": "ADJACENT_NETWORK", "N": "NETWORK"}},
	{"AC", "accessComplexity", map[string]string{"H": "HIGH", "M": "MEDIUM", "L": "LOW"}},
	{"Au", "authentication", map[string]string{"M": "MULTIPLE", "S": "SINGLE", "N": "NONE"}},
	{"C", "confidentialityImpact", v2Impact},
	{"I", "integrityImpact", v2Impact},
	{"A", "availabilityImpact", v2Impact},
	{"E", "exploitability", map[string]string{"ND": "NOT_DEFINED", "U": "UNPROVEN", "POC": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"}},
	{"RL", "remediationLevel", map[string]string{"ND": "NOT_DEFINED", "OF": "OFFICIAL_FIX", "TF": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"}},
	{"RC", "reportConfidence", map[string]string{"ND": "NOT_DEFINED", "UC": "UNCONFIRMED", "UR": "UNCORROBORATED", "C": "CONFIRMED"}},
	{"CDP", "collateralDamagePotential", map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "LM": "LOW_MEDIUM", "MH": "MEDIUM_HIGH", "H": "HIGH"}},
	{"TD", "targetDistribution", map[string]string{"ND": "NOT_DEFINED", "N": "NONE", "L": "LOW", "M": "MEDIUM", "H": "HIGH"}},
	{"CR", "confidentialityRequirement", v2Req},
	{"IR", "integrityRequirement", v2Req},
	{"AR", "availabilityRequirement", v2Req},
}

// scoreVersions returns the CVSS versions a score carries, for 6.1.7.
func scoreVersions(s score) []string {
	var out []string
	if s.CVSSv2 != nil {
		out = append(out, "2.0")
	}
	if s.CVSSv3 != nil {
		var v struct {
			Version string `json:"version"`
		}
		_ = json.Unmarshal(s.CVSSv3, &v) // a bad object is 6.1.8's to report
		out = append(out, "3:"+v.Version)
	}
	return out
}

// cvss runs 6.1.8 (strict schema), 6.1.10 (properties agree with the
// vector) and 6.1.9 (scores computed right) on every CVSS object. An
// object that fails 6.1.8 is not checked further: its values cannot be
// trusted to mean anything.
func (c *checker) cvss() {
	for i, v := range c.d.Vulnerabilities {
		for j, s := range v.Scores {
			base := fmt.Sprintf("/vulnerabilities/%d/scores/%d", i, j)
			if s.CVSSv2 != nil {
				c.cvssObject(s.CVSSv2, base+"/cvss_v2", "2")
			}
			if s.CVSSv3 != nil {
				c.cvssObject(s.CVSSv3, base+"/cvss_v3", "3")
			}
		}
	}
}

func (c *checker) cvssObject(raw json.RawMessage, path, major string) {
	inst, err := parseJSON(raw)
	if err != nil {
		c.add(path, "6.1.8", "%v", err)
		return
	}
	obj, _ := inst.(map[string]any)
	version, _ := obj["version"].(string)
	if major == "2" {
		version = "2.0"
	}
	if probs := validateCVSS(version, inst, path); len(probs) > 0 {
		c.probs = append(c.probs, probs...)
		return
	}
	vector, _ := obj["vectorString"].(string)
	m := parseVector(vector)
	metrics, scores := v3Metrics, computeV3(version, m)
	if major == "2" {
		metrics, scores = v2Metrics, computeV2(m)
	}
	for _, mt := range metrics {
		got, ok := obj[mt.prop].(string)
		if !ok {
			continue
		}
		// A metric the vector leaves out may be repeated as any value:
		// the OASIS files pair an absent MC with "modifiedConfidentialityImpact":
		// "NONE", and FIRST's calculators accept that.
		val, in := m[mt.key]
		if !in {
			continue
		}
		if want := mt.values[val]; want != "" && got != want {
			c.add(path+"/"+mt.prop, "6.1.10", "%s is %s but the vector says %s:%s (%s)", mt.prop, got, mt.key, val, want)
		}
	}
	checkScore := func(prop string, want float64, sevProp string) {
		if n, ok := obj[prop].(json.Number); ok {
			if got, err := n.Float64(); err == nil && math.Abs(got-want) > 1e-6 {
				c.add(path+"/"+prop, "6.1.9", "%s is %v but the vector gives %.1f", prop, got, want)
			}
		}
		if sev, ok := obj[sevProp].(string); ok && major == "3" && sev != severityV3(want) {
			c.add(path+"/"+sevProp, "6.1.9", "%s is %s but the vector gives %s", sevProp, sev, severityV3(want))
		}
	}
	checkScore("baseScore", scores.base, "baseSeverity")
	checkScore("temporalScore", scores.temporal, "temporalSeverity")
	checkScore("environmentalScore", scores.environmental, "environmentalSeverity")
}
