package demo

import (
	"slices"

	"ward"
)

// HealthSystemName is the name of the invented demo health system.
const HealthSystemName = "Riverside Health"

// Facility is a hospital of the demo system with its departments.
type Facility struct {
	Code, Name  string
	Building    string
	Departments []Department
}

// Department is a care unit or service with a size: beds, operating rooms
// or, for services, a scale factor of 1.
type Department struct {
	Name    string
	Profile string // key of profiles
	Size    float64
	Floor   string
}

// Facilities are the five sites of the demo system: an academic medical
// center, two community hospitals, a children's hospital and an ambulatory
// surgery and imaging center.
var Facilities = []Facility{
	{Code: "RUMC", Name: "Riverside University Medical Center", Building: "Tower", Departments: []Department{
		{"Emergency Department", "ed", 60, "1"}, {"Medical ICU", "icu", 28, "5"}, {"Surgical ICU", "icu", 24, "5"},
		{"Cardiac ICU", "icu", 20, "6"}, {"Neuro ICU", "icu", 16, "6"}, {"Cardiac Step-Down", "stepdown", 32, "7"},
		{"Med/Surg 8 North", "medsurg", 36, "8"}, {"Med/Surg 8 South", "medsurg", 36, "8"},
		{"Med/Surg 9 North", "medsurg", 36, "9"}, {"Oncology", "oncology", 30, "10"},
		{"Labor & Delivery", "ld", 18, "3"}, {"NICU", "nicu", 40, "3"}, {"Operating Rooms", "or", 24, "2"},
		{"PACU", "pacu", 30, "2"}, {"Radiology", "radiology", 1.5, "B1"}, {"Cardiology", "cardiology", 1.5, "4"},
		{"Laboratory", "lab", 1.5, "B1"}, {"Sterile Processing", "spd", 1.5, "B2"}, {"Pharmacy", "pharmacy", 1.5, "B1"},
		{"Respiratory Therapy", "respiratory", 1.5, "4"}, {"Dialysis", "dialysis", 1.5, "4"},
		{"Radiation Oncology", "radonc", 1, "B2"}, {"Facilities Engineering", "plant", 1, "B2"},
		{"Clinical Engineering", "biomed", 1.5, "B2"}, {"Data Center", "datacenter", 1.5, "B3"},
	}},
	{Code: "NGH", Name: "Northgate Community Hospital", Building: "Main", Departments: []Department{
		{"Emergency Department", "ed", 28, "1"}, {"ICU", "icu", 14, "3"}, {"Step-Down Unit", "stepdown", 20, "4"},
		{"Med/Surg 4", "medsurg", 32, "4"}, {"Med/Surg 5", "medsurg", 32, "5"}, {"Labor & Delivery", "ld", 10, "2"},
		{"Operating Rooms", "or", 8, "2"}, {"PACU", "pacu", 12, "2"}, {"Radiology", "radiology", 0.8, "1"},
		{"Cardiology", "cardiology", 0.6, "1"}, {"Laboratory", "lab", 0.8, "1"}, {"Sterile Processing", "spd", 0.7, "B1"},
		{"Pharmacy", "pharmacy", 0.7, "1"}, {"Respiratory Therapy", "respiratory", 0.6, "3"},
		{"Facilities Engineering", "plant", 0.6, "B1"}, {"Clinical Engineering", "biomed", 0.6, "B1"},
		{"Data Center", "datacenter", 0.5, "B1"},
	}},
	{Code: "MRC", Name: "Mercy Ridge Children's Hospital", Building: "Pavilion", Departments: []Department{
		{"Pediatric Emergency", "ed", 24, "1"}, {"PICU", "icu", 20, "4"}, {"NICU", "nicu", 48, "3"},
		{"Cardiac Step-Down", "stepdown", 16, "5"}, {"Pediatric Med/Surg", "medsurg", 40, "5"},
		{"Hematology/Oncology", "oncology", 20, "6"}, {"Operating Rooms", "or", 8, "2"}, {"PACU", "pacu", 12, "2"},
		{"Radiology", "radiology", 0.7, "1"}, {"Cardiology", "cardiology", 0.6, "2"}, {"Laboratory", "lab", 0.7, "1"},
		{"Sterile Processing", "spd", 0.6, "B1"}, {"Pharmacy", "pharmacy", 0.6, "1"},
		{"Respiratory Therapy", "respiratory", 0.8, "3"}, {"Facilities Engineering", "plant", 0.5, "B1"},
		{"Clinical Engineering", "biomed", 0.5, "B1"}, {"Data Center", "datacenter", 0.4, "B1"},
	}},
	{Code: "LSH", Name: "Lakeshore Hospital", Building: "North Wing", Departments: []Department{
		{"Emergency Department", "ed", 16, "1"}, {"ICU", "icu", 8, "2"}, {"Med/Surg", "medsurg", 48, "2"},
		{"Operating Rooms", "or", 4, "1"}, {"PACU", "pacu", 6, "1"}, {"Radiology", "radiology", 0.5, "1"},
		{"Laboratory", "lab", 0.5, "1"}, {"Sterile Processing", "spd", 0.4, "1"}, {"Pharmacy", "pharmacy", 0.4, "1"},
		{"Dialysis", "dialysis", 0.5, "2"}, {"Facilities Engineering", "plant", 0.4, "B1"},
		{"Clinical Engineering", "biomed", 0.3, "B1"},
	}},
	{Code: "RASC", Name: "Riverside Ambulatory Surgery & Imaging Center", Building: "Plaza", Departments: []Department{
		{"Operating Rooms", "or", 6, "1"}, {"Pre-Op/PACU", "pacu", 16, "1"}, {"Endoscopy", "endoscopy", 1, "1"},
		{"Imaging", "radiology", 0.6, "2"}, {"Infusion Center", "oncology", 12, "2"},
		{"Sterile Processing", "spd", 0.4, "1"}, {"Pharmacy", "pharmacy", 0.2, "1"},
	}},
}

