package vexport

import (
	"strconv"
	"strings"

	"ward"
)

// The CycloneDX 1.6 wire form Ward writes: a BOM whose metadata component
// is the product and whose vulnerabilities carry the analysis.

type cdxBOM struct {
	Schema          string      `json:"$schema"`
	BOMFormat       string      `json:"bomFormat"`
	SpecVersion     string      `json:"specVersion"`
	SerialNumber    string      `json:"serialNumber"`
	Version         int         `json:"version"`
	Metadata        cdxMetadata `json:"metadata"`
	Vulnerabilities []cdxVuln   `json:"vulnerabilities"`
}

type cdxMetadata struct {
	Timestamp string       `json:"timestamp,omitempty"`
	Tools     cdxTools     `json:"tools"`
	Component cdxComponent `json:"component"`
	Supplier  *cdxOrg      `json:"supplier,omitempty"`
}

type cdxTools struct {
	Components []cdxComponent `json:"components"`
}

type cdxComponent struct {
	Type         string    `json:"type"`
	BOMRef       string    `json:"bom-ref,omitempty"`
	Manufacturer *cdxOrg   `json:"manufacturer,omitempty"`
	Name         string    `json:"name"`
	Version      string    `json:"version,omitempty"`
	Description  string    `json:"description,omitempty"`
	Properties   []cdxProp `json:"properties,omitempty"`
}

type cdxOrg struct {
	Name string `json:"name"`
}

type cdxProp struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cdxVuln struct {
	BOMRef         string         `json:"bom-ref"`
	ID             string         `json:"id"`
	Source         *cdxSource     `json:"source,omitempty"`
	References     []cdxReference `json:"references,omitempty"`
	Description    string         `json:"description,omitempty"`
	Detail         string         `json:"detail,omitempty"`
	Recommendation string         `json:"recommendation,omitempty"`
	Analysis       cdxAnalysis    `json:"analysis"`
	Affects        []cdxAffects   `json:"affects"`
}

type cdxSource struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type cdxReference struct {
	ID     string    `json:"id"`
	Source cdxSource `json:"source"`
}

type cdxAnalysis struct {
	State         string   `json:"state"`
	Justification string   `json:"justification,omitempty"`
	Response      []string `json:"response,omitempty"`
	Detail        string   `json:"detail,omitempty"`
	FirstIssued   string   `json:"firstIssued,omitempty"`
	LastUpdated   string   `json:"lastUpdated,omitempty"`
}

type cdxAffects struct {
	Ref      string       `json:"ref"`
	Versions []cdxVersion `json:"versions"`
}

type cdxVersion struct {
	Version string `json:"version"`
	Status  string `json:"status"`
}

// cdxState maps Ward's statuses to CycloneDX impact analysis states, and
// cdxVersionStatus to the status of the affected version.
var (
	cdxState = map[string]string{
		ward.FindingAffected:           "exploitable",
		ward.FindingNotAffected:        "not_affected",
		ward.FindingFixed:              "resolved",
		ward.FindingUnderInvestigation: "in_triage",
	}
	cdxVersionStatus = map[string]string{
		ward.FindingAffected:           "affected",
		ward.FindingNotAffected:        "unaffected",
		ward.FindingFixed:              "unaffected",
		ward.FindingUnderInvestigation: "unknown",
	}
)

// cdxJustification maps CSAF's justifications, which Ward records, to
// CycloneDX's nearest ones.
var cdxJustification = map[string]string{
	"component_not_present":                             "code_not_present",
	"vulnerable_code_not_present":                       "code_not_present",
	"vulnerable_code_not_in_execute_path":               "code_not_reachable",
	"vulnerable_code_cannot_be_controlled_by_adversary": "requires_environment",
	"inline_mitigations_already_exist":                  "protected_by_mitigating_control",
}

