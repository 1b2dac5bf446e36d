package match

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"ward"
	"ward/names"
	"ward/version"
)

// Group is the inventory side of a match: every unit of one model running
// one software version (or, with DeviceID set, one device with an SBOM of
// its own).
type Group struct {
	ModelID        int64
	Version        string
	DeviceID       int64
	ManufacturerID int64
	Manufacturer   string
	Model          string
	DeviceType     string   // the model's device type, which names what it is ("MRI Scanner")
	Aliases        []string // every name of the model, its own name included
	ModelNumbers   []string
	CPEs           []string         // identifiers of the model (CPE 2.3)
	Components     []ward.Component // the SBOM for this model and version, or device
}

// Result is one advisory that concerns a group.
type Result struct {
	Advisory   *ward.Advisory
	Status     string
	Confidence string
	CVEs       []string
	Evidence   ward.Evidence
}

func numberKey(s string) string { return names.Key(s) }

// productMatch is one advisory product a group matched, with how.
type productMatch struct {
	c          *candidate
	how        string
	alias      string
	identifier bool // a model number, CPE or purl matched, not just names
	component  string
	version    string // the version evaluated: the group's, or a component's
	res        version.Result
	why        string
}

// Match returns the advisories that concern g, one result per advisory.
func (ix *Index) Match(g *Group) []Result {
	matched := map[*ward.Advisory][]productMatch{}
	if g.DeviceID == 0 {
		// A device matched on its own (for its own SBOM) shares its
		// model's name matches with its group already.
		ix.matchNames(g, matched)
	}
	ix.matchIdentifiers(g, matched)
	// Decide in advisory order, so results come out sorted without moving
	// the (large) results around.
	advs := make([]*ward.Advisory, 0, len(matched))
	for a := range matched {
		advs = append(advs, a)
	}
	slices.SortFunc(advs, func(a, b *ward.Advisory) int {
		return cmp.Or(cmp.Compare(a.TrackingID, b.TrackingID), cmp.Compare(a.Source, b.Source))
	})
	results := make([]Result, 0, len(matched))
	for _, a := range advs {
		if r, ok := decide(g, a, matched[a]); ok {
			results = append(results, r)
		}
	}
	applyVEX(results, vexStatements(matched))
	return results
}

// matchNames matches the group's model names against the products of
// advisories whose vendor is the group's manufacturer.
func (ix *Index) matchNames(g *Group, matched map[*ward.Advisory][]productMatch) {
	cands := ix.byMfr[g.ManufacturerID]
	if len(cands) == 0 {
		return
	}
	vw := ix.mfrs.Words(g.ManufacturerID)
	aliases := append([]string{g.Model}, g.Aliases...)
	profiles := make([]*profile, 0, len(aliases))
	seen := map[string]bool{}
	for _, a := range aliases {
		if k := names.Key(a); k != "" && !seen[k] {
			seen[k] = true
			profiles = append(profiles, newProfile(a, vw))
		}
	}
	numbers := numberSet(g.ModelNumbers)
	designators := groupDesignators(profiles, numbers)
	df := ix.wordFreq(g.ManufacturerID)
	nc := nameContext{typeWords: modalityWords(g.DeviceType), df: func(w string) int { return df[w] }}
	for _, c := range cands {
		pm, ok := nameOrNumber(c, profiles, g.ModelNumbers, nc)
		if !ok {
			continue
		}
		pm.version = g.Version
		pm.res, pm.why = c.expr.Match(g.Version, designators...)
		matched[c.adv] = append(matched[c.adv], pm)
	}
}

// nameOrNumber tries a model number first (an identifier), then each name
// of the model against each name of the product. A model the product
// excludes never matches.
func nameOrNumber(c *candidate, profiles []*profile, rawNumbers []string, nc nameContext) (productMatch, bool) {
	nc.extraDes = c.exprDes
	for _, m := range profiles {
		for _, ex := range c.excluded {
			if _, ok := nameMatch(m, ex, nc); ok {
				return productMatch{}, false
			}
		}
	}
	for _, raw := range rawNumbers {
		k := numberKey(raw)
		if len(k) < 3 {
			continue
		}
		if c.numbers[k] || c.exprDes[k] {
			return productMatch{c: c, how: "model number " + raw, alias: raw, identifier: true}, true
		}
		for _, v := range c.variants {
			if v.codes[k] {
				return productMatch{c: c, how: "model number " + raw, alias: raw, identifier: true}, true
			}
		}
	}
	for _, m := range profiles {
		for _, v := range c.variants {
			if how, ok := nameMatch(m, v, nc); ok {
				return productMatch{c: c, how: how, alias: m.text}, true
			}
		}
	}
	return productMatch{}, false
}

