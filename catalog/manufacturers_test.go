package catalog

import (
	"strings"
	"testing"
)

// cisaVendors is every distinct vendor name in the product trees of the 153
// CISA ICS medical advisories (ICSMA), taken from
// /work/shared/data/cisa-csaf/csaf_files/OT/white/*/icsma-*.json by walking
// product_tree.branches recursively and collecting the name of each branch
// whose category is "vendor". Spellings are kept exactly, trailing space and
// mojibake included.
var cisaVendors = []string{
	"Abbott Laboratories",
	"AliveCor",
	"B. Braun",
	"B. Braun Medical",
	"B. Braun Melsungen AG",
	"BIOTRONIK",
	"BMC Medical, 3B Medical",
	"BPL Medical Technologies",
	"Baxter",
	"BeaconMedaes",
	"Becton, Dickinson and Company (BD)",
	"Boston Scientific",
	"Capsule Technologies",
	"Carestream",
	"Change Healthcare",
	"Contec Health",
	"Dario Health",
	"Dräger",
	"ENEA, Green Hills Software, ITRON, IP Infusion, and Wind River",
	"Fresenius Kabi",
	"Fujifilm",
	"GE Healthcare",
	"General Electric (GE)",
	"Hamilton Medical AG",
	"Hillrom",
	"Hillrom and ELI, Baxter International Inc.",
	"Illumina",
	"Innokas YhtymÃ¤ Oy",
	"Insulet",
	"Johnson & Johnson",
	"LifePoint Informatics",
	"Medixant",
	"Medtronic",
	"Medtronic ",
	"MicroDicom",
	"Natus Medical, Inc. (Natus)",
	"OFFIS",
	"OpenClinic GA",
	"Orthanc",
	"Ossur",
	"Philips",
	"Phillips",
	"Qardio",
	"Qualcomm Life",
	"Roche Diagnostics",
	"SOOIL Developments Co, Ltd.",
	"Santesoft",
	"Siemens",
	"Silex Technology and GE Healthcare",
	"Smiths Medical",
	"Softneta",
	"Spacelabs",
	"St. Jude Medical",
	"Stryker",
	"Swisslog Healthcare",
	"Vyaire Medical",
	"Ypsomed",
	"ZOLL",
	"i-SENS Inc",
}

func newTestIndex(t *testing.T) *Index {
	t.Helper()
	idx, err := NewIndex(Manufacturers)
	if err != nil {
		t.Fatalf("NewIndex(Manufacturers): %v", err)
	}
	return idx
}

// resolveName returns the canonical name name resolves to, or "" if none.
func resolveName(idx *Index, name string) string {
	if m, ok := idx.Resolve(name); ok {
		return m.Name
	}
	return ""
}

func TestManufacturersIndex(t *testing.T) {
	newTestIndex(t)
}

func TestManufacturersSortedAndUnique(t *testing.T) {
	seen := make(map[string]bool)
	for i, m := range Manufacturers {
		if strings.TrimSpace(m.Name) == "" {
			t.Errorf("entry %d has an empty Name", i)
		}
		if seen[m.Name] {
			t.Errorf("%q is listed twice", m.Name)
		}
		seen[m.Name] = true
		if i > 0 {
			prev := Manufacturers[i-1].Name
			if strings.ToLower(prev) >= strings.ToLower(m.Name) {
				t.Errorf("%q is listed after %q; Manufacturers must be sorted by Name", m.Name, prev)
			}
		}
		for _, a := range m.Aliases {
			if a != strings.TrimSpace(a) || a == "" {
				t.Errorf("%q has alias %q with stray space or empty", m.Name, a)
			}
		}
	}
	if n := len(Manufacturers); n < 80 || n > 130 {
		t.Errorf("len(Manufacturers) = %d, want about 80–120", n)
	}
}

func TestCISAVendorsResolve(t *testing.T) {
	idx := newTestIndex(t)
	for _, v := range cisaVendors {
		if resolveName(idx, v) != "" {
			continue
		}
		parts := SplitVendors(v)
		if len(parts) < 2 {
			t.Errorf("Resolve(%q) = %q, want a manufacturer", v, "")
			continue
		}
		for _, p := range parts {
			if got := resolveName(idx, p); got == "" {
				t.Errorf("Resolve(%q) = %q, want a manufacturer (part of %q)", p, got, v)
			}
		}
	}
}

