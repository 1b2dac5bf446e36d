package csaf

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"ward"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		code string
		want string // prefix of the error message
	}{
		{"not JSON", []byte(`{"document": `), ward.EINVALID, "bad.json: JSON Syntax: invalid JSON"},
		{"trailing data", []byte(baseDoc + `{}`), ward.EINVALID, "bad.json: JSON Syntax: invalid JSON: data after"},
		{"array", []byte(`[]`), ward.EINVALID, "bad.json: JSON Schema: got array, want object"},
		{"missing title", bytes.Replace([]byte(baseDoc), []byte(`"title": "Test",`), nil, 1), ward.EINVALID,
			"bad.json: /document: JSON Schema: missing property 'title'"},
		{"mandatory test", mustDoc(t, nil, `{"product_tree": {`+fpn("A")+`}, "vulnerabilities": [{"product_status": {"known_affected": ["A", "Z"]}}]}`),
			ward.EINVALID, "bad.json: /vulnerabilities/0/product_status/known_affected/1: 6.1.1 Missing Definition of Product ID: Z is not defined"},
		{"leap second", bytes.Replace([]byte(baseDoc), []byte(`"initial_release_date": "2024-01-02T03:04:05Z"`), []byte(`"initial_release_date": "2016-12-31T23:59:60Z"`), 1),
			ward.EINVALID, "bad.json: /document/tracking/initial_release_date: JSON Schema:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(bytes.NewReader(tt.doc), "bad.json")
			if a != nil {
				t.Errorf("got advisory %+v, want nil", a)
			}
			if got := ward.ErrorCode(err); got != tt.code {
				t.Fatalf("got code %q (%v), want %q", got, err, tt.code)
			}
			msg := ward.ErrorMessage(err)
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("got %q, want prefix %q", msg, tt.want)
			}
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Errorf("got cause %T, want Problems", errors.Unwrap(err))
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	r := io.MultiReader(strings.NewReader(baseDoc), strings.NewReader(strings.Repeat(" ", MaxSize)))
	_, err := Parse(r, "big.json")
	if got := ward.ErrorCode(err); got != ward.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	if want := "big.json: Document Size: document is larger than 32 MiB"; ward.ErrorMessage(err) != want {
		t.Errorf("got %q, want %q", ward.ErrorMessage(err), want)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseReadError(t *testing.T) {
	_, err := Parse(failingReader{}, "x.json")
	if got := ward.ErrorCode(err); got != ward.EINTERNAL {
		t.Errorf("got %q (%v), want %q", got, err, ward.EINTERNAL)
	}
}

// TestParseTolerating checks that a tolerable rule refuses the document
// by default and lets it import only when the caller tolerates it, while
// Validate still reports it.
func TestParseTolerating(t *testing.T) {
	doc := mustDoc(t, nil, `{"vulnerabilities": [{"cve": "CVE-2024-0001", "cwe": {"id": "CWE-79", "name": "Improper Input Validation"}}]}`)
	if _, err := Parse(bytes.NewReader(doc), "lenient.json"); ward.ErrorCode(err) != ward.EINVALID ||
		!strings.Contains(ward.ErrorMessage(err), "6.1.11 CWE") {
		t.Errorf("Parse: got %v, want EINVALID naming 6.1.11", err)
	}
	if _, err := ParseTolerating(bytes.NewReader(doc), "lenient.json", []string{"6.1.8"}); err == nil {
		t.Error("ParseTolerating another rule: got nil error, want 6.1.11 refused")
	}
	a, err := ParseTolerating(bytes.NewReader(doc), "lenient.json", Tolerable)
	if err != nil {
		t.Fatalf("ParseTolerating: got %v, want nil", err)
	}
	if got := a.CVEs(); len(got) != 1 || got[0] != "CVE-2024-0001" {
		t.Errorf("got CVEs %v, want [CVE-2024-0001]", got)
	}
	probs := Validate(doc, "lenient.json")
	if len(probs) != 1 || probs[0].Rule != "6.1.11" || !probs[0].Lenient {
		t.Errorf("got %+v, want one lenient 6.1.11 problem", probs)
	}
}

func TestParseMapping(t *testing.T) {
	doc := mustDoc(t, map[string]any{
		"category": "csaf_security_advisory",
		"notes": []any{
			map[string]any{"category": "description", "text": "Long description."},
			map[string]any{"category": "summary", "text": "Short summary."},
		},
		"references": []any{
			map[string]any{"category": "external", "url": "https://example.com/other", "summary": "Other"},
			map[string]any{"category": "self", "url": "https://example.com/csaf.json", "summary": "JSON"},
		},
	}, branchTree("2.1"))
	// A security advisory needs vulnerabilities with notes and statuses.
	doc = bytes.Replace(doc, []byte(`"product_tree"`), []byte(`"vulnerabilities": [{"cve": "CVE-2024-0002", "notes": [{"category": "summary", "text": "x"}],
		"product_status": {"last_affected": ["CSAFPID-1"], "known_affected": ["CSAFPID-1"]}}], "product_tree"`), 1)
	a, err := Parse(bytes.NewReader(doc), "map.json")
	if err != nil {
		t.Fatalf("Parse: got %v, want nil", err)
	}
	checks := []struct{ field, got, want string }{
		{"Source", a.Source, ward.SourceCSAF},
		{"TrackingID", a.TrackingID, "WARD-TEST-1"},
		{"Summary", a.Summary, "Short summary."},
		{"URL", a.URL, "https://example.com/csaf.json"},
		{"Published", a.Published.String(), "2024-01-02 03:04:05 +0000 UTC"},
		{"Product", a.Products[0].Vendor + "|" + a.Products[0].Name + "|" + a.Products[0].Version, "V|P|2.1"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.field, c.got, c.want)
		}
	}
	if got := a.Vulnerabilities[0].Statuses; len(got) != 1 || got[0].Status != ward.ProductAffected {
		t.Errorf("statuses: got %+v, want one known_affected", got)
	}
	if len(a.SHA256) != 64 {
		t.Errorf("SHA256: got %q, want 64 hex digits", a.SHA256)
	}
}
