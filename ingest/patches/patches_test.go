package patches

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"ward"
)

// problems renders a batch's problems as "line: field: message" lines.
func problems(b *ward.PatchBatch) []string {
	var out []string
	for _, r := range b.Records {
		for _, p := range r.Problems {
			out = append(out, (&ward.RowError{File: b.Name, Line: r.Line, Problems: []ward.FieldProblem{p}}).Error())
		}
	}
	return out
}

func mustRead(t *testing.T, text, name string) *ward.PatchBatch {
	t.Helper()
	b, err := Read(strings.NewReader(text), name)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return b
}

func TestReadCSVSynonyms(t *testing.T) {
	text := "Mfr;Product;Applies To;Fixed In;Advisory;CVE IDs;OEM Status;Release Date;Bulletin;SHA-256;Install Notes;Est. Install Minutes;Downtime Required;Site\n" +
		"ICU Medical;Medfusion 4000;<= 1.6;1.6.1;ICSMA-17-250-02A;CVE-2017-12725, CVE-2017-12726;Approved;09/07/2017;https://example.org/b.pdf;" +
		strings.Repeat("A", 64) + ";\"Back up the\nlibrary first\";1.5 h;Yes;NGH\n" +
		"\n" +
		"B. Braun;SpaceStation with SpaceCom 2;< 012U000093;012U000093;;CVE-2021-33885;withdrawn;2021-10-26T00:00:00Z;;;;45 min;no;\n"
	b := mustRead(t, text, "oem.csv")
	if p := problems(b); len(p) > 0 {
		t.Fatalf("got problems %q, want none", p)
	}
	if len(b.Records) != 2 || b.Records[0].Line != 2 || b.Records[1].Line != 5 {
		t.Fatalf("got %d records, want 2 on lines 2 and 5", len(b.Records))
	}
	p := b.Records[0].Patch
	if p.Manufacturer != "ICU Medical" || p.AppliesTo != "<= 1.6" || p.InstallsVersion != "1.6.1" ||
		!slices.Equal(p.CVEs, []string{"CVE-2017-12725", "CVE-2017-12726"}) || p.Status != ward.PatchValidated ||
		p.Date.String() != "2017-09-07" || p.ReferenceSHA256 != strings.Repeat("a", 64) || p.Notes != "Back up the\nlibrary first" ||
		p.InstallMinutes != 90 || !p.RequiresDowntime {
		t.Errorf("first entry: got %+v", p)
	}
	q := b.Records[1].Patch
	if q.Status != ward.PatchRejected || q.Date.String() != "2021-10-26" || q.InstallMinutes != 45 || q.RequiresDowntime {
		t.Errorf("second entry: got %+v", q)
	}
	if b.Column("installs_version") != "Fixed In" || b.Column("date") != "Release Date" {
		t.Errorf("columns: got %v", b.Columns)
	}
}

func TestReadCSVProblems(t *testing.T) {
	text := "manufacturer,model,applies_to,installs_version,cves,status,date,install_minutes,requires_downtime\n" +
		"BD,Alaris 8015 PC Unit,<= 12.1.2,12.1.3,CVE-2020-25165,validated,2020-11-12,30,no\n" +
		"BD,Alaris 8015 PC Unit,< july 1 2017,12.1.3,CVE-2020-25165,approvedish,13/45/2020,half an hour,maybe\n" +
		"BD,,<= 12.1.2,,CVE-20-1,,,,\n"
	b := mustRead(t, text, "bad.csv")
	want := []string{
		`bad.csv:3: field "date": "13/45/2020" is not a date (want YYYY-MM-DD)`,
		`bad.csv:3: field "install_minutes": "half an hour" is not a number of minutes`,
		`bad.csv:3: field "requires_downtime": "maybe" is not yes or no`,
		`bad.csv:3: field "applies_to": cannot read "< july 1 2017" as versions: the advisory's version is a date, not a firmware version`,
		`bad.csv:3: field "status": "approvedish" is not one of validated, pending, rejected`,
		`bad.csv:4: field "model": is required`,
		`bad.csv:4: field "installs_version": is required`,
		`bad.csv:4: field "cves": "CVE-20-1" is not a CVE ID (CVE-YYYY-NNNN)`,
		`bad.csv:4: field "advisories": a patch must name at least one advisory or CVE it fixes`,
	}
	got := problems(b)
	if len(got) != len(want) {
		t.Fatalf("got %d problems %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i][:strings.LastIndex(want[i], ":")]) {
			t.Errorf("problem %d: got %q, want %q", i, got[i], want[i])
		}
	}
}

