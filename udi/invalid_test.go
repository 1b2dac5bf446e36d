package udi

import (
	"strings"
	"testing"
	"time"

	"ward"
)

// invalidCases are malformed UDIs and a part of the message each must give.
var invalidCases = []struct {
	name string
	in   string
	want string
}{
	{"empty", "   ", "empty"},
	{"too long", strings.Repeat("0", MaxLen+1), "513 bytes long"},
	{"control character", "(01)00884838003880\a", "control character U+0007"},
	{"not utf-8", "(01)\xff", "not valid UTF-8"},
	{"unknown prefix", "hello", "does not look like a UDI"},
	// GS1.
	{"gtin check digit", "(01)00884838003889", "GTIN check digit is 9, want 0"},
	{"bare gtin check digit", "00884838003889", "GTIN check digit is 9, want 0"},
	{"bare gtin-12 check digit", "036000291453", "GTIN check digit is 3, want 2"},
	{"bare 11 digits", "03600029145", `unknown or unsupported GS1 application identifier at "0360"`},
	{"gtin letters", "(01)0088483800388A", "must be digits only"},
	{"gtin short", "(01)0088483800388", "must be 14 digits"},
	{"truncated ai", "01008848380", "(01) needs 14 digits, only 9 left"},
	{"truncated ai after id", "]d20100884838003", "(01) needs 14 digits, only 11 left"},
	{"truncated date", "0100884838003880172506", "(17) needs 6 digits, only 4 left"},
	{"unknown ai bracketed", "(01)00884838003880(99)ABC", "unsupported GS1 application identifier (99)"},
	{"unknown ai machine", "0100884838003880991234", `unsupported GS1 application identifier at "9912"`},
	{"no gtin", "(10)ABC(17)250630", "no GTIN"},
	{"duplicate ai", "(01)00884838003880(10)A(10)B", "(10) appears twice"},
	{"empty value", "(01)00884838003880(10)", "(10) has no value"},
	{"lot too long", "(01)00884838003880(10)" + strings.Repeat("L", 21), "limit is 20"},
	{"lot missing gs", "010088483800388010LOT1" + "21SERIAL0000000001", "missing GS separator"},
	{"lot bad character", "(01)00884838003880(10)AB#C", `contains '#'`},
	{"bad month", "(01)00884838003880(17)251301", `(17) "251301" is not a valid date`},
	{"february 30", "(01)00884838003880(11)250230", `(11) "250230" is not a valid date`},
	{"7003 bad hour", "(01)00884838003880(7003)2506302530", "(7003)"},
	{"not an ai", "(X1)A", `want "(" and an application identifier at byte 0`},
	{"not an ai later", "(01)00884838003880(X1)A", `(01) "00884838003880(X1)A" must be 14 digits`},
	{"junk after value", "(01)00884838003880 junk", "must be 14 digits"},
	{"bad symbology", "]E0009506000134352", `symbology identifier "]E0"`},
	{"only symbology", "]d2", "no GS1 element strings"},
	// HIBCC.
	{"hibcc check character", "+A123BJC5D6E71H", `HIBC check character is 'H', want 'G'`},
	{"hibcc lower case", "+a123bjc5d6e71g", "not in the HIBC character set"},
	{"hibcc only flag", "+", "must start with"},
	{"hibcc flag and check", "++", "holds nothing"},
	{"hibcc secondary only", "+$$52001510X3GD", "without the primary data"},
	{"hibcc primary short", "+A1231F", "must be a 4-character labeler code"},
	{"hibcc unit of measure", "+A123BJC5D6E7X5", "unit of measure 'X' must be a digit"},
	{"hibcc bad date", "+A999ABC1230/$$3251301Z", `HIBC expiry date "251301" is not a valid date`},
	{"hibcc unknown date format", "+A999ABC1230/$$AU", "unknown HIBC expiry date format 'A'"},
	{"hibcc unknown supplemental", "+A999ABC1230/$$3250630LOT1/Q109", `unsupported HIBC supplemental data "Q10"`},
	{"hibcc space check missing", "+A9990030", "HIBC check character is '0'"},
	// ICCBBA.
	{"isbt short", "=/A9999", "needs 16 characters"},
	{"isbt letter O in FIN", "=/O9999XYZ100T0944", "may hold only A-N, P-Z and 0-9"},
	{"isbt no di", "=A99972312345600", `must start with the processor product identification code "=/"`},
	{"isbt zero divisions", "=/A9999XYZ100T0944=,000000", `"=," value "000000" is not valid`},
	{"isbt bad day", "=/A9999XYZ100T0944=>025400", `"=>" value "025400" is not valid`},
	{"isbt truncated", "=/A9999XYZ100T0944=>0250", "needs 6 characters, got 4"},
	{"isbt bad compound", "=+06=/A9999XYZ100T0944", "compound message header"},
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q): got %+v, want an error containing %q", tc.in, got, tc.want)
			}
			if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Errorf("Parse(%q): got code %q, want %q", tc.in, code, ward.EINVALID)
			}
			if msg := ward.ErrorMessage(err); !strings.Contains(msg, tc.want) {
				t.Errorf("Parse(%q): got message %q, want it to contain %q", tc.in, msg, tc.want)
			}
			if got != (UDI{}) {
				t.Errorf("Parse(%q): got %+v with the error, want the zero UDI", tc.in, got)
			}
		})
	}
}

// FuzzParse checks that Parse never panics, fails only with EINVALID, and
// that what it accepts is self-consistent.
func FuzzParse(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.in)
	}
	for _, tc := range invalidCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := Parse(in)
		if err != nil {
			if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Fatalf("Parse(%q): got code %q, want %q", in, code, ward.EINVALID)
			}
			return
		}
		if u.DI == "" {
			t.Fatalf("Parse(%q): got empty DI, want one", in)
		}
		if u.Raw != strings.TrimSpace(in) && u.Issuer != HIBCC {
			t.Fatalf("Parse(%q): got Raw %q, want the trimmed input", in, u.Raw)
		}
		switch u.Issuer {
		case GS1:
			if !ValidGTIN(u.DI) || len(u.DI) != 14 {
				t.Fatalf("Parse(%q): got DI %q, want a valid GTIN-14", in, u.DI)
			}
		case HIBCC, ICCBBA:
		default:
			t.Fatalf("Parse(%q): got issuer %q, want GS1, HIBCC or ICCBBA", in, u.Issuer)
		}
		for _, d := range []string{u.Expiry, u.Manufactured} {
			if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
				t.Fatalf("Parse(%q): got date %q, want YYYY-MM-DD", in, d)
			}
		}
	})
}
