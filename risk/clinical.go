package risk

import "strings"

// Clinical functions of a device, from its type (or, when the type says
// nothing, the FDA product code's device name).
const (
	FunctionTherapy   = "therapy"              // delivers therapy: a compromise can harm directly
	FunctionDiagnosis = "diagnosis_monitoring" // diagnosis or monitoring: a compromise can mislead care
	FunctionSupport   = "clinical_support"     // workflow and support equipment
	FunctionUnknown   = "unknown"
)

// functionKeywords map words of a device type or FDA device name to a
// function, checked in order: therapy before diagnosis, so a pacemaker
// programmer or an infusion system's monitor counts as therapy. The
// support words come first because some support types carry an FDA code
// of a therapy device (infusion software and hubs are coded as infusion
// pump accessories).
var functionKeywords = []struct {
	function string
	words    []string
}{
	{FunctionSupport, []string{"clinical software", "interface hub", "wireless module", "dispensing", "sterilizer",
		"washer", "disinfector", "hospital bed", "bed,", "patient lift", "lift,", "scale", "exam light", "lamp",
		"pneumatic tube", "medical gas"}},
	{FunctionTherapy, []string{"infusion", "pump", "ventilat", "anesthesia", "defibrillat", "dialy", "cpap", "bipap",
		"oxygen therapy", "humidifier", "radiation therapy", "accelerator", "electrosurg", "surgical robot",
		"surgical, computer", "incubator", "warmer", "hypothermia", "thermal regulat", "compression", "pacemaker",
		"programmer", "stimulat", "laser", "lithotri", "insulin", "feeding", "hemodialy"}},
	{FunctionDiagnosis, []string{"monitor", "telemetry", "oximet", "capnograph", "analyzer", "gas, carbon", "ecg",
		"electrocardiograph", "eeg", "electroencephalograph", "holter", "x-ray", "ct scanner", "tomography", "mri",
		"magnetic resonance", "ultrasound", "ultrasonic", "mammograph", "imaging", "pacs", "c-arm", "fluoroscop",
		"sequenc", "culturing", "glucose", "workstation", "endoscop", "image processing", "information system",
		"nuclear medicine", "pet/ct", "scanner", "measurement", "thermometer"}},
}

// ClinicalFunction returns the function of a device type, falling back to
// the FDA device name, and the word that decided it.
func ClinicalFunction(deviceType, fdaDevice string) (function, word string) {
	for _, name := range []string{deviceType, fdaDevice} {
		n := strings.ToLower(name)
		if n == "" {
			continue
		}
		for _, fk := range functionKeywords {
			for _, w := range fk.words {
				if containsWord(n, w) {
					return fk.function, w
				}
			}
		}
	}
	return FunctionUnknown, ""
}

// containsWord reports whether w occurs in s at the start of a word, so
// "lamp" does not match "clamp".
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isLetter(s[at-1]) {
			return true
		}
		i = at + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }

// Points of the clinical impact factor (at most 25 together).
var (
	criticalityPoints = map[string]float64{"life_sustaining": 12, "patient_connected": 8, "clinical": 4, "non_clinical": 0}
	functionPoints    = map[string]float64{FunctionTherapy: 6, FunctionDiagnosis: 4, FunctionSupport: 1, FunctionUnknown: 2}
	classPoints       = map[string]float64{"3": 3, "2": 1}
)

const (
	pointsPHI             = 4.0
	pointsUnknownCritical = 4.0 // criticality not known: counted as clinical
)