func TestReadRefusesFiles(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "is empty"},
		{"no required columns", "Mfr,Product,CVE\nBD,X,CVE-2020-1\n", "no applies_to column"},
		{"nothing fixed", "Mfr,Product,Applies To,Fixed In\nBD,X,1.0,1.1\n", "no column of advisories or CVEs"},
		{"two model columns", "Mfr,Model,Product,Applies To,Fixed In,CVE\n", `columns "Model" and "Product" both hold model`},
		{"workbook", "PK\x03\x04rest", "export it as CSV"},
		{"binary", "a\x00b", "NUL bytes"},
		{"broken quote", "Mfr,Product,Applies To,Fixed In,CVE\n\"BD,X\n", "nothing after this line"},
		{"JSON of the wrong shape", `{"patches": {}}`, "must be an array"},
		{"JSON without patches", `{"entries": []}`, `no "patches" array`},
		{"malformed JSON", "[\n {\"model\": }\n]", "json:2:"},
		{"truncated JSON", `[{"model": "X"}`, "ends too early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.text), "json")
			if ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want EINVALID saying %q", err, tt.want)
			}
		})
	}
}

func TestReadJSON(t *testing.T) {
	text := `{"source": "OEM portal export",
 "patches": [
  {"manufacturer": "Philips", "model": "IntelliBridge Enterprise", "applies_to": ["B.11", "B.12"],
   "installs_version": "B.13", "advisories": ["ICSMA-20-163-01"], "status": "validated",
   "install_minutes": 60, "requires_downtime": true, "date": "2020-12-15"},
  {"manufacturer": "Philips", "model": "IntelliBridge Enterprise", "applicable versions": "B.12",
   "installs_version": "B.13.1", "cves": "CVE-2020-14506", "colour": "blue", "install_minutes": "x", "notes": {"a": 1}}
 ]}`
	b := mustRead(t, text, "oem.json")
	if len(b.Records) != 2 || b.Records[0].Line != 3 || b.Records[1].Line != 6 {
		t.Fatalf("got %d records at lines %v, want 2 at lines 3 and 6", len(b.Records), b.Records)
	}
	p := b.Records[0].Patch
	if len(b.Records[0].Problems) > 0 || p.AppliesTo != "B.11 | B.12" || p.InstallMinutes != 60 || !p.RequiresDowntime ||
		!slices.Equal(p.Advisories, []string{"ICSMA-20-163-01"}) {
		t.Errorf("first entry: got %+v with problems %v", p, b.Records[0].Problems)
	}
	got := problems(b)
	want := []string{`oem.json:6: field "colour": unknown field`, `oem.json:6: field "install_minutes": "x" is not a number of minutes`,
		`oem.json:6: field "notes": want a string`}
	if len(got) != len(want) {
		t.Fatalf("got problems %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: got %q, want %q…", i, got[i], want[i])
		}
	}
	if s := mustRead(t, "[1]", "scalars.json"); len(s.Records) != 1 || !strings.Contains(problems(s)[0], "not an object") {
		t.Errorf("a number for an entry: got %q, want a problem", problems(s))
	}
	if b.Records[1].Patch.AppliesTo != "B.12" {
		t.Errorf("a synonym key: got applies_to %q, want B.12", b.Records[1].Patch.AppliesTo)
	}
}

func TestReadEncodings(t *testing.T) {
	csv := "Manufacturer,Model,Applies To,Fixed In,CVE,Notes\nDräger,Infinity Delta,< VF10.1,VF10.1,CVE-2018-19010,Geräte neu starten\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().String(csv)
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(csv)
	for name, text := range map[string]string{"utf-8": csv, "bom": "\xEF\xBB\xBF" + csv, "windows-1252": cp1252, "utf-16": utf16} {
		b := mustRead(t, text, name)
		if len(b.Records) != 1 || b.Records[0].Patch.Manufacturer != "Dräger" || b.Records[0].Patch.Notes != "Geräte neu starten" {
			t.Errorf("%s: got %+v", name, b.Records)
		}
	}
}

func TestParseMinutes(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true}, {"30", 30, true}, {"30 min", 30, true}, {"45minutes", 45, true}, {"1.5 h", 90, true}, {"2 hours", 120, true},
		{"-5", 0, false}, {"soon", 0, false}, {"1e9", 0, false},
	}
	for _, tt := range tests {
		got, err := parseMinutes(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("parseMinutes(%q): got %d %v, want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// FuzzRead feeds hostile bytes to the reader: it must return a batch or
// an EINVALID error, never panic, and every record must carry a line.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Mfr,Product,Applies To,Fixed In,CVE\nBD,X,<= 1.0,1.1,CVE-2020-1234\n"))
	f.Add([]byte(`[{"manufacturer":"BD","model":"X","applies_to":["1.0"],"installs_version":"1.1","cves":["CVE-2020-1234"]}]`))
	f.Add([]byte(`{"patches":[{"model":null,"install_minutes":1e400}]}`))
	f.Add([]byte("Mfr;Product;Applies To;Fixed In;Advisory\n\"a\"\"b\";c;Rev J-M;N;ICSMA-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read(strings.NewReader(string(data)), "fuzz")
		if err != nil {
			if c := ward.ErrorCode(err); c != ward.EINVALID {
				t.Fatalf("got %s error %v, want EINVALID", c, err)
			}
			return
		}
		for _, r := range b.Records {
			if r.Line < 1 {
				t.Fatalf("record without a line: %+v", r)
			}
		}
	})
}
