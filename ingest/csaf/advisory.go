package csaf

import (
	"fmt"
	"time"

	"ward"
)

// toAdvisory maps a validated document. Its only error is a date the JSON
// schema's date-time format lets through but Go's RFC 3339 parser does not
// (a leap second, say); it names the path.
func toAdvisory(d *csafDoc) (*ward.Advisory, error) {
	doc := d.Document
	a := &ward.Advisory{
		Source:     ward.SourceCSAF,
		TrackingID: doc.Tracking.ID,
		Title:      doc.Title,
		Publisher:  doc.Publisher.Name,
		Revision:   doc.Tracking.Version,
		Status:     doc.Tracking.Status,
		VEX:        doc.Category == "csaf_vex",
		Summary:    summary(doc.Notes),
	}
	var err error
	if a.Published, err = parseTime("/document/tracking/initial_release_date", doc.Tracking.InitialReleaseDate); err != nil {
		return nil, err
	}
	if a.Updated, err = parseTime("/document/tracking/current_release_date", doc.Tracking.CurrentReleaseDate); err != nil {
		return nil, err
	}
	for _, r := range doc.References {
		a.References = append(a.References, ward.Reference{URL: r.URL, Summary: r.Summary, Category: r.Category})
		// The first self reference is the canonical URL; CISA adds the web
		// page as a second one.
		if r.Category == "self" && a.URL == "" {
			a.URL = r.URL
		}
	}
	a.Products = products(d.ProductTree)
	groups := groupMembers(d.ProductTree)
	a.Vulnerabilities = make([]ward.Vulnerability, 0, len(d.Vulnerabilities))
	for i := range d.Vulnerabilities {
		v, err := toVulnerability(&d.Vulnerabilities[i], fmt.Sprintf("/vulnerabilities/%d", i), groups)
		if err != nil {
			return nil, err
		}
		a.Vulnerabilities = append(a.Vulnerabilities, v)
	}
	return a, nil
}

// checkDates reports the date-times Parse maps that the schema's
// date-time format accepts but Go's RFC 3339 parser does not (a leap
// second, say), so that Validate and Parse agree on them.
func checkDates(d *csafDoc) []Problem {
	var probs []Problem
	check := func(path, s string) {
		if _, err := parseTime(path, s); err != nil {
			probs = append(probs, Problem{Path: path, Rule: "schema", Message: err.(*pathError).err.Error()})
		}
	}
	check("/document/tracking/initial_release_date", d.Document.Tracking.InitialReleaseDate)
	check("/document/tracking/current_release_date", d.Document.Tracking.CurrentReleaseDate)
	for i, v := range d.Vulnerabilities {
		check(fmt.Sprintf("/vulnerabilities/%d/release_date", i), v.ReleaseDate)
	}
	return probs
}

// pathError is a mapping error at a JSON path.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// parseTime parses an optional RFC 3339 date-time and returns it in UTC.
func parseTime(path, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &pathError{path, err}
	}
	return t.UTC(), nil
}

// summary returns the text of the first summary note, or else of the first
// description note.
func summary(notes []note) string {
	for _, cat := range []string{"summary", "description"} {
		for _, n := range notes {
			if n.Category == cat {
				return n.Text
			}
		}
	}
	return ""
}

// products maps every product of the tree, in document order.
//
// A product of the branches takes Vendor from the vendor branch, Name from
// product_name (or product_family when there is none), Version from the
// product_version or product_version_range leaf as written, and FullName
// from its own name. A product of full_product_names has only its name
// (as Name and FullName) and identification helpers.
//
// A relationship product stands for one product inside or on another, and
// ward.Product has no field for the link, so it borrows the identity of
// the product a hospital would find in its inventory: for the
// *_component_of categories that is the containing product (the device
// that ships the vulnerable library), for installed_on and installed_with
// it is the product installed (the software, not its platform). FullName
// keeps the relationship's own name ("X as a component of Y"), and the
// helpers of the borrowed product apply when the relationship has none.
func products(t *productTree) []ward.Product {
	out := make([]ward.Product, 0)
	defs := productDefs(t)
	byID := map[string]*productDef{}
	for i := range defs {
		if _, dup := byID[defs[i].fpn.ProductID]; !dup {
			byID[defs[i].fpn.ProductID] = &defs[i]
		}
	}
	resolving := map[string]bool{}
	var resolve func(def *productDef) ward.Product
	resolve = func(def *productDef) ward.Product {
		p := ward.Product{Key: def.fpn.ProductID, FullName: def.fpn.Name}
		switch {
		case def.rel != nil:
			resolving[p.Key] = true
			defer delete(resolving, p.Key)
			ref := def.rel.RelatesToProductReference
			if def.rel.Category == "installed_on" || def.rel.Category == "installed_with" {
				ref = def.rel.ProductReference
			}
			// Test 6.1.3 rejects cycles; the guard keeps a bug there from
			// turning into endless recursion.
			if base, ok := byID[ref]; ok && !resolving[ref] {
				b := resolve(base)
				p.Vendor, p.Name, p.Version = b.Vendor, b.Name, b.Version
				p.CPE, p.PURL, p.ModelNumbers, p.SKUs = b.CPE, b.PURL, b.ModelNumbers, b.SKUs
			}
		case def.branches != nil:
			var family string
			for _, b := range def.branches {
				switch b.Category {
				case "vendor":
					p.Vendor = b.Name
				case "product_family":
					family = b.Name
				case "product_name":
					p.Name = b.Name
				case "product_version", "product_version_range":
					p.Version = b.Name
				}
			}
			if p.Name == "" {
				p.Name = family
			}
		}
		if p.Name == "" {
			p.Name = def.fpn.Name
		}
		if h := def.fpn.Helper; h != nil && (h.CPE != "" || h.PURL != "" || h.ModelNumbers != nil || h.SKUs != nil) {
			p.CPE, p.PURL, p.ModelNumbers, p.SKUs = h.CPE, h.PURL, h.ModelNumbers, h.SKUs
		}
		return p
	}
	for i := range defs {
		out = append(out, resolve(&defs[i]))
	}
	return out
}
