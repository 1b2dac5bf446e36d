package epss

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func fixture(name string) string { return filepath.Join("..", "..", "testdata", "epss", name) }

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustParse(tb testing.TB, b []byte, name string) []ward.EPSS {
	tb.Helper()
	got, err := Parse(bytes.NewReader(b), name)
	if err != nil {
		tb.Fatalf("Parse(%s): got error %v, want nil", name, err)
	}
	return got
}

// TestGolden checks both real excerpts against golden files: the head of
// a daily file and the time series of one CVE across the v1 and v2
// models.
func TestGolden(t *testing.T) {
	tests := []struct {
		file string
		rows int
	}{
		{"epss_scores-current.head.csv", 12},
		{"CVE-2021-33885.epss.excerpt.csv", 13},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got := mustParse(t, mustReadFile(t, fixture(tc.file)), tc.file)
			if len(got) != tc.rows {
				t.Errorf("got %d rows, want %d", len(got), tc.rows)
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			b = append(b, '\n')
			golden := fixture(strings.TrimSuffix(tc.file, ".csv") + ".golden.json")
			if *update {
				if err := os.WriteFile(golden, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := mustReadFile(t, golden); !bytes.Equal(b, want) {
				t.Errorf("output differs from %s; run go test ./ingest/epss -update and review the diff\ngot:\n%s", golden, b)
			}
		})
	}
}

// TestValues spot-checks values independently of the golden files.
func TestValues(t *testing.T) {
	day := mustParse(t, mustReadFile(t, fixture("epss_scores-current.head.csv")), "current.csv")
	want := ward.EPSS{CVE: "CVE-1999-0016", Score: 0.95739, Percentile: 0.99871,
		Date: ward.Date{Year: 2026, Month: time.September, Day: 29}, Model: "v2026.06.15"}
	if got := day[10]; got != want {
		t.Errorf("row 11: got %+v, want %+v", got, want)
	}
	series := mustParse(t, mustReadFile(t, fixture("CVE-2021-33885.epss.excerpt.csv")), "testdata/CVE-2021-33885.epss.excerpt.csv")
	tests := []struct {
		i    int
		want ward.EPSS
	}{
		{0, ward.EPSS{CVE: "CVE-2021-33885", Score: 0.01374, Date: ward.Date{Year: 2021, Month: time.August, Day: 26}, Model: "v1"}},
		{3, ward.EPSS{CVE: "CVE-2021-33885", Score: 0.01374, Percentile: 0.707893900230832, Date: ward.Date{Year: 2021, Month: time.September, Day: 1}, Model: "v1"}},
		{8, ward.EPSS{CVE: "CVE-2021-33885", Score: 0.2385, Percentile: 0.95086, Date: ward.Date{Year: 2022, Month: time.February, Day: 4}, Model: "v2"}},
		{11, ward.EPSS{CVE: "CVE-2021-33885", Score: 0.01978, Percentile: 0.78619000000000006, Date: ward.Date{Year: 2022, Month: time.October, Day: 6}, Model: "v2"}},
	}
	for _, tc := range tests {
		if got := series[tc.i]; got != tc.want {
			t.Errorf("row %d: got %+v, want %+v", tc.i+1, got, tc.want)
		}
	}
}

// TestVariants checks layouts the excerpts do not show: a v1 daily file
// with no comment and no percentile, dated by its name; CRLF with a BOM
// and reordered columns; gzip; and comment lines after the header.
func TestVariants(t *testing.T) {
	v1 := mustParse(t, []byte("cve,epss\nCVE-2021-1234,0.0005\n"), "epss_scores-2021-04-14.csv")
	want := ward.EPSS{CVE: "CVE-2021-1234", Score: 0.0005, Date: ward.Date{Year: 2021, Month: time.April, Day: 14}}
	if len(v1) != 1 || v1[0] != want {
		t.Errorf("v1 file: got %+v, want [%+v]", v1, want)
	}
	head := mustReadFile(t, fixture("epss_scores-current.head.csv"))
	base := mustParse(t, head, "a.csv")
	// The same rows as percentile,cve,epss,extra with CRLF, a BOM and a
	// header spelled differently.
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(string(head), "\n"), "\n") {
		switch f := strings.Split(l, ","); {
		case l == "cve,epss,percentile":
			l = " Percentile , CVE,EPSS,extra"
		case len(f) == 3:
			l = f[2] + "," + f[0] + "," + f[1] + ",x"
		}
		lines = append(lines, l)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(head)
	zw.Close()
	variants := map[string][]byte{
		"crlf, bom, reordered": []byte("\xef\xbb\xbf" + strings.Join(lines, "\r\n") + "\r\n"),
		"gzip":                 gz.Bytes(),
		"comment after header": []byte(strings.Replace(string(head), "CVE-1999-0005", "#note\n\nCVE-1999-0005", 1)),
	}
	for name, in := range variants {
		got := mustParse(t, in, name)
		if len(got) != len(base) {
			t.Fatalf("%s: got %d rows, want %d", name, len(got), len(base))
		}
		for i := range got {
			if got[i] != base[i] {
				t.Errorf("%s: row %d: got %+v, want %+v", name, i, got[i], base[i])
			}
		}
	}
}
