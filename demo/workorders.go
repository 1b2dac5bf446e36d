package demo

import "ward"

// The demo's maintenance programme and repair experience: what a hospital
// biomed shop plans per device type (intervals and hours in line with
// common manufacturer recommendations) and what typically breaks, with
// plausible part prices. Demo data, not any hospital's records.

// PMPlan is the planned maintenance of a device type.
type PMPlan struct {
	Task   string
	Months int
	Hours  float64
	// Kit is a part every occurrence uses ("" for none).
	Kit     string
	KitCost ward.Money
}

const (
	annualPM     = "Annual PM and electrical safety test"
	semiannualPM = "Semi-annual PM and performance verification"
	quarterlyPM  = "Quarterly OEM preventive maintenance"
)

var pmPlans = map[string]PMPlan{
	"Infusion Pump": {annualPM, 12, 1, "", 0}, "PCA Pump": {annualPM, 12, 1, "", 0},
	"Syringe Pump": {annualPM, 12, 0.75, "", 0}, "Enteral Feeding Pump": {annualPM, 12, 0.75, "", 0},
	"Patient Monitor": {annualPM, 12, 0.75, "", 0}, "Vital Signs Monitor": {annualPM, 12, 0.5, "", 0},
	"Pulse Oximeter": {annualPM, 12, 0.5, "", 0}, "Capnograph": {annualPM, 12, 0.75, "", 0},
	"Fetal Monitor": {annualPM, 12, 1, "", 0}, "Telemetry Transmitter": {annualPM, 12, 0.5, "", 0},
	"Telemetry Receiver": {annualPM, 12, 1, "", 0}, "Central Monitoring Station": {annualPM, 12, 1.5, "", 0},
	"Defibrillator":      {"Semi-annual PM, energy output and battery test", 6, 1, "", 0},
	"Ventilator":         {"Semi-annual PM with preventive maintenance kit", 6, 2.5, "Ventilator PM kit", 32000},
	"Anesthesia Machine": {"Semi-annual PM, leak and vaporiser checks", 6, 3, "Anesthesia PM kit", 45000},
	"CPAP/BiPAP":         {annualPM, 12, 1.5, "", 0}, "High-Flow Oxygen Therapy": {annualPM, 12, 1.25, "", 0},
	"Dialysis Machine": {semiannualPM, 6, 3, "Dialysis PM kit", 21000}, "Incubator": {semiannualPM, 6, 1.5, "", 0},
	"Infant Warmer": {semiannualPM, 6, 1.25, "", 0}, "Hypothermia System": {semiannualPM, 6, 1.5, "", 0},
	"Electrosurgical Unit": {annualPM, 12, 1.25, "", 0}, "Blood Warmer": {annualPM, 12, 0.75, "", 0},
	"CT Scanner": {quarterlyPM, 3, 8, "", 0}, "MRI Scanner": {quarterlyPM, 3, 8, "", 0}, "PET/CT": {quarterlyPM, 3, 10, "", 0},
	"Nuclear Medicine Camera": {quarterlyPM, 3, 6, "", 0}, "Radiation Therapy": {quarterlyPM, 3, 12, "", 0},
	"Mammography": {semiannualPM, 6, 6, "", 0}, "X-Ray System": {semiannualPM, 6, 4, "", 0},
	"C-Arm": {semiannualPM, 6, 4, "", 0}, "Mobile X-Ray": {semiannualPM, 6, 3, "", 0}, "Ultrasound": {annualPM, 12, 2, "", 0},
	"Lab Analyzer": {semiannualPM, 6, 2, "", 0}, "Blood Gas Analyzer": {semiannualPM, 6, 1.5, "", 0},
	"Microbiology System": {semiannualPM, 6, 2, "", 0}, "Sequencer": {semiannualPM, 6, 2.5, "", 0},
	"Point-of-Care Analyzer": {annualPM, 12, 0.5, "", 0}, "Sterilizer": {quarterlyPM, 3, 3, "Door gasket", 18000},
	"Washer Disinfector": {quarterlyPM, 3, 2.5, "", 0}, "Hospital Bed": {annualPM, 12, 1, "", 0},
	"Patient Lift": {"Semi-annual lift inspection and load test", 6, 0.75, "", 0}, "Scale": {"Annual calibration check", 12, 0.5, "", 0},
	"Exam Light": {"Biennial inspection", 24, 0.25, "", 0}, "Medical Gas System": {annualPM, 12, 4, "", 0},
	"Pneumatic Tube System": {quarterlyPM, 3, 2, "", 0}, "Medication Dispensing Cabinet": {annualPM, 12, 1.5, "", 0},
	"Surgical Robot": {quarterlyPM, 3, 6, "", 0}, "Endoscopy Video System": {annualPM, 12, 1.5, "", 0},
	"ECG Cart": {annualPM, 12, 0.75, "", 0}, "EEG System": {annualPM, 12, 1.5, "", 0},
	"Holter/Stress System": {annualPM, 12, 1.5, "", 0}, "Cardiac Device Programmer": {annualPM, 12, 0.5, "", 0},
	"Compression Device": {annualPM, 12, 0.5, "", 0},
}

// noPM are the types maintained as software or by the patient's own
// provider: no planned maintenance.
var noPM = map[string]bool{"PACS": true, "Imaging Workstation": true, "Cardiology Information System": true,
	"Clinical Software": true, "Implant Home Monitor": true, "Wireless Module": true, "Interface Hub": true}

