// Package csaf reads CSAF 2.0 advisories (CISA ICSMA, vendor PSIRTs) into
// ward.Advisory values.
//
// A document is accepted only after it passes the CSAF 2.0 JSON schema and
// the mandatory tests of section 6.1 of the specification; Validate reports
// every problem it finds, Parse refuses a document with any problem that is
// not on the short list of rules tolerated on import (see lenientRules).
// The package does no I/O beyond the reader it is given.
package csaf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"ward"
)

// MaxSize is the largest document Parse and Validate accept, in bytes. The
// largest real advisories are a few megabytes (Red Hat's with thousands of
// products); anything far beyond is more likely an attack than an advisory.
const MaxSize = 32 << 20

// Problem is one way a document breaks CSAF 2.0: a JSON syntax error, a
// schema violation or a failed mandatory test.
type Problem struct {
	// File is the name the caller gave the document.
	File string `json:"file"`
	// Path is the JSON pointer of the offending value ("" for the whole
	// document), as in /vulnerabilities/0/product_status/known_affected/2.
	Path string `json:"path"`
	// Rule is the number of the mandatory test ("6.1.1", "6.1.27.9"), or
	// "schema", "json" or "size" for problems found before the tests run.
	Rule    string `json:"rule"`
	Message string `json:"message"`
	// Lenient marks a problem of a rule an import may be told to
	// tolerate (see Tolerable); Parse still refuses it.
	Lenient bool `json:"lenient,omitempty"`
}

// RuleName returns the rule with its title, such as "6.1.1 Missing
// Definition of Product ID", or the title alone for the checks that are
// not numbered tests ("JSON Schema").
func (p Problem) RuleName() string {
	t, ok := ruleTitles[p.Rule]
	switch {
	case !ok:
		return p.Rule
	case strings.HasPrefix(p.Rule, "6."):
		return p.Rule + " " + t
	default:
		return t
	}
}

// String formats the problem as "file: path: rule title: message".
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File + ": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.RuleName())
	if p.Message != "" {
		b.WriteString(": " + p.Message)
	}
	return b.String()
}

// Problems is the cause attached to the EINVALID error of Parse: every
// problem that made it refuse the document. Get it with errors.As.
type Problems []Problem

// Error summarizes the list; the error's message already names the first
// problems in full.
func (ps Problems) Error() string {
	if len(ps) == 1 {
		return "1 CSAF problem"
	}
	return fmt.Sprintf("%d CSAF problems", len(ps))
}

// maxListed bounds how many problems the user-visible message spells out,
// so a document with thousands of bad references gives a readable error.
const maxListed = 5

// Parse reads one CSAF 2.0 JSON document from r, validates it and maps it
// to an Advisory with Source ward.SourceCSAF. The name (a file name or URL)
// prefixes every message. It returns EINVALID naming the file, the JSON
// path and the rule when the document is larger than MaxSize, is not JSON,
// breaks the schema or fails a mandatory test; the cause is a Problems
// list. A failing r yields EINTERNAL. Nothing partial is returned on error.
func Parse(r io.Reader, name string) (*ward.Advisory, error) {
	return ParseTolerating(r, name, nil)
}

// ParseTolerating is Parse that imports a document failing only the
// mandatory tests listed in tolerate (by number, e.g. "6.1.11"). Only the
// rules in Tolerable may be listed; others are still enforced.
func ParseTolerating(r io.Reader, name string, tolerate []string) (*ward.Advisory, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "%s: read CSAF document", name)
	}
	probs, doc := validate(data, name)
	var blocking Problems
	for _, p := range probs {
		if !p.Lenient || !slices.Contains(tolerate, p.Rule) {
			blocking = append(blocking, p)
		}
	}
	if len(blocking) > 0 {
		return nil, problemsError(blocking)
	}
	if doc == nil {
		// Only blocking problems leave the document undecoded; reaching
		// here means a tolerable rule is one that stops decoding.
		return nil, ward.Errorf(ward.EINTERNAL, "%s: CSAF document accepted but not decoded", name)
	}
	a, err := toAdvisory(doc)
	if err != nil {
		var pe *pathError
		if !errors.As(err, &pe) {
			return nil, ward.WrapError(ward.EINTERNAL, err, "%s: map CSAF document", name)
		}
		return nil, problemsError(Problems{{File: name, Path: pe.path, Rule: "schema", Message: pe.err.Error()}})
	}
	sum := sha256.Sum256(data)
	a.SHA256 = hex.EncodeToString(sum[:])
	return a, nil
}

func problemsError(ps Problems) error {
	var msgs []string
	for i, p := range ps {
		if i == maxListed {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(ps)-maxListed))
			break
		}
		msgs = append(msgs, p.String())
	}
	return &ward.Error{Code: ward.EINVALID, Message: strings.Join(msgs, "; "), Err: ps}
}

// Validate checks doc against the CSAF 2.0 JSON schema and all mandatory
// tests (6.1.1 to 6.1.33) and returns every problem found, each naming
// name, the JSON path and the rule; nil means the document is valid. The
// mandatory tests run even when the schema fails, as long as the document
// decodes, so one run reports as much as possible.
func Validate(doc []byte, name string) []Problem {
	probs, _ := validate(doc, name)
	return probs
}

// validate is Validate that also returns the decoded document, or nil when
// it does not decode.
func validate(doc []byte, name string) ([]Problem, *csafDoc) {
	if len(doc) > MaxSize {
		return []Problem{{File: name, Rule: "size", Message: fmt.Sprintf("document is larger than %d MiB", MaxSize>>20)}}, nil
	}
	doc = trimBOM(doc)
	inst, err := parseJSON(doc)
	if err != nil {
		return []Problem{{File: name, Rule: "json", Message: err.Error()}}, nil
	}
	probs, err := validateSchema(inst)
	if err != nil {
		return []Problem{{File: name, Rule: "schema", Message: err.Error()}}, nil
	}
	d := new(csafDoc)
	if err := json.Unmarshal(doc, d); err != nil {
		d = nil
		if len(probs) == 0 {
			probs = append(probs, Problem{Rule: "json", Message: err.Error()})
		}
	} else {
		probs = append(probs, checkDates(d)...)
		probs = append(probs, runMandatory(d)...)
	}
	for i := range probs {
		probs[i].File = name
		probs[i].Lenient = lenientRules[probs[i].Rule]
	}
	return probs, d
}

// parseJSON decodes doc into the generic form the schema validator wants,
// with numbers kept exact, and turns syntax errors into a message with the
// byte offset.
func parseJSON(doc []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return v, nil
}

// trimBOM drops a UTF-8 byte-order mark, which Windows tools write and
// encoding/json rejects; RFC 8259 lets parsers ignore it.
func trimBOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
}
