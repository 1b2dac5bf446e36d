package match

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"ward/names"
)

// A product or model name is read as a bag of words of four kinds:
// designators (model codes such as MX450, 96280, 150c), kind words (what
// the thing is: monitor, programmer, pump), generic words that say nothing
// about identity (patient, system, software), and brand words (the rest:
// IntelliVue, CareLink, Vue, PACS).

// generic words never decide a match.
var generic = set("patient", "patients", "medical", "system", "systems", "software", "solution", "solutions",
	"device", "devices", "series", "model", "models", "number", "no", "version", "versions", "and", "or", "with",
	"for", "of", "the", "a", "an", "only", "including", "incl", "all", "family", "products", "product", "platform",
	"based", "integrated", "wearable", "worn", "transport", "portable", "handheld", "bedside", "resting", "digital",
	"wireless", "wifi", "wlan", "lan", "ethernet", "unit", "units", "type", "rev", "revision", "firmware", "in",
	"on", "by", "to", "from", "using", "used", "use", "new", "old", "edition", "advanced", "plus",
	"hospital", "clinical", "care", "us", "u", "s", "global", "windows", "xp", "linux", "vulnerability",
	"vulnerabilities", "update", "advisory", "not", "which", "are", "is", "sold", "prior", "later", "earlier")

// kinds maps words naming what a device is to a kind; two names with
// different kinds are different products ("CareLink Monitor" is not the
// "CareLink 2090 Programmer").
var kinds = map[string]string{
	"monitor": "monitor", "monitors": "monitor", "monitoring": "monitor",
	"programmer": "programmer", "programmers": "programmer",
	"pump": "pump", "pumps": "pump",
	"receiver": "receiver", "transmitter": "transmitter", "transceiver": "transceiver",
	"server": "server", "servers": "server", "workstation": "workstation", "workstations": "workstation",
	"viewer": "viewer", "portal": "portal", "ventilator": "ventilator", "ventilators": "ventilator",
	"analyzer": "analyzer", "analyser": "analyzer", "scanner": "scanner", "camera": "camera",
	"bed": "bed", "beds": "bed", "cabinet": "cabinet", "hub": "hub", "gateway": "gateway",
	"controller": "controller", "sensor": "sensor", "printer": "printer", "editor": "editor",
	"manager": "manager", "reporter": "reporter", "app": "app", "application": "app", "applications": "app",
	"generator": "generator", "sterilizer": "sterilizer", "electrocardiograph": "ecg", "cardiograph": "ecg",
	"cardiographs": "ecg", "ecg": "ecg", "ekg": "ecg", "defibrillator": "defibrillator", "meter": "meter",
	"tablet": "tablet", "router": "router", "transponder": "transponder", "dispenser": "dispenser",
	"module": "module", "battery": "battery", "adapter": "adapter", "library": "library", "database": "database",
}

// modalities are the words a device type lends a model name: advisories
// name imaging systems by modality ("MRI 1.5T", "PET/CT Systems"), CMMS
// records by brand ("Ingenia 1.5T") with the modality in the device type.
var modalities = set("mri", "mr", "ct", "pet", "spect", "ultrasound", "xray", "x", "ray", "mammography",
	"fluoroscopy", "angiography", "nuclear")