// unit is a device type and how many units a department has per unit of
// its Size (per bed, per operating room, or per service).
type unit struct {
	Type string
	Per  float64
}

// profiles give each kind of department its equipment, from typical US
// hospital equipment plans.
var profiles = map[string][]unit{
	"icu": {{"Patient Monitor", 1.1}, {"Infusion Pump", 4}, {"Syringe Pump", 2}, {"Ventilator", 0.8},
		{"Central Monitoring Station", 0.08}, {"Defibrillator", 0.08}, {"Capnograph", 0.3}, {"Hypothermia System", 0.06},
		{"Hospital Bed", 1}, {"Blood Gas Analyzer", 0.04}, {"Point-of-Care Analyzer", 0.08}, {"Enteral Feeding Pump", 0.5},
		{"PCA Pump", 0.3}, {"Interface Hub", 1}, {"Compression Device", 0.7}, {"Medication Dispensing Cabinet", 0.08},
		{"Dialysis Machine", 0.06}, {"Telemetry Receiver", 0.04}, {"Wireless Module", 0.6}, {"Mobile X-Ray", 0.02}},
	"stepdown": {{"Telemetry Transmitter", 1}, {"Central Monitoring Station", 0.06}, {"Telemetry Receiver", 0.08},
		{"Patient Monitor", 0.3}, {"Infusion Pump", 2}, {"Hospital Bed", 1}, {"Defibrillator", 0.06},
		{"Vital Signs Monitor", 0.15}, {"ECG Cart", 0.05}, {"Medication Dispensing Cabinet", 0.06}, {"Scale", 0.05}},
	"medsurg": {{"Vital Signs Monitor", 0.3}, {"Infusion Pump", 1.5}, {"PCA Pump", 0.2}, {"Pulse Oximeter", 0.2},
		{"Hospital Bed", 1}, {"Telemetry Transmitter", 0.25}, {"Defibrillator", 0.04}, {"ECG Cart", 0.03},
		{"Compression Device", 0.3}, {"Enteral Feeding Pump", 0.1}, {"Medication Dispensing Cabinet", 0.06},
		{"Patient Lift", 0.05}, {"Scale", 0.05}, {"Point-of-Care Analyzer", 0.05}, {"Exam Light", 0.05}},
	"oncology": {{"Infusion Pump", 2.5}, {"Syringe Pump", 0.5}, {"Vital Signs Monitor", 0.3}, {"Hospital Bed", 0.8},
		{"PCA Pump", 0.2}, {"Medication Dispensing Cabinet", 0.08}, {"Pulse Oximeter", 0.2}, {"Blood Warmer", 0.05}},
	"ed": {{"Patient Monitor", 0.9}, {"Infusion Pump", 1}, {"Defibrillator", 0.08}, {"Ventilator", 0.06},
		{"ECG Cart", 0.06}, {"Mobile X-Ray", 0.02}, {"Ultrasound", 0.04}, {"Vital Signs Monitor", 0.4},
		{"Blood Warmer", 0.04}, {"Point-of-Care Analyzer", 0.06}, {"Medication Dispensing Cabinet", 0.08},
		{"Hospital Bed", 1}, {"Pulse Oximeter", 0.2}, {"Capnograph", 0.1}, {"Central Monitoring Station", 0.04}},
	"or": {{"Anesthesia Machine", 1}, {"Patient Monitor", 1}, {"Electrosurgical Unit", 1.2}, {"Infusion Pump", 3},
		{"Syringe Pump", 2}, {"Endoscopy Video System", 0.3}, {"Surgical Robot", 0.1}, {"C-Arm", 0.2},
		{"Blood Warmer", 0.5}, {"Hypothermia System", 0.4}, {"Defibrillator", 0.2}, {"Exam Light", 2},
		{"Medication Dispensing Cabinet", 1}, {"Compression Device", 0.5}, {"Capnograph", 0.2}},
	"pacu": {{"Patient Monitor", 1}, {"Infusion Pump", 2}, {"PCA Pump", 0.3}, {"Hospital Bed", 1},
		{"Defibrillator", 0.06}, {"Medication Dispensing Cabinet", 0.08}, {"Blood Warmer", 0.06}},
	"ld": {{"Fetal Monitor", 1}, {"Infant Warmer", 0.5}, {"Infusion Pump", 2}, {"Patient Monitor", 0.3},
		{"Hospital Bed", 1}, {"Ultrasound", 0.1}, {"Defibrillator", 0.1}, {"Medication Dispensing Cabinet", 0.1},
		{"Vital Signs Monitor", 0.3}, {"Scale", 0.2}},
	"nicu": {{"Incubator", 1}, {"Infant Warmer", 0.3}, {"Patient Monitor", 1}, {"Syringe Pump", 3}, {"Ventilator", 0.5},
		{"High-Flow Oxygen Therapy", 0.3}, {"Infusion Pump", 0.5}, {"Central Monitoring Station", 0.05},
		{"Pulse Oximeter", 0.3}, {"Enteral Feeding Pump", 0.4}, {"Scale", 0.1}, {"Blood Gas Analyzer", 0.03}},
	"radiology": {{"CT Scanner", 3}, {"MRI Scanner", 2}, {"X-Ray System", 4}, {"Ultrasound", 5}, {"Mammography", 2},
		{"Nuclear Medicine Camera", 1}, {"PET/CT", 1}, {"PACS", 4}, {"Imaging Workstation", 20}, {"Mobile X-Ray", 3},
		{"C-Arm", 2}, {"Patient Monitor", 2}, {"Infusion Pump", 4}},
	"cardiology": {{"ECG Cart", 6}, {"Holter/Stress System", 4}, {"Ultrasound", 4}, {"Cardiology Information System", 2},
		{"Cardiac Device Programmer", 3}, {"Implant Home Monitor", 4}, {"Defibrillator", 2}, {"EEG System", 1}},
	"lab": {{"Lab Analyzer", 15}, {"Blood Gas Analyzer", 3}, {"Microbiology System", 4}, {"Sequencer", 1},
		{"Point-of-Care Analyzer", 6}, {"Clinical Software", 2}},
	"spd":         {{"Sterilizer", 6}, {"Washer Disinfector", 4}},
	"pharmacy":    {{"Medication Dispensing Cabinet", 3}, {"Clinical Software", 1}},
	"respiratory": {{"Ventilator", 10}, {"CPAP/BiPAP", 8}, {"High-Flow Oxygen Therapy", 6}, {"Capnograph", 3}},
	"dialysis":    {{"Dialysis Machine", 12}, {"Patient Monitor", 2}, {"Vital Signs Monitor", 4}},
	"radonc":      {{"Radiation Therapy", 2}, {"CT Scanner", 1}, {"Imaging Workstation", 4}},
	"plant":       {{"Medical Gas System", 3}, {"Pneumatic Tube System", 1}},
	"biomed":      {{"Infusion Pump", 30}, {"Patient Monitor", 6}, {"Defibrillator", 4}, {"Syringe Pump", 8}, {"Vital Signs Monitor", 6}},
	"datacenter":  {{"Clinical Software", 6}, {"PACS", 2}, {"Cardiology Information System", 1}, {"Central Monitoring Station", 1}},
	"endoscopy":   {{"Endoscopy Video System", 6}, {"Patient Monitor", 6}, {"Washer Disinfector", 3}, {"Capnograph", 3}},
}

