package match

import (
	"fmt"
	"strings"

	"ward"
	"ward/version"
)

// matchIdentifiers matches the group's CPEs and package URLs (its model's
// and its SBOM components') against advisory products and NVD
// configurations that carry the same identifiers.
func (ix *Index) matchIdentifiers(g *Group, matched map[*ward.Advisory][]productMatch) {
	facts := groupFacts(g)
	done := map[*cpeCandidate]bool{}
	for _, f := range facts {
		key := cpeKeyOf(f.name)
		for _, cc := range ix.byCPE[key] {
			if done[cc] {
				continue
			}
			done[cc] = true
			if cc.product != nil {
				ix.matchProductCPE(cc.product, facts, matched)
				continue
			}
			if pm, ok := evalConfiguration(cc, facts); ok {
				matched[cc.adv] = append(matched[cc.adv], pm)
			}
		}
	}
	for _, c := range g.Components {
		k := purlKey(c.PURL)
		if k == "" {
			continue
		}
		v := c.Version
		if v == "" {
			v = purlVersion(c.PURL)
		}
		for _, cand := range ix.byPURL[k] {
			pm := productMatch{c: cand, how: "package URL " + k, identifier: true, component: componentLabel(c), version: v}
			pm.res, pm.why = cand.expr.Match(v)
			matched[cand.adv] = append(matched[cand.adv], pm)
		}
	}
}

func cpeKeyOf(n interface{ FS() string }) string { return cpeKey(n.FS()) }

// matchProductCPE matches an advisory product carrying a CPE against the
// group's facts, checking the version with the product's expression.
func (ix *Index) matchProductCPE(c *candidate, facts []fact, matched map[*ward.Advisory][]productMatch) {
	crit, err := parseCPE(c.prod.CPE)
	if err != nil {
		return
	}
	for i := range facts {
		f := &facts[i]
		if !sameProduct(crit, *f) {
			continue
		}
		pm := productMatch{c: c, how: "CPE " + cpeKeyOf(f.name), identifier: true, version: f.version}
		if !strings.HasPrefix(f.label, "model CPE") {
			pm.component = f.label
		}
		pm.res, pm.why = c.expr.Match(f.version)
		matched[c.adv] = append(matched[c.adv], pm)
		return
	}
}

// evalConfiguration evaluates an NVD configuration against the facts: a
// node of OR holds when any criterion holds, of AND when all do; nodes
// combine the same way under the configuration's operator. A criterion
// whose product is present but whose version is unknown is Unknown, and
// the result is under investigation rather than affected.
func evalConfiguration(cc *cpeCandidate, facts []fact) (productMatch, bool) {
	var hit *fact
	var hitMatch *ward.CPEMatch
	nodeResults := make([]version.Result, 0, len(cc.cfg.Nodes))
	for ni := range cc.cfg.Nodes {
		n := &cc.cfg.Nodes[ni]
		rs := make([]version.Result, 0, len(n.Matches))
		for mi := range n.Matches {
			m := &n.Matches[mi]
			r, f := matchCriterion(m, facts)
			rs = append(rs, r)
			if m.Vulnerable && r != version.No && (hit == nil || r == version.Yes) {
				hit, hitMatch = f, m
			}
		}
		nodeResults = append(nodeResults, negate(combine(n.Operator, rs), n.Negate))
	}
	res := negate(combine(cc.cfg.Operator, nodeResults), cc.cfg.Negate)
	if res == version.No || hit == nil {
		return productMatch{}, false
	}
	if cc.syn == nil {
		cc.syn = &candidate{adv: cc.adv, prod: &ward.Product{Key: hitMatch.Criteria, Vendor: vendorOf(hitMatch.Criteria),
			Name: hitMatch.Criteria, Version: boundsText(hitMatch)},
			statuses: []vulnStatus{{vuln: cc.vuln, status: ward.ProductAffected}}}
	}
	pm := productMatch{c: cc.syn, how: "CPE " + cpeKeyOf(hit.name), identifier: true, version: hit.version, res: res}
	if !strings.HasPrefix(hit.label, "model CPE") {
		pm.component = hit.label
	}
	switch res {
	case version.Yes:
		pm.why = fmt.Sprintf("version %q is within %s", hit.version, boundsText(hitMatch))
	default:
		pm.why = fmt.Sprintf("version unknown against %s", boundsText(hitMatch))
	}
	return pm, true
}

// combine folds results under AND or OR (the default).
func combine(op string, rs []version.Result) version.Result {
	if len(rs) == 0 {
		return version.No
	}
	and := strings.EqualFold(op, "AND")
	out := rs[0]
	for _, r := range rs[1:] {
		switch {
		case and && (out == version.No || r == version.No):
			out = version.No
		case and && (out == version.Unknown || r == version.Unknown):
			out = version.Unknown
		case and:
			out = version.Yes
		case out == version.Yes || r == version.Yes:
			out = version.Yes
		case out == version.Unknown || r == version.Unknown:
			out = version.Unknown
		default:
			out = version.No
		}
	}
	return out
}

func negate(r version.Result, neg bool) version.Result {
	switch {
	case !neg:
		return r
	case r == version.Yes:
		return version.No
	case r == version.No:
		return version.Yes
	}
	return r
}

func vendorOf(criteria string) string {
	v, _ := splitKey(cpeKey(criteria))
	return v
}

func splitKey(k string) (string, string) {
	v, p, _ := strings.Cut(k, ":")
	return v, p
}

// boundsText renders a criterion's versions for explanations, e.g.
// "openssl 1.1.1 to before 1.1.1k".
func boundsText(m *ward.CPEMatch) string {
	_, product := splitKey(cpeKey(m.Criteria))
	var parts []string
	if n, err := parseCPE(m.Criteria); err == nil {
		if v := unquoteVersion(n); v != "" {
			parts = append(parts, "= "+v)
		}
	}
	for _, b := range []struct{ op, v string }{{">=", m.VersionStartIncluding}, {">", m.VersionStartExcluding},
		{"<=", m.VersionEndIncluding}, {"<", m.VersionEndExcluding}} {
		if b.v != "" {
			parts = append(parts, b.op+" "+b.v)
		}
	}
	if len(parts) == 0 {
		return product + " (all versions)"
	}
	return product + " " + strings.Join(parts, ", ")
}

// applyVEX lowers the status of findings whose CVEs a VEX document, matched
// to the same group, declares not affected or fixed.
func applyVEX(results []Result) {
	type statement struct {
		status string
		note   string
	}
	vex := map[string]statement{}
	for _, r := range results {
		if !r.Advisory.VEX || (r.Status != ward.FindingNotAffected && r.Status != ward.FindingFixed) {
			continue
		}
		for _, cve := range r.CVEs {
			note := r.Evidence.VEX
			if note == "" {
				note = fmt.Sprintf("%s says %s", r.Advisory.TrackingID, strings.ReplaceAll(r.Status, "_", " "))
			}
			vex[cve] = statement{status: r.Status, note: note}
		}
	}
	if len(vex) == 0 {
		return
	}
	for i := range results {
		r := &results[i]
		if r.Advisory.VEX || !ward.OpenStatus(r.Status) || len(r.CVEs) == 0 {
			continue
		}
		var open []string
		var st statement
		for _, cve := range r.CVEs {
			if s, ok := vex[cve]; ok {
				st = s
				continue
			}
			open = append(open, cve)
		}
		if len(open) == len(r.CVEs) {
			continue
		}
		r.Evidence.VEX = st.note
		if len(open) == 0 {
			r.Status = st.status
		} else {
			r.CVEs = open
		}
	}
}
