package match

import (
	"strings"

	"ward/names"
)

// profile is a name read for matching.
type profile struct {
	text   string
	key    string          // names.Key of the whole name
	tokens map[string]bool // every word
	codes  map[string]bool // model codes: MX450, 150c, 96280
	weak   [][2]string     // a brand word and a short number: "Vivid 7", "Alice 6"
	brand  map[string]bool // brand words: not generic, not a kind, not the vendor's
	vendor map[string]bool // words of the manufacturer's names ("Welch Allyn" in "Welch Allyn ELI 280")
	kinds  map[string]bool // kind classes
	ranges []rangeSpec
}

// newProfile reads a name. Words of the manufacturer's names are kept
// apart: they need not appear on both sides ("Welch Allyn ELI 280" is the
// "ELI 280"), but they count when two names are compared for agreement.
func newProfile(name string, vendorWords map[string]bool) *profile {
	p := &profile{text: name, key: names.Key(name), tokens: map[string]bool{}, codes: map[string]bool{},
		brand: map[string]bool{}, vendor: map[string]bool{}, kinds: map[string]bool{}, ranges: ranges(name)}
	ws := words(name)
	for i, w := range ws {
		p.tokens[w] = true
		switch {
		case isDesignator(w):
			p.codes[w] = true
		case kinds[w] != "":
			p.kinds[kinds[w]] = true
		case generic[w]:
		case isNumber(w):
			// A short number after a brand word names a model: "Vivid 7".
			if prev := prevBrand(ws[:i], vendorWords); prev != "" {
				p.weak = append(p.weak, [2]string{prev, w})
			}
		case vendorWords[w]:
			p.vendor[w] = true
		default:
			p.brand[w] = true
		}
	}
	if len(p.brand) == 0 && len(p.codes) == 0 {
		// A name made only of the vendor's words ("Alaris Systems
		// Manager" for BD) is identified by them.
		for w := range p.vendor {
			p.brand[w] = true
		}
	}
	return p
}

// prevBrand returns the word before a number if it is a brand word.
func prevBrand(ws []string, vendorWords map[string]bool) string {
	if len(ws) == 0 {
		return ""
	}
	w := ws[len(ws)-1]
	if generic[w] || kinds[w] != "" || isNumber(w) || isDesignator(w) {
		return ""
	}
	return w
}

func isNumber(w string) bool {
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return w != ""
}

// hasCodes reports whether the name states a model code of any strength.
func (p *profile) hasCodes() bool { return len(p.codes) > 0 || len(p.weak) > 0 || len(p.ranges) > 0 }

// identifying returns the brand words of p.
func (p *profile) identifying() []string { return keys(p.brand) }

// hasCode reports whether code d is one of p's codes or in one of its ranges.
func (p *profile) hasCode(d string) bool {
	if p.codes[d] {
		return true
	}
	for _, r := range p.ranges {
		if r.contains(d) {
			return true
		}
	}
	return false
}

// has reports whether the model carries word w: as a word, in its device
// type, inside one of its words ("vue" in "MyVue"), or as the letter
// prefix of one of its codes ("CX" of "CX50").
func (m *profile) has(w string, typeWords map[string]bool) bool {
	if m.tokens[w] || typeWords[w] {
		return true
	}
	for t := range m.tokens {
		if len(w) < 2 || len(t) <= len(w) {
			continue
		}
		// "vue" ends "MyVue"; "cx" begins the code "CX50". A word merely
		// inside another ("evo" in "revolution") does not count.
		if len(w) >= 3 && strings.HasSuffix(t, w) || isDesignator(t) && strings.HasPrefix(t, w) && isNumber(t[len(w):len(w)+1]) {
			return true
		}
	}
	return false
}

// kindConflict reports whether both names say what they are and disagree.
func kindConflict(a, b *profile) bool {
	if len(a.kinds) == 0 || len(b.kinds) == 0 {
		return false
	}
	for k := range a.kinds {
		if b.kinds[k] {
			return false
		}
	}
	return true
}

// kindsWithin reports whether the model is every kind of thing the product
// name says it is: "Alaris Systems Manager" is not the "Alaris Infusion
// Central", though the model carries the product's brand.
func kindsWithin(p, m *profile) bool {
	for k := range p.kinds {
		if !m.kinds[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
