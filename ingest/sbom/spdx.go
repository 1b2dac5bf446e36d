package sbom

import (
	"strings"

	"ward"
)

// spdxVersions are the SPDX versions Parse reads. 2.2 and 2.3 differ in
// nothing Parse looks at except primaryPackagePurpose, new in 2.3.
var spdxVersions = map[string]bool{"SPDX-2.2": true, "SPDX-2.3": true}

// spdxDocument holds the parts of an SPDX 2.x JSON document that Parse
// reads.
type spdxDocument struct {
	SPDXVersion       string             `json:"spdxVersion"`
	SPDXID            string             `json:"SPDXID"`
	Name              string             `json:"name"`
	DocumentNamespace string             `json:"documentNamespace"`
	DocumentDescribes []string           `json:"documentDescribes"` // 2.2; 2.3 uses relationships
	Packages          []spdxPackage      `json:"packages"`
	Relationships     []spdxRelationship `json:"relationships"`
}

type spdxPackage struct {
	SPDXID                string       `json:"SPDXID"`
	Name                  string       `json:"name"`
	VersionInfo           string       `json:"versionInfo"`
	Supplier              string       `json:"supplier"`
	Originator            string       `json:"originator"`
	PrimaryPackagePurpose string       `json:"primaryPackagePurpose"`
	ExternalRefs          []spdxExtRef `json:"externalRefs"`
}

type spdxExtRef struct {
	ReferenceType    string `json:"referenceType"`
	ReferenceLocator string `json:"referenceLocator"`
}

type spdxRelationship struct {
	Element string `json:"spdxElementId"`
	Type    string `json:"relationshipType"`
	Related string `json:"relatedSpdxElement"`
}

// convert turns d into an SBOM; name labels errors.
func (d *spdxDocument) convert(name string) (*ward.SBOM, error) {
	s := &ward.SBOM{
		Format:      ward.SBOMSPDX,
		SpecVersion: strings.TrimPrefix(d.SPDXVersion, "SPDX-"),
		Name:        strings.TrimSpace(d.Name),
		Serial:      strings.TrimSpace(d.DocumentNamespace),
	}
	skip := d.products()
	var c collector
	for i := range d.Packages {
		p := &d.Packages[i]
		if isBlank(p.Name) {
			return nil, ward.Errorf(ward.EINVALID, "%s: packages[%d].name: empty; every package needs a name", name, i)
		}
		if skip[p.SPDXID] {
			continue
		}
		c.add(ward.Component{
			Name:     p.Name,
			Version:  assertion(p.VersionInfo),
			Supplier: p.supplier(),
			CPE:      p.ref("cpe23Type", "cpe22Type"),
			PURL:     p.ref("purl"),
			Type:     strings.ReplaceAll(strings.ToLower(p.PrimaryPackagePurpose), "_", "-"),
			Ref:      p.SPDXID,
		})
	}
	s.Components = c.components()
	return s, nil
}

// products returns the SPDXIDs of the packages the document describes,
// less those another package contains or depends on: a described package
// that is also a part of something listed is a component after all.
func (d *spdxDocument) products() map[string]bool {
	self := d.SPDXID
	if self == "" {
		self = "SPDXRef-DOCUMENT"
	}
	described := map[string]bool{}
	for _, id := range d.DocumentDescribes {
		described[id] = true
	}
	packages := map[string]bool{}
	for _, p := range d.Packages {
		packages[p.SPDXID] = true
	}
	part := map[string]bool{}
	for _, r := range d.Relationships {
		switch strings.ToUpper(r.Type) {
		case "DESCRIBES":
			if r.Element == self {
				described[r.Related] = true
			}
		case "DESCRIBED_BY":
			if r.Related == self {
				described[r.Element] = true
			}
		case "CONTAINS", "DEPENDS_ON":
			if packages[r.Element] && r.Element != r.Related {
				part[r.Related] = true
			}
		case "CONTAINED_BY", "DEPENDENCY_OF":
			if packages[r.Related] && r.Element != r.Related {
				part[r.Element] = true
			}
		}
	}
	for id := range described {
		if part[id] {
			delete(described, id)
		}
	}
	return described
}

// ref returns the locator of p's first external reference of the first
// of types that p has, so a CPE 2.3 name wins over a CPE 2.2 URI.
func (p *spdxPackage) ref(types ...string) string {
	for _, t := range types {
		for _, r := range p.ExternalRefs {
			if r.ReferenceType == t && !isBlank(r.ReferenceLocator) {
				return r.ReferenceLocator
			}
		}
	}
	return ""
}

// supplier returns the name in p's supplier or, failing that, originator,
// written "Organization: Acme Inc. (info@acme.example)" or "Person: Jane
// Doe ()"; the kind and the e-mail address are dropped.
func (p *spdxPackage) supplier() string {
	for _, v := range []string{p.Supplier, p.Originator} {
		v = assertion(v)
		for _, kind := range []string{"Organization:", "Person:", "Tool:"} {
			if rest, ok := strings.CutPrefix(v, kind); ok {
				v = rest
				break
			}
		}
		v = strings.TrimSpace(v)
		// Drop a trailing "(e-mail)" but keep parentheses that are part
		// of the name, as in "Acme (Europe) GmbH" or "Acme (Europe)".
		if open := strings.LastIndexByte(v, '('); open >= 0 && strings.HasSuffix(v, ")") {
			if inner := v[open+1 : len(v)-1]; inner == "" || strings.Contains(inner, "@") {
				v = strings.TrimSpace(v[:open])
			}
		}
		if v != "" {
			return v
		}
	}
	return ""
}

// assertion returns v, or "" for SPDX's NOASSERTION and NONE, which say
// that a value is unknown or absent rather than give one.
func assertion(v string) string {
	switch strings.TrimSpace(v) {
	case "NOASSERTION", "NONE":
		return ""
	}
	return v
}
