package vexport_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	gocsaf "github.com/gocsaf/csaf/v3/csaf"

	"ward"
	"ward/ingest/csaf"
	"ward/vexport"
)

var opts = vexport.Options{Publisher: "Riverside Health Clinical Engineering", Namespace: "https://riverside.example/psirt",
	TLP: "green", Engine: "test"}

// mustCSAF exports the report or fails.
func mustCSAF(t *testing.T, rep *ward.VEXReport) []byte {
	t.Helper()
	b, err := vexport.CSAF(rep, opts)
	if err != nil {
		t.Fatalf("CSAF: %v", err)
	}
	return b
}

// TestCSAFValid checks the document with gocsaf (the JSON schema, and its
// model's own checks) and with Ward's validator, which adds the mandatory
// tests of CSAF 2.0 section 6.1, the VEX profile's among them.
func TestCSAFValid(t *testing.T) {
	b := mustCSAF(t, testReport())
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	errs, err := gocsaf.ValidateCSAF(generic)
	if err != nil {
		t.Fatalf("gocsaf schema: %v", err)
	}
	for _, e := range errs {
		t.Errorf("gocsaf schema: %s", e)
	}
	var adv gocsaf.Advisory
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&adv); err != nil {
		t.Fatalf("gocsaf model: %v", err)
	}
	if err := adv.Validate(); err != nil {
		t.Errorf("gocsaf Validate: %v", err)
	}
	for _, p := range csaf.Validate(b, "vex.json") {
		t.Errorf("ward validator: %v", p)
	}
	if t.Failed() {
		t.Logf("document:\n%s", b)
	}
	// The validators do catch a document that breaks the profile: an
	// affected product with no remediation.
	broken := bytes.Replace(b, []byte(`"remediations"`), []byte(`"x_remediations"`), 1)
	if probs := csaf.Validate(broken, "broken.json"); len(probs) == 0 {
		t.Error("ward validator: a document with an unknown member passed")
	}
	errs, err = gocsaf.ValidateCSAF(mustGeneric(t, broken))
	if err != nil || len(errs) == 0 {
		t.Errorf("gocsaf schema: a document with an unknown member passed (%v)", err)
	}
	var doc map[string]any
	json.Unmarshal(b, &doc)
	vulns := doc["vulnerabilities"].([]any)
	delete(vulns[0].(map[string]any), "remediations")
	noAction, _ := json.Marshal(doc)
	if !hasRule(csaf.Validate(noAction, "no-action.json"), "6.1.27.10") {
		t.Error("ward validator: an affected product without a remediation passed 6.1.27.10")
	}
}

