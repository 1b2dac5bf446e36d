package match

import (
	"fmt"
	"strings"

	"ward"
	"ward/cpe"
	"ward/version"
)

// matchIdentifiers matches the group's CPEs and package URLs (its model's
// and its SBOM components') against advisory products and NVD
// configurations that carry the same identifiers.
func (ix *Index) matchIdentifiers(g *Group, matched map[*ward.Advisory][]productMatch) {
	facts := groupFacts(g)
	done := map[*cpeCandidate]bool{}
	for _, f := range facts.all {
		for _, cc := range ix.byCPE[f.key] {
			if done[cc] {
				continue
			}
			done[cc] = true
			if cc.product != nil {
				ix.matchProductCPE(cc, facts, matched)
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
func (ix *Index) matchProductCPE(cc *cpeCandidate, facts *facts, matched map[*ward.Advisory][]productMatch) {
	c := cc.product
	for i := range facts.all {
		f := &facts.all[i]
		if !cpe.Match(cc.productName, f.product) {
			continue
		}
		pm := productMatch{c: c, how: "CPE " + f.key, identifier: true, version: f.version}
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
func evalConfiguration(cc *cpeCandidate, facts *facts) (productMatch, bool) {
	var hit *fact
	var hitCrit *criterion
	res := version.No
	for ni := range cc.nodes {
		n := &cc.nodes[ni]
		nr := version.No
		for ci, c := range n.crits {
			r, f := matchCriterion(c, facts)
			if c.vulnerable && r != version.No && (hit == nil || r == version.Yes) {
				hit, hitCrit = f, c
			}
			if ci == 0 {
				nr = r
			} else {
				nr = fold(n.and, nr, r)
			}
		}
		nr = negate(nr, n.negate)
		if ni == 0 {
			res = nr
		} else {
			res = fold(cc.and, res, nr)
		}
	}
	res = negate(res, cc.negate)
	if res == version.No || hit == nil {
		return productMatch{}, false
	}
	pm := productMatch{c: hitCrit.syn, how: "CPE " + hit.key, identifier: true, version: hit.version, res: res}
	if !strings.HasPrefix(hit.label, "model CPE") {
		pm.component = hit.label
	}
	switch res {
	case version.Yes:
		pm.why = fmt.Sprintf("version %q is within %s", hit.version, hitCrit.text)
	default:
		pm.why = "version unknown against " + hitCrit.text
	}
	return pm, true
}

// fold combines two results under AND or OR.
func fold(and bool, a, b version.Result) version.Result {
	switch {
	case and && (a == version.No || b == version.No):
		return version.No
	case and && (a == version.Unknown || b == version.Unknown):
		return version.Unknown
	case and:
		return version.Yes
	case a == version.Yes || b == version.Yes:
		return version.Yes
	case a == version.Unknown || b == version.Unknown:
		return version.Unknown
	}
	return version.No
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
func boundsText(m *ward.CPEMatch, n cpe.Name) string {
	_, product := splitKey(cpeKey(m.Criteria))
	var parts []string
	if v := unquoteVersion(n); v != "" {
		parts = append(parts, "= "+v)
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

// vexStatement is what a VEX document matched to the group says of a CVE.
type vexStatement struct {
	status string // ward.FindingNotAffected or ward.FindingFixed
	note   string
}

// vexStatements collects, CVE by CVE, what the VEX documents among the
// matched advisories say of this group: not affected or fixed for a
// product whose version matched. Each CVE keeps its own statement, so a
// document saying not affected for one CVE and affected for another
// lowers only the first.
func vexStatements(matched map[*ward.Advisory][]productMatch) map[string]vexStatement {
	var out map[string]vexStatement
	for a, pms := range matched {
		if !a.VEX {
			continue
		}
		for _, pm := range pms {
			if pm.res != version.Yes {
				continue
			}
			for _, vs := range pm.c.statuses {
				if vs.vuln.CVE == "" {
					continue
				}
				var st vexStatement
				switch vs.status {
				case ward.ProductNotAffected:
					st = vexStatement{status: ward.FindingNotAffected, note: a.TrackingID + " says not affected"}
					if vs.justification != "" {
						st.note += " (" + vs.justification + ")"
					}
				case ward.ProductFixed:
					st = vexStatement{status: ward.FindingFixed, note: a.TrackingID + " says fixed"}
				default:
					continue
				}
				if out == nil {
					out = map[string]vexStatement{}
				}
				if prev, ok := out[vs.vuln.CVE]; !ok || prev.note > st.note {
					out[vs.vuln.CVE] = st // the same choice whatever the map order
				}
			}
		}
	}
	return out
}

// applyVEX lowers the status of findings whose CVEs a VEX document, matched
// to the same group, declares not affected or fixed.
func applyVEX(results []Result, vex map[string]vexStatement) {
	if len(vex) == 0 {
		return
	}
	for i := range results {
		r := &results[i]
		if r.Advisory.VEX || !ward.OpenStatus(r.Status) || len(r.CVEs) == 0 {
			continue
		}
		var open []string
		var st vexStatement
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
