package demo

import (
	"slices"

	"ward"
)

// RiskModelSetting is what the demo records for the risk of one catalog
// model: its compensating controls (nil for none) and its answers to the
// environmental questions of package risk. Both are INVENTED for the
// demo, as a hospital's security and clinical engineering staff would
// record them after reviewing each model; they describe no real site.
type RiskModelSetting struct {
	Manufacturer, Model string
	Controls            *ward.RiskControls
	Rubric              ward.RubricAnswers
}

// riskByType is the demo's review per device type: the answers follow
// the clinical role (a pump's integrity and availability matter most, a
// PACS's confidentiality) and the network design of a segmented hospital.
var riskByType = map[string]struct {
	rubric   ward.RubricAnswers
	controls [3]bool // segmented, services disabled, remote access removed
}{
	"Infusion Pump": {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high", "availability_requirement": "high", "confidentiality_requirement": "low"}, [3]bool{true, false, false}},
	"Syringe Pump":  {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{true, false, false}},
	"PCA Pump":      {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{true, false, false}},
	"Ventilator":    {ward.RubricAnswers{"attack_reach": "local", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{false, true, true}},
	"Patient Monitor": {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "medium", "availability_requirement": "high"},
		[3]bool{true, true, false}},
	"Central Monitoring Station": {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "high", "confidentiality_requirement": "medium"},
		[3]bool{true, false, false}},
	"Telemetry Receiver": {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "high"}, [3]bool{true, false, false}},
	"Anesthesia Machine": {ward.RubricAnswers{"attack_reach": "local", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{false, true, true}},
	"Dialysis Machine":   {ward.RubricAnswers{"attack_reach": "local", "integrity_requirement": "high"}, [3]bool{false, true, false}},
	"PACS": {ward.RubricAnswers{"attack_reach": "network", "confidentiality_requirement": "high", "integrity_requirement": "medium"},
		[3]bool{false, false, true}},
	"Imaging Workstation":           {ward.RubricAnswers{"confidentiality_requirement": "high"}, [3]bool{true, true, false}},
	"Cardiology Information System": {ward.RubricAnswers{"confidentiality_requirement": "high"}, [3]bool{true, false, true}},
	"CT Scanner":                    {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "medium"}, [3]bool{true, false, true}},
	"MRI Scanner":                   {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "medium"}, [3]bool{true, false, true}},
	"Medication Dispensing Cabinet": {ward.RubricAnswers{"confidentiality_requirement": "medium", "integrity_requirement": "high"}, [3]bool{true, false, false}},
	"Hospital Bed":                  {ward.RubricAnswers{"attack_reach": "adjacent", "confidentiality_requirement": "low", "integrity_requirement": "low"}, [3]bool{}},
	"Sterilizer":                    {ward.RubricAnswers{"attack_reach": "local", "confidentiality_requirement": "low"}, [3]bool{false, true, false}},
	"Lab Analyzer":                  {ward.RubricAnswers{"integrity_requirement": "high", "confidentiality_requirement": "medium"}, [3]bool{true, false, false}},
	"Point-of-Care Analyzer":        {ward.RubricAnswers{"integrity_requirement": "high"}, [3]bool{}},
	"Cardiac Device Programmer":     {ward.RubricAnswers{"attack_reach": "physical", "integrity_requirement": "high"}, [3]bool{false, true, true}},
	"Implant Home Monitor":          {ward.RubricAnswers{"attack_reach": "network", "integrity_requirement": "medium"}, [3]bool{}},
	"Endoscopy Video System":        {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{true, false, false}},
	"Clinical Software":             {ward.RubricAnswers{"confidentiality_requirement": "high", "availability_requirement": "medium"}, [3]bool{false, false, true}},
	"Radiation Therapy":             {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{true, true, true}},
	"Surgical Robot":                {ward.RubricAnswers{"attack_reach": "local", "integrity_requirement": "high", "availability_requirement": "high"}, [3]bool{true, true, false}},
	"Defibrillator":                 {ward.RubricAnswers{"attack_reach": "physical", "availability_requirement": "high"}, [3]bool{}},
	"Fetal Monitor":                 {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "medium"}, [3]bool{true, false, false}},
	"Microbiology System":           {ward.RubricAnswers{"integrity_requirement": "high"}, [3]bool{true, false, false}},
	"Holter/Stress System":          {ward.RubricAnswers{"confidentiality_requirement": "medium"}, [3]bool{}},
	"Ultrasound":                    {ward.RubricAnswers{"attack_reach": "adjacent", "confidentiality_requirement": "medium"}, [3]bool{}},
	"X-Ray System":                  {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{true, false, false}},
	"Mammography":                   {ward.RubricAnswers{"attack_reach": "adjacent", "confidentiality_requirement": "high"}, [3]bool{true, false, false}},
	"Nuclear Medicine Camera":       {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{true, false, true}},
	"PET/CT":                        {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{true, false, true}},
	"Medical Gas System":            {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "high"}, [3]bool{true, true, false}},
	"Interface Hub":                 {ward.RubricAnswers{"attack_reach": "adjacent", "integrity_requirement": "high"}, [3]bool{true, false, false}},
	"Electrosurgical Unit":          {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"High-Flow Oxygen Therapy":      {ward.RubricAnswers{"attack_reach": "local", "availability_requirement": "high"}, [3]bool{}},
	"Incubator":                     {ward.RubricAnswers{"attack_reach": "local", "availability_requirement": "high"}, [3]bool{}},
	"Blood Gas Analyzer":            {ward.RubricAnswers{"integrity_requirement": "high"}, [3]bool{true, false, false}},
	"EEG System":                    {ward.RubricAnswers{"confidentiality_requirement": "medium"}, [3]bool{}},
	"Wireless Module":               {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
	"Sequencer":                     {ward.RubricAnswers{"confidentiality_requirement": "high"}, [3]bool{true, false, false}},
	"Telemetry Transmitter":         {ward.RubricAnswers{"attack_reach": "adjacent", "availability_requirement": "high"}, [3]bool{}},
	"Hypothermia System":            {ward.RubricAnswers{"attack_reach": "local", "integrity_requirement": "high"}, [3]bool{}},
	"CPAP/BiPAP":                    {ward.RubricAnswers{"attack_reach": "local"}, [3]bool{}},
	"Mobile X-Ray":                  {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
	"C-Arm":                         {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
	"Enteral Feeding Pump":          {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"Capnograph":                    {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
	"Pulse Oximeter":                {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
	"Vital Signs Monitor":           {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{true, false, false}},
	"ECG Cart":                      {ward.RubricAnswers{"attack_reach": "adjacent", "confidentiality_requirement": "medium"}, [3]bool{}},
	"Washer Disinfector":            {ward.RubricAnswers{"attack_reach": "local"}, [3]bool{}},
	"Infant Warmer":                 {ward.RubricAnswers{"attack_reach": "local", "availability_requirement": "high"}, [3]bool{}},
	"Compression Device":            {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"Blood Warmer":                  {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"Patient Lift":                  {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"Exam Light":                    {ward.RubricAnswers{"attack_reach": "physical"}, [3]bool{}},
	"Scale":                         {ward.RubricAnswers{"attack_reach": "adjacent"}, [3]bool{}},
}

// riskSkip leaves every riskSkip-th model of a type unreviewed (counting
// from the second), so the demo shows models with no answers as well.
const riskSkip = 3

// RiskSettings returns the demo's risk review of the catalog: for each
// model of a reviewed type (but every third), its rubric answers and the
// controls of the type, if any. The result depends only on specs.
func RiskSettings(specs []ModelSpec) []RiskModelSetting {
	var out []RiskModelSetting
	seen := map[string]int{}
	for i := range specs {
		s := &specs[i]
		r, ok := riskByType[s.DeviceType]
		if !ok {
			continue
		}
		seen[s.DeviceType]++
		if seen[s.DeviceType]%riskSkip == 2 {
			continue
		}
		set := RiskModelSetting{Manufacturer: s.Manufacturer, Model: s.Name, Rubric: r.rubric}
		if slices.Contains(r.controls[:], true) {
			seg, svc, remote := r.controls[0], r.controls[1], r.controls[2]
			set.Controls = &ward.RiskControls{Segmented: &seg, ServicesDisabled: &svc, RemoteAccessRemoved: &remote,
				Note: "demo data: invented review of " + s.DeviceType + " deployment"}
		}
		out = append(out, set)
	}
	return out
}
