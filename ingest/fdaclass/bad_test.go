package fdaclass

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"ward"
)

const header = "REVIEW_PANEL|MEDICALSPECIALTY|PRODUCTCODE|DEVICENAME|DEVICECLASS|UNCLASSIFIED_REASON|GMPEXEMPTFLAG|THIRDPARTYFLAG|REVIEWCODE|REGULATIONNUMBER|SUBMISSION_TYPE_ID|DEFINITION|PHYSICALSTATE|TECHNICALMETHOD|TARGETAREA|Implant_Flag|Life_Sustain_support_flag|SummaryMalfunctionReporting\r\n"

// row returns a data line with the given code, class and implant flag and
// plausible values elsewhere.
func row(code, class, implant string) string {
	return "AN|AN|" + code + "|Test Device|" + class + "||N|N||868.1|1|||||" + implant + "|N|Eligible\r\n"
}

type errReader struct{ r io.Reader }

func (e errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, errors.New("disk on fire")
	}
	return n, err
}

func TestParseBad(t *testing.T) {
	var many strings.Builder
	many.WriteString(header)
	for i := range 25 {
		many.WriteString(row(fmt.Sprintf("A%d", i), "2", "N"))
	}
	blank := strings.Repeat(" ", 4095) + "\n"
	tests := []struct {
		name string
		in   io.Reader
		code string
		want string
	}{
		{"empty", strings.NewReader(""), ward.EINVALID, "x.txt: empty file"},
		{"missing column", strings.NewReader(strings.Replace(header, "|DEVICECLASS", "", 1)), ward.EINVALID, "x.txt:1: header lacks column DEVICECLASS"},
		{"column twice", strings.NewReader(strings.Replace(header, "REVIEWCODE", "productcode", 1)), ward.EINVALID, `header names column "productcode" twice`},
		{"short code", strings.NewReader(header + row("AB", "2", "N")), ward.EINVALID, `x.txt:2: field "PRODUCTCODE": "AB" is not a 3-letter product code`},
		{"lower-case code", strings.NewReader(header + row("abc", "2", "N")), ward.EINVALID, `"abc" is not a 3-letter product code`},
		{"bad class", strings.NewReader(header + row("ABC", "7", "N")), ward.EINVALID, `x.txt:2: field "DEVICECLASS": "7" is not a device class`},
		{"bad flag", strings.NewReader(header + row("ABC", "2", "X")), ward.EINVALID, `field "Implant_Flag": "X" is not one of Y, N`},
		{"empty flag", strings.NewReader(header + row("ABC", "2", "")), ward.EINVALID, `field "Implant_Flag": "" is not one of Y, N`},
		{"empty name", strings.NewReader(header + strings.Replace(row("ABC", "2", "N"), "Test Device", " ", 1)), ward.EINVALID, `field "DEVICENAME": empty`},
		{"duplicate", strings.NewReader(header + row("ABC", "2", "N") + row("XYZ", "1", "N") + row("ABC", "3", "Y")),
			ward.EINVALID, `x.txt:4: field "PRODUCTCODE": duplicate product code "ABC", first on line 2`},
		{"field count", strings.NewReader(header + "AN|AN|ABC|Test|2\r\n"), ward.EINVALID, "x.txt:2: has 5 fields, the header has 18"},
		{"several in one row", strings.NewReader(header + row("AB", "9", "N")), ward.EINVALID, "x.txt: 2 problems, nothing imported:\n\tx.txt:2: field \"PRODUCTCODE\""},
		{"many rows", strings.NewReader(many.String()), ward.EINVALID, "x.txt: 25 problems, nothing imported:"},
		{"many rows tail", strings.NewReader(many.String()), ward.EINVALID, "\n\t... and 5 more"},
		{"oversize line", strings.NewReader(header + strings.Repeat("A", MaxLineBytes+1) + "\r\n"), ward.EINVALID, "x.txt:2: line is longer than 1048576 bytes"},
		{"oversize file", io.MultiReader(strings.NewReader(header), strings.NewReader(strings.Repeat(blank, MaxFileBytes/len(blank)+1))),
			ward.EINVALID, "x.txt: larger than 64 MiB"},
		{"binary file", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01")), ward.EINVALID, "x.txt:1: header lacks column PRODUCTCODE, DEVICENAME, DEVICECLASS"},
		{"binary after header", strings.NewReader(header + "\x00\x01\xfe\xff|\x00\r\n"), ward.EINVALID, "x.txt:2: contains a NUL byte"},
		{"garbage after header", strings.NewReader(header + "\x01\xfe\xff\x90\x9d\r\n"), ward.EINVALID, "x.txt:2: has 1 fields"},
		{"read error", errReader{strings.NewReader(header + row("ABC", "2", "N"))}, ward.EINTERNAL, "x.txt: reading failed after line 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, "x.txt")
			if err == nil {
				t.Fatalf("got %d rows and no error, want an error containing %q", len(got), tc.want)
			}
			if got != nil {
				t.Errorf("got %d rows with the error, want none", len(got))
			}
			if code := ward.ErrorCode(err); code != tc.code {
				t.Errorf("got code %q, want %q", code, tc.code)
			}
			if msg := ward.ErrorMessage(err); !strings.Contains(msg, tc.want) {
				t.Errorf("got message %q, want it to contain %q", msg, tc.want)
			}
		})
	}
}

func TestParseHeaderOnly(t *testing.T) {
	got, err := Parse(strings.NewReader(header), "x.txt")
	if err != nil || len(got) != 0 {
		t.Errorf("got %d rows, error %v; want 0 rows, nil", len(got), err)
	}
}

// FuzzParse checks that Parse never panics, fails only with EINVALID, and
// that whatever it returns passes its own rules.
func FuzzParse(f *testing.F) {
	f.Add([]byte(header + row("ABC", "2", "N") + row("XYZ", "f", "Y")))
	f.Add([]byte(header + row("AB", "7", "X")))
	f.Add([]byte("PRODUCTCODE|DEVICENAME|DEVICECLASS\nABC|Caf\xe9|U\n"))
	f.Add([]byte("productcode|devicename|deviceclass|Implant_Flag\r\nABC|x|1|y\r\nABC|y|2|n\r\n"))
	f.Add([]byte("\x00\xff\r\n|||"))
	f.Fuzz(func(t *testing.T, in []byte) {
		codes, err := Parse(bytes.NewReader(in), "fuzz")
		if err != nil {
			if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Fatalf("got code %q, want %q for %v", code, ward.EINVALID, err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !isProductCode(c.Code) || seen[c.Code] {
				t.Fatalf("got product code %q, want 3 letters, unique", c.Code)
			}
			seen[c.Code] = true
			if !strings.Contains("123UNF", c.DeviceClass) || len(c.DeviceClass) != 1 {
				t.Fatalf("got device class %q, want one of 1, 2, 3, U, N, F", c.DeviceClass)
			}
			if c.DeviceName == "" || strings.IndexFunc(c.DeviceName, isControl) >= 0 {
				t.Fatalf("got device name %q, want non-empty without control characters", c.DeviceName)
			}
		}
	})
}