func modalityWords(deviceType string) map[string]bool {
	out := map[string]bool{}
	for _, w := range words(deviceType) {
		if modalities[w] {
			out[w] = true
		}
	}
	return out
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// glued finds a lower-case word run into a model code, as in
// "includingMP2", so the code can be read on its own.
var glued = regexp.MustCompile(`([a-z]{3,})([A-Z]+[0-9])`)

// codeRange finds model ranges such as "MX400-550", "MX400-MX850",
// "MP2-MP90": a letter prefix, a number, a dash, and a number with the same
// prefix or none.
var codeRange = regexp.MustCompile(`\b([A-Za-z]{1,4})([0-9]{1,5})\s*[-–]\s*([A-Za-z]{0,4})([0-9]{1,5})\b`)

// fieldStrength finds magnet strengths ("1.5T", "3.0T", "3T"), which name
// MRI models and must survive as one word.
var fieldStrength = regexp.MustCompile(`\b([0-9]+)(?:\.([0-9]))?\s?[Tt]\b`)

func strengthWord(m string) string {
	sm := fieldStrength.FindStringSubmatch(m)
	if sm[2] == "" || sm[2] == "0" {
		return " " + sm[1] + "t "
	}
	return " " + sm[1] + "p" + sm[2] + "t "
}

// versionText finds versions written into a product name ("IntelliSpace
// Portal 8.0.x"): they belong to the version check, not to the name.
var versionText = regexp.MustCompile(`\b[vV]?[0-9]+(?:\.(?:[0-9]+|[xX]))+\b`)

// hyphenCode finds codes written with a hyphen between letters and digits
// ("MMT-1710", "SX-500"), which are one designator.
var hyphenCode = regexp.MustCompile(`\b([A-Za-z]{1,5})-([0-9]{2,6}[A-Za-z]{0,3})\b`)

// rangeSpec is a range of model codes with a shared letter prefix.
type rangeSpec struct {
	prefix string
	lo, hi int
}

// contains reports whether designator d ("mx450") lies in the range.
func (r rangeSpec) contains(d string) bool {
	if !strings.HasPrefix(d, r.prefix) {
		return false
	}
	n, err := strconv.Atoi(d[len(r.prefix):])
	return err == nil && n >= r.lo && n <= r.hi
}

// words splits a name into normalised words, first separating glued model
// codes and joining hyphenated ones, and expanding abbreviated list items
// ("MX700/800" gives mx800, "M8001A/2A/3A" gives m8002a, m8003a).
func words(s string) []string {
	s = glued.ReplaceAllString(s, "$1 $2")
	s = fieldStrength.ReplaceAllStringFunc(s, strengthWord)
	s = versionText.ReplaceAllString(s, " ")
	var extra []string
	for _, m := range hyphenCode.FindAllStringSubmatch(s, -1) {
		extra = append(extra, strings.ToLower(m[1]+m[2]))
	}
	ws := names.Words(s)
	for i := 1; i < len(ws); i++ {
		if exp := expandListItem(ws[i-1], ws[i]); exp != "" {
			ws[i] = exp
		}
	}
	return append(ws, extra...)
}

// expandListItem completes a list item that repeats only the tail of the
// previous code: after "mx700", "800" means "mx800"; after "m8001a", "2a"
// means "m8002a". It returns "" when cur is not such a tail.
func expandListItem(prev, cur string) string {
	if !isDesignator(prev) || cur == "" || cur[0] < '0' || cur[0] > '9' || len(cur) >= len(prev) {
		return ""
	}
	tail := prev[len(prev)-len(cur):]
	if shape(tail) != shape(cur) {
		return ""
	}
	head := prev[:len(prev)-len(cur)]
	if !hasLetter(head) {
		return ""
	}
	return head + cur
}

// shape maps letters to 'a' and digits to '0'.
func shape(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			b[i] = '0'
		default:
			b[i] = 'a'
		}
	}
	return string(b)
}

func hasDigit(s string) bool  { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// isDesignator reports whether a word is a model code: letters with digits
// ("mx450", "150c", "x3"), or a number of at least three digits ("2090",
// "96280"). Shorter numbers are too often versions or sizes.
func isDesignator(w string) bool {
	if !hasDigit(w) {
		return false
	}
	if hasLetter(w) {
		return len(w) >= 2
	}
	return len(w) >= 3
}

// ranges finds model-code ranges in a name.
func ranges(s string) []rangeSpec {
	var out []rangeSpec
	for _, m := range codeRange.FindAllStringSubmatch(s, -1) {
		p1, p2 := strings.ToLower(m[1]), strings.ToLower(m[3])
		if p2 != "" && p2 != p1 {
			continue
		}
		lo, _ := strconv.Atoi(m[2])
		hi, _ := strconv.Atoi(m[4])
		if lo < hi {
			out = append(out, rangeSpec{prefix: p1, lo: lo, hi: hi})
		}
	}
	return out
}
