package match

import (
	"regexp"
	"strings"

	"ward"
	"ward/names"
	"ward/version"
)

var (
	// notIncluding finds an exclusion clause: "LOGIQ, not including LOGIQ
	// 100 Pro" covers every LOGIQ but that one.
	notIncluding = regexp.MustCompile(`(?i)[,;]?\s*(?:not including|excluding|except)\s+(.+)$`)
	// withClause finds what a product is used with or integrated with:
	// context, not the product ("IntelliBridge Enterprise system
	// integration with SureSigns" is IntelliBridge, not the SureSigns
	// monitor).
	withClause = regexp.MustCompile(`(?i)\s+(?:used\s+|integrated\s+|shipped\s+)?with\s+.*$`)
	parens     = regexp.MustCompile(`\(([^()]*)\)`)
	// slashPair finds two brand words offered as alternatives
	// ("EPIQ/Affiniti"); short ones ("PET/CT") name one thing.
	slashPair = regexp.MustCompile(`\b([A-Za-z]{4,})/([A-Za-z]{4,})\b`)
	// titleNoise is what an advisory title adds around a product name.
	titleNoise = regexp.MustCompile(`(?i)^ICSMA-[0-9A-Z-]+_|\(update [a-z]\)|vulnerabilit(?:y|ies)|'s?\b`)
)

// productProfiles reads the names a product goes by: its name without
// clauses, the names in its parentheses, each side of an alternative
// pair, the names its version expression gives instead of versions, and,
// when the product name says nothing ("Version"), the advisory title. It
// also returns the names the product excludes.
func productProfiles(a *ward.Advisory, p *ward.Product, expr version.Expr, vw map[string]bool) (variants, exclusions []*profile) {
	name := p.Name
	if full, _, _ := strings.Cut(p.FullName, ": "); !identifies(newProfile(name, vw)) && full != "" {
		// The full name is "<name>: <versions>"; only the name part names.
		name = full
	}
	if placeholder(name) {
		// A product named only "Version" or "All": the advisory's title
		// names it ("Philips Alice 6 Vulnerabilities").
		name = titleNoise.ReplaceAllString(a.Title, " ")
	}
	name = withClause.ReplaceAllString(name, "")
	if m := notIncluding.FindStringSubmatchIndex(name); m != nil {
		for _, ex := range splitList(name[m[2]:m[3]]) {
			exclusions = append(exclusions, newProfile(ex, vw))
		}
		name = name[:m[0]]
	}
	seen := map[string]bool{}
	var add func(s string)
	add = func(s string) {
		s = strings.TrimSpace(s)
		pr := newProfile(s, vw)
		if pr.key == "" || seen[pr.key] || !identifies(pr) {
			return
		}
		seen[pr.key] = true
		variants = append(variants, pr)
		if m := slashPair.FindStringSubmatchIndex(s); m != nil {
			for _, alt := range []string{s[m[2]:m[3]], s[m[4]:m[5]]} {
				add(s[:m[0]] + alt + s[m[1]:])
			}
		}
	}
	add(name)
	groups := parens.FindAllStringSubmatch(name, -1)
	scoping := false
	for _, m := range groups {
		// "(MX400-550)" or "(M8001A/2A/3A)" says which models: without it
		// the name would claim the whole family. "(99999)" or "(XTR)" only
		// restates the product.
		pr := newProfile(m[1], vw)
		if len(pr.ranges) > 0 || len(pr.codes) > 1 {
			scoping = true
		}
	}
	if !scoping {
		add(parens.ReplaceAllString(name, " "))
	}
	for _, m := range groups {
		add(m[1])
	}
	for _, model := range expr.Models {
		// Named models ("Accu-Chek Inform II") are names of the product;
		// model codes ("VS4") only narrow it, through exprDes.
		if pr := newProfile(model, vw); len(pr.codes) == 0 {
			add(model)
		}
	}
	return variants, exclusions
}

// placeholders are product names that name nothing.
var placeholders = set("version", "versions", "product", "products", "all", "software", "firmware", "model", "models", "device", "devices")

func placeholder(name string) bool {
	for _, w := range names.Words(name) {
		if !placeholders[w] {
			return false
		}
	}
	return true
}

// identifies reports whether a name says anything about which product it is.
func identifies(p *profile) bool { return len(p.brand) > 0 || p.hasCodes() }

// splitList splits "A and B, C" into its items.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		for _, q := range strings.Split(part, " and ") {
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, q)
			}
		}
	}
	return out
}
