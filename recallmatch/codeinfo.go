package recallmatch

import (
	"strings"

	"ward"
	"ward/udi"
)

// kind is what a run of codes in a recall's text lists.
type kind int

const (
	kindNone        kind = iota // no label yet: codes are unlabeled
	kindLot                     // "Lot", "Lot/Batch Numbers", "Batch"
	kindSerial                  // "Serial Numbers", "SN", "S/N"
	kindLotOrSerial             // "Lot/Serial Numbers"
	kindUDI                     // "UDI-DI", "GTIN", "Device Identifier"
	kindModel                   // "Model", "Catalog", "REF", "Part Number"
	kindIgnore                  // software versions, expiry dates, quantities, K numbers
)

// labels maps label words to the kind of the codes that follow them.
var labels = map[string]kind{
	"lot": kindLot, "lots": kindLot, "lot/batch": kindLot, "batch": kindLot, "batches": kindLot, "batch/lot": kindLot,
	"serial": kindSerial, "serials": kindSerial, "sn": kindSerial, "s/n": kindSerial, "sns": kindSerial, "s/ns": kindSerial,
	"ser":        kindSerial,
	"lot/serial": kindLotOrSerial, "serial/lot": kindLotOrSerial, "lot/sn": kindLotOrSerial,
	"udi": kindUDI, "udi-di": kindUDI, "udi/di": kindUDI, "udis": kindUDI, "udi-dis": kindUDI, "di": kindUDI, "dis": kindUDI,
	"gtin": kindUDI, "gtins": kindUDI, "udi-di/gtin": kindUDI,
	"model": kindModel, "models": kindModel, "catalog": kindModel, "catalogue": kindModel, "cat": kindModel,
	"ref": kindModel, "reference": kindModel, "part": kindModel, "p/n": kindModel, "pn": kindModel, "item": kindModel,
	"sku": kindModel, "material": kindModel, "mod": kindModel,
	"version": kindIgnore, "versions": kindIgnore, "software": kindIgnore, "firmware": kindIgnore, "rev": kindIgnore,
	"revision": kindIgnore, "exp": kindIgnore, "expiration": kindIgnore, "expiry": kindIgnore, "expires": kindIgnore,
	"use-by": kindIgnore, "date": kindIgnore, "dates": kindIgnore, "quantity": kindIgnore, "qty": kindIgnore,
	"size": kindIgnore, "k": kindIgnore, "510(k)": kindIgnore, "ndc": kindIgnore, "manufactured": kindIgnore,
	"distributed": kindIgnore, "shipped": kindIgnore, "produced": kindIgnore, "sw": kindIgnore, "fw": kindIgnore,
}

// fillers may follow a label ("Serial Number(s):", "Lot No.", "Model #")
// or join a list ("A, B and C") without ending it.
var fillers = map[string]bool{
	"number": true, "numbers": true, "no": true, "nos": true, "num": true, "nbr": true, "code": true,
	"codes": true, "id": true, "ids": true, "s": true, "and": true, "&": true, "or": true, "including": true,
	"includes": true, "identifier": true, "identifiers": true, "device": true, "primary": true, "list": true,
}

// rangeWords join the two ends of a range of codes.
var rangeWords = map[string]bool{"to": true, "through": true, "thru": true, "-": true}

// allWords follow "all" when a recall says every unit is concerned.
var allWords = map[string]bool{"lots": true, "lot": true, "serial": true, "serials": true, "units": true,
	"devices": true, "products": true, "codes": true, "sizes": true, "models": true}

// ParseScope reads which units a recall covers from its code_info and
// product description: listed serial numbers and lots (and ranges of
// them), UDI device identifiers (validated GTINs, also from GS1 element
// strings such as "(01)00884838081337(21)SN1"), model and catalog
// numbers, and manufacturing date limits. Codes are only taken under a
// label that says what they are; the text's other codes are ignored.
func ParseScope(codeInfo, description string) ward.RecallScope {
	var b scopeBuilder
	b.seen = map[string]bool{}
	for _, text := range []string{codeInfo, description} {
		b.gs1(text)
		b.tokens(tokenize(text))
		from, to := manufacturingDates(tokenize(text))
		if b.scope.ManufacturedFrom.IsZero() {
			b.scope.ManufacturedFrom = from
		}
		if b.scope.ManufacturedTo.IsZero() {
			b.scope.ManufacturedTo = to
		}
	}
	return b.scope
}

type scopeBuilder struct {
	scope ward.RecallScope
	seen  map[string]bool // kind+key of codes already added
}

