package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

// FuzzParse feeds Parse arbitrary bytes: SBOMs come from vendors and
// uploads, so no input may panic, and what Parse accepts must hold up.
// The seeds are small on purpose: the fuzzer spends up to a minute
// minimizing each new input, which on a 60 KiB seed such as the medical
// SBOMs stalls a short run.
func FuzzParse(f *testing.F) {
	for _, path := range []string{
		"bom-examples/HBOM/PCIe-SATA-adapter-board/bom.json",
		"cyclonedx/1.6/valid-component-ref-1.6.json",
		"cyclonedx/1.7/valid-component-external-with-versionRange.json",
	} {
		data, err := os.ReadFile(filepath.Join(fixtures, path))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		cdx(`{"name":"a","components":[{"name":"b","supplier":{"name":"S"}}]}`),
		`{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"name":"p","components":[{"name":"q"}]}}}`,
		spdx(`{"SPDXID":"SPDXRef-a","name":"a","supplier":"Organization: A (a@b)"},`+
			`{"SPDXID":"SPDXRef-b","name":"b","versionInfo":"1.0","originator":"Person: B ()","primaryPackagePurpose":"OPERATING_SYSTEM",`+
			`"externalRefs":[{"referenceType":"cpe23Type","referenceLocator":"cpe:2.3:a:b:b:1.0:*:*:*:*:*:*:*"},`+
			`{"referenceType":"purl","referenceLocator":"pkg:generic/b@1.0"}]}`,
			`{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-a"},`+
				`{"spdxElementId":"SPDXRef-b","relationshipType":"CONTAINED_BY","relatedSpdxElement":"SPDXRef-a"}`),
		`{"spdxVersion":"SPDX-2.2","documentDescribes":["SPDXRef-a"],"packages":[{"SPDXID":"SPDXRef-a","name":"a"}]}`,
		`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"name":"a"},{"name":"b","version":1.2}]}`,
		"SPDXVersion: SPDX-2.3\n",
		`<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>`,
		"\xef\xbb\xbf{}",
		`{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			var we *ward.Error
			if !errors.As(err, &we) || we.Code != ward.EINVALID {
				t.Fatalf("got error %#v, want a *ward.Error with code %q", err, ward.EINVALID)
			}
			if s != nil {
				t.Fatalf("got an SBOM with error %v, want none", err)
			}
			if !strings.HasPrefix(we.Message, "fuzz.json") {
				t.Fatalf("got message %q, want it to name the file", we.Message)
			}
			return
		}
		if s.Format != ward.SBOMCycloneDX && s.Format != ward.SBOMSPDX {
			t.Fatalf("got format %q, want %q or %q", s.Format, ward.SBOMCycloneDX, ward.SBOMSPDX)
		}
		if s.Components == nil {
			t.Fatal("got nil components, want an empty list")
		}
		seen := map[ward.Component]bool{}
		for i, c := range s.Components {
			if isBlank(c.Name) {
				t.Fatalf("component %d: got a blank name, want the error for it", i)
			}
			if seen[c] {
				t.Fatalf("component %d: got %+v twice, want it once", i, c)
			}
			seen[c] = true
		}
	})
}

// largeCycloneDX returns a CycloneDX 1.6 SBOM with n components shaped
// like a real generator's output: every fifth one nested in the one
// before, each with hashes and licenses that Parse skips.
func largeCycloneDX(tb testing.TB, n int) []byte {
	tb.Helper()
	type comp struct {
		BOMRef     string              `json:"bom-ref"`
		Type       string              `json:"type"`
		Supplier   map[string]string   `json:"supplier"`
		Name       string              `json:"name"`
		Version    string              `json:"version"`
		Hashes     []map[string]string `json:"hashes"`
		Licenses   []map[string]any    `json:"licenses"`
		CPE        string              `json:"cpe"`
		PURL       string              `json:"purl"`
		Components []*comp             `json:"components,omitempty"`
	}
	var top []*comp
	for i := range n {
		name := fmt.Sprintf("lib%05d", i)
		c := &comp{
			BOMRef:   fmt.Sprintf("pkg:npm/%s@1.%d.0", name, i%17),
			Type:     "library",
			Supplier: map[string]string{"name": fmt.Sprintf("Vendor %d", i%97)},
			Name:     name,
			Version:  fmt.Sprintf("1.%d.0", i%17),
			Hashes:   []map[string]string{{"alg": "SHA-256", "content": strings.Repeat(fmt.Sprintf("%02x", i%256), 32)}},
			Licenses: []map[string]any{{"license": map[string]string{"id": "MIT"}}},
			CPE:      fmt.Sprintf("cpe:2.3:a:vendor%d:%s:1.%d.0:*:*:*:*:*:*:*", i%97, name, i%17),
			PURL:     fmt.Sprintf("pkg:npm/%s@1.%d.0", name, i%17),
		}
		if i%5 == 4 {
			top[len(top)-1].Components = append(top[len(top)-1].Components, c)
			continue
		}
		top = append(top, c)
	}
	doc := map[string]any{
		"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
		"serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
		"metadata":     map[string]any{"component": map[string]string{"type": "device", "name": "Infusion pump"}},
		"components":   top,
	}
	data, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func BenchmarkParseLarge(b *testing.B) {
	const n = 5000
	data := largeCycloneDX(b, n)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := Parse(bytes.NewReader(data), "large.json")
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Components) != n {
			b.Fatalf("got %d components, want %d", len(s.Components), n)
		}
	}
}

func BenchmarkParseMedical(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtures, "medical/extended.sbom.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data), "extended.sbom.json"); err != nil {
			b.Fatal(err)
		}
	}
}
