package match

import (
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
		ix.byCPE[k] = append(ix.byCPE[k], &cpeCandidate{product: c})
	}
	if k := purlKey(c.prod.PURL); k != "" {
		ix.byPURL[k] = append(ix.byPURL[k], c)
	}
}

// cpeCandidate is reached through a CPE: an advisory product with a CPE, or
// one NVD configuration.
type cpeCandidate struct {
	product *candidate
	// For an NVD configuration:
	adv  *ward.Advisory
	vuln *ward.Vulnerability
	cfg  *ward.Configuration
	syn  *candidate // the configuration presented as a product, for decide
}

// addConfigurations indexes each configuration of a vulnerability under
// the keys of its vulnerable criteria.
func (ix *Index) addConfigurations(a *ward.Advisory, v *ward.Vulnerability) {
	for ci := range v.Configurations {
		cfg := &v.Configurations[ci]
		seen := map[string]bool{}
		cc := &cpeCandidate{adv: a, vuln: v, cfg: cfg}
		for _, n := range cfg.Nodes {
			for _, m := range n.Matches {
				if k := cpeKey(m.Criteria); m.Vulnerable && k != "" && !seen[k] {
					seen[k] = true
					ix.byCPE[k] = append(ix.byCPE[k], cc)
				}
			}
		}
	}
}

// fact is a CPE the group is known to carry, with the version it runs.
type fact struct {
	name    cpe.Name
	version string
	label   string // "model CPE" or the SBOM component
}

// groupFacts lists the group's CPE identities: the model's CPEs at the
// group's software version, and each SBOM component's CPE at its version.
func groupFacts(g *Group) []fact {
	var out []fact
	for _, c := range g.CPEs {
		if n, err := cpe.Parse(c); err == nil {
			v := unquoteVersion(n)
			if v == "" {
				v = g.Version
			}
			out = append(out, fact{name: n, version: v, label: "model CPE " + c})
		}
	}
	for _, c := range g.Components {
		if n, err := cpe.Parse(c.CPE); err == nil && c.CPE != "" {
			v := c.Version
			if v == "" {
				v = unquoteVersion(n)
			}
			out = append(out, fact{name: n, version: v, label: componentLabel(c)})
		}
	}
	return out
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

// sameProduct reports whether a criterion names the fact's product,
// leaving the version out (it is checked against the version bounds).
func sameProduct(criteria cpe.Name, f fact) bool {
	p := criteria
	p[cpe.Version] = cpe.ANY
	n := f.name
	n[cpe.Version] = cpe.ANY
	return cpe.Match(p, n)
}

// matchCriterion evaluates one CPE criterion against the group's facts.
func matchCriterion(m *ward.CPEMatch, facts []fact) (version.Result, *fact) {
	crit, err := cpe.Parse(m.Criteria)
	if err != nil {
		return version.No, nil
	}
	best, bestFact := version.No, (*fact)(nil)
	for i := range facts {
		f := &facts[i]
		if !sameProduct(crit, *f) {
			continue
		}
		r := versionInCriterion(m, crit, f.version)
		if r == version.Yes {
			return r, f
		}
		if r == version.Unknown && best == version.No {
			best, bestFact = r, f
		}
	}
	return best, bestFact
}

// versionInCriterion checks a version against a criterion's own version
// and its start/end bounds.
func versionInCriterion(m *ward.CPEMatch, crit cpe.Name, v string) version.Result {
	cv := unquoteVersion(crit)
	bounded := cv != "" || m.VersionStartIncluding != "" || m.VersionStartExcluding != "" ||
		m.VersionEndIncluding != "" || m.VersionEndExcluding != ""
	if !bounded {
		return version.Yes
	}
	if version.Normalize(v) == "" {
		return version.Unknown
	}
	checks := []struct {
		bound string
		ok    func(int) bool
	}{
		{cv, func(c int) bool { return c == 0 }},
		{m.VersionStartIncluding, func(c int) bool { return c >= 0 }},
		{m.VersionStartExcluding, func(c int) bool { return c > 0 }},
		{m.VersionEndIncluding, func(c int) bool { return c <= 0 }},
		{m.VersionEndExcluding, func(c int) bool { return c < 0 }},
	}
	for _, ch := range checks {
		if ch.bound != "" && !ch.ok(version.Compare(v, ch.bound)) {
			return version.No
		}
	}
	return version.Yes
}

func parseCPE(s string) (cpe.Name, error) { return cpe.Parse(s) }
