package fdaclass

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	excerptPath = "../../testdata/fdaclass/foiclass-excerpt.txt"
	goldenPath  = "../../testdata/fdaclass/foiclass-excerpt.golden.json"
)

// sharedPath is the full FDA file in the shared data directory that sits
// next to the repository; a fresh clone does not have it.
var sharedPath = filepath.Join("..", "..", "..", "shared", "data", "fda-classification", "foiclass.txt")

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustParse(tb testing.TB, b []byte, name string) []ward.ProductCode {
	tb.Helper()
	codes, err := Parse(bytes.NewReader(b), name)
	if err != nil {
		tb.Fatalf("Parse(%s): got error %v, want nil", name, err)
	}
	return codes
}

// dataLines counts the non-blank lines after the header, independently of
// Parse.
func dataLines(b []byte) int {
	n := 0
	for _, l := range strings.Split(string(b), "\n")[1:] {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

func TestParseExcerptGolden(t *testing.T) {
	b := mustReadFile(t, excerptPath)
	codes := mustParse(t, b, "foiclass-excerpt.txt")
	if got, want := len(codes), dataLines(b); got != want {
		t.Errorf("got %d product codes, want %d", got, want)
	}
	got, err := json.MarshalIndent(codes, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := mustReadFile(t, goldenPath); !bytes.Equal(got, want) {
		t.Errorf("parse of %s differs from %s; run go test ./ingest/fdaclass -update and review the diff\ngot:\n%s", excerptPath, goldenPath, got)
	}
}

// TestParseExcerptVariants checks that re-encoding the excerpt as UTF-8,
// with LF line ends, or with its columns reordered and an extra column
// added, gives the same values.
func TestParseExcerptVariants(t *testing.T) {
	b := mustReadFile(t, excerptPath)
	want := mustParse(t, b, "original")
	var utf8Lines, reordered []string
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		l = decode([]byte(l))
		utf8Lines = append(utf8Lines, l)
		f := strings.Split(l, "|")
		f[0], f[2] = f[2], f[0]
		extra := "x"
		if len(reordered) == 0 {
			extra = "Extra_Column"
			f[2] = strings.ToLower(f[2]) // header names are matched without case
		}
		reordered = append(reordered, strings.Join(append(f, extra), "|"))
	}
	variants := map[string]string{
		"utf-8 crlf": strings.Join(utf8Lines, "\r\n") + "\r\n",
		"utf-8 lf":   strings.Join(utf8Lines, "\n"),
		"reordered":  strings.Join(reordered, "\n") + "\n\n",
	}
	for name, text := range variants {
		got := mustParse(t, []byte(text), name)
		if len(got) != len(want) {
			t.Fatalf("%s: got %d rows, want %d", name, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: row %d:\ngot  %+v\nwant %+v", name, i, got[i], want[i])
			}
		}
	}
}

func TestParseSharedFile(t *testing.T) {
	b, err := os.ReadFile(sharedPath)
	if os.IsNotExist(err) {
		t.Skipf("%s not present (it lives outside the repository); skipping the full-file test", sharedPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	codes := mustParse(t, b, "foiclass.txt")
	if got, want := len(codes), dataLines(b); got != want {
		t.Errorf("got %d product codes, want %d (one per data line)", got, want)
	}
	byCode := map[string]ward.ProductCode{}
	for _, c := range codes {
		byCode[c.Code] = c
	}
	tests := []struct {
		code, name, class string
		implant, life     bool
	}{
		{"BSK", "Cuff, Tracheal Tube, Inflatable", "2", false, true},
		{"MPC", "Atrial Defibrillator", "3", true, true},
		{"OAZ", "One-Way Air-Leak Valve", "F", true, false}, // written "f" in the file
		{"LXO", "Analyzer, Hydrogen Gas", "U", false, false},
		{"PQV", "\u00df-Glucocerebrosidase (Gba) Newborn Screening Test System", "2", false, false},
	}
	for _, tc := range tests {
		got, ok := byCode[tc.code]
		switch {
		case !ok:
			t.Errorf("%s: missing", tc.code)
		case got.DeviceName != tc.name || got.DeviceClass != tc.class || got.Implant != tc.implant || got.LifeSustaining != tc.life:
			t.Errorf("%s: got %q class %s implant %v life-sustaining %v, want %q class %s implant %v life-sustaining %v",
				tc.code, got.DeviceName, got.DeviceClass, got.Implant, got.LifeSustaining, tc.name, tc.class, tc.implant, tc.life)
		}
	}
	if got, want := byCode["BSK"].RegulationNumber, "868.5750"; got != want {
		t.Errorf("BSK regulation: got %q, want %q", got, want)
	}
}