// PMPlanFor returns the plan of a device type; false for types without
// planned maintenance.
func PMPlanFor(deviceType string) (PMPlan, bool) {
	if noPM[deviceType] {
		return PMPlan{}, false
	}
	if p, ok := pmPlans[deviceType]; ok {
		return p, true
	}
	return PMPlan{annualPM, 12, 1, "", 0}, true
}

// repairProfile is what typically breaks on a family of devices.
type repairProfile struct {
	perYear      float64 // repairs per unit and year
	minH, maxH   float64 // labour hours
	maxDown      float64 // downtime hours at most
	rate         ward.Money
	problems     []string
	parts        []string
	partCosts    []ward.Money
	vendorRepair bool
}

var (
	pumpRepairs = repairProfile{0.35, 0.5, 2.5, 72, 8500, []string{"Occlusion alarm will not clear", "Door latch broken",
		"Battery does not hold a charge", "Keypad buttons unresponsive", "Cracked housing after a drop"},
		[]string{"Pressure sensor assembly", "Door latch assembly", "Battery pack", "Keypad membrane", "Front housing"},
		[]ward.Money{18900, 4500, 7800, 12000, 21000}, false}
	monitorRepairs = repairProfile{0.2, 0.5, 2, 48, 8500, []string{"SpO2 readings erratic", "Display flickers",
		"Will not power on", "NIBP cuff leak", "Alarm speaker silent"},
		[]string{"SpO2 cable", "LCD panel", "Power supply", "NIBP hose", "Speaker"}, []ward.Money{9500, 64000, 31000, 3800, 5500}, false}
	respiratoryRepairs = repairProfile{0.5, 1, 4, 96, 8500, []string{"O2 sensor failure", "Flow sensor calibration error",
		"Exhalation valve leak", "Cooling fan fault"},
		[]string{"O2 cell", "Flow sensor", "Exhalation valve kit", "Cooling fan"}, []ward.Money{14000, 29000, 17500, 8500}, false}
	imagingRepairs = repairProfile{1.5, 2, 16, 120, 25000, []string{"Gantry rotation error", "Image artifacts",
		"Detector calibration failure", "Cooling system fault", "Patient table will not move"},
		[]string{"Slip ring brushes", "Detector module", "Chiller pump", "Table drive motor", "Power supply board"},
		[]ward.Money{120000, 1850000, 320000, 240000, 650000}, true}
	xrayRepairs = repairProfile{0.6, 1, 6, 72, 25000, []string{"Exposure error", "Image receptor fault", "Collimator lamp out",
		"Probe cable damaged"}, []string{"Generator control board", "Receptor cable", "Collimator lamp", "Transducer cable"},
		[]ward.Money{480000, 90000, 6500, 150000}, true}
	softwareRepairs = repairProfile{0.1, 0.5, 3, 24, 9500, []string{"Application error after update", "Licence expired",
		"Interface to the EHR stopped"}, nil, nil, false}
	defaultRepairs = repairProfile{0.2, 0.5, 2, 48, 8500, []string{"Will not power on", "Error code on start-up",
		"Damaged power cord", "Intermittent fault"}, []string{"Power supply", "Main board", "Power cord", "Fuse"},
		[]ward.Money{24000, 85000, 2500, 400}, false}
)

func repairsFor(deviceType string) *repairProfile {
	switch deviceType {
	case "Infusion Pump", "PCA Pump", "Syringe Pump", "Enteral Feeding Pump":
		return &pumpRepairs
	case "Patient Monitor", "Vital Signs Monitor", "Central Monitoring Station", "Telemetry Transmitter",
		"Telemetry Receiver", "Fetal Monitor", "Capnograph", "Pulse Oximeter":
		return &monitorRepairs
	case "Ventilator", "CPAP/BiPAP", "High-Flow Oxygen Therapy", "Anesthesia Machine":
		return &respiratoryRepairs
	case "CT Scanner", "MRI Scanner", "PET/CT", "Nuclear Medicine Camera", "Radiation Therapy", "Surgical Robot":
		return &imagingRepairs
	case "X-Ray System", "C-Arm", "Mobile X-Ray", "Mammography", "Ultrasound":
		return &xrayRepairs
	}
	if noPM[deviceType] {
		return &softwareRepairs
	}
	return &defaultRepairs
}

// technicians are the demo's biomed technicians (invented names).
var technicians = []string{"A. Rivera", "J. Ortiz", "M. Chen", "S. Patel", "K. Nguyen", "L. Okafor", "D. Kowalski",
	"R. Haddad", "T. Brennan", "P. Lindqvist"}

// TeamCapacities returns the demo teams' capacities for an inventory of
// n devices: about one biomed technician per 700 devices, as hospital
// benchmarks put it, and fewer for the teams with narrower duties.
func TeamCapacities(n int) map[string]float64 {
	per := func(devices float64) float64 {
		return max(1, float64(int(float64(n)/devices*2+0.5))/2) // to the half technician
	}
	return map[string]float64{TeamClinicalEngineering: per(700), TeamImagingService: per(6000), TeamClinicalIT: per(5000),
		TeamFacilities: per(20000), TeamITSecurity: per(8000)}
}
