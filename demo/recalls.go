package demo

import (
	"slices"

	"ward"
)

// The demo's FDA recalls are synthetic: openFDA's real records that ship
// with Ward (testdata/openfda) concern no model of the demo catalog, so
// these are written in openFDA's shape, numbered Z-99NN-2024 (a range
// FDA's yearly numbering does not reach), and say in their product
// description and reason that they are demo data, not FDA recalls. They
// exercise each way a recall reaches devices: by model number for every
// unit, by a list of serial numbers, by a manufacturing period, by FDA
// product code and firm alone, and a terminated recall.

// RecallSource is the source name of demo recalls.
const RecallSource = "demo"

// demoLabel opens the text of every demo recall.
const demoLabel = "DEMO DATA (synthetic, not an FDA recall): "

// SerialRecall names the catalog model whose recall lists serial numbers:
// the demo lists serials of units it sampled from the inventory.
var SerialRecall = struct{ Manufacturer, Model string }{"BD", "Alaris 8015 PC Unit"}

// Recalls returns the demo recalls. serials are serial numbers of units of
// SerialRecall's model in the inventory (some of which the recall lists);
// without any, that recall lists only serials no unit has.
func Recalls(serials []string) []*ward.Recall {
	listed := append(slices.Clone(serials[:min(len(serials), 6)]), "ZZ00000001", "ZZ00000002")
	codeInfo := "Serial Numbers: "
	for i, s := range listed {
		if i > 0 {
			codeInfo += ", "
		}
		codeInfo += s
	}
	d := func(s string) ward.Date {
		v, err := ward.ParseDate(s)
		if err != nil {
			panic(err) // the dates below are literals
		}
		return v
	}
	rs := []*ward.Recall{
		{Number: "Z-9901-2024", Firm: "Philips Medical Systems", ProductCode: "MHX", Classification: "II", FDAStatus: "Ongoing",
			DeviceName:         "Monitor, Physiological, Patient (With Arrhythmia Detection Or Alarms)",
			ProductDescription: demoLabel + "IntelliVue MX450 and MX550 patient monitors.",
			CodeInfo:           "Model Numbers 866062, 866066; all serial numbers.",
			Reason:             demoLabel + "The monitor may restart when its battery is nearly depleted, interrupting monitoring for up to 60 seconds.",
			Action:             "Install the software update the firm provides; until then keep monitors on mains power during transport.",
			Initiated:          d("2024-02-12"), Posted: d("2024-03-20")},
		{Number: "Z-9902-2024", Firm: "CareFusion 303, Inc.", ProductCode: "FRN", Classification: "I", FDAStatus: "Ongoing",
			DeviceName:         "Pump, Infusion",
			ProductDescription: demoLabel + "Alaris PC Unit, Model 8015.",
			CodeInfo:           codeInfo,
			Reason:             demoLabel + "A worn keypad may register one key press twice, which could program a tenfold rate and over-infuse.",
			Action:             "Inspect the keypad of each listed unit; replace keypads that fail the firm's test before returning the unit to service.",
			Initiated:          d("2024-05-06"), Posted: d("2024-05-30")},
		{Number: "Z-9903-2024", Firm: "Covidien LP", ProductCode: "CBK", Classification: "I", FDAStatus: "Ongoing",
			DeviceName:         "Ventilator, Continuous, Facility Use",
			ProductDescription: demoLabel + "Puritan Bennett 980 Ventilator System, model PB980.",
			CodeInfo:           "Units manufactured from 2019-01-01 to 2020-12-31.",
			Reason:             demoLabel + "The exhalation valve may stick closed, raising airway pressure until the high-pressure alarm releases it.",
			Action:             "Replace the exhalation valve assembly of each affected unit with the kit the firm supplies.",
			Initiated:          d("2024-07-15"), Posted: d("2024-08-22")},
		{Number: "Z-9904-2024", Firm: "Baxter Healthcare Corporation", ProductCode: "FRN", Classification: "II", FDAStatus: "Ongoing",
			DeviceName:         "Pump, Infusion",
			ProductDescription: demoLabel + "Large volume infusion pumps distributed with software 8.01.",
			CodeInfo:           "All units with software 8.01.",
			Reason:             demoLabel + "An occlusion alarm may sound late at rates under 1 mL/h.",
			Action:             "Apply the firm's software correction at the next preventive maintenance.",
			Initiated:          d("2024-09-02")},
		{Number: "Z-9905-2024", Firm: "Philips Medical Systems", ProductCode: "DRK", Classification: "II", FDAStatus: "Terminated",
			DeviceName:         "Monitor, Physiological, Patient (Without Arrhythmia Detection Or Alarms)",
			ProductDescription: demoLabel + "HeartStart MRx monitor/defibrillator, M3535A.",
			CodeInfo:           "All serial numbers.",
			Reason:             demoLabel + "The printer door latch may break, so strips cannot be printed.",
			Action:             "Replace the latch at the next service visit.",
			Initiated:          d("2024-01-08"), Posted: d("2024-02-01"), Terminated: d("2024-10-15")},
	}
	for _, r := range rs {
		r.Sources, r.EventID = []string{RecallSource}, "demo"
	}
	return rs
}
