package version

import (
	"strings"
	"testing"
)

// matchCase is one Match question: expression, recorded version, device
// models, and the answer.
type matchCase struct {
	name   string
	expr   string
	v      string
	models []string
	want   Result
}

// devsetCases are the labels of shared/data/ward-devset (labels.md) that
// involve a version: affected → Yes, under_investigation → Unknown, a
// recorded version outside the range → No.
var devsetCases = []matchCase{
	// ICSMA-18-156-01
	{"DEV-194999 MX450", "Rev J-M | (X3/MX100 for Rev M only)", "L.01.05", []string{"INTELLIVUE MX450", "866062"}, Yes},
	{"DEV-121444 MX550", "Rev J-M | (X3/MX100 for Rev M only)", "Rev. K.23.10", []string{"IntelliVue MX550", "866066"}, Yes},
	{"DEV-192260 X3", "Rev J-M | (X3/MX100 for Rev M only)", "M.00.03", []string{"IntelliVue X3 Transport Monitor", "867030"}, Yes},
	{"DEV-190978 FM50", "F.0.G.0 | J.3", "J.3", []string{"Avalon FM50", "M2705A"}, Yes},
	{"DEV-103737 FM30", "F.0.G.0 | J.3", "G.0", []string{"AVALON FM30 FETAL MONITOR", "M2703A"}, Yes},
	{"DEV-148931 FM40", "F.0.G.0 | J.3", "L.3", []string{"Avalon FM40", "M2704A"}, No},
	{"DEV-102448 MP70", "Rev B-M", "", []string{"IntelliVue MP70", "M8007A"}, Unknown},
	{"DEV-156728 MX40", "< B.06.18", "B.06.18", []string{"IntelliVue MX40 Wearable Monitor"}, No},
	// ICSMA-19-080-01
	{"DEV-199146 2090", "vers:all/*", "", []string{"CARELINK 2090 PROGRAMMER", "2090"}, Yes},
	{"DEV-175265 2090", "vers:all/*", "v7.6", []string{"CareLink Programmer", "2090"}, Yes},
	{"DEV-153956 MyCareLink (ambiguous)", "24950 | 24952", "", []string{"MyCareLink Patient Monitor", "24952"}, Yes},
	{"DEV-192139 CareLink Monitor", "2490C", "", []string{"CARELINK MONITOR"}, Unknown},
	{"DEV-114718 Paceart", "<= 1.11", "v1.12", []string{"Paceart Optima System"}, No},
	// ICSMA-20-049-01
	{"DEV-104813 XTR", "1.0.2", "1.0.2", []string{"XHIBIT TELEMETRY RECEIVER", "96280"}, Yes},
	{"DEV-107373 XTR", "1.0.2", "v1.0.2", []string{"XTR Telemetry Receiver", "96280"}, Yes},
	{"DEV-138677 XTR", "1.0.2", "", []string{"XTR", "96280"}, Unknown},
	{"DEV-103172 XTR", "1.0.2", "1.2.1", []string{"Xhibit Telemetry Receiver (XTR)", "96280"}, No},
	{"DEV-184780 Arkon", "vers:all/*", "2.0", nil, Yes},
	// ICSMA-21-187-01
	{"DEV-112019 Vue Motion", "<= 12.2.1.5", "12.2.1.3", nil, Yes},
	{"DEV-148858 Vue Motion", "<= 12.2.1.5", "12.2.1.6", nil, No},
	{"DEV-102605 Vue Speech", "<= 12.2.x.x", "v12.1.5", nil, Yes},
	{"DEV-141696 MyVue", "<= 12.2.x.x", "", nil, Unknown},
	{"DEV-128057 Vue PACS", "<= 12.2.x.x", "12.2.6.1040", nil, Yes},
	{"DEV-175200 Vue PACS", "<= 12.2.x.x", "v12.2.8.0", nil, Yes},
	{"DEV-119762 Vue PACS (ambiguous)", "<= 12.2.x.x", "12.2.8.410", nil, Yes},
	{"DEV-175428 Vue PACS", "<= 12.2.x.x", "", nil, Unknown},
	{"DEV-169760 Vue PACS", "<= 12.2.x.x", "12.1.6.0215", nil, Yes},
	// ICSMA-22-167-01
	{"DEV-142023 ELI 280", "<= 2.3.1", "2.3.1", nil, Yes},
	{"DEV-117324 ELI 280", "<= 2.3.1", "2.4.0", nil, No},
	{"DEV-150112 ELI 380", "<= 2.6.0", "v2.5.0", nil, Yes},
	{"DEV-187112 ELI 250C", "<= 2.1.2", "2.1.0", nil, Yes},
	{"DEV-100485 ELI 150c", "<= 2.2.0", "", nil, Unknown},
	// ICSMA-23-047-01
	{"DEV-165415 Infusion Central", ">= 1.1 | <= 1.3.2", "1.3.2", nil, Yes},
	{"DEV-126223 Infusion Central", ">= 1.1 | <= 1.3.2", "v1.2", nil, Yes},
	{"DEV-178576 Infusion Central", ">= 1.1 | <= 1.3.2", "", nil, Unknown},
	{"DEV-150055 Infusion Central", ">= 1.1 | <= 1.3.2", "1.0.4", nil, No},
	{"DEV-113390 Infusion Central", ">= 1.1 | <= 1.3.2", "1.4.0", nil, No},
	// ICSMA-24-200-01
	{"DEV-128057 Vue PACS 24", "<12.2.8.410", "12.2.6.1040", nil, Yes},
	{"DEV-175200 Vue PACS 24", "<12.2.8.410", "v12.2.8.0", nil, Yes},
	{"DEV-175428 Vue PACS 24", "<12.2.8.410", "", nil, Unknown},
	{"DEV-169760 Vue PACS 24", "<12.2.8.410", "12.1.6.0215", nil, Yes},
	{"DEV-119762 Vue PACS 24", "<12.2.8.410", "12.2.8.410", nil, No},
	// ICSMA-17-250-01
	{"DEV-183943 SmartLog", "< 2.4.0", "2.3.1", nil, Yes},
	{"DEV-181233 SmartLog", "< 2.4.0", "v2.1.0", nil, Yes},
	{"DEV-133643 SmartLog", "< 2.4.0", "", nil, Unknown},
	{"DEV-141921 SmartLog", "< 2.4.0", "2.4.1", nil, No},
	// ICSMA-20-254-01
	{"DEV-194999 MX450 <=N", "<=N", "L.01.05", nil, Yes},
	{"DEV-121444 MX550 <=N", "<=N", "Rev. K.23.10", nil, Yes},
	{"DEV-192260 X3 <=N", "<=N", "M.00.03", nil, Yes},
	{"DEV-102448 MP70 <=N", "<=N", "", nil, Unknown},
	// ICSMA-19-255-01 (ambiguous)
	{"DEV-102448 MP70 WLAN", "Version A, Firmware A.03.09", "", nil, Unknown},
	// ICSMA-18-058-01, ICSMA-18-347-01, ICSMA-18-179-01, ICSMA-18-219-01
	{"DEV-110377 Encore", "vers:all/*", "", []string{"ENCORE PROGRAMMER", "29901"}, Yes},
	{"DEV-153956 MyCareLink 24952", "vers:all/*", "", []string{"MyCareLink Patient Monitor", "24952"}, Yes},
}

