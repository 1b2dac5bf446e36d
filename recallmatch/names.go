package recallmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ward/names"
)

// generic words say what a device is, not which one: a model name made
// only of them ("Infusion Pump") identifies nothing in a recall.
var generic = map[string]bool{
	"patient": true, "medical": true, "system": true, "systems": true, "software": true, "device": true,
	"devices": true, "series": true, "model": true, "models": true, "unit": true, "units": true, "module": true,
	"monitor": true, "monitors": true, "monitoring": true, "pump": true, "pumps": true, "infusion": true,
	"ventilator": true, "station": true, "central": true, "scanner": true, "ultrasound": true, "the": true,
	"and": true, "with": true, "for": true, "of": true, "a": true, "an": true, "portable": true, "bedside": true,
	"syringe": true, "large": true, "volume": true, "defibrillator": true, "analyzer": true, "bed": true,
	"table": true, "workstation": true, "server": true, "imaging": true, "x": true, "ray": true, "xray": true,
	"mri": true, "ct": true, "ecg": true, "ekg": true, "pulse": true, "oximeter": true, "digital": true,
	"wireless": true, "transport": true, "anesthesia": true, "stretcher": true, "generator": true,
}

// identifyingWords returns the words of a model name that must appear, in
// order, in a recall's product description for the name to identify the
// model: the name without the manufacturer's own words. It returns nil
// for a name that cannot identify a model in free text: one made of
// generic words only, or a single word that is neither a designator
// (MX450, V60) nor a camel-case brand (HemoSphere, MRx).
func identifyingWords(name string, vendorWords map[string]bool) []string {
	ws := names.Words(name)
	var seq []string
	distinctive := 0
	for _, w := range ws {
		if vendorWords[w] && len(seq) == 0 {
			continue // "Philips IntelliVue MX450": Philips is the firm's
		}
		seq = append(seq, w)
		if !generic[w] {
			distinctive++
		}
	}
	switch {
	case distinctive == 0:
		return nil
	case len(seq) == 1 && !hasDigit(seq[0]) && !camelCase(name):
		return nil
	case len(seq) == 1 && hasDigit(seq[0]) && !hasLetter(seq[0]) && len(seq[0]) < 4:
		return nil // "980" alone is a number, not a name
	}
	return seq
}

// camelCase reports a one-word brand written with an inner capital
// ("HemoSphere", "SureSigns", "MRx"), not all capitals.
func camelCase(s string) bool {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t") || strings.ToUpper(s) == s {
		return false
	}
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// excerpt quotes text around needle (or its start) for an explanation,
// at most about 100 characters, on one line.
func excerpt(text, needle string) string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return `""`
	}
	at := 0
	if needle != "" {
		if i := indexFold(text, needle); i >= 0 {
			at = min(i, len(text))
		}
	}
	start, end := max(0, at-40), min(len(text), at+60)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return `"` + s + `"`
}

// indexFold finds needle in text ignoring case and punctuation between
// words: "IntelliVue MX450" is found in "INTELLIVUE, MX450".
func indexFold(text, needle string) int {
	if i := strings.Index(strings.ToLower(text), strings.ToLower(needle)); i >= 0 {
		return i
	}
	ws := strings.Fields(needle)
	if len(ws) == 0 {
		return -1
	}
	return strings.Index(strings.ToLower(text), strings.ToLower(ws[0]))
}
