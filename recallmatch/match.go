// Package recallmatch decides which devices an FDA recall concerns, and
// explains why in terms a clinical engineer can check against the device
// and the recall notice. It is pure: the caller loads recalls, models and
// devices and gets back matches.
//
// A recall is first read: its firm is resolved to a registry manufacturer,
// and its code_info and product description are parsed for the serial
// numbers, lots, UDI device identifiers, model numbers and manufacturing
// dates they list (ParseScope). Models are then identified by one of their
// model numbers appearing in the recall, by one of their names appearing
// in the product description, or (only while FDA has not terminated the
// recall, and only when it names none of the manufacturer's models) by
// FDA product code and firm alone. Each device of an identified model, and
// each device whose UDI device identifier the recall lists, is then
// checked against the listed serials, lots, identifiers and dates: a
// device the lists leave out is not_applicable, with the reason; a device
// whose serial or lot is not on record stays outstanding at the model's
// confidence, with what to check.
package recallmatch

import (
	"fmt"
	"slices"
	"strings"

	"ward"
	"ward/match"
	"ward/names"
)

// Recall is a recall prepared for matching.
type Recall struct {
	R     *ward.Recall
	Scope ward.RecallScope
	// Firm lists the manufacturers the recalling firm resolves to.
	Firm []match.Resolution

	words     []string        // the description's words, lower case
	codes     map[string]bool // code keys of description and code_info tokens
	unitCodes map[string]bool // keys the scope lists as serials, lots or UDIs
	dis       map[string]bool
	serials   map[string]bool
	lots      map[string]bool
	mfrs      match.Manufacturers
}

// Prepare reads a recall: resolves its firm through mfrs and parses its
// free text.
func Prepare(r *ward.Recall, mfrs match.Manufacturers) *Recall {
	p := &Recall{R: r, Scope: ParseScope(r.CodeInfo, r.ProductDescription), mfrs: mfrs,
		codes: map[string]bool{}, unitCodes: map[string]bool{}, dis: map[string]bool{}}
	p.Firm = resolveFirm(r.Firm, mfrs)
	p.words = names.Words(r.ProductDescription)
	for _, text := range []string{r.ProductDescription, r.CodeInfo} {
		for _, t := range tokenize(text) {
			if hasDigit(t.key) {
				p.codes[t.key] = true
			}
		}
	}
	for _, list := range [][]string{p.Scope.Serials, p.Scope.Lots, p.Scope.UDIDIs} {
		for _, c := range list {
			p.unitCodes[codeKey(c)] = true
		}
	}
	for _, di := range p.Scope.UDIDIs {
		p.dis[di] = true
	}
	p.serials, p.lots = keySet(p.Scope.Serials), keySet(p.Scope.Lots)
	return p
}

// ManufacturerID returns the first manufacturer the firm resolves to, or 0.
func (p *Recall) ManufacturerID() int64 {
	if len(p.Firm) == 0 {
		return 0
	}
	return p.Firm[0].ID
}

// resolveFirm resolves a recalling firm: the whole name, then the part
// before its first comma (openFDA sometimes appends the address), then its
// leading words, longest first ("Philips North America Llc" is Philips).
func resolveFirm(firm string, mfrs match.Manufacturers) []match.Resolution {
	if strings.TrimSpace(firm) == "" || mfrs == nil {
		return nil
	}
	if res := mfrs.Resolve(firm); len(res) > 0 {
		return res
	}
	head, _, _ := strings.Cut(firm, ",")
	if res := mfrs.Resolve(head); len(res) > 0 {
		return res
	}
	ws := strings.Fields(head)
	for n := len(ws) - 1; n >= 1; n-- {
		prefix := strings.Join(ws[:n], " ")
		if len(names.Key(prefix)) < 2 {
			break
		}
		if res := mfrs.Resolve(prefix); len(res) > 0 {
			for i := range res {
				res[i].How = fmt.Sprintf("leading words %q", prefix)
			}
			return res
		}
	}
	return nil
}

