package sbom

import (
	"reflect"
	"strings"
	"testing"

	"ward"
)

// spdx wraps packages and relationships in a minimal SPDX 2.3 document.
func spdx(packages, relationships string) string {
	return `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"pump-fw","documentNamespace":"https://example.com/pump",` +
		`"packages":[` + packages + `],"relationships":[` + relationships + `]}`
}

func TestParseCases(t *testing.T) {
	const (
		pkgRoot = `{"SPDXID":"SPDXRef-root","name":"Pump firmware","versionInfo":"4.2"}`
		pkgLib  = `{"SPDXID":"SPDXRef-lib","name":"zlib","versionInfo":"1.2.13"}`
		desc    = `{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-root"}`
	)
	lib := ward.Component{Name: "zlib", Version: "1.2.13", Ref: "SPDXRef-lib"}
	root := ward.Component{Name: "Pump firmware", Version: "4.2", Ref: "SPDXRef-root"}
	tests := []struct {
		name string
		in   string
		want []ward.Component
	}{
		{"no components", cdx(``), []ward.Component{}},
		{"fields", cdx(`{"bom-ref":"r1","type":"library","name":" zlib ","version":"1.2.13","supplier":{"name":"zlib project"},` +
			`"cpe":"cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*","purl":"pkg:generic/zlib@1.2.13","licenses":[{"expression":"Zlib"}]}`),
			[]ward.Component{{Name: "zlib", Version: "1.2.13", Supplier: "zlib project", CPE: "cpe:2.3:a:zlib:zlib:1.2.13:*:*:*:*:*:*:*",
				PURL: "pkg:generic/zlib@1.2.13", Type: "library", Ref: "r1"}}},
		{"supplier before manufacturer before publisher", cdx(`{"name":"a","publisher":"P","manufacturer":{"name":"M"},"supplier":{"name":"S"}},` +
			`{"name":"b","publisher":"P","manufacturer":{"name":"M"}},{"name":"c","publisher":"P","supplier":{"name":" "}}`),
			[]ward.Component{{Name: "a", Supplier: "S"}, {Name: "b", Supplier: "M"}, {Name: "c", Supplier: "P"}}},
		{"nested depth first", cdx(`{"name":"a","components":[{"name":"a1","components":[{"name":"a11"}]},{"name":"a2"}]},{"name":"b"}`),
			[]ward.Component{{Name: "a"}, {Name: "a1"}, {Name: "a11"}, {Name: "a2"}, {Name: "b"}}},
		{"identical repeat dropped", cdx(`{"name":"a","version":"1"},{"name":"a","version":"1"},{"name":"a","version":"2"}`),
			[]ward.Component{{Name: "a", Version: "1"}, {Name: "a", Version: "2"}}},
		{"repeat with its own ref kept", cdx(`{"bom-ref":"x","name":"a"},{"bom-ref":"y","name":"a"},{"bom-ref":"x","name":"a"}`),
			[]ward.Component{{Name: "a", Ref: "x"}, {Name: "a", Ref: "y"}}},
		{"product left out, its parts kept",
			`{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"bom-ref":"p","type":"device","name":"Pump",` +
				`"components":[{"name":"bootloader","type":"firmware"}]}},"components":[{"name":"zlib"}]}`,
			[]ward.Component{{Name: "bootloader", Type: "firmware"}, {Name: "zlib"}}},
		{"product also listed as a component",
			`{"bomFormat":"CycloneDX","specVersion":"1.7","metadata":{"component":{"bom-ref":"p","type":"device","name":"Pump"}},` +
				`"components":[{"bom-ref":"p","type":"device","name":"Pump"},{"name":"zlib"}]}`,
			[]ward.Component{{Name: "Pump", Type: "device", Ref: "p"}, {Name: "zlib"}}},
		{"metadata tools are not components",
			`{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"tools":{"components":[{"type":"application","name":"cdxgen"}]}},` +
				`"components":[{"name":"zlib"}]}`,
			[]ward.Component{{Name: "zlib"}}},
		{"spdx described root left out", spdx(pkgRoot+","+pkgLib, desc), []ward.Component{lib}},
		{"spdx 2.2 documentDescribes", `{"spdxVersion":"SPDX-2.2","documentDescribes":["SPDXRef-root"],"packages":[` + pkgRoot + "," + pkgLib + `]}`,
			[]ward.Component{lib}},
		{"spdx DESCRIBED_BY", spdx(pkgRoot+","+pkgLib, `{"spdxElementId":"SPDXRef-root","relationshipType":"DESCRIBED_BY","relatedSpdxElement":"SPDXRef-DOCUMENT"}`),
			[]ward.Component{lib}},
		{"spdx described root contained by a listed package", spdx(pkgRoot+","+pkgLib,
			desc+`,{"spdxElementId":"SPDXRef-lib","relationshipType":"CONTAINS","relatedSpdxElement":"SPDXRef-root"}`),
			[]ward.Component{root, lib}},
		{"spdx described root depends on itself", spdx(pkgRoot+","+pkgLib,
			desc+`,{"spdxElementId":"SPDXRef-root","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-root"}`),
			[]ward.Component{lib}},
		{"spdx nothing described", spdx(pkgRoot+","+pkgLib, ``), []ward.Component{root, lib}},
		{"spdx identifiers", spdx(`{"SPDXID":"SPDXRef-o","name":"openssl","versionInfo":"NOASSERTION","primaryPackagePurpose":"OPERATING_SYSTEM",`+
			`"externalRefs":[{"referenceCategory":"SECURITY","referenceType":"cpe22Type","referenceLocator":"cpe:/a:openssl:openssl:3.0.1"},`+
			`{"referenceCategory":"SECURITY","referenceType":"cpe23Type","referenceLocator":"cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*"},`+
			`{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:deb/debian/openssl@3.0.1"}]},`+
			`{"SPDXID":"SPDXRef-z","name":"zlib","externalRefs":[{"referenceType":"cpe22Type","referenceLocator":"cpe:/a:zlib:zlib:1.2.13"}]}`, ``),
			[]ward.Component{{Name: "openssl", CPE: "cpe:2.3:a:openssl:openssl:3.0.1:*:*:*:*:*:*:*", PURL: "pkg:deb/debian/openssl@3.0.1",
				Type: "operating-system", Ref: "SPDXRef-o"}, {Name: "zlib", CPE: "cpe:/a:zlib:zlib:1.2.13", Ref: "SPDXRef-z"}}},
		{"spdx suppliers", spdx(`{"SPDXID":"a","name":"a","supplier":"Organization: Acme Medical (psirt@acme.example)"},`+
			`{"SPDXID":"b","name":"b","supplier":"NOASSERTION","originator":"Person: Jane Doe ()"},`+
			`{"SPDXID":"c","name":"c","supplier":"Organization: Acme (Europe) GmbH"},`+
			`{"SPDXID":"d","name":"d","supplier":"Organization: Acme (Europe)"},`+
			`{"SPDXID":"e","name":"e","supplier":"NOASSERTION","originator":"NONE"}`, ``),
			[]ward.Component{{Name: "a", Supplier: "Acme Medical", Ref: "a"}, {Name: "b", Supplier: "Jane Doe", Ref: "b"},
				{Name: "c", Supplier: "Acme (Europe) GmbH", Ref: "c"}, {Name: "d", Supplier: "Acme (Europe)", Ref: "d"}, {Name: "e", Ref: "e"}}},
		{"utf-8 byte order mark", "\xef\xbb\xbf" + cdx(`{"name":"a"}`), []ward.Component{{Name: "a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tc.in), "x.json")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(s.Components, tc.want) {
				t.Errorf("got components\n%+v\nwant\n%+v", s.Components, tc.want)
			}
		})
	}
}

func TestParseDocument(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ward.SBOM
	}{
		{"cyclonedx", `{"bomFormat":"CycloneDX","specVersion":"1.5","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",` +
			`"version":3,"metadata":{"component":{"type":"device","name":"Infusion pump","version":"4.2"}}}`,
			ward.SBOM{Format: ward.SBOMCycloneDX, SpecVersion: "1.5", Name: "Infusion pump", Serial: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
				Components: []ward.Component{}}},
		{"cyclonedx without metadata", cdx(``), ward.SBOM{Format: ward.SBOMCycloneDX, SpecVersion: "1.6", Components: []ward.Component{}}},
		{"spdx", spdx(``, ``), ward.SBOM{Format: ward.SBOMSPDX, SpecVersion: "2.3", Name: "pump-fw", Serial: "https://example.com/pump",
			Components: []ward.Component{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tc.in), "x.json")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(*s, tc.want) {
				t.Errorf("got %+v, want %+v", *s, tc.want)
			}
		})
	}
}