// ruleCases check the ambiguity rules and the readings beyond the devset.
var ruleCases = []matchCase{
	{"empty version, all", "vers:all/*", "  ", nil, Yes},
	{"empty version, range", "< 2.4.0", "   ", nil, Unknown},
	{"placeholder N/A is not revision N", "<=N", "N/A", nil, Unknown},
	{"placeholder dash", "< 2.4.0", "-", nil, Unknown},
	{"placeholder, all", "vers:all/*", "unknown", nil, Yes},
	{"review ignores the version", "<  july 1 2017", "1.0", nil, Unknown},
	{"zero Expr", "", "1.0", nil, Unknown},
	{"X3 outside its revision M", "Rev J-M | (X3/MX100 for Rev M only)", "L.01.05", []string{"IntelliVue X3"}, No},
	{"MX100 at revision M", "Rev J-M | (X3/MX100 for Rev M only)", "M.02.01", []string{"IntelliVue MX100"}, Yes},
	{"no model: every alternative", "Rev J-M | (X3/MX100 for Rev M only)", "K.01", nil, Yes},
	{"revision family upper bound", "<=N", "N.00.07", nil, Yes},
	{"above revision family", "<=N", "P.01", nil, No},
	{"revision letter against a number", "< B.06.18", "6.18", nil, Unknown},
	{"less precise than the bound", "<12.2.8.410", "12.2", nil, Unknown},
	{"less precise than a family", "<= 12.2.x.x", "12", nil, Unknown},
	{"later build of an inclusive bound", "<= 2.3.1", "2.3.1.7", nil, Unknown},
	{"zero build of an inclusive bound", "<= 2.3.1", "2.3.1.0", nil, Yes},
	{"later build of an exclusive bound", "< 2.4.0", "2.4.0.1", nil, No},
	{"later build of an exact version", "1.0.2", "1.0.2.5", nil, Unknown},
	{"pre-release of an exact version", "1.0.2", "1.0.2-rc1", nil, No},
	{"base release before its service pack", "< 1.8.4 Service Pack 01", "1.8.4", nil, Yes},
	{"service pack itself", "< 1.8.4 Service Pack 01", "1.8.4 Service Pack 01", nil, No},
	{"L line above its bound", "<= U61 |<= L81", "L85", nil, No},
	{"U line inside", "<= U61 |<= L81", "U60", nil, Yes},
	{"neither line", "<= U61 |<= L81", "5.0", nil, Unknown},
	{"letter prefix dropped", "<= VM5.0", "5.0", nil, Unknown},
	{"letter prefix kept", "<= VM5.0", "VM4.2", nil, Yes},
	{"HD with a space", "HD 16 | HD23", "HD16", nil, Yes},
	{"wildcard exact", "5.x.x", "5.2.1", nil, Yes},
	{"wildcard exact outside", "5.x.x", "6.0", nil, No},
	{"major version", "8", "8.3", nil, Yes},
	{"below a wildcard", "< 3.x", "2.9.9", nil, Yes},
	{"inside the excluded wildcard", "< 3.x", "3.0.1", nil, No},
	{"revision range, C.0x", "A.01 <= C.0x | 4.0", "B.05", nil, Yes},
	{"second alternative", "A.01 <= C.0x | 4.0", "4.0", nil, Yes},
	{"other number", "A.01 <= C.0x | 4.0", "3.0", nil, No},
	{"infix less-than read inclusively", "A10 < A11", "A11", nil, Yes},
	{"interval, half open", ">= 1.3.4 | < 1.5.3", "1.5.3", nil, No},
	{"condition, inside", "<=11.2 on Windows 8.1 with IIS 7.5", "11.0", nil, Unknown},
	{"condition, outside", "<=11.2 on Windows 8.1 with IIS 7.5", "12.0", nil, No},
	{"condition, all", "* running on old, unsupported operating systems such as Windows 2000", "", nil, Unknown},
	{"module condition", "9.x (with Wireless Battery Modules >= 22D19 | <= v22D28)", "8.1", nil, No},
	{"remark only", "<= 1.54 (integrated into GE MobileLink)", "1.50", nil, Yes},
	{"model-only, other model", "24950 | 24952", "1.0", []string{"24960"}, Unknown},
	{"model-only, no model", "24950 | 24952", "1.0", nil, Unknown},
	{"model-only, model number in name", "MMT-1711 | MMT-1712", "", []string{"MiniMed 640G MMT-1712"}, Yes},
	{"model-only, product name", "Accu-Chek Inform II", "", []string{"ACCU-CHEK INFORM II"}, Yes},
	{"software of a model", "Accu-Chek Inform II Base Unit NEW with Software 04.00.00 or newer", "04.01.00", nil, Yes},
	{"software of a model, older", "Accu-Chek Inform II Base Unit NEW with Software 04.00.00 or newer", "03.02", nil, No},
	{"version with its model", "9.x model 35700BAX3", "9.1", []string{"Spectrum IQ"}, Yes},
	{"vers interval", "vers:generic/>=1.0|<2.0", "1.9.9", nil, Yes},
	{"vers upper bound exclusive", "vers:generic/>=1.0|<2.0", "2.0", nil, No},
	{"vers excluded version", "vers:generic/>=1.0|<2.0|!=1.5", "1.5", nil, No},
	{"vers equal stands alone", "vers:generic/1.2|>=3.0", "1.2.0", nil, Yes},
	{"vers pre-release", "vers:semver/>=1.0.0|<2.0.0", "1.0.0-beta", nil, No},
	{"vers bounds are exact", "vers:generic/<=2", "2.1", nil, No},
	{"vers bounds are exact, below", "vers:generic/<=2", "1.9", nil, Yes},
}

