package sbom

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"ward"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/sbom/golden")

// fixtures is the shared test-data folder; see testdata/SOURCES.md.
const fixtures = "../../testdata/sbom"

// mustParse parses the fixture at path, relative to fixtures.
func mustParse(tb testing.TB, path string) *ward.SBOM {
	tb.Helper()
	f, err := os.Open(filepath.Join(fixtures, path))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	s, err := Parse(f, filepath.Base(path))
	if err != nil {
		tb.Fatalf("Parse(%s): got error %v, want none", path, err)
	}
	return s
}

// golden is what a golden file records: the fields Parse fills.
type golden struct {
	Format      string           `json:"format"`
	SpecVersion string           `json:"spec_version"`
	Name        string           `json:"name"`
	Serial      string           `json:"serial"`
	Components  []ward.Component `json:"components"`
}

// mustMatchGolden compares s with the golden file name, or rewrites it
// under -update.
func mustMatchGolden(tb testing.TB, s *ward.SBOM, name string) {
	tb.Helper()
	got, err := json.MarshalIndent(golden{s.Format, s.SpecVersion, s.Name, s.Serial, s.Components}, "", "  ")
	if err != nil {
		tb.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join(fixtures, "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v; run go test ./ingest/sbom -update to create it", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("parse differs from %s; run go test ./ingest/sbom -update and review the diff\ngot:\n%s", path, got)
	}
}

func TestParseGolden(t *testing.T) {
	tests := []struct {
		in, golden string
		format     string
		count      int
	}{
		// The medical-device case-study SBOMs, the reason this package
		// exists: every component carries a CPE and a package URL.
		{"medical/narrow.sbom.json", "medical-narrow.json", ward.SBOMCycloneDX, 55},
		{"medical/extended.sbom.json", "medical-extended.json", ward.SBOMCycloneDX, 65},
		// Hardware parts named by supplier only.
		{"bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json", "hbom-pcie-sata.json", ward.SBOMCycloneDX, 6},
		// metadata.component plus group, publisher and author fields.
		{"cyclonedx/1.7/valid-bom-1.7.json", "cdx-1.7-bom.json", ward.SBOMCycloneDX, 3},
		// The same library nested and repeated under distinct bom-refs.
		{"cyclonedx/1.7/valid-component-ref-1.7.json", "cdx-1.7-component-ref.json", ward.SBOMCycloneDX, 3},
		// The SPDX project's example documents: the described glibc
		// package is the product and is left out.
		{"spdx/SPDXJSONExample-v2.3.spdx.json", "spdx-2.3-example.json", ward.SBOMSPDX, 4},
		{"spdx/SPDXJSONExample-v2.2.spdx.json", "spdx-2.2-example.json", ward.SBOMSPDX, 3},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			s := mustParse(t, tc.in)
			if s.Format != tc.format {
				t.Errorf("got format %q, want %q", s.Format, tc.format)
			}
			if len(s.Components) != tc.count {
				t.Errorf("got %d components, want %d", len(s.Components), tc.count)
			}
			mustMatchGolden(t, s, tc.golden)
		})
	}
}

// TestMedical pins down what the case-study SBOMs give the matcher, so a
// change that loses identifiers fails loudly rather than in a golden diff.
func TestMedical(t *testing.T) {
	tests := []struct {
		in                  string
		components, cpe     int
		purl, version, supp int
		product, serial     string
	}{
		{"medical/narrow.sbom.json", 55, 55, 55, 54, 55, "REDACTED", "urn:uuid:02826796-d30c-4aa6-b0a8-44207a01cb6c"},
		{"medical/extended.sbom.json", 65, 65, 65, 59, 65, "REDACTED", "urn:uuid:9a9fb992-c015-4d78-91b5-88b6be21f53d"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s := mustParse(t, tc.in)
			var cpe, purl, version, supp int
			for _, c := range s.Components {
				cpe += bool01(c.CPE != "")
				purl += bool01(c.PURL != "")
				version += bool01(c.Version != "")
				supp += bool01(c.Supplier != "")
				if c.Name == tc.product {
					t.Errorf("got the described product %q among the components, want it left out", c.Name)
				}
			}
			got := []int{len(s.Components), cpe, purl, version, supp}
			want := []int{tc.components, tc.cpe, tc.purl, tc.version, tc.supp}
			for i, what := range []string{"components", "with CPE", "with purl", "with version", "with supplier"} {
				if got[i] != want[i] {
					t.Errorf("%s: got %d, want %d", what, got[i], want[i])
				}
			}
			if s.SpecVersion != "1.4" || s.Name != tc.product || s.Serial != tc.serial {
				t.Errorf("got spec %q, name %q, serial %q, want 1.4, %q, %q", s.SpecVersion, s.Name, s.Serial, tc.product, tc.serial)
			}
		})
	}
}

func bool01(b bool) int {
	if b {
		return 1
	}
	return 0
}
