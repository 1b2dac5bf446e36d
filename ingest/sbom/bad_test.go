package sbom

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// spaces never ends, so the size limit is tested without a 64 MiB buffer
// in the test itself.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// cdx wraps components in a minimal CycloneDX 1.6 document.
func cdx(components string) string {
	return `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[` + components + `]}`
}

func TestParseBad(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		code string
		want string
	}{
		{"empty", strings.NewReader(""), ward.EINVALID, "x.json: empty file; Ward reads CycloneDX JSON 1.4, 1.5, 1.6 and 1.7 and SPDX JSON 2.2 and 2.3"},
		{"blank", strings.NewReader(" \r\n\t"), ward.EINVALID, "x.json: empty file"},
		{"too large", io.MultiReader(strings.NewReader(cdx("")), spaces{}), ward.EINVALID, "x.json: larger than 64 MiB"},
		{"read error", errReader{}, ward.EINTERNAL, "x.json: reading failed"},
		{"cyclonedx xml", strings.NewReader(`<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6">`), ward.EINVALID,
			"x.json: CycloneDX XML is not supported; export the SBOM as CycloneDX JSON. Ward reads"},
		{"spdx rdf", strings.NewReader(`<rdf:RDF xmlns:spdx="http://spdx.org/rdf/terms#">`), ward.EINVALID, "x.json: XML is not supported; Ward reads"},
		{"spdx tag-value", strings.NewReader("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"), ward.EINVALID,
			"x.json: SPDX tag-value is not supported; convert it to SPDX JSON."},
		{"spdx tag-value after comment", strings.NewReader("## Document\nSPDXVersion: SPDX-2.2\n"), ward.EINVALID, "SPDX tag-value is not supported"},
		{"utf-16", strings.NewReader("\xff\xfe{\x00"), ward.EINVALID, "x.json: UTF-16 text is not supported"},
		{"gzip", strings.NewReader("\x1f\x8b\x08\x00"), ward.EINVALID, "x.json: a compressed archive, not an SBOM; unpack it"},
		{"zip", strings.NewReader("PK\x03\x04\x14\x00"), ward.EINVALID, "x.json: a compressed archive"},
		{"json array", strings.NewReader(`[{"bomFormat":"CycloneDX"}]`), ward.EINVALID, "x.json: not a JSON object"},
		{"other json", strings.NewReader(`{"document":{"category":"csaf_security_advisory"}}`), ward.EINVALID,
			"x.json: JSON without bomFormat or spdxVersion is not an SBOM"},
		{"spdx 3", strings.NewReader(`{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}`), ward.EINVALID,
			"x.json: SPDX 3 (JSON-LD) is not supported"},
		{"spdx 2.1", strings.NewReader(`{"spdxVersion":"SPDX-2.1","packages":[]}`), ward.EINVALID, `x.json: spdxVersion: "SPDX-2.1" is not supported; Ward reads`},
		{"cyclonedx 1.3", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.3","components":[]}`), ward.EINVALID,
			`x.json: specVersion: CycloneDX "1.3" is not supported; Ward reads CycloneDX JSON 1.4, 1.5, 1.6 and 1.7`},
		{"cyclonedx 2.0", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"2.0"}`), ward.EINVALID, `CycloneDX "2.0" is not supported`},
		// The version check comes first even when the old document has
		// fields in shapes this package does not expect.
		{"old and odd", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.2","components":[{"name":1}]}`), ward.EINVALID,
			`CycloneDX "1.2" is not supported`},
		{"no spec version", strings.NewReader(`{"bomFormat":"CycloneDX","components":[]}`), ward.EINVALID, "x.json: specVersion: missing"},
		{"no bomFormat", strings.NewReader(`{"specVersion":"1.6","components":[]}`), ward.EINVALID, `x.json: has specVersion but no bomFormat`},
		{"other bomFormat", strings.NewReader(`{"bomFormat":"SWID","specVersion":"1.6"}`), ward.EINVALID, `x.json: bomFormat: "SWID" is not CycloneDX`},
		{"truncated", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a"},{"name":"b"`), ward.EINVALID,
			"x.json:1:83: malformed JSON after components[1].name: unexpected end of JSON input"},
		{"bad character", strings.NewReader("{\"bomFormat\":\"CycloneDX\",\n\"specVersion\":\"1.6\",\n\"components\":[{\"name\":\"a\"},\n{\"name\":\"b\",}]}"),
			ward.EINVALID, "x.json:4:13: malformed JSON after components[1].name: invalid character '}'"},
		{"trailing data", strings.NewReader(cdx(``) + "x"), ward.EINVALID, "malformed JSON: invalid character 'x' after top-level value"},
		{"number version", strings.NewReader(cdx(`{"name":"a"},{"name":"b","version":1.2}`)), ward.EINVALID,
			"x.json:1:95: components[1].version: got a JSON number, want a string"},
		{"string supplier", strings.NewReader(cdx(`{"name":"a","components":[{"name":"b","supplier":"Acme"}]}`)), ward.EINVALID,
			"components[0].components[0].supplier: got a JSON string, want an object"},
		{"object components", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":{}}`), ward.EINVALID,
			"x.json:1:59: components: got a JSON object, want an array"},
		{"number spec version", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":1.6}`), ward.EINVALID,
			"specVersion: got a JSON number, want a string"},
		{"nameless component", strings.NewReader(cdx(`{"name":"a"},{"type":"library","name":" "}`)), ward.EINVALID,
			"x.json: components[1].name: empty; every component needs a name"},
		{"nameless nested component", strings.NewReader(cdx(`{"name":"a","components":[{"name":"b"},{"version":"1"}]}`)), ward.EINVALID,
			"x.json: components[0].components[1].name: empty"},
		{"nameless product part", strings.NewReader(`{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"name":"p","components":[{}]}}}`),
			ward.EINVALID, "x.json: metadata.component.components[0].name: empty"},
		{"nameless package", strings.NewReader(`{"spdxVersion":"SPDX-2.3","packages":[{"SPDXID":"SPDXRef-a","name":"a"},{"SPDXID":"SPDXRef-b"}]}`),
			ward.EINVALID, "x.json: packages[1].name: empty; every package needs a name"},
		{"number locator", strings.NewReader(`{"spdxVersion":"SPDX-2.3","packages":[{"name":"a","externalRefs":[{"referenceType":"purl","referenceLocator":7}]}]}`),
			ward.EINVALID, "packages[0].externalRefs[0].referenceLocator: got a JSON number, want a string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mustFail(t, tc.in, tc.code, tc.want)
		})
	}
}