func TestMatch(t *testing.T) {
	for _, group := range [][]matchCase{devsetCases, ruleCases} {
		for _, tt := range group {
			e := Parse(tt.expr)
			got, why := e.Match(tt.v, tt.models...)
			if got != tt.want {
				t.Errorf("%s: Parse(%q).Match(%q, %q): got %v (%s), want %v", tt.name, tt.expr, tt.v, tt.models, got, why, tt.want)
			}
			if why == "" {
				t.Errorf("%s: Parse(%q).Match(%q): got no explanation, want one", tt.name, tt.expr, tt.v)
			}
		}
	}
}

func TestMatchExplains(t *testing.T) {
	tests := []struct {
		expr, v string
		want    string
	}{
		{"Rev J-M | (X3/MX100 for Rev M only)", "L.01.05", `version "L.01.05" is within revisions J through M`},
		{">= 1.1 | <= 1.3.2", "1.0.4", `version "1.0.4" is not within versions 1.1 through 1.3.2`},
		{"< B.06.18", "6.18", `version "6.18" is not written the way the advisory writes its versions`},
		{"<12.2.8.410", "12.2", `version "12.2" is less precise than 12.2.8.410`},
		{"<= 2.3.1", "2.3.1.7", `version "2.3.1.7" is a later build of 2.3.1`},
		{"< 2.4.0", "", "no version recorded; the advisory affects versions before 2.4.0"},
		{"<May 2018", "1.0", "date-based (before May 2018)"},
	}
	for _, tt := range tests {
		_, why := Parse(tt.expr).Match(tt.v)
		if !strings.Contains(why, tt.want) {
			t.Errorf("Parse(%q).Match(%q): got %q, want it to contain %q", tt.expr, tt.v, why, tt.want)
		}
	}
}
