package sbom

import (
	"strconv"
	"strings"

	"ward"
)

// cdxVersions are the CycloneDX spec versions Parse reads. 1.4 is the
// oldest still produced by current tools (and by the medical-device case
// study SBOMs); before 1.4 the JSON shape of tools and licenses differs
// and nobody should be publishing such SBOMs for new devices.
var cdxVersions = map[string]bool{"1.4": true, "1.5": true, "1.6": true, "1.7": true}

// cdxDocument holds the parts of a CycloneDX BOM that Parse reads.
type cdxDocument struct {
	BOMFormat    string         `json:"bomFormat"`
	SpecVersion  string         `json:"specVersion"`
	SerialNumber string         `json:"serialNumber"`
	Metadata     *cdxMetadata   `json:"metadata"`
	Components   []cdxComponent `json:"components"`
}

type cdxMetadata struct {
	// Component is the product the BOM describes.
	Component *cdxComponent `json:"component"`
}

type cdxComponent struct {
	BOMRef       string           `json:"bom-ref"`
	Type         string           `json:"type"`
	Name         string           `json:"name"`
	Version      string           `json:"version"`
	Supplier     *cdxOrganization `json:"supplier"`
	Manufacturer *cdxOrganization `json:"manufacturer"` // 1.6 and later
	Publisher    string           `json:"publisher"`
	CPE          string           `json:"cpe"`
	PURL         string           `json:"purl"`
	Components   []cdxComponent   `json:"components"`
}

type cdxOrganization struct {
	Name string `json:"name"`
}

// convert turns d into an SBOM; name labels errors.
func (d *cdxDocument) convert(name string) (*ward.SBOM, error) {
	if d.SpecVersion == "" {
		return nil, ward.Errorf(ward.EINVALID, "%s: specVersion: missing; %s", name, supported)
	}
	s := &ward.SBOM{
		Format:      ward.SBOMCycloneDX,
		SpecVersion: d.SpecVersion,
		Serial:      strings.TrimSpace(d.SerialNumber),
	}
	var c collector
	if d.Metadata != nil && d.Metadata.Component != nil {
		product := d.Metadata.Component
		s.Name = strings.TrimSpace(product.Name)
		// The product itself is not its own component, but what it is
		// built from is, wherever the generator chose to put it.
		if err := c.addCDX(name, "metadata.component.components", nil, product.Components); err != nil {
			return nil, err
		}
	}
	if err := c.addCDX(name, "components", nil, d.Components); err != nil {
		return nil, err
	}
	s.Components = c.components()
	return s, nil
}

// addCDX adds list and, depth first, the components nested in each. The
// JSON path of list is root followed by the indexes in at, as in
// components[2].components[0]; it is spelled out only for an error, as
// building it for every component would cost more than the rest.
func (c *collector) addCDX(file, root string, at []int, list []cdxComponent) error {
	for i := range list {
		comp := &list[i]
		here := append(at, i)
		if isBlank(comp.Name) {
			return ward.Errorf(ward.EINVALID, "%s: %s.name: empty; every component needs a name", file, cdxPath(root, here))
		}
		c.add(ward.Component{
			Name:     comp.Name,
			Version:  comp.Version,
			Supplier: comp.supplier(),
			CPE:      comp.CPE,
			PURL:     comp.PURL,
			Type:     comp.Type,
			Ref:      comp.BOMRef,
		})
		if err := c.addCDX(file, root, here, comp.Components); err != nil {
			return err
		}
	}
	return nil
}

// cdxPath spells out the JSON path of a nested component.
func cdxPath(root string, at []int) string {
	var b strings.Builder
	b.WriteString(root)
	for i, n := range at {
		if i > 0 {
			b.WriteString(".components")
		}
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

// supplier returns who ships the component. CycloneDX has three fields
// for it; generators fill whichever they know (the medical case-study
// SBOMs use only publisher), so the first non-empty one wins, in order of
// how directly it names the party a hospital would contact.
func (comp *cdxComponent) supplier() string {
	for _, org := range []*cdxOrganization{comp.Supplier, comp.Manufacturer} {
		if org != nil && !isBlank(org.Name) {
			return org.Name
		}
	}
	return comp.Publisher
}