// Identity is a model a recall concerns, and why.
type Identity struct {
	ModelID    int64
	Model      string
	Confidence string // RecallModelNumber, RecallModelName or RecallProductCode
	// number marks an identifier match, which a missing UDI-DI does not
	// overturn.
	number bool
	Why    string
}

// Models returns the identities of the models (every catalog model of the
// firm's manufacturers, so that a recall naming one model does not reach
// the others through its product code) the recall concerns, by model ID.
func (p *Recall) Models(models []ward.Model) map[int64]*Identity {
	out := map[int64]*Identity{}
	mfr := map[int64]match.Resolution{}
	for _, r := range p.Firm {
		mfr[r.ID] = r
	}
	named := map[int64]bool{} // manufacturers with a model named
	for i := range models {
		m := &models[i]
		res, ok := mfr[m.ManufacturerID]
		if !ok || p.codeConflict(m) {
			continue
		}
		if id := p.identify(m, res); id != nil {
			out[m.ID] = id
			named[m.ManufacturerID] = true
		}
	}
	if p.R.ProductCode == "" || p.R.Closed() {
		return out
	}
	for i := range models {
		m := &models[i]
		res, ok := mfr[m.ManufacturerID]
		if ok && !named[m.ManufacturerID] && m.ProductCode == p.R.ProductCode {
			out[m.ID] = &Identity{ModelID: m.ID, Model: m.Name, Confidence: ward.RecallProductCode,
				Why: fmt.Sprintf("%s; FDA product code %s is the model's, and the recall names none of Ward's %s models: check whether %s is this model", p.firmWhy(res), m.ProductCode, res.Name, excerpt(p.R.ProductDescription, ""))}
		}
	}
	return out
}

// codeConflict reports a recall and model of different FDA product codes:
// the recall is about another kind of product (an accessory of the model,
// say), so names and numbers do not identify the model.
func (p *Recall) codeConflict(m *ward.Model) bool {
	return p.R.ProductCode != "" && m.ProductCode != "" && p.R.ProductCode != m.ProductCode
}

// identify matches one model by number, then by name.
func (p *Recall) identify(m *ward.Model, res match.Resolution) *Identity {
	for _, n := range m.ModelNumbers {
		k := codeKey(n)
		if !numberOK(k) || p.unitCodes[k] || !p.codes[k] {
			continue
		}
		return &Identity{ModelID: m.ID, Model: m.Name, Confidence: ward.RecallModelNumber, number: true,
			Why: fmt.Sprintf("%s; model number %q of %s appears in the recall (%s)", p.firmWhy(res), n, m.Name, excerpt(p.R.ProductDescription+" "+p.R.CodeInfo, n))}
	}
	vw := p.mfrs.Words(m.ManufacturerID)
	for _, alias := range append([]string{m.Name}, m.Aliases...) {
		seq := identifyingWords(alias, vw)
		if seq == nil || !containsSeq(p.words, seq) {
			continue
		}
		how := ""
		if alias != m.Name {
			how = fmt.Sprintf(" (alias %q)", alias)
		}
		return &Identity{ModelID: m.ID, Model: m.Name, Confidence: ward.RecallModelName,
			Why: fmt.Sprintf("%s; model %q%s is named in the product description (%s)", p.firmWhy(res), m.Name, how, excerpt(p.R.ProductDescription, strings.Join(seq, " ")))}
	}
	return nil
}

// numberOK rejects model numbers too short to identify anything in free
// text: a 3-digit number is as likely a quantity or a size.
func numberOK(k string) bool {
	if hasLetter(k) {
		return len(k) >= 3
	}
	return len(k) >= 4
}

func (p *Recall) firmWhy(res match.Resolution) string {
	return fmt.Sprintf("recalling firm %q = manufacturer %q (%s)", p.R.Firm, res.Name, res.How)
}

// containsSeq reports whether seq occurs in words as consecutive words.
func containsSeq(words, seq []string) bool {
	for i := 0; i+len(seq) <= len(words); i++ {
		if slices.Equal(words[i:i+len(seq)], seq) {
			return true
		}
	}
	return false
}