func TestResolveVariants(t *testing.T) {
	idx := newTestIndex(t)
	tests := []struct{ in, want string }{
		// Philips
		{"PHILIPS MEDICAL SYSTEMS", "Philips"},
		{"Phillips", "Philips"},
		{"Philips Healthcare", "Philips"},
		{"Koninklijke Philips NV", "Philips"},
		{"Philips Respironics", "Philips"},
		{"RESPIRONICS INC", "Philips"},
		{"Capsule Technologies", "Philips"},
		{"Qualcomm Life", "Philips"},
		{"Agilent Healthcare Solutions", "Philips"},
		// GE HealthCare
		{"GE Medical Systems", "GE HealthCare"},
		{"GE Healthcare", "GE HealthCare"},
		{"General Electric (GE)", "GE HealthCare"},
		{"GEHC", "GE HealthCare"},
		{"Datex-Ohmeda, Inc.", "GE HealthCare"},
		{"DATEX OHMEDA", "GE HealthCare"},
		{"Marquette Electronics", "GE HealthCare"},
		// BD
		{"CareFusion", "BD"},
		{"Care Fusion 303, Inc.", "BD"},
		{"Becton Dickinson & Co.", "BD"},
		{"Becton, Dickinson and Company (BD)", "BD"},
		{"ALARIS MEDICAL SYSTEMS", "BD"},
		{"Pyxis", "BD"},
		{"C.R. Bard", "BD"},
		// B. Braun
		{"B BRAUN MEDICAL INC", "B. Braun"},
		{"B. Braun Melsungen AG", "B. Braun"},
		{"BBraun", "B. Braun"},
		// Baxter
		{"Mortara Instrument", "Baxter"},
		{"HILL-ROM", "Baxter"},
		{"Hill Rom Inc", "Baxter"},
		{"Welch Allyn, Inc.", "Baxter"},
		{"WELCHALLYN", "Baxter"},
		{"Hillrom and ELI, Baxter International Inc.", "Baxter"},
		{"Baxter Healthcare Corporation", "Baxter"},
		// ICU Medical
		{"Smiths Medical ASD", "ICU Medical"},
		{"Smiths Medical ASD, Inc.", "ICU Medical"},
		{"Medfusion", "ICU Medical"},
		{"Hospira", "ICU Medical"},
		// Medtronic
		{"Covidien LP", "Medtronic"},
		{"Nellcor Puritan Bennett", "Medtronic"},
		{"MEDTRONIC MINIMED", "Medtronic"},
		{"Medtronic ", "Medtronic"},
		// Others
		{"Spacelabs Healthcare Inc.", "Spacelabs Healthcare"},
		{"SpaceLabs Medical", "Spacelabs Healthcare"},
		{"Draeger Medical Systems, Inc.", "Dräger"},
		{"DRAGER", "Dräger"},
		{"Drägerwerk AG & Co. KGaA", "Dräger"},
		{"St. Jude Medical", "Abbott"},
		{"ABBOTT LABORATORIES", "Abbott"},
		{"Physio-Control, Inc.", "Stryker"},
		{"Vocera Communications", "Stryker"},
		{"Innokas YhtymÃ¤ Oy", "Innokas"},
		{"Innokas Yhtymä Oy", "Innokas"},
		{"Natus Medical, Inc. (Natus)", "Natus Medical"},
		{"Xltek", "Natus Medical"},
		{"SOOIL Developments Co, Ltd.", "SOOIL"},
		{"Hamilton Medical AG", "Hamilton Medical"},
		{"Siemens Medical Solutions USA, Inc.", "Siemens Healthineers"},
		{"SIEMENS", "Siemens Healthineers"},
		{"Varian Medical Systems", "Varian"},
		{"Toshiba Medical Systems", "Canon Medical Systems"},
		{"SonoSite, Inc.", "Fujifilm"},
		{"Hitachi Medical Systems", "Fujifilm"},
		{"Maquet", "Getinge"},
		{"Abiomed", "Johnson & Johnson"},
		{"Johnson and Johnson", "Johnson & Johnson"},
		{"Ethicon Endo-Surgery", "Johnson & Johnson"},
		{"Ortho-Clinical Diagnostics", "QuidelOrtho"},
		{"Roche Diagnostics GmbH", "Roche"},
		{"ZOLL Medical Corporation", "ZOLL"},
		{"Cardiac Science", "ZOLL"},
		{"Asahi Kasei ZOLL", "ZOLL"},
		{"Nicolet Biomedical", "Natus Medical"},
		{"Kendall", "Cardinal Health"},
		{"Fisher and Paykel Healthcare", "Fisher & Paykel Healthcare"},
		{"Össur hf.", "Ossur"},
		{"BMC Medical, 3B Medical", "BMC Medical"},
		{"Contec Medical Systems Co., Ltd.", "Contec Health"},
		{"i-SENS Inc", "i-SENS"},
		{"Translogic", "Swisslog Healthcare"},
		{"Arrow International", "Teleflex"},
		{"Halyard Health", "Avanos"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d variant rows, want at least 40", len(tests))
	}
	for _, tt := range tests {
		if got := resolveName(idx, tt.in); got != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDistinctCompanies checks names that must not be swallowed by another
// entry: unknown or unrelated companies resolve to nothing (want ""), and
// companies that still exist on their own resolve to themselves.
func TestDistinctCompanies(t *testing.T) {
	idx := newTestIndex(t)
	tests := []struct{ in, want string }{
		{"Acme Biomedical", ""},
		{"General Motors", ""},
		{"Philips Lighting", ""},
		{"Signify", ""},
		{"Agilent Technologies", ""},
		{"Hewlett-Packard", ""},
		{"Pfizer", ""},
		{"Kodak", ""},
		{"Toshiba", ""},
		{"Hitachi", ""},
		{"Canon", ""},
		{"Bayer", ""},
		{"Mallinckrodt", ""},
		{"Tyco", ""},
		{"Fresenius", ""},
		{"Braun", ""},
		{"Siemens Energy", ""},
		{"Qualcomm", ""},
		{"3M", ""},
		{"ELI", ""},
		{"", ""},
		{"Cardinal Health", "Cardinal Health"},
		{"Edwards Lifesciences", "Edwards Lifesciences"},
		{"Fresenius Medical Care", "Fresenius Medical Care"},
		{"Varian", "Varian"},
		{"Integra LifeSciences", "Integra LifeSciences"},
		{"Codman", "Integra LifeSciences"},
		{"Gambro", "Vantive"},
		{"Gambro BCT", "Terumo"},
		{"Thermo Fisher Scientific", "Thermo Fisher Scientific"},
	}
	for _, tt := range tests {
		if got := resolveName(idx, tt.in); got != tt.want {
			t.Errorf("Resolve(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
