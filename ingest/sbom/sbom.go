// Package sbom reads software bills of materials in CycloneDX JSON (spec
// 1.4 to 1.7) and SPDX JSON (2.2 and 2.3) into ward.SBOM values, so that
// the components a vendor lists for a medical device can be matched
// against advisories.
//
// Only the fields Ward matches on are read: name, version, supplier, CPE,
// package URL, type and the document's own identifier of each component.
// Everything else (licenses, hashes, the dependency graph, services,
// vulnerabilities, signatures) is skipped unread, so a document that is
// valid but uses parts of a schema we do not model still imports.
//
// The product the document describes (CycloneDX metadata.component, the
// SPDX packages the document DESCRIBES) is not a component of itself and
// is left out; its nested CycloneDX components are its parts and are kept.
// Nested CycloneDX components are flattened depth first, in document
// order. A component repeated with identical fields, its document
// reference included, is listed once.
package sbom

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"ward"
)

// MaxBytes is the largest document Parse accepts. Real device SBOMs are
// well under a megabyte; the limit only stops a wrong or hostile upload
// from eating memory.
const MaxBytes = 64 << 20

// supported is appended to every "not supported" message so the user
// knows what to export instead.
const supported = "Ward reads CycloneDX JSON 1.4, 1.5, 1.6 and 1.7 and SPDX JSON 2.2 and 2.3"

// document is the top level of both formats. The two share no field names,
// so one struct lets Parse decode the input once and only then look at
// which format it was.
type document struct {
	cdxDocument
	spdxDocument
	// Context marks SPDX 3, which is JSON-LD and has no spdxVersion.
	Context json.RawMessage `json:"@context"`
}

