package vexport_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"ward"
	"ward/vexport"
)

// mustCycloneDX exports the report or fails.
func mustCycloneDX(t *testing.T, rep *ward.VEXReport) []byte {
	t.Helper()
	b, err := vexport.CycloneDX(rep, opts)
	if err != nil {
		t.Fatalf("CycloneDX: %v", err)
	}
	return b
}

// cdxSchema compiles the CycloneDX 1.6 JSON schema (with the SPDX and JSF
// schemas it references) from testdata/cyclonedx.
func cdxSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, name := range []string{"bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json"} {
		f, err := os.Open("testdata/cyclonedx/" + name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("http://cyclonedx.org/schema/"+name, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCycloneDXSchema(t *testing.T) {
	s := cdxSchema(t)
	b := mustCycloneDX(t, testReport())
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(doc); err != nil {
		t.Errorf("CycloneDX 1.6 schema: %v\n%s", err, b)
	}
	// The schema does catch a state CycloneDX does not define.
	bad, _ := jsonschema.UnmarshalJSON(bytes.NewReader(bytes.Replace(b, []byte(`"state": "exploitable"`), []byte(`"state": "affected"`), 1)))
	if s.Validate(bad) == nil {
		t.Error("CycloneDX 1.6 schema: the state \"affected\" passed")
	}
}

// TestCycloneDXRoundTrip decodes the document with cyclonedx-go, checks
// each vulnerability's analysis, and encodes it again as CycloneDX 1.6:
// nothing may be lost or added on the way.
func TestCycloneDXRoundTrip(t *testing.T) {
	b := mustCycloneDX(t, testReport())
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(b), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		t.Fatal(err)
	}
	if bom.SpecVersion != cdx.SpecVersion1_6 || bom.Metadata.Component.Type != cdx.ComponentTypeDevice ||
		bom.Metadata.Component.Manufacturer.Name != "BD" || bom.Metadata.Component.Version != "1.3.2" {
		t.Errorf("metadata: got spec %v component %+v, want 1.6 and the BD device at 1.3.2", bom.SpecVersion, bom.Metadata.Component)
	}
	states := map[string]cdx.ImpactAnalysisState{ward.FindingAffected: cdx.IASExploitable, ward.FindingNotAffected: cdx.IASNotAffected,
		ward.FindingFixed: cdx.IASResolved, ward.FindingUnderInvestigation: cdx.IASInTriage}
	if len(*bom.Vulnerabilities) != len(wantStatus) {
		t.Errorf("got %d vulnerabilities, want %d", len(*bom.Vulnerabilities), len(wantStatus))
	}
	byID := map[string]cdx.Vulnerability{}
	for _, v := range *bom.Vulnerabilities {
		byID[v.ID] = v
		if want := states[wantStatus[v.ID]]; v.Analysis == nil || v.Analysis.State != want {
			t.Errorf("%s: got analysis %+v, want state %s", v.ID, v.Analysis, want)
		}
		if v.Affects == nil || len(*v.Affects) != 1 || (*v.Affects)[0].Ref != bom.Metadata.Component.BOMRef {
			t.Errorf("%s: affects %+v, want the metadata component", v.ID, v.Affects)
		}
	}
	if a := byID["CVE-2020-0001"].Analysis; a.Justification != cdx.IAJCodeNotReachable || !strings.Contains(a.Detail, "alice") {
		t.Errorf("CVE-2020-0001: got %+v, want code_not_reachable and the decision", a)
	}
	if a := byID["CVE-2022-47376"].Analysis; a.Response == nil || (*a.Response)[0] != cdx.IARUpdate {
		t.Errorf("CVE-2022-47376: got %+v, want the response update (an OEM-validated patch)", a)
	}
	if a := byID["CVE-2018-0001"].Analysis; a.Response == nil || (*a.Response)[0] != cdx.IARWillNotFix {
		t.Errorf("CVE-2018-0001: got %+v, want will_not_fix (risk accepted, no patch)", a)
	}
	if r := byID["CVE-2022-47376"].References; r == nil || (*r)[0].ID != "ICSMA-23-047-01" {
		t.Errorf("CVE-2022-47376: references %+v, want the CISA advisory", r)
	}

	var again bytes.Buffer
	if err := cdx.NewBOMEncoder(&again, cdx.BOMFileFormatJSON).EncodeVersion(&bom, cdx.SpecVersion1_6); err != nil {
		t.Fatal(err)
	}
	var x, y any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(again.Bytes(), &y); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Errorf("round trip through cyclonedx-go changed the document:\nwrote %s\ngot   %s", b, again.Bytes())
	}
}

func TestCycloneDXEmpty(t *testing.T) {
	rep := testReport()
	rep.Statements = nil
	b := mustCycloneDX(t, rep)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := cdxSchema(t).Validate(doc); err != nil {
		t.Errorf("empty VEX: %v", err)
	}
	if !bytes.Equal(b, mustCycloneDX(t, rep)) {
		t.Error("two exports of the same report differ")
	}
}
