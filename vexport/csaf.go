package vexport

import (
	"fmt"
	"strings"
	"time"

	"ward"
)

// The CSAF 2.0 wire form Ward writes: only the members a VEX document
// uses, empty ones left out.

type csafDoc struct {
	Document        csafDocument `json:"document"`
	ProductTree     csafTree     `json:"product_tree"`
	Vulnerabilities []csafVuln   `json:"vulnerabilities"`
}

type csafDocument struct {
	Category     string        `json:"category"`
	CSAFVersion  string        `json:"csaf_version"`
	Lang         string        `json:"lang"`
	Title        string        `json:"title"`
	Publisher    csafPublisher `json:"publisher"`
	Distribution *csafDist     `json:"distribution,omitempty"`
	Notes        []csafNote    `json:"notes"`
	Tracking     csafTracking  `json:"tracking"`
}

type csafPublisher struct {
	Category  string `json:"category"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

type csafDist struct {
	TLP struct {
		Label string `json:"label"`
		URL   string `json:"url"`
	} `json:"tlp"`
}

type csafNote struct {
	Category string `json:"category"`
	Title    string `json:"title,omitempty"`
	Text     string `json:"text"`
}

type csafTracking struct {
	ID                 string         `json:"id"`
	Status             string         `json:"status"`
	Version            string         `json:"version"`
	InitialReleaseDate string         `json:"initial_release_date"`
	CurrentReleaseDate string         `json:"current_release_date"`
	RevisionHistory    []csafRevision `json:"revision_history"`
	Generator          csafGenerator  `json:"generator"`
}

type csafRevision struct {
	Date    string `json:"date"`
	Number  string `json:"number"`
	Summary string `json:"summary"`
}

type csafGenerator struct {
	Engine struct {
		Name    string `json:"name"`
		Version string `json:"version,omitempty"`
	} `json:"engine"`
}

type csafTree struct {
	Branches []csafBranch `json:"branches"`
}

type csafBranch struct {
	Category string       `json:"category"`
	Name     string       `json:"name"`
	Branches []csafBranch `json:"branches,omitempty"`
	Product  *csafProduct `json:"product,omitempty"`
}

type csafProduct struct {
	ProductID string      `json:"product_id"`
	Name      string      `json:"name"`
	Helper    *csafHelper `json:"product_identification_helper,omitempty"`
}

type csafHelper struct {
	ModelNumbers []string `json:"model_numbers,omitempty"`
}

type csafVuln struct {
	CVE           string              `json:"cve,omitempty"`
	IDs           []csafID            `json:"ids,omitempty"`
	Title         string              `json:"title,omitempty"`
	Notes         []csafNote          `json:"notes"`
	ProductStatus map[string][]string `json:"product_status"`
	Flags         []csafFlag          `json:"flags,omitempty"`
	Threats       []csafThreat        `json:"threats,omitempty"`
	Remediations  []csafRemediation   `json:"remediations,omitempty"`
}

type csafID struct {
	SystemName string `json:"system_name"`
	Text       string `json:"text"`
}

type csafFlag struct {
	Label      string   `json:"label"`
	Date       string   `json:"date,omitempty"`
	ProductIDs []string `json:"product_ids"`
}

type csafThreat struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	Date       string   `json:"date,omitempty"`
	ProductIDs []string `json:"product_ids"`
}

type csafRemediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	Date       string   `json:"date,omitempty"`
	URL        string   `json:"url,omitempty"`
	ProductIDs []string `json:"product_ids"`
}

// csafStatus maps Ward's statuses to CSAF product status members.
var csafStatus = map[string]string{
	ward.FindingAffected:           "known_affected",
	ward.FindingNotAffected:        "known_not_affected",
	ward.FindingFixed:              "fixed",
	ward.FindingUnderInvestigation: "under_investigation",
}

// CSAF writes the report as a CSAF 2.0 document of category csaf_vex. Its
// tracking ID names the product and the time of the latest change the
// statements rest on, and its dates are those of the findings and
// decisions, so the same data always gives the same document and any
// change gives a new one (version 1, final). ENOTFOUND when the report
// has no statement (the profile needs one vulnerability at least),
// EINVALID for bad options.
func CSAF(rep *ward.VEXReport, opts Options) ([]byte, error) {
	opts = opts.withDefaults()
	if err := opts.check(); err != nil {
		return nil, err
	}
	vs := merge(rep.Statements)
	if len(vs) == 0 {
		return nil, ward.Errorf(ward.ENOTFOUND, "Ward has no findings for %s: a CSAF VEX document needs one vulnerability at least",
			productName(&rep.Product))
	}
	first, last := span(vs)
	pid := productID(&rep.Product)
	doc := csafDoc{Document: csafHeader(rep, opts, vs, first, last), ProductTree: csafProductTree(&rep.Product, pid)}
	for _, v := range vs {
		doc.Vulnerabilities = append(doc.Vulnerabilities, csafVulnerability(v, pid))
	}
	return encode(doc, "CSAF VEX")
}

// csafTime formats a time as CSAF wants it.
func csafTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func csafHeader(rep *ward.VEXReport, opts Options, vs []*vuln, first, last time.Time) csafDocument {
	p := &rep.Product
	decisions := 0
	for _, v := range vs {
		if v.decision != nil || v.accepted != nil {
			decisions++
		}
	}
	d := csafDocument{Category: "csaf_vex", CSAFVersion: "2.0", Lang: "en",
		Title:     "VEX for " + productName(p),
		Publisher: csafPublisher{Category: "user", Name: opts.Publisher, Namespace: opts.Namespace},
		Notes: []csafNote{{Category: "summary", Title: "About this document", Text: fmt.Sprintf(
			"Statements of %s on the vulnerabilities of %s as it is deployed (%d active units), generated by Ward from the "+
				"findings it computed for this model and version and the triage decisions its users recorded. "+
				"Remediations name the manufacturer's patches in Ward's OEM patch catalog.", opts.Publisher, productName(p), p.Devices)}},
	}
	if opts.TLP != "" {
		d.Distribution = &csafDist{}
		d.Distribution.TLP.Label, d.Distribution.TLP.URL = opts.TLP, "https://www.first.org/tlp/"
	}
	d.Tracking = csafTracking{ID: documentID(p, last), Status: "final", Version: "1",
		InitialReleaseDate: csafTime(first), CurrentReleaseDate: csafTime(last),
		RevisionHistory: []csafRevision{{Date: csafTime(last), Number: "1", Summary: fmt.Sprintf(
			"%d vulnerabilities from %d findings; %d decided by triage.", len(vs), len(rep.Statements), decisions)}}}
	d.Tracking.Generator.Engine.Name, d.Tracking.Generator.Engine.Version = "Ward", opts.Engine
	return d
}

func csafProductTree(p *ward.VEXProduct, pid string) csafTree {
	prod := &csafProduct{ProductID: pid, Name: productName(p)}
	if len(p.ModelNumbers) > 0 {
		prod.Helper = &csafHelper{ModelNumbers: p.ModelNumbers}
	}
	version := csafBranch{Category: "product_version", Name: p.Version, Product: prod}
	model := csafBranch{Category: "product_name", Name: p.Model, Branches: []csafBranch{version}}
	return csafTree{Branches: []csafBranch{{Category: "vendor", Name: p.Manufacturer, Branches: []csafBranch{model}}}}
}

// csafVulnerability states the product's status for one vulnerability,
// with what the profile asks of each status: an impact statement for
// known_not_affected (a flag when a justification is known, and always a
// threat of category impact saying why), a remediation for known_affected.
func csafVulnerability(v *vuln, pid string) csafVuln {
	pids := []string{pid}
	out := csafVuln{ProductStatus: map[string][]string{csafStatus[v.status]: pids}}
	if v.isCVE {
		out.CVE = v.id
	}
	for _, s := range v.sources {
		if s.AdvisoryRef != v.id || !v.isCVE {
			out.IDs = appendID(out.IDs, csafID{SystemName: sourceSystem(s.Source), Text: s.AdvisoryRef})
		}
		if out.Title == "" {
			out.Title = s.AdvisoryTitle
		}
		out.Notes = append(out.Notes, csafNote{Category: "description", Title: "Finding from " + s.AdvisoryRef, Text: sourceText(s)})
	}
	for _, t := range []*ward.Triage{v.decision, v.accepted} {
		if t != nil {
			out.Notes = append(out.Notes, csafNote{Category: "details", Title: "Triage decision", Text: decisionText(t)})
		}
	}
	switch v.status {
	case ward.FindingNotAffected:
		out.Flags, out.Threats = csafImpact(v, pids)
	case ward.FindingAffected:
		out.Remediations = csafRemediations(v, pids)
	}
	return out
}

func appendID(ids []csafID, id csafID) []csafID {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// sourceSystem names the system an advisory ID belongs to.
func sourceSystem(source string) string {
	switch source {
	case ward.SourceCSAF:
		return "CSAF advisory"
	case ward.SourceNVD:
		return "NVD"
	case ward.SourceCVE5:
		return "CVE"
	}
	return strings.ToUpper(source)
}

// csafImpact says why the product is not affected.
func csafImpact(v *vuln, pids []string) ([]csafFlag, []csafThreat) {
	var flags []csafFlag
	var why string
	if t := v.decision; t != nil {
		if t.Justification != "" {
			flags = append(flags, csafFlag{Label: t.Justification, Date: csafTime(t.At), ProductIDs: pids})
		}
		why = "Triage decision: " + decisionText(t)
	} else {
		var parts []string
		for _, s := range v.sources {
			parts = append(parts, s.AdvisoryRef+": "+s.Explanation)
		}
		why = "Not affected as Ward matched it: " + strings.Join(parts, "; ")
	}
	return flags, []csafThreat{{Category: "impact", Details: why, ProductIDs: pids}}
}

// csafRemediations offers the OEM-validated patches, or says there is none.
func csafRemediations(v *vuln, pids []string) []csafRemediation {
	var out []csafRemediation
	for i := range v.validated {
		p := &v.validated[i]
		r := csafRemediation{Category: "vendor_fix", Details: patchText(p), ProductIDs: pids}
		if !p.Date.IsZero() {
			r.Date = csafTime(p.Date.Time())
		}
		if isURL(p.Reference) {
			r.URL = p.Reference
		}
		out = append(out, r)
	}
	if len(out) > 0 {
		return out
	}
	details := "Ward's OEM patch catalog has no validated patch for this version."
	for i := range v.pending {
		details += " Pending the manufacturer's validation: " + patchText(&v.pending[i])
	}
	if t := v.accepted; t != nil {
		details += " Risk accepted: " + decisionText(t) + "."
	}
	return []csafRemediation{{Category: "none_available", Details: details, ProductIDs: pids}}
}