// tokens walks one text, following labels.
func (b *scopeBuilder) tokens(ts []token) {
	cur := kindNone
	for i := 0; i < len(ts); i++ {
		t := &ts[i]
		if k, ok := labelAt(ts, i); ok {
			cur = k
			continue
		}
		if t.low == "all" && i+1 < len(ts) && allWords[ts[i+1].low] {
			b.scope.AllUnits = true
			continue
		}
		if fillers[t.low] || (t.raw == "-" && cur != kindNone) {
			continue
		}
		if !isCode(t) {
			cur = kindNone // a plain word ends the list
			continue
		}
		if cur == kindNone || cur == kindIgnore {
			continue
		}
		// "1000 through 1500", "1000 - 1500"
		if i+2 < len(ts) && rangeWords[ts[i+1].low] && isCode(&ts[i+2]) && compatible(t.key, ts[i+2].key) {
			b.addRange(cur, t.raw, ts[i+2].raw)
			i += 2
			continue
		}
		if from, to, ok := splitRange(t.raw); ok && (cur == kindSerial || cur == kindLot || cur == kindLotOrSerial) {
			b.addRange(cur, from, to)
			continue
		}
		b.add(cur, t.raw)
	}
}

// labelAt reports whether ts[i] is a label, and of what.
func labelAt(ts []token, i int) (kind, bool) {
	t := &ts[i]
	if k, ok := labels[strings.TrimSuffix(t.low, ".")]; ok {
		// "Model 8015" is a label; "Model" closing a sentence is not, but
		// it is harmless: the next word ends the list.
		return k, true
	}
	next := ""
	if i+1 < len(ts) {
		next = ts[i+1].low
	}
	switch t.low {
	case "product", "catalog#", "ref#":
		if next == "number" || next == "numbers" || next == "no" || next == "nos" {
			return kindModel, true
		}
	case "device":
		if next == "identifier" || next == "identifiers" {
			return kindUDI, true
		}
	case "lot#", "lotno", "lotnumber":
		return kindLot, true
	case "sn#", "serial#", "serialno":
		return kindSerial, true
	}
	return kindNone, false
}

// add records one code of kind k.
func (b *scopeBuilder) add(k kind, raw string) {
	key := codeKey(raw)
	switch k {
	case kindLot:
		b.addList(&b.scope.Lots, "L", key, raw)
	case kindSerial:
		b.addList(&b.scope.Serials, "S", key, raw)
	case kindLotOrSerial:
		b.addList(&b.scope.Lots, "L", key, raw)
		b.addList(&b.scope.Serials, "S", key, raw)
	case kindModel:
		b.addList(&b.scope.ModelNumbers, "M", key, raw)
	case kindUDI:
		if di, ok := gtin(key); ok {
			b.addList(&b.scope.UDIDIs, "U", di, di)
		}
	}
}

func (b *scopeBuilder) addList(list *[]string, prefix, key, raw string) {
	if key == "" || b.seen[prefix+key] || len(*list) >= maxCodes {
		return
	}
	b.seen[prefix+key] = true
	*list = append(*list, raw)
}

// maxCodes bounds each list.
const maxCodes = 50000

func (b *scopeBuilder) addRange(k kind, from, to string) {
	r := ward.CodeRange{From: from, To: to}
	if k == kindLot || k == kindLotOrSerial {
		b.scope.LotRanges = append(b.scope.LotRanges, r)
	}
	if k == kindSerial || k == kindLotOrSerial {
		b.scope.SerialRanges = append(b.scope.SerialRanges, r)
	}
	if k == kindModel || k == kindUDI {
		b.add(k, from)
		b.add(k, to)
	}
}

// gs1 finds GS1 element strings written with bracketed application
// identifiers and takes their device identifier, serial and lot.
func (b *scopeBuilder) gs1(text string) {
	for rest := text; ; {
		i := strings.Index(rest, "(01)")
		if i < 0 {
			return
		}
		rest = rest[i:]
		end := strings.IndexAny(rest, " \t\r\n,;")
		if end < 0 {
			end = len(rest)
		}
		if u, err := udi.Parse(rest[:end]); err == nil && u.Issuer == udi.GS1 {
			b.add(kindUDI, u.DI)
			if u.Serial != "" {
				b.add(kindSerial, u.Serial)
			}
			if u.Lot != "" {
				b.add(kindLot, u.Lot)
			}
		}
		rest = rest[4:]
	}
}

// gtin returns the 14-digit form of a valid GTIN-8, -12, -13 or -14.
func gtin(key string) (string, bool) {
	switch len(key) {
	case 8, 12, 13, 14:
	default:
		return "", false
	}
	padded := strings.Repeat("0", 14-len(key)) + key
	return padded, udi.ValidGTIN(padded)
}