func mustGeneric(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func hasRule(probs []csaf.Problem, rule string) bool {
	for _, p := range probs {
		if p.Rule == rule {
			return true
		}
	}
	return false
}

// TestCSAFStatements reads the document back with gocsaf's model and
// checks each vulnerability's product status and what the VEX profile asks
// of it.
func TestCSAFStatements(t *testing.T) {
	var adv gocsaf.Advisory
	if err := json.Unmarshal(mustCSAF(t, testReport()), &adv); err != nil {
		t.Fatal(err)
	}
	if got := string(*adv.Document.Category); got != "csaf_vex" {
		t.Errorf("category: got %q, want csaf_vex", got)
	}
	if got := *adv.Document.Tracking.ID; got != "WARD-VEX-BD-ALARIS-INFUSION-CENTRAL-1.3.2-20250415T164512Z" {
		t.Errorf("tracking ID: got %q, want the product and the latest change", got)
	}
	if got := string(*adv.Document.Distribution.TLP.DocumentTLPLabel); got != "GREEN" {
		t.Errorf("TLP: got %q, want GREEN", got)
	}
	if len(adv.Vulnerabilities) != len(wantStatus) {
		t.Errorf("got %d vulnerabilities, want %d", len(adv.Vulnerabilities), len(wantStatus))
	}
	for _, v := range adv.Vulnerabilities {
		id := ""
		if v.CVE != nil {
			id = string(*v.CVE)
		} else if len(v.IDs) > 0 {
			id = *v.IDs[0].Text
		}
		got := statusOf(v.ProductStatus)
		if want := map[string]string{ward.FindingAffected: "known_affected", ward.FindingNotAffected: "known_not_affected",
			ward.FindingFixed: "fixed", ward.FindingUnderInvestigation: "under_investigation"}[wantStatus[id]]; got != want {
			t.Errorf("%s: got %s, want %s", id, got, want)
		}
		switch got {
		case "known_not_affected":
			if len(v.Threats) == 0 || string(*v.Threats[0].Category) != "impact" {
				t.Errorf("%s: not affected without an impact statement", id)
			}
		case "known_affected":
			if len(v.Remediations) == 0 {
				t.Errorf("%s: affected without a remediation", id)
			}
		}
		if len(v.Notes) == 0 {
			t.Errorf("%s: no notes", id)
		}
	}
	checks := []struct {
		id, want string
	}{
		{"CVE-2022-47376", `"category": "vendor_fix"`}, // the validated patch
		{"CVE-2022-47376", `"url": "https://www.bd.com/`},
		{"CVE-2024-0001", `"category": "none_available"`}, // only a pending patch
		{"CVE-2024-0001", "Pending the manufacturer's validation: Install BD Alaris Infusion Central version 1.5.0"},
		{"CVE-2020-0001", `"label": "vulnerable_code_not_in_execute_path"`},
		{"CVE-2021-0001", "Not affected as Ward matched it"},
		{"CVE-2018-0001", "Risk accepted: risk_accepted, decided by alice on 2025-03-04, until 2027-03-31"},
		{"CVE-2022-47376", `"system_name": "CSAF advisory"`},
		{"ICSMA-17-001-01", `"text": "ICSMA-17-001-01"`},
	}
	byID := vulnJSON(t, mustCSAF(t, testReport()))
	for _, c := range checks {
		if !strings.Contains(byID[c.id], c.want) {
			t.Errorf("%s: want %s in\n%s", c.id, c.want, byID[c.id])
		}
	}
	if strings.Contains(byID["CVE-2016-0001"], "component_not_present") {
		t.Errorf("CVE-2016-0001: an expired decision still speaks:\n%s", byID["CVE-2016-0001"])
	}
}

// TestCSAFImport reads the document with Ward's own CSAF importer, as
// another Ward instance would.
func TestCSAFImport(t *testing.T) {
	a, err := csaf.Parse(bytes.NewReader(mustCSAF(t, testReport())), "vex.json")
	if err != nil {
		t.Fatal(err)
	}
	if !a.VEX || len(a.Products) != 1 || a.Products[0].Vendor != "BD" || a.Products[0].Version != "1.3.2" {
		t.Fatalf("imported: VEX %v products %+v, want one BD product at 1.3.2", a.VEX, a.Products)
	}
	for _, v := range a.Vulnerabilities {
		if v.CVE == "CVE-2020-0001" && (len(v.Statuses) != 1 || v.Statuses[0].Justification != "vulnerable_code_not_in_execute_path") {
			t.Errorf("CVE-2020-0001: got %+v, want not affected with its justification", v.Statuses)
		}
	}
}

func TestCSAFDeterministic(t *testing.T) {
	a, b := mustCSAF(t, testReport()), mustCSAF(t, testReport())
	if !bytes.Equal(a, b) {
		t.Error("two exports of the same report differ")
	}
	rep := testReport()
	rep.Statements[0].UpdatedAt = day3.AddDate(0, 1, 0)
	if bytes.Equal(a, mustCSAF(t, rep)) {
		t.Error("a changed finding gives the same document")
	}
}

func TestCSAFRefuses(t *testing.T) {
	rep := testReport()
	rep.Statements = nil
	if _, err := vexport.CSAF(rep, opts); ward.ErrorCode(err) != ward.ENOTFOUND {
		t.Errorf("no statements: got %v, want ENOTFOUND", err)
	}
	for _, o := range []vexport.Options{{TLP: "PURPLE"}, {Namespace: "riverside health"}, {Namespace: "https://x/\ny"}} {
		if _, err := vexport.CSAF(testReport(), o); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("options %+v: got %v, want EINVALID", o, err)
		}
	}
}

func statusOf(ps *gocsaf.ProductStatus) string {
	switch {
	case ps == nil:
		return ""
	case ps.KnownAffected != nil:
		return "known_affected"
	case ps.KnownNotAffected != nil:
		return "known_not_affected"
	case ps.Fixed != nil:
		return "fixed"
	case ps.UnderInvestigation != nil:
		return "under_investigation"
	}
	return ""
}

// vulnJSON returns each vulnerability of a CSAF document as indented JSON,
// by its CVE or first ID.
func vulnJSON(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var d struct {
		Vulnerabilities []map[string]any `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range d.Vulnerabilities {
		id, _ := v["cve"].(string)
		if id == "" {
			id = v["ids"].([]any)[0].(map[string]any)["text"].(string)
		}
		b, _ := json.MarshalIndent(v, "", "  ")
		out[id] = string(b)
	}
	return out
}