// Team names of the demo system.
const (
	TeamClinicalEngineering = "Clinical Engineering"
	TeamITSecurity          = "IT Security"
	TeamClinicalIT          = "Clinical Applications IT"
	TeamImagingService      = "Imaging Vendor Service"
	TeamFacilities          = "Facilities Engineering"
)

// Teams are the demo system's teams.
var Teams = []ward.Team{
	{Name: TeamClinicalEngineering, Kind: ward.TeamClinicalEngineering, Email: "biomed@riverside-health.example"},
	{Name: TeamITSecurity, Kind: ward.TeamITSecurity, Email: "secops@riverside-health.example"},
	{Name: TeamClinicalIT, Kind: ward.TeamIT, Email: "clinical-apps@riverside-health.example"},
	{Name: TeamImagingService, Kind: ward.TeamVendor, Email: "imaging-service@riverside-health.example"},
	{Name: TeamFacilities, Kind: ward.TeamFacilities, Email: "facilities@riverside-health.example"},
}

// Rule is one cell of the demo responsibility matrix; Type "" is the
// default for every type without its own rule.
type Rule struct {
	Type, Task, Team string
}

// Responsibilities is the demo matrix. A few support types (scales, lifts,
// exam lights) are deliberately left without an owner, as they are in many
// real inventories, so the unowned list has something to show.
var Responsibilities = func() []Rule {
	rules := []Rule{
		{"", ward.TaskMitigation, TeamITSecurity},
		{"", ward.TaskRecall, TeamClinicalEngineering},
		{"", ward.TaskInspection, TeamClinicalEngineering},
	}
	software := []string{"PACS", "Imaging Workstation", "Cardiology Information System", "Clinical Software"}
	imaging := []string{"CT Scanner", "MRI Scanner", "PET/CT", "Nuclear Medicine Camera", "Radiation Therapy", "Mammography"}
	plant := []string{"Medical Gas System", "Pneumatic Tube System"}
	unowned := map[string]bool{"Scale": true, "Patient Lift": true, "Exam Light": true}
	for _, t := range deviceTypes() {
		switch {
		case unowned[t]:
		case slices.Contains(software, t):
			rules = append(rules, Rule{t, ward.TaskOwner, TeamClinicalIT}, Rule{t, ward.TaskPatch, TeamClinicalIT})
		case slices.Contains(imaging, t):
			rules = append(rules, Rule{t, ward.TaskOwner, TeamClinicalEngineering}, Rule{t, ward.TaskRepair, TeamImagingService},
				Rule{t, ward.TaskMaintenance, TeamImagingService}, Rule{t, ward.TaskPatch, TeamImagingService})
		case slices.Contains(plant, t):
			rules = append(rules, Rule{t, ward.TaskOwner, TeamFacilities}, Rule{t, ward.TaskMaintenance, TeamFacilities})
		default:
			rules = append(rules, Rule{t, ward.TaskOwner, TeamClinicalEngineering}, Rule{t, ward.TaskMaintenance, TeamClinicalEngineering},
				Rule{t, ward.TaskRepair, TeamClinicalEngineering}, Rule{t, ward.TaskPatch, TeamClinicalEngineering})
		}
	}
	return rules
}()

// deviceTypes lists the device types the profiles use, in a stable order.
func deviceTypes() []string {
	var out []string
	seen := map[string]bool{}
	for _, key := range profileKeys() {
		for _, u := range profiles[key] {
			if !seen[u.Type] {
				seen[u.Type] = true
				out = append(out, u.Type)
			}
		}
	}
	return out
}

func profileKeys() []string {
	return []string{"icu", "stepdown", "medsurg", "oncology", "ed", "or", "pacu", "ld", "nicu", "radiology",
		"cardiology", "lab", "spd", "pharmacy", "respiratory", "dialysis", "radonc", "plant", "biomed", "datacenter", "endoscopy"}
}
