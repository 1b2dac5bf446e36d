package match

import (
	"testing"

	"ward"
	"ward/names"
	"ward/version"
)

func vw(aliases ...string) map[string]bool {
	m := map[string]bool{}
	for _, a := range aliases {
		for _, w := range names.Words(a) {
			m[w] = true
		}
	}
	return m
}

func TestNameMatch(t *testing.T) {
	philips := vw("Philips", "Philips Medical Systems", "Philips Healthcare")
	medtronic := vw("Medtronic", "Medtronic Inc")
	baxter := vw("Baxter", "Hillrom", "Welch Allyn", "Mortara Instrument", "Hillrom and ELI, Baxter International Inc.")
	bd := vw("BD", "Becton Dickinson", "CareFusion", "Alaris Medical Systems", "Pyxis")
	tests := []struct {
		model, product string
		extra          []string
		vendor         map[string]bool
		want           bool
	}{
		{"INTELLIVUE MX450", "IntelliVue Patient Monitors MX (MX400-550)", nil, philips, true},
		{"IntelliVue MX550", "IntelliVue patient monitor MX400-MX850", nil, philips, true},
		{"IntelliVue MX40 Wearable Monitor", "IntelliVue Patient Monitors MX (MX400-550)", nil, philips, false},
		{"IntelliVue MX40 Wearable Monitor", "IntelliVue MX40 Patient Worn Monitor (WLAN only)", nil, philips, true},
		{"IntelliVue MP70", "IntelliVue Patient Monitors MP Series (includingMP2/X2/MP30/MP50/MP70/NP90/MX700/800)", nil, philips, true},
		{"IntelliVue MX800", "IntelliVue Patient Monitors MP Series (includingMP2/X2/MP30/MP50/MP70/NP90/MX700/800)", nil, philips, true},
		{"IntelliVue MP70", "IntelliVue patient monitor MP2-MP90", nil, philips, true},
		{"IntelliVue X3 Transport Monitor", "IntelliVue Patient Monitors MX (MX400-550)", []string{"x3", "mx100"}, philips, true},
		{"IntelliVue X3 Transport Monitor", "IntelliVue Patient Monitors MX (MX400-550)", nil, philips, false},
		{"IntelliVue MX450", "Philips IntelliVue Information Center iX", nil, philips, false},
		{"AVALON FM30 FETAL MONITOR", "Avalon Fetal/Maternal Monitors FM20/FM30/FM40/FM50", nil, philips, true},
		{"Vue PACS", "Vue PACS", nil, philips, true},
		{"VUE PACS 12", "Vue PACS", nil, philips, true},
		{"Vue PACS Archive Server", "Vue PACS", nil, philips, true},
		{"Vue PACS", "iSite PACS", nil, philips, false},
		{"Vue PACS", "IntelliSpace PACS", nil, philips, false},
		{"Vue PACS", "Vue Motion", nil, philips, false},
		{"VUE MOTION ENTERPRISE VIEWER", "Vue Motion", nil, philips, true},
		{"MyVue Patient Portal", "Vue MyVue", nil, philips, true},
		{"Azurion 7 M20", "Vue PACS", nil, philips, false},
		{"CARELINK 2090 PROGRAMMER", "CareLink 2090 Programmer", nil, medtronic, true},
		{"CareLink Programmer", "2090 CareLink Programmer", nil, medtronic, true},
		{"CARELINK MONITOR", "CareLink Monitor", nil, medtronic, true},
		{"CARELINK MONITOR", "CareLink 2090 Programmer", nil, medtronic, false},
		{"CARELINK MONITOR", "24952 MyCareLink Monitor", nil, medtronic, false},
		{"MyCareLink Patient Monitor", "24952 MyCareLink Monitor", nil, medtronic, true},
		{"Paceart Optima System", "Paceart Optima", nil, medtronic, true},
		{"ENCORE PROGRAMMER", "29901 Encore Programmer", nil, medtronic, true},
		{"ELI 280", "Welch Allyn ELI 280/BUR280/MLBUR 280 Resting Electrocardiograph", nil, baxter, true},
		{"ELI 380 Resting ECG", "Welch Allyn ELI 380 Resting Electrocardiograph", nil, baxter, true},
		{"ELI 380 Resting ECG", "Welch Allyn ELI 280/BUR280/MLBUR 280 Resting Electrocardiograph", nil, baxter, false},
		{"ELI 250C", "Welch Allyn ELI 250c/BUR 250c Resting Electrocardiograph", nil, baxter, true},
		{"ProBP 3400 Digital BP Device", "Welch Allyn Connex Spot Monitor (CSM)", nil, baxter, false},
		{"Alaris Infusion Central", "Alaris Infusion Central software", nil, bd, true},
		{"ALARIS INFUSION CENTRAL SOFTWARE", "Alaris Infusion Central software", nil, bd, true},
		{"Alaris Infusion Central", "Alaris 8015 PC unit", nil, bd, false},
		{"Alaris Infusion Central", "BD Alaris Systems Manager", nil, bd, false},
		{"Alaris GP Volumetric Pump", "Alaris GS", nil, bd, false},
		{"Alaris GP Volumetric Pump", "Alaris GH", nil, bd, false},
		{"Alaris 8015 PC Unit", "BD Alaris Point-of-Care Unit (PCU) Model 8015", nil, bd, true},
		{"XTR Telemetry Receiver", "Xhibit Telemetry Receiver (XTR) Model number 96280", nil, vw("Spacelabs"), true},
		{"XTR", "Xhibit Telemetry Receiver (XTR) Model number 96280", nil, vw("Spacelabs"), true},
		{"OnTrak ABP Monitor", "Xhibit Telemetry Receiver (XTR) Model number 96280", nil, vw("Spacelabs"), false},
		{"Arkon Anesthesia Delivery System", "Arkon (99999)", nil, vw("Spacelabs"), true},
		{"SmartLog", "SmartLog Diabetes Management Software", nil, vw("i-SENS"), true},
		{"CareSens N Blood Glucose Meter", "SmartLog Diabetes Management Software", nil, vw("i-SENS"), false},
		{"MiniMed 670G", "MiniMed 670G", nil, medtronic, true},
		{"MiniMed 640G", "MiniMed 670G", nil, medtronic, false},
	}
	for _, tt := range tests {
		m := newProfile(tt.model, tt.vendor)
		got, how := false, ""
		variants, _ := productProfiles(&ward.Advisory{}, &ward.Product{Name: tt.product}, version.Expr{}, tt.vendor)
		for _, p := range variants {
			if h, ok := nameMatch(m, p, nameContext{extraDes: set(tt.extra...)}); ok {
				got, how = true, h
				break
			}
		}
		if got != tt.want {
			t.Errorf("nameMatch(%q, %q) = %v (%s), want %v", tt.model, tt.product, got, how, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"includingMP2/X2/MP30", "including mp2 x2 mp30"},
		{"MX700/800", "mx700 mx800"},
		{"(M8001A/2A/3A/10A)", "m8001a m8002a m8003a m8010a"},
		{"MMT-1710", "mmt 1710 mmt1710"},
	}
	for _, tt := range tests {
		got := ""
		for i, w := range words(tt.in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != tt.want {
			t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
