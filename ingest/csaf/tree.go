package csaf

import (
	"fmt"
	"slices"
)

// productDef is one Full Product Name defined in the product tree, with
// where it sits: the branches above it, or the relationship that made it.
type productDef struct {
	path     string // JSON pointer of the full_product_name object
	fpn      *fullProductName
	branches []*branch     // root first, for a product of the branches
	rel      *relationship // for a product of the relationships
}

// productDefs returns every product definition of t in document order:
// branches (depth first), full_product_names, relationships.
func productDefs(t *productTree) []productDef {
	if t == nil {
		return nil
	}
	var out []productDef
	var walk func(bs []branch, path string, above []*branch)
	walk = func(bs []branch, path string, above []*branch) {
		for i := range bs {
			b := &bs[i]
			p := fmt.Sprintf("%s/%d", path, i)
			chain := append(slices.Clip(above), b)
			if b.Product != nil {
				out = append(out, productDef{path: p + "/product", fpn: b.Product, branches: chain})
			}
			walk(b.Branches, p+"/branches", chain)
		}
	}
	walk(t.Branches, "/product_tree/branches", nil)
	for i := range t.FullProductNames {
		out = append(out, productDef{path: fmt.Sprintf("/product_tree/full_product_names/%d", i), fpn: &t.FullProductNames[i]})
	}
	for i := range t.Relationships {
		r := &t.Relationships[i]
		out = append(out, productDef{path: fmt.Sprintf("/product_tree/relationships/%d/full_product_name", i), fpn: &r.FullProductName, rel: r})
	}
	return out
}

// idRef is one place that refers to a product or group ID.
type idRef struct {
	path string
	id   string
}

func refsAt(path string, ids []string) []idRef {
	out := make([]idRef, len(ids))
	for i, id := range ids {
		out[i] = idRef{fmt.Sprintf("%s/%d", path, i), id}
	}
	return out
}

// productRefs returns every reference to a product ID outside the product
// definitions (the paths of test 6.1.1, plus the flags, which CSAF 2.0
// added to the same products_t type).
func productRefs(d *csafDoc) []idRef {
	var out []idRef
	if t := d.ProductTree; t != nil {
		for i, g := range t.ProductGroups {
			out = append(out, refsAt(fmt.Sprintf("/product_tree/product_groups/%d/product_ids", i), g.ProductIDs)...)
		}
		for i, r := range t.Relationships {
			p := fmt.Sprintf("/product_tree/relationships/%d", i)
			out = append(out, idRef{p + "/product_reference", r.ProductReference}, idRef{p + "/relates_to_product_reference", r.RelatesToProductReference})
		}
	}
	for i := range d.Vulnerabilities {
		v := &d.Vulnerabilities[i]
		p := fmt.Sprintf("/vulnerabilities/%d", i)
		for _, l := range v.ProductStatus.lists() {
			out = append(out, refsAt(p+"/product_status/"+l.name, l.ids)...)
		}
		for j, r := range v.Remediations {
			out = append(out, refsAt(fmt.Sprintf("%s/remediations/%d/product_ids", p, j), r.ProductIDs)...)
		}
		for j, s := range v.Scores {
			out = append(out, refsAt(fmt.Sprintf("%s/scores/%d/products", p, j), s.Products)...)
		}
		for j, t := range v.Threats {
			out = append(out, refsAt(fmt.Sprintf("%s/threats/%d/product_ids", p, j), t.ProductIDs)...)
		}
		for j, f := range v.Flags {
			out = append(out, refsAt(fmt.Sprintf("%s/flags/%d/product_ids", p, j), f.ProductIDs)...)
		}
	}
	return out
}

// groupRefs returns every reference to a product group ID (test 6.1.4).
func groupRefs(d *csafDoc) []idRef {
	var out []idRef
	for i := range d.Vulnerabilities {
		v := &d.Vulnerabilities[i]
		p := fmt.Sprintf("/vulnerabilities/%d", i)
		for j, r := range v.Remediations {
			out = append(out, refsAt(fmt.Sprintf("%s/remediations/%d/group_ids", p, j), r.GroupIDs)...)
		}
		for j, t := range v.Threats {
			out = append(out, refsAt(fmt.Sprintf("%s/threats/%d/group_ids", p, j), t.GroupIDs)...)
		}
		for j, f := range v.Flags {
			out = append(out, refsAt(fmt.Sprintf("%s/flags/%d/group_ids", p, j), f.GroupIDs)...)
		}
	}
	return out
}

// groupMembers maps each group ID to its product IDs; the first definition
// of a group wins, as test 6.1.5 reports the others.
func groupMembers(t *productTree) map[string][]string {
	m := map[string][]string{}
	if t == nil {
		return m
	}
	for _, g := range t.ProductGroups {
		if _, ok := m[g.GroupID]; !ok {
			m[g.GroupID] = g.ProductIDs
		}
	}
	return m
}

// expand returns the product IDs named directly or through groups, each
// once, in order of first mention.
func expand(groups map[string][]string, productIDs, groupIDs []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range productIDs {
		add(id)
	}
	for _, g := range groupIDs {
		for _, id := range groups[g] {
			add(id)
		}
	}
	return out
}
