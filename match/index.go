// Package match decides which advisories concern which devices, and
// explains why. It is pure: the caller loads advisories and inventory
// groups (every unit of a model running one software version) and gets
// back findings with evidence.
//
// Identity is decided first (manufacturer through aliases, then the
// product through catalog aliases, model numbers and model designators,
// or through CPE and package-url identifiers of the model and its SBOM),
// then the version against the product's version expression. A version
// the engine cannot evaluate never silently decides: the finding is
// under_investigation.
package match

import (
	"ward"
	"ward/version"
)

// Resolution is a manufacturer an advisory's vendor name resolves to.
type Resolution struct {
	ID   int64
	How  string // "same name", "alias"
	Name string // Ward's manufacturer name
}

// Manufacturers resolves vendor names and knows each manufacturer's words.
type Manufacturers interface {
	// Resolve returns the manufacturers a vendor string names; a
	// multi-vendor string ("Silex Technology and GE Healthcare") may name
	// several.
	Resolve(vendor string) []Resolution
	// Words returns every word of every name and alias of a manufacturer.
	Words(id int64) map[string]bool
}

// Index holds advisories prepared for matching: products by the
// manufacturer their vendor resolves to, and by identifier.
type Index struct {
	mfrs   Manufacturers
	byMfr  map[int64][]*candidate
	byCPE  map[string][]*cpeCandidate
	byPURL map[string][]*candidate
	count  int
	// df counts, per manufacturer, how many distinct product names use a
	// word; kept up to date by Add so that concurrent Match calls only read.
	df     map[int64]map[string]int
	dfSeen map[int64]map[string]bool
}

// candidate is one advisory product, prepared.
type candidate struct {
	adv      *ward.Advisory
	prod     *ward.Product
	vendor   Resolution
	variants []*profile // the names the product goes by
	excluded []*profile // names the product says it does not cover
	expr     version.Expr
	exprDes  map[string]bool // designators the version expression names
	numbers  map[string]bool // model numbers the product lists
	statuses []vulnStatus
}

// vulnStatus is a product's status in one vulnerability.
type vulnStatus struct {
	vuln          *ward.Vulnerability
	status        string
	justification string
}

// NewIndex returns an empty index resolving vendors through mfrs.
func NewIndex(mfrs Manufacturers) *Index {
	return &Index{mfrs: mfrs, byMfr: map[int64][]*candidate{}, byCPE: map[string][]*cpeCandidate{},
		byPURL: map[string][]*candidate{}, df: map[int64]map[string]int{}, dfSeen: map[int64]map[string]bool{}}
}

// Len returns the number of advisories added.
func (ix *Index) Len() int { return ix.count }

// Add prepares an advisory's products for matching.
func (ix *Index) Add(a *ward.Advisory) {
	ix.count++
	statuses := productStatuses(a)
	for i := range a.Products {
		p := &a.Products[i]
		expr := version.Parse(p.Version)
		base := candidate{adv: a, prod: p, expr: expr, exprDes: designatorSet(expr.Models),
			numbers: numberSet(p.ModelNumbers), statuses: statuses[p.Key]}
		if len(base.statuses) == 0 {
			continue // a product no vulnerability speaks of
		}
		if a.Source != ward.SourceNVD {
			for _, r := range ix.mfrs.Resolve(p.Vendor) {
				c := base
				c.vendor = r
				c.variants, c.excluded = productProfiles(a, p, expr, ix.mfrs.Words(r.ID))
				ix.byMfr[r.ID] = append(ix.byMfr[r.ID], &c)
				ix.countWords(r.ID, c.variants)
			}
		}
		ix.addIdentifiers(&base)
	}
	for vi := range a.Vulnerabilities {
		ix.addConfigurations(a, &a.Vulnerabilities[vi])
	}
}

// productStatuses maps product keys to their status in each vulnerability.
func productStatuses(a *ward.Advisory) map[string][]vulnStatus {
	out := map[string][]vulnStatus{}
	for vi := range a.Vulnerabilities {
		v := &a.Vulnerabilities[vi]
		for _, s := range v.Statuses {
			out[s.ProductKey] = append(out[s.ProductKey], vulnStatus{vuln: v, status: s.Status, justification: s.Justification})
		}
	}
	return out
}

func designatorSet(models []string) map[string]bool {
	out := map[string]bool{}
	for _, m := range models {
		for _, w := range words(m) {
			if isDesignator(w) {
				out[w] = true
			}
		}
		if k := numberKey(m); k != "" {
			out[k] = true
		}
	}
	return out
}

func numberSet(numbers []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range numbers {
		if k := numberKey(n); k != "" {
			out[k] = true
		}
	}
	return out
}

// countWords adds the brand words of a manufacturer's product names not
// seen before to its word frequencies.
func (ix *Index) countWords(mfr int64, variants []*profile) {
	seen, f := ix.dfSeen[mfr], ix.df[mfr]
	if seen == nil {
		seen, f = map[string]bool{}, map[string]int{}
		ix.dfSeen[mfr], ix.df[mfr] = seen, f
	}
	for _, v := range variants {
		if seen[v.key] {
			continue
		}
		seen[v.key] = true
		for w := range v.brand {
			f[w]++
		}
	}
}

// wordFreq returns, for a manufacturer, how many distinct product names of
// its advisories use each brand word. It only reads, so Match may run
// concurrently once every advisory is added.
func (ix *Index) wordFreq(mfr int64) map[string]int {
	return ix.df[mfr]
}
