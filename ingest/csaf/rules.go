package csaf

import (
	"fmt"
	"slices"
)

// ruleTitles are the titles of the problem classes: the mandatory tests of
// CSAF 2.0 section 6.1 and the checks that run before them.
var ruleTitles = map[string]string{
	"size":      "Document Size",
	"json":      "JSON Syntax",
	"schema":    "JSON Schema",
	"6.1.1":     "Missing Definition of Product ID",
	"6.1.2":     "Multiple Definition of Product ID",
	"6.1.3":     "Circular Definition of Product ID",
	"6.1.4":     "Missing Definition of Product Group ID",
	"6.1.5":     "Multiple Definition of Product Group ID",
	"6.1.6":     "Contradicting Product Status",
	"6.1.7":     "Multiple Scores with same Version per Product",
	"6.1.8":     "Invalid CVSS",
	"6.1.9":     "Invalid CVSS computation",
	"6.1.10":    "Inconsistent CVSS",
	"6.1.11":    "CWE",
	"6.1.12":    "Language",
	"6.1.13":    "PURL",
	"6.1.14":    "Sorted Revision History",
	"6.1.15":    "Translator",
	"6.1.16":    "Latest Document Version",
	"6.1.17":    "Document Status Draft",
	"6.1.18":    "Released Revision History",
	"6.1.19":    "Revision History Entries for Pre-release Versions",
	"6.1.20":    "Non-draft Document Version",
	"6.1.21":    "Missing Item in Revision History",
	"6.1.22":    "Multiple Definition in Revision History",
	"6.1.23":    "Multiple Use of Same CVE",
	"6.1.24":    "Multiple Definition in Involvements",
	"6.1.25":    "Multiple Use of Same Hash Algorithm",
	"6.1.26":    "Prohibited Document Category Name",
	"6.1.27.1":  "Document Notes",
	"6.1.27.2":  "Document References",
	"6.1.27.3":  "Vulnerabilities",
	"6.1.27.4":  "Product Tree",
	"6.1.27.5":  "Vulnerability Notes",
	"6.1.27.6":  "Product Status",
	"6.1.27.7":  "VEX Product Status",
	"6.1.27.8":  "Vulnerability ID",
	"6.1.27.9":  "Impact Statement",
	"6.1.27.10": "Action Statement",
	"6.1.27.11": "Vulnerabilities",
	"6.1.28":    "Translation",
	"6.1.29":    "Remediation without Product Reference",
	"6.1.30":    "Mixed Integer and Semantic Versioning",
	"6.1.31":    "Version Range in Product Version",
	"6.1.32":    "Flag without Product Reference",
	"6.1.33":    "Multiple Flags with VEX Justification Codes per Product",
}

// Tolerable lists the mandatory tests whose failure an import may be told
// to tolerate (ParseTolerating; `ward import csaf --tolerate`), so that a
// provider's otherwise sound advisories still import. A rule belongs here
// only when its failure leaves the advisory's meaning for Ward intact:
//
//   - 6.1.11 CWE: the CWE catalog gains weaknesses and renames others with
//     every release, and CSAF 2.0 names no catalog version. Four published
//     CISA medical advisories (ICSMA-21-187-01, -24-151-02, -24-200-01,
//     -24-352-01) used names and IDs newer than the catalog the reference
//     validator embeds; cwe.tsv carries those now, but the next CWE release
//     may put a provider's new advisories ahead of it again. A CWE name
//     says nothing about which products are affected.
var Tolerable = []string{"6.1.11"}

// lenientRules marks the tolerable rules in Validate's problems.
var lenientRules = map[string]bool{}

func init() {
	for _, r := range Tolerable {
		lenientRules[r] = true
	}
}

// checker runs the mandatory tests over one decoded document.
type checker struct {
	d      *csafDoc
	defs   []productDef
	groups map[string][]string
	probs  []Problem
}