// groupDesignators lists the model's codes and numbers, for version
// alternatives scoped to some models ("X3/MX100 for Rev M only").
func groupDesignators(profiles []*profile, numbers map[string]bool) []string {
	var out []string
	for _, p := range profiles {
		for d := range p.codes {
			out = append(out, d)
		}
	}
	for n := range numbers {
		out = append(out, n)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// decide turns an advisory's matched products into one result: affected
// when an affected product's version is inside, under investigation when
// it cannot be told, fixed or not affected when the advisory says so for
// that version. A product matched only outside its versions yields nothing.
func decide(g *Group, a *ward.Advisory, pms []productMatch) (Result, bool) {
	var affected, unknown, fixed, notAffected []string
	var best *productMatch
	bestRank := -1
	vexNote := ""
	for i := range pms {
		pm := &pms[i]
		for _, vs := range pm.c.statuses {
			cve := vs.vuln.CVE
			if cve == "" {
				cve = vs.vuln.Title
			}
			rank := -1
			switch {
			case vs.status == ward.ProductAffected && pm.res == version.Yes:
				affected, rank = append(affected, cve), 4
			case vs.status == ward.ProductAffected && pm.res == version.Unknown,
				vs.status == ward.ProductUnderInvestigation && pm.res != version.No:
				unknown, rank = append(unknown, cve), 3
			case vs.status == ward.ProductFixed && pm.res == version.Yes:
				fixed, rank = append(fixed, cve), 2
			case vs.status == ward.ProductNotAffected && pm.res == version.Yes:
				notAffected, rank = append(notAffected, cve), 1
				if vs.justification != "" {
					vexNote = fmt.Sprintf("%s says not affected (%s)", a.TrackingID, vs.justification)
				}
			}
			if rank >= 0 && (rank > bestRank || rank == bestRank && pm.identifier && !best.identifier) {
				best, bestRank = pm, rank
			}
		}
	}
	r := Result{Advisory: a}
	switch {
	case len(affected) > 0:
		r.Status, r.CVEs = ward.FindingAffected, dedupe(append(affected, unknown...))
	case len(unknown) > 0:
		r.Status, r.CVEs = ward.FindingUnderInvestigation, dedupe(unknown)
	case len(fixed) > 0:
		r.Status, r.CVEs = ward.FindingFixed, dedupe(fixed)
	case len(notAffected) > 0:
		r.Status, r.CVEs = ward.FindingNotAffected, dedupe(notAffected)
	default:
		return Result{}, false
	}
	r.Confidence = confidence(best)
	r.Evidence = evidence(g, best, pms)
	if r.Status == ward.FindingNotAffected {
		r.Evidence.VEX = vexNote
	}
	return r, true
}

func confidence(pm *productMatch) string {
	switch {
	case pm.res != version.Yes:
		return ward.ConfidenceNameOnly
	case pm.identifier:
		return ward.ConfidenceExact
	case pm.c.expr.All:
		return ward.ConfidenceNameOnly
	default:
		return ward.ConfidenceNameVersion
	}
}

func evidence(g *Group, pm *productMatch, all []productMatch) ward.Evidence {
	e := ward.Evidence{
		Manufacturer: g.Manufacturer, Vendor: pm.c.prod.Vendor, VendorHow: pm.c.vendor.How,
		Model: g.Model, ModelAlias: pm.alias, Product: pm.c.prod.Name, ProductHow: pm.how,
		Component: pm.component, Expression: pm.c.prod.Version, Version: pm.version, VersionHow: pm.why,
	}
	for _, o := range all {
		if o.c.prod.Key != "" && !slices.Contains(e.ProductKeys, o.c.prod.Key) && o.res != version.No {
			e.ProductKeys = append(e.ProductKeys, o.c.prod.Key)
		}
	}
	sort.Strings(e.ProductKeys)
	return e
}

func dedupe(ss []string) []string {
	sort.Strings(ss)
	return slices.Compact(ss)
}
