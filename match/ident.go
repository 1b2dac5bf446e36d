package match

import (
	"slices"
	"strings"

	"ward"
	"ward/cpe"
	"ward/purl"
	"ward/version"
)

// Identifier kinds.
const (
	KindCPE  = "cpe"
	KindPURL = "purl"
)

// cpeKey is the index key of a CPE name: "vendor:product", or "".
func cpeKey(name string) string {
	v, p := cpe.VendorProduct(name)
	if v == "" || p == "" {
		return ""
	}
	return v + ":" + p
}

// purlKey is the index key of a package URL: the versionless canonical
// purl; "" when it does not parse.
func purlKey(s string) string {
	k, _, err := purl.ParseKey(s)
	if err != nil {
		return ""
	}
	return k
}

func purlVersion(s string) string {
	_, v, err := purl.ParseKey(s)
	if err != nil {
		return ""
	}
	return v
}

// ComponentIdentifiers returns the index keys of a component's CPE and
// package URL.
func ComponentIdentifiers(c ward.Component) []ward.Identifier {
	var out []ward.Identifier
	if k := cpeKey(c.CPE); k != "" {
		out = append(out, ward.Identifier{Kind: KindCPE, Key: k})
	}
	if k := purlKey(c.PURL); k != "" {
		out = append(out, ward.Identifier{Kind: KindPURL, Key: k})
	}
	return out
}

// GroupIdentifiers returns the index keys of a group's model CPEs and SBOM
// components, without duplicates.
func GroupIdentifiers(g *Group) []ward.Identifier {
	seen := map[ward.Identifier]bool{}
	var out []ward.Identifier
	add := func(ids []ward.Identifier) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	for _, c := range g.CPEs {
		add(ComponentIdentifiers(ward.Component{CPE: c}))
	}
	for _, c := range g.Components {
		add(ComponentIdentifiers(c))
	}
	return out
}