func (c *checker) add(path, rule, format string, args ...any) {
	c.probs = append(c.probs, Problem{Path: path, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// runMandatory runs tests 6.1.1 to 6.1.33 and returns their problems in
// rule order.
func runMandatory(d *csafDoc) []Problem {
	c := &checker{d: d, defs: productDefs(d.ProductTree), groups: groupMembers(d.ProductTree)}
	for _, test := range []func(){
		c.productIDs, c.circular, c.groupIDs, c.contradictingStatus, c.multipleScores,
		c.cvss, c.cwe, c.language, c.purl,
		c.revisions, c.translator,
		c.multipleCVE, c.involvements, c.hashAlgorithms, c.categoryName,
		c.profiles, c.translation, c.remediationRefs, c.versionRanges, c.flags,
	} {
		test()
	}
	return c.probs
}

// productIDs runs 6.1.2 (each product ID defined once) and 6.1.1 (each
// referenced product ID defined).
func (c *checker) productIDs() {
	defined := map[string]bool{}
	for _, def := range c.defs {
		id := def.fpn.ProductID
		if defined[id] {
			c.add(def.path+"/product_id", "6.1.2", "%s is already defined", id)
		}
		defined[id] = true
	}
	for _, r := range productRefs(c.d) {
		if !defined[r.id] {
			c.add(r.path, "6.1.1", "%s is not defined in the product tree", r.id)
		}
	}
}

// circular runs 6.1.3: following product_reference and
// relates_to_product_reference from a relationship's product must never
// lead back to it. A product does so exactly when it lies in a strongly
// connected component with more than one member, or refers to itself;
// Tarjan's algorithm finds those in linear time, where a search from each
// relationship would be quadratic on a hostile document.
func (c *checker) circular() {
	t := c.d.ProductTree
	if t == nil {
		return
	}
	edges := map[string][]string{}
	for _, r := range t.Relationships {
		id := r.FullProductName.ProductID
		edges[id] = append(edges[id], r.ProductReference, r.RelatesToProductReference)
	}
	onCycle := cycleMembers(edges)
	for i, r := range t.Relationships {
		if id := r.FullProductName.ProductID; onCycle[id] {
			c.add(fmt.Sprintf("/product_tree/relationships/%d/full_product_name/product_id", i), "6.1.3", "%s is defined in terms of itself", id)
		}
	}
}

// cycleMembers returns the nodes of edges that lie on a cycle.
func cycleMembers(edges map[string][]string) map[string]bool {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	out := map[string]bool{}
	var visit func(v string)
	visit = func(v string) {
		index[v] = len(index)
		low[v] = index[v]
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
			if w == v {
				out[v] = true
			}
		}
		if low[v] == index[v] {
			var comp []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			if len(comp) > 1 {
				for _, w := range comp {
					out[w] = true
				}
			}
		}
	}
	// Sorted start nodes keep the traversal, and so nothing visible,
	// independent of map order.
	starts := make([]string, 0, len(edges))
	for v := range edges {
		starts = append(starts, v)
	}
	slices.Sort(starts)
	for _, v := range starts {
		if _, seen := index[v]; !seen {
			visit(v)
		}
	}
	return out
}

// groupIDs runs 6.1.5 (each group ID defined once) and 6.1.4 (each
// referenced group ID defined).
func (c *checker) groupIDs() {
	defined := map[string]bool{}
	if t := c.d.ProductTree; t != nil {
		for i, g := range t.ProductGroups {
			if defined[g.GroupID] {
				c.add(fmt.Sprintf("/product_tree/product_groups/%d/group_id", i), "6.1.5", "%s is already defined", g.GroupID)
			}
			defined[g.GroupID] = true
		}
	}
	for _, r := range groupRefs(c.d) {
		if !defined[r.id] {
			c.add(r.path, "6.1.4", "%s is not defined in the product tree", r.id)
		}
	}
}

// statusGroup names the contradiction group of a product_status list for
// 6.1.6; recommended belongs to none, as any product may be recommended.
var statusGroup = map[string]string{
	"first_affected":      "affected",
	"known_affected":      "affected",
	"last_affected":       "affected",
	"known_not_affected":  "not affected",
	"first_fixed":         "fixed",
	"fixed":               "fixed",
	"under_investigation": "under investigation",
}

// contradictingStatus runs 6.1.6.
func (c *checker) contradictingStatus() {
	for i, v := range c.d.Vulnerabilities {
		first := map[string]string{}
		for _, l := range v.ProductStatus.lists() {
			g := statusGroup[l.name]
			if g == "" {
				continue
			}
			for j, id := range l.ids {
				if prev, ok := first[id]; ok && prev != g {
					c.add(fmt.Sprintf("/vulnerabilities/%d/product_status/%s/%d", i, l.name, j), "6.1.6",
						"%s is both %s and %s", id, prev, g)
					continue
				}
				first[id] = g
			}
		}
	}
}

// multipleScores runs 6.1.7: per vulnerability, one score per CVSS
// version and product.
func (c *checker) multipleScores() {
	for i, v := range c.d.Vulnerabilities {
		seen := map[[2]string]bool{}
		for j, s := range v.Scores {
			for _, ver := range scoreVersions(s) {
				for _, id := range s.Products {
					k := [2]string{ver, id}
					if seen[k] {
						c.add(fmt.Sprintf("/vulnerabilities/%d/scores/%d", i, j), "6.1.7", "%s has more than one CVSS %s score", id, ver)
					}
					seen[k] = true
				}
			}
		}
	}
}
