package csaf

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// The schemas are the OASIS CSAF 2.0 JSON schema and the FIRST CVSS schemas
// it references, copied unchanged from oasis-tcs/csaf (csaf_2.0/json_schema
// and csaf_2.0/referenced_schema/first). The *_strict variants forbid
// additional properties; test 6.1.8 uses them.
//
//go:embed schema/*.json
var schemaFS embed.FS

const csafSchemaURL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"

// cvssSchemaURLs maps the URLs the CSAF schema references to the files
// holding them.
var cvssSchemaURLs = map[string]string{
	"https://www.first.org/cvss/cvss-v2.0.json": "cvss-v2.0",
	"https://www.first.org/cvss/cvss-v3.0.json": "cvss-v3.0",
	"https://www.first.org/cvss/cvss-v3.1.json": "cvss-v3.1",
}

type compiledSchemas struct {
	csaf *jsonschema.Schema
	// strict holds the strict CVSS schemas by CVSS version ("2.0", "3.0",
	// "3.1").
	strict map[string]*jsonschema.Schema
}

// noLoader refuses every URL the embedded resources do not cover, so that
// validation never touches the network or the file system.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not embedded", url)
}

var schemas = sync.OnceValues(func() (*compiledSchemas, error) {
	load := func(file string) (any, error) {
		b, err := schemaFS.ReadFile("schema/" + file + ".json")
		if err != nil {
			return nil, err
		}
		return jsonschema.UnmarshalJSON(bytes.NewReader(b))
	}
	newCompiler := func() *jsonschema.Compiler {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		c.UseLoader(noLoader{})
		return c
	}
	c := newCompiler()
	csafDoc, err := load("csaf_json_schema")
	if err != nil {
		return nil, err
	}
	if err := c.AddResource(csafSchemaURL, csafDoc); err != nil {
		return nil, err
	}
	for url, file := range cvssSchemaURLs {
		doc, err := load(file)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(url, doc); err != nil {
			return nil, err
		}
	}
	out := &compiledSchemas{strict: map[string]*jsonschema.Schema{}}
	if out.csaf, err = c.Compile(csafSchemaURL); err != nil {
		return nil, err
	}
	// Each strict schema shares its $id with the lenient one, so each gets
	// a compiler of its own.
	for url, file := range cvssSchemaURLs {
		doc, err := load(file + "_strict")
		if err != nil {
			return nil, err
		}
		sc := newCompiler()
		if err := sc.AddResource(url, doc); err != nil {
			return nil, err
		}
		s, err := sc.Compile(url)
		if err != nil {
			return nil, err
		}
		out.strict[strings.TrimPrefix(file, "cvss-v")] = s
	}
	return out, nil
})

var printer = message.NewPrinter(language.English)

// validateSchema checks inst against the CSAF schema. Violations inside a
// CVSS object are left to test 6.1.8, which checks those objects against
// the strict schemas and names the rule. The error is for a schema that
// does not compile, a bug of this package.
func validateSchema(inst any) ([]Problem, error) {
	s, err := schemas()
	if err != nil {
		return nil, fmt.Errorf("compile CSAF schema: %w", err)
	}
	err = s.csaf.Validate(inst)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	var probs []Problem
	seen := map[Problem]bool{}
	for _, leaf := range leaves(ve) {
		if inCVSS(leaf.InstanceLocation) {
			continue
		}
		probs = appendUnique(probs, seen, Problem{Path: pointer(leaf.InstanceLocation), Rule: "schema", Message: schemaMessage(leaf)})
	}
	if len(probs) == 0 {
		return nil, nil
	}
	return probs, nil
}

// validateCVSS checks one CVSS object against the strict schema of its
// version and returns the violations as 6.1.8 problems under base.
func validateCVSS(version string, obj any, base string) []Problem {
	s, err := schemas()
	if err != nil {
		return []Problem{{Path: base, Rule: "6.1.8", Message: err.Error()}}
	}
	sch := s.strict[version]
	if sch == nil {
		return []Problem{{Path: base + "/version", Rule: "6.1.8", Message: fmt.Sprintf("unknown CVSS version %q", version)}}
	}
	err = sch.Validate(obj)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return nil
	}
	var probs []Problem
	seen := map[Problem]bool{}
	for _, leaf := range leaves(ve) {
		probs = appendUnique(probs, seen, Problem{Path: base + pointer(leaf.InstanceLocation), Rule: "6.1.8", Message: schemaMessage(leaf)})
	}
	return probs
}

// leaves returns the innermost errors of a validation error tree: they
// name the value and keyword at fault, where the outer ones only say
// that some subschema failed.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// inCVSS reports whether loc lies in /vulnerabilities/N/scores/N/cvss_vX.
func inCVSS(loc []string) bool {
	return len(loc) >= 5 && loc[0] == "vulnerabilities" && loc[2] == "scores" &&
		(loc[4] == "cvss_v2" || loc[4] == "cvss_v3")
}

// schemaMessage is the validator's text for one error, shortened: the
// language tag pattern alone is over a thousand characters.
func schemaMessage(e *jsonschema.ValidationError) string {
	msg := e.ErrorKind.LocalizedString(printer)
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return msg
}

// appendUnique appends p unless seen has it: the branches of a oneOf
// often report the same leaf twice.
func appendUnique(probs []Problem, seen map[Problem]bool, p Problem) []Problem {
	if seen[p] {
		return probs
	}
	seen[p] = true
	return append(probs, p)
}

// pointer renders a path as a JSON pointer (RFC 6901).
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
