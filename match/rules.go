package match

import "strings"

// nameContext is what a name comparison needs besides the two names.
type nameContext struct {
	extraDes  map[string]bool // model codes the product's version expression names ("X3/MX100")
	typeWords map[string]bool // the words of the model's device type ("MRI Scanner")
	// df counts how many of the vendor's product names use a word: a word
	// many products share ("IntelliSpace") is a family, not a product.
	df func(string) int
}

// nameMatch decides whether the model name m and the product name p name
// the same product, and how. The rules, in order:
//
//  1. the same name;
//  2. names that say what they are and disagree (monitor, programmer) differ;
//  3. a model with a code (MX450, 96280) matches only a product naming that
//     code or a range holding it — or a product naming no code at all whose
//     identifying words the model carries;
//  4. short codes ("Vivid 7") must agree when both names have them;
//  5. the model's identifying words all appear in the product name;
//  6. a product naming no code has its identifying words all in the model's
//     name, and the model is every kind of thing the product is.
func nameMatch(m, p *profile, nc nameContext) (string, bool) {
	if m.key != "" && m.key == p.key {
		return "same name", true
	}
	if kindConflict(m, p) {
		return "", false
	}
	if len(m.codes) > 0 {
		// The smallest designator that agrees, so the explanation is the
		// same on every run whatever the map order.
		best := ""
		for d := range m.codes {
			if (best == "" || d < best) && (p.hasCode(d) || nc.extraDes[d]) {
				best = d
			}
		}
		if best != "" && brandsAgree(m, p, nc) {
			return "model designator " + strings.ToUpper(best), true
		}
		if !p.hasCodes() && len(nc.extraDes) == 0 && productWithinModel(m, p, nc) {
			return "product name within model name", true
		}
		return "", false
	}
	if len(p.weak) > 0 || len(m.weak) > 0 {
		if how, ok := weakCodes(m, p); ok && brandsAgree(m, p, nc) {
			return how, true
		}
		// The model states a short code ("AMX 4") and the product states
		// codes of its own ("AMX 700"): they are different models.
		if len(m.weak) > 0 && (p.hasCodes() || len(nc.extraDes) > 0) && !weakWithin(m, p) {
			return "", false
		}
	}
	if modelWithinProduct(m, p, nc) {
		return "model name within product name", true
	}
	if !p.hasCodes() && len(nc.extraDes) == 0 && productWithinModel(m, p, nc) {
		return "product name within model name", true
	}
	return "", false
}

// weakCodes matches short codes: the product's "Vivid 7" is satisfied by a
// model carrying both "vivid" and "7".
func weakCodes(m, p *profile) (string, bool) {
	for _, w := range p.weak {
		if m.tokens[w[0]] && m.tokens[w[1]] {
			return "model designator " + strings.ToUpper(w[0]) + " " + w[1], true
		}
	}
	return "", false
}

// weakWithin reports whether a short code of the model is in the product.
func weakWithin(m, p *profile) bool {
	for _, w := range m.weak {
		if p.tokens[w[0]] && p.tokens[w[1]] {
			return true
		}
	}
	return false
}

// modelWithinProduct is rule 5, with two guards: a product name that adds
// a short variant word the model lacks names another model ("Information
// Center iX" is not the "Information Center"); and when the shared words
// are only family words, the model's kind must be the product's
// ("IntelliSpace Portal" is not "IntelliSpace Cardiovascular").
func modelWithinProduct(m, p *profile, nc nameContext) bool {
	id := m.identifying()
	if len(id) == 0 || !subset(id, p.tokens) {
		return false
	}
	for w := range p.brand {
		if len(w) <= 3 && !isNumber(w) && !p.vendor[w] && !m.has(w, nc.typeWords) {
			return false
		}
	}
	if len(m.kinds) == 0 || kindsWithin(m, p) {
		return true
	}
	for _, w := range id {
		if nc.df == nil || nc.df(w) <= 2 {
			return true // a distinctive word: "MyVue"
		}
	}
	return false
}

// productWithinModel is rule 6. A product word the model carries only
// through its device type ("CT" of a CT scanner) counts when the product is
// named by modality ("PET/CT Systems"), or when the rest of its name holds
// a distinctive word; otherwise "Revolution CT" would take in every
// "Revolution" scanner.
func productWithinModel(m, p *profile, nc nameContext) bool {
	id := p.identifying()
	if len(id) == 0 || !kindsWithin(p, m) {
		return false
	}
	viaType, distinctive, other := false, false, false
	for _, w := range id {
		switch {
		case m.has(w, nil):
			other = true
			if nc.df == nil || nc.df(w) <= 2 {
				distinctive = true
			}
		case nc.typeWords[w]:
			viaType = true
		default:
			return false
		}
	}
	return !viaType || !other || distinctive
}

// brandsAgree: a shared code is enough unless both names carry brand
// words and share none ("Alaris 8015" is not the "Medley 8015").
func brandsAgree(m, p *profile, nc nameContext) bool {
	if len(m.brand) == 0 || len(p.brand) == 0 {
		return true
	}
	for w := range m.brand {
		if p.tokens[w] {
			return true
		}
	}
	for w := range m.vendor {
		if p.tokens[w] {
			return true
		}
	}
	for w := range p.brand {
		if !m.has(w, nc.typeWords) {
			return false
		}
	}
	return true
}

func subset(ws []string, in map[string]bool) bool {
	for _, w := range ws {
		if !in[w] {
			return false
		}
	}
	return true
}