// AdvisoryIdentifiers returns the index keys an advisory can be found by:
// its products' CPEs and package URLs and the vulnerable CPE criteria of
// its configurations.
func AdvisoryIdentifiers(a *ward.Advisory) []ward.Identifier {
	seen := map[ward.Identifier]bool{}
	var out []ward.Identifier
	add := func(kind, key string) {
		id := ward.Identifier{Kind: kind, Key: key}
		if key != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if a.Source != ward.SourceNVD {
		for _, p := range a.Products {
			add(KindCPE, cpeKey(p.CPE))
			add(KindPURL, purlKey(p.PURL))
		}
	}
	for _, v := range a.Vulnerabilities {
		for _, c := range v.Configurations {
			for _, n := range c.Nodes {
				for _, m := range n.Matches {
					if m.Vulnerable {
						add(KindCPE, cpeKey(m.Criteria))
					}
				}
			}
		}
	}
	return out
}

// addIdentifiers indexes a product of a CSAF or CVE 5 advisory by its CPE
// and package URL. NVD products are reached through their configurations.
func (ix *Index) addIdentifiers(c *candidate) {
	if c.adv.Source == ward.SourceNVD {
		return
	}
	if k := cpeKey(c.prod.CPE); k != "" {
		if n, err := cpe.Parse(c.prod.CPE); err == nil {
			ix.byCPE[k] = append(ix.byCPE[k], &cpeCandidate{product: c, productName: anyVersion(n)})
		}
	}
	if k := purlKey(c.prod.PURL); k != "" {
		ix.byPURL[k] = append(ix.byPURL[k], c)
	}
}

// cpeCandidate is reached through a CPE: an advisory product with a CPE, or
// one NVD configuration.
type cpeCandidate struct {
	product     *candidate
	productName cpe.Name // the product's CPE without its version
	// For an NVD configuration:
	adv    *ward.Advisory
	nodes  []confNode
	and    bool // the configuration's operator
	negate bool
}

// confNode is one node of an NVD configuration, prepared.
type confNode struct {
	and, negate bool
	crits       []*criterion
}

// criterion is one CPE match of an NVD configuration, parsed once when
// indexed so that matching only compares.
type criterion struct {
	vulnerable bool
	key        string   // "vendor:product", or "" when either has wildcards
	product    cpe.Name // the criteria without its version
	bounds     []bound  // none: every version
	text       string   // the product and its versions, for explanations
	syn        *candidate
}

// bound is one version constraint of a criterion: the version compared to
// the bound must give a sign ok accepts.
type bound struct {
	v  version.Parsed
	ok func(int) bool
}

// addConfigurations indexes each configuration of a vulnerability under
// the keys of its vulnerable criteria.
func (ix *Index) addConfigurations(a *ward.Advisory, v *ward.Vulnerability) {
	for ci := range v.Configurations {
		cfg := &v.Configurations[ci]
		cc := &cpeCandidate{adv: a, and: strings.EqualFold(cfg.Operator, "AND"), negate: cfg.Negate}
		var keys []string
		for _, n := range cfg.Nodes {
			node := confNode{and: strings.EqualFold(n.Operator, "AND"), negate: n.Negate}
			for mi := range n.Matches {
				m := &n.Matches[mi]
				c := newCriterion(a, v, m)
				if c == nil {
					continue // an unparsable criterion matches nothing
				}
				node.crits = append(node.crits, c)
				if k := cpeKey(m.Criteria); m.Vulnerable && k != "" && !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
			cc.nodes = append(cc.nodes, node)
		}
		for _, k := range keys {
			ix.byCPE[k] = append(ix.byCPE[k], cc)
		}
	}
}

// newCriterion prepares a CPE match, or returns nil when it does not parse.
func newCriterion(a *ward.Advisory, v *ward.Vulnerability, m *ward.CPEMatch) *criterion {
	n, err := cpe.Parse(m.Criteria)
	if err != nil {
		return nil
	}
	c := &criterion{vulnerable: m.Vulnerable, product: anyVersion(n), text: boundsText(m, n)}
	if !strings.ContainsAny(n[cpe.Vendor]+n[cpe.Product], "*?") {
		c.key = cpeKey(m.Criteria)
	}
	for _, b := range []struct {
		v  string
		ok func(int) bool
	}{
		{unquoteVersion(n), func(c int) bool { return c == 0 }},
		{m.VersionStartIncluding, func(c int) bool { return c >= 0 }},
		{m.VersionStartExcluding, func(c int) bool { return c > 0 }},
		{m.VersionEndIncluding, func(c int) bool { return c <= 0 }},
		{m.VersionEndExcluding, func(c int) bool { return c < 0 }},
	} {
		if b.v != "" {
			c.bounds = append(c.bounds, bound{v: version.ParseVersion(b.v), ok: b.ok})
		}
	}
	if m.Vulnerable {
		c.syn = &candidate{adv: a, prod: &ward.Product{Key: m.Criteria, Vendor: vendorOf(m.Criteria), Name: m.Criteria,
			Version: c.text}, statuses: []vulnStatus{{vuln: v, status: ward.ProductAffected}}}
	}
	return c
}

// anyVersion returns n with its version set to ANY, for comparing products.
func anyVersion(n cpe.Name) cpe.Name {
	n[cpe.Version] = cpe.ANY
	return n
}

// fact is a CPE the group is known to carry, with the version it runs.
type fact struct {
	name    cpe.Name
	product cpe.Name // name without its version
	key     string   // its index key, "vendor:product"
	version string
	parsed  version.Parsed
	label   string // "model CPE" or the SBOM component
}

// facts are a group's CPE identities, indexed by "vendor:product".
type facts struct {
	all   []fact
	byKey map[string][]int
}

// groupFacts lists the group's CPE identities: the model's CPEs at the
// group's software version, and each SBOM component's CPE at its version.
func groupFacts(g *Group) *facts {
	fs := &facts{byKey: map[string][]int{}}
	add := func(n cpe.Name, v, label string) {
		f := fact{name: n, product: anyVersion(n), key: cpeKeyOf(n), version: v, parsed: version.ParseVersion(v),
			label: label}
		fs.byKey[f.key] = append(fs.byKey[f.key], len(fs.all))
		fs.all = append(fs.all, f)
	}
	for _, c := range g.CPEs {
		if n, err := cpe.Parse(c); err == nil {
			v := unquoteVersion(n)
			if v == "" {
				v = g.Version
			}
			add(n, v, "model CPE "+c)
		}
	}
	for _, c := range g.Components {
		if n, err := cpe.Parse(c.CPE); err == nil && c.CPE != "" {
			v := c.Version
			if v == "" {
				v = unquoteVersion(n)
			}
			add(n, v, componentLabel(c))
		}
	}
	return fs
}

// candidates returns the indexes of the facts a criterion of key may name:
// those of the same vendor and product, or all for a wildcard criterion.
func (fs *facts) candidates(key string, each func(*fact) bool) {
	if key == "" {
		for i := range fs.all {
			if !each(&fs.all[i]) {
				return
			}
		}
		return
	}
	for _, i := range fs.byKey[key] {
		if !each(&fs.all[i]) {
			return
		}
	}
}

func componentLabel(c ward.Component) string {
	if c.Version != "" {
		return c.Name + " " + c.Version
	}
	return c.Name
}

// unquoteVersion is the plain version of a CPE name, "" for ANY or NA.
func unquoteVersion(n cpe.Name) string {
	v := n[cpe.Version]
	if v == cpe.ANY || v == cpe.NA {
		return ""
	}
	return cpe.Unquote(v)
}

// matchCriterion evaluates one CPE criterion against the group's facts.
func matchCriterion(c *criterion, fs *facts) (version.Result, *fact) {
	best, bestFact := version.No, (*fact)(nil)
	fs.candidates(c.key, func(f *fact) bool {
		if !cpe.Match(c.product, f.product) {
			return true
		}
		r := c.versionIn(f.parsed)
		if r == version.Yes {
			best, bestFact = r, f
			return false
		}
		if r == version.Unknown && best == version.No {
			best, bestFact = r, f
		}
		return true
	})
	return best, bestFact
}

// versionIn checks a version against the criterion's own version and its
// start/end bounds.
func (c *criterion) versionIn(v version.Parsed) version.Result {
	if len(c.bounds) == 0 {
		return version.Yes
	}
	if !v.Known() {
		return version.Unknown
	}
	for _, b := range c.bounds {
		if !b.ok(v.Compare(b.v)) {
			return version.No
		}
	}
	return version.Yes
}