// mustFail checks that Parse rejects in with code and a message that
// contains want.
func mustFail(tb testing.TB, in io.Reader, code, want string) {
	tb.Helper()
	got, err := Parse(in, "x.json")
	if err == nil {
		tb.Fatalf("got %d components and no error, want an error containing %q", len(got.Components), want)
	}
	if got != nil {
		tb.Errorf("got an SBOM with the error, want none")
	}
	var we *ward.Error
	if !errors.As(err, &we) {
		tb.Errorf("got error type %T, want *ward.Error", err)
	}
	if c := ward.ErrorCode(err); c != code {
		tb.Errorf("got code %q, want %q", c, code)
	}
	if msg := ward.ErrorMessage(err); !strings.Contains(msg, want) {
		tb.Errorf("got message %q, want it to contain %q", msg, want)
	}
}

// TestParseOldExamples checks real documents of versions Parse does not
// read: they must fail with the version message, not a decoding error.
func TestParseOldExamples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bom-examples/SBOM/cern-lhc-vdm-editor-e564943/bom.json", `specVersion: CycloneDX "1.2" is not supported`},
		{"bom-examples/VEX/bom.json", `specVersion: CycloneDX "1.3" is not supported`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			f, err := os.Open(filepath.Join(fixtures, tc.in))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			mustFail(t, f, ward.EINVALID, tc.want)
		})
	}
}
