package sbom

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

// TestCycloneDXSuites runs the CycloneDX specification's own test
// documents. Every valid-* file must parse. The invalid-* files break the
// JSON schema, mostly in parts Parse does not read (hashes, licenses,
// enumerations), so most of them import; which ones are rejected, and
// why, is recorded in a golden file so that a change shows up in review.
func TestCycloneDXSuites(t *testing.T) {
	tests := []struct {
		dir                    string
		valid, validComponents int
		invalid, rejected      int
	}{
		{"1.6", 45, 55, 25, 2},
		{"1.7", 61, 88, 29, 2},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(fixtures, "cyclonedx", tc.dir, "*.json"))
			if err != nil {
				t.Fatal(err)
			}
			var (
				report                 bytes.Buffer
				valid, validComponents int
				invalid, rejected      int
			)
			for _, path := range files {
				base := filepath.Base(path)
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				s, err := Parse(bytes.NewReader(data), base)
				isValid := strings.HasPrefix(base, "valid-")
				switch {
				case isValid && err != nil:
					t.Errorf("%s: got error %v, want none", base, err)
				case err != nil:
					if code := ward.ErrorCode(err); code != ward.EINVALID {
						t.Errorf("%s: got code %q, want %q", base, code, ward.EINVALID)
					}
					fmt.Fprintf(&report, "%s: rejected: %s\n", base, ward.ErrorMessage(err))
				default:
					if s.SpecVersion != tc.dir {
						t.Errorf("%s: got spec version %q, want %q", base, s.SpecVersion, tc.dir)
					}
					fmt.Fprintf(&report, "%s: %d components\n", base, len(s.Components))
				}
				if isValid {
					valid++
					if s != nil {
						validComponents += len(s.Components)
					}
					continue
				}
				invalid++
				if err != nil {
					rejected++
				}
			}
			got := []int{valid, validComponents, invalid, rejected}
			want := []int{tc.valid, tc.validComponents, tc.invalid, tc.rejected}
			for i, what := range []string{"valid files", "components in valid files", "invalid files", "invalid files rejected"} {
				if got[i] != want[i] {
					t.Errorf("%s: got %d, want %d", what, got[i], want[i])
				}
			}
			mustMatchText(t, report.Bytes(), "cyclonedx-"+tc.dir+"-suite.txt")
		})
	}
}

// mustMatchText compares got with the golden file name, or rewrites it
// under -update.
func mustMatchText(tb testing.TB, got []byte, name string) {
	tb.Helper()
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
		tb.Errorf("results differ from %s; run go test ./ingest/sbom -update and review the diff\ngot:\n%s", path, got)
	}
}

// TestParseExamples checks CycloneDX documents that describe something
// other than software: they parse, with what components they have.
func TestParseExamples(t *testing.T) {
	tests := []struct {
		in, name string
		count    int
	}{
		// Services only: the product's components are web services.
		{"bom-examples/SaaSBOM/apigateway-microservices-datastores/bom.json", "Acme Cloud Example", 0},
		// A VEX document: vulnerabilities about components of another BOM.
		{"bom-examples/VEX/vex.json", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s := mustParse(t, tc.in)
			if s.Name != tc.name || len(s.Components) != tc.count {
				t.Errorf("got name %q and %d components, want %q and %d", s.Name, len(s.Components), tc.name, tc.count)
			}
		})
	}
}