// Parse reads one SBOM document from r. name labels error messages, for
// example "pump.cdx.json: components[3].name: empty". It returns EINVALID
// for input larger than MaxBytes, for anything but CycloneDX JSON 1.4-1.7
// and SPDX JSON 2.2-2.3 (the message says which formats are supported),
// for malformed JSON and fields of the wrong JSON type (naming the JSON
// path), and for components without a name. It returns EINTERNAL when
// reading r fails.
func Parse(r io.Reader, name string) (*ward.SBOM, error) {
	if name == "" {
		name = "input"
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: reading failed", name)
	}
	if len(data) > MaxBytes {
		return nil, ward.Errorf(ward.EINVALID, "%s: larger than %d MiB; not an SBOM?", name, MaxBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := sniff(name, data); err != nil {
		return nil, err
	}

	var doc document
	decodeErr := json.Unmarshal(data, &doc)
	var syn *json.SyntaxError
	if errors.As(decodeErr, &syn) {
		return nil, syntaxError(name, data, syn)
	}
	// A type error deep inside still leaves the top level decoded, and an
	// unsupported format or version is the more useful message.
	format, err := detect(name, &doc)
	switch {
	case err != nil:
		return nil, err
	case decodeErr != nil:
		return nil, decodeError(name, data, decodeErr)
	case format == "":
		return nil, notSBOM(name, &doc)
	}
	if format == ward.SBOMSPDX {
		return doc.spdxDocument.convert(name)
	}
	return doc.cdxDocument.convert(name)
}

// detect returns the format of doc, EINVALID for a format or version Ward
// does not read, and "" when doc names no format at all.
func detect(name string, doc *document) (string, error) {
	switch {
	case doc.BOMFormat != "":
		if doc.BOMFormat != "CycloneDX" {
			return "", ward.Errorf(ward.EINVALID, "%s: bomFormat: %q is not CycloneDX; %s", name, doc.BOMFormat, supported)
		}
		if doc.SpecVersion != "" && !cdxVersions[doc.SpecVersion] {
			return "", ward.Errorf(ward.EINVALID, "%s: specVersion: CycloneDX %q is not supported; %s", name, doc.SpecVersion, supported)
		}
		return ward.SBOMCycloneDX, nil
	case doc.SPDXVersion != "":
		if !spdxVersions[doc.SPDXVersion] {
			return "", ward.Errorf(ward.EINVALID, "%s: spdxVersion: %q is not supported; %s", name, doc.SPDXVersion, supported)
		}
		return ward.SBOMSPDX, nil
	}
	return "", nil
}

// notSBOM explains why a JSON document without a known format marker is
// not read.
func notSBOM(name string, doc *document) error {
	switch {
	case doc.SpecVersion != "":
		return ward.Errorf(ward.EINVALID, `%s: has specVersion but no bomFormat; a CycloneDX document needs "bomFormat": "CycloneDX". %s`, name, supported)
	case bytes.Contains(doc.Context, []byte("spdx")):
		return ward.Errorf(ward.EINVALID, "%s: SPDX 3 (JSON-LD) is not supported; %s", name, supported)
	}
	return ward.Errorf(ward.EINVALID, "%s: JSON without bomFormat or spdxVersion is not an SBOM; %s", name, supported)
}

// sniff rejects the inputs that are SBOMs but not JSON with a message that
// says what they are, before the JSON decoder reports a puzzling syntax
// error on their first byte.
func sniff(name string, data []byte) error {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return ward.Errorf(ward.EINVALID, "%s: UTF-16 text is not supported; save the SBOM as UTF-8 JSON. %s", name, supported)
	}
	if bytes.HasPrefix(data, []byte("\x1f\x8b")) || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ward.Errorf(ward.EINVALID, "%s: a compressed archive, not an SBOM; unpack it and import the JSON file inside. %s", name, supported)
	}
	text := bytes.TrimLeft(data, " \t\r\n")
	if len(text) == 0 {
		return ward.Errorf(ward.EINVALID, "%s: empty file; %s", name, supported)
	}
	head := text[:min(len(text), 4096)]
	switch {
	case text[0] == '<' && bytes.Contains(head, []byte("cyclonedx")):
		return ward.Errorf(ward.EINVALID, "%s: CycloneDX XML is not supported; export the SBOM as CycloneDX JSON. %s", name, supported)
	case text[0] == '<':
		return ward.Errorf(ward.EINVALID, "%s: XML is not supported; %s", name, supported)
	case bytes.HasPrefix(text, []byte("SPDXVersion:")) || bytes.Contains(head, []byte("\nSPDXVersion:")):
		return ward.Errorf(ward.EINVALID, "%s: SPDX tag-value is not supported; convert it to SPDX JSON. %s", name, supported)
	case text[0] != '{':
		return ward.Errorf(ward.EINVALID, "%s: not a JSON object; %s", name, supported)
	}
	return nil
}

// collector gathers the components of one document in order and drops
// repeats.
type collector struct {
	list []ward.Component
	seen map[ward.Component]bool
}

// add trims comp's fields and appends it unless an identical component is
// already there. Identical includes Ref: bom-refs and SPDXIDs are unique
// in a valid document, so this drops only repeats that carry no reference
// or the same one; entries with their own references (the same library in
// two subassemblies, CBOM assets that differ only in fields Ward does not
// read) stay apart, so each finding can still point at its own entry.
func (c *collector) add(comp ward.Component) {
	comp = ward.Component{
		Name:     strings.TrimSpace(comp.Name),
		Version:  strings.TrimSpace(comp.Version),
		Supplier: strings.TrimSpace(comp.Supplier),
		CPE:      strings.TrimSpace(comp.CPE),
		PURL:     strings.TrimSpace(comp.PURL),
		Type:     strings.TrimSpace(comp.Type),
		Ref:      strings.TrimSpace(comp.Ref),
	}
	if c.seen[comp] {
		return
	}
	if c.seen == nil {
		c.seen = map[ward.Component]bool{}
	}
	c.seen[comp] = true
	c.list = append(c.list, comp)
}

// components returns the collected list, never nil, so an SBOM without
// components still encodes as "components": [].
func (c *collector) components() []ward.Component {
	if c.list == nil {
		return []ward.Component{}
	}
	return c.list
}