// CycloneDX writes the report as a CycloneDX 1.6 VEX: the product is the
// metadata component, each vulnerability's analysis gives its state,
// justification and response, and affects names the product. The serial
// number follows from the content's tracking ID, so the same data always
// gives the same document. A report with no statement gives a BOM with
// no vulnerabilities. EINVALID for bad options.
func CycloneDX(rep *ward.VEXReport, opts Options) ([]byte, error) {
	opts = opts.withDefaults()
	if err := opts.check(); err != nil {
		return nil, err
	}
	p := &rep.Product
	vs := merge(rep.Statements)
	_, last := span(vs)
	ref := productID(p)
	bom := cdxBOM{Schema: "http://cyclonedx.org/schema/bom-1.6.schema.json", BOMFormat: "CycloneDX", SpecVersion: "1.6", SerialNumber: "urn:uuid:" + uuidFor(documentID(p, last)), Version: 1,
		Metadata: cdxMetadata{
			Tools: cdxTools{Components: []cdxComponent{{Type: "application", Name: "Ward", Version: opts.Engine}}},
			Component: cdxComponent{Type: "device", BOMRef: ref, Manufacturer: &cdxOrg{Name: p.Manufacturer}, Name: p.Model,
				Version: p.Version, Description: p.DeviceType, Properties: modelNumbers(p)},
			Supplier: &cdxOrg{Name: opts.Publisher},
		},
		Vulnerabilities: []cdxVuln{}}
	if !last.IsZero() {
		bom.Metadata.Timestamp = csafTime(last)
	}
	for i, v := range vs {
		bom.Vulnerabilities = append(bom.Vulnerabilities, cdxVulnerability(v, p, ref, i+1))
	}
	return encode(bom, "CycloneDX VEX")
}

func modelNumbers(p *ward.VEXProduct) []cdxProp {
	var out []cdxProp
	for _, n := range p.ModelNumbers {
		out = append(out, cdxProp{Name: "ward:model_number", Value: n})
	}
	return out
}

func cdxVulnerability(v *vuln, p *ward.VEXProduct, ref string, n int) cdxVuln {
	out := cdxVuln{BOMRef: "vulnerability-" + strconv.Itoa(n), ID: v.id,
		Analysis: cdxAnalysis{State: cdxState[v.status], FirstIssued: csafTime(v.first), LastUpdated: csafTime(v.last)},
		Affects:  []cdxAffects{{Ref: ref, Versions: []cdxVersion{{Version: p.Version, Status: cdxVersionStatus[v.status]}}}}}
	if v.isCVE {
		out.Source = &cdxSource{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/" + v.id}
	} else if len(v.sources) > 0 {
		out.Source = &cdxSource{Name: sourceSystem(v.sources[0].Source)}
	}
	var details []string
	for _, s := range v.sources {
		if s.AdvisoryRef != v.id {
			out.References = appendRef(out.References, cdxReference{ID: s.AdvisoryRef, Source: cdxSource{Name: sourceSystem(s.Source)}})
		}
		if out.Description == "" {
			out.Description = s.AdvisoryTitle
		}
		details = append(details, sourceText(s))
	}
	out.Detail = strings.Join(details, "\n")
	var decided []string
	for _, t := range []*ward.Triage{v.decision, v.accepted} {
		if t != nil {
			decided = append(decided, "Triage decision: "+decisionText(t))
		}
	}
	if len(decided) == 0 && v.status == ward.FindingNotAffected {
		_, threats := csafImpact(v, nil)
		decided = append(decided, threats[0].Details)
	}
	out.Analysis.Detail = strings.Join(decided, "\n")
	if t := v.decision; t != nil && v.status == ward.FindingNotAffected {
		out.Analysis.Justification = cdxJustification[t.Justification]
	}
	if v.status == ward.FindingAffected {
		out.Analysis.Response, out.Recommendation = cdxResponse(v)
	}
	return out
}

// cdxResponse says what is done about an exploitable vulnerability: an
// update when the catalog holds an OEM-validated patch, otherwise
// will_not_fix when the risk is accepted.
func cdxResponse(v *vuln) ([]string, string) {
	var resp, recs []string
	if len(v.validated) > 0 {
		resp = append(resp, "update")
		for i := range v.validated {
			recs = append(recs, patchText(&v.validated[i]))
		}
	}
	if v.accepted != nil && len(resp) == 0 {
		resp = append(resp, "will_not_fix")
	}
	return resp, strings.Join(recs, "\n")
}

func appendRef(refs []cdxReference, r cdxReference) []cdxReference {
	for _, x := range refs {
		if x == r {
			return refs
		}
	}
	return append(refs, r)
}
