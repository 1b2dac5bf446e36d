package csaf

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// baseDoc is the smallest valid CSAF document: the CSAF Base profile with
// one revision.
const baseDoc = `{"document": {
  "category": "csaf_base", "csaf_version": "2.0", "title": "Test",
  "publisher": {"category": "other", "name": "Ward tests", "namespace": "https://ward.example"},
  "tracking": {"id": "WARD-TEST-1", "status": "final", "version": "1",
    "initial_release_date": "2024-01-02T03:04:05Z", "current_release_date": "2024-01-02T03:04:05Z",
    "revision_history": [{"date": "2024-01-02T03:04:05Z", "number": "1", "summary": "Initial."}]}}}`

// mustDoc returns baseDoc with the document properties of docPatch set and
// the top-level properties of rest (a JSON object) added.
func mustDoc(tb testing.TB, docPatch map[string]any, rest string) []byte {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(baseDoc), &m); err != nil {
		tb.Fatal(err)
	}
	d := m["document"].(map[string]any)
	for k, v := range docPatch {
		d[k] = v
	}
	if rest != "" {
		var r map[string]any
		if err := json.Unmarshal([]byte(rest), &r); err != nil {
			tb.Fatalf("bad test JSON %s: %v", rest, err)
		}
		for k, v := range r {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// branchTree is a product tree with one product_version branch named v.
func branchTree(v string) string {
	return `{"product_tree": {"branches": [{"category": "vendor", "name": "V", "branches": [
	  {"category": "product_name", "name": "P", "branches": [
	    {"category": "product_version", "name": ` + strings.TrimSpace(mustJSON(v)) + `,
	     "product": {"name": "P", "product_id": "CSAFPID-1"}}]}]}]}}`
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// fpn is a product tree of full product names with the given IDs.
func fpn(ids ...string) string {
	var items []string
	for _, id := range ids {
		items = append(items, `{"name": "Product `+id+`", "product_id": "`+id+`"}`)
	}
	return `"full_product_names": [` + strings.Join(items, ",") + `]`
}

const cvss31 = `{"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"`

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name     string
		docPatch map[string]any
		rest     string
		want     []string // "rule path", in order
	}{
		{"minimal document", nil, ``, nil},
		{"word containing a range word", nil, branchTree("after-eight"), nil},
		{"vers expression as version", nil, branchTree("vers:all/*"), nil},
		{"range operator in product_version", nil, branchTree("<= 4.1"),
			[]string{"6.1.31 /product_tree/branches/0/branches/0/branches/0/name"}},
		{"range word in product_version", nil, branchTree("4.1 and earlier"),
			[]string{"6.1.31 /product_tree/branches/0/branches/0/branches/0/name"}},
		{"undefined product", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"product_status": {"known_affected": ["A", "B"]}}]}`,
			[]string{"6.1.1 /vulnerabilities/0/product_status/known_affected/1"}},
		{"duplicate product", nil, `{"product_tree": {` + fpn("A", "A") + `}}`,
			[]string{"6.1.2 /product_tree/full_product_names/1/product_id"}},
		{"indirect circular relationship", nil, `{"product_tree": {` + fpn("A") + `, "relationships": [
			{"category": "installed_on", "full_product_name": {"name": "B", "product_id": "B"}, "product_reference": "A", "relates_to_product_reference": "C"},
			{"category": "installed_on", "full_product_name": {"name": "C", "product_id": "C"}, "product_reference": "A", "relates_to_product_reference": "B"}]}}`,
			[]string{"6.1.3 /product_tree/relationships/0/full_product_name/product_id", "6.1.3 /product_tree/relationships/1/full_product_name/product_id"}},
		{"contradicting status", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"product_status": {"first_affected": ["A"], "fixed": ["A"], "recommended": ["A"]}}]}`,
			[]string{"6.1.6 /vulnerabilities/0/product_status/fixed/0"}},
		{"vector leaves a metric out", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"scores": [{"products": ["A"], "cvss_v3": ` + cvss31 + `, "modifiedScope": "CHANGED"}}]}]}`, nil},
		{"property contradicts vector", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"scores": [{"products": ["A"], "cvss_v3": ` + cvss31 + `, "scope": "CHANGED"}}]}]}`,
			[]string{"6.1.10 /vulnerabilities/0/scores/0/cvss_v3/scope"}},
		{"wrong base score", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"scores": [{"products": ["A"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.9, "baseSeverity": "CRITICAL"}}]}]}`,
			[]string{"6.1.9 /vulnerabilities/0/scores/0/cvss_v3/baseScore"}},
		{"extra CVSS property", nil, `{"product_tree": {` + fpn("A") + `},
			"vulnerabilities": [{"scores": [{"products": ["A"], "cvss_v3": ` + cvss31 + `, "note": "x"}}]}]}`,
			[]string{"6.1.8 /vulnerabilities/0/scores/0/cvss_v3"}},
		{"encoded purl", nil, `{"product_tree": {"full_product_names": [{"name": "A", "product_id": "A",
			"product_identification_helper": {"purl": "pkg:npm/%40angular/animation@12.3.1?arch=x86#lib/a"}}]}}`, nil},
		{"purl with a repeated qualifier", nil, `{"product_tree": {"full_product_names": [{"name": "A", "product_id": "A",
			"product_identification_helper": {"purl": "pkg:deb/debian/curl@7.50?arch=i386&arch=amd64"}}]}}`,
			[]string{"6.1.13 /product_tree/full_product_names/0/product_identification_helper/purl"}},
		{"known language", map[string]any{"lang": "de-CH", "source_lang": "en"}, ``, nil},
		{"region as language", map[string]any{"lang": "EZ"}, ``, []string{"6.1.12 /document/lang"}},
		{"same language as source", map[string]any{"lang": "en-US", "source_lang": "en-us"}, ``,
			[]string{"6.1.28 /document/source_lang"}},
		{"profile name as category", map[string]any{"category": "Security      Advisory"}, ``,
			[]string{"6.1.26 /document/category"}},
		{"reserved prefix", map[string]any{"category": "Csaf_a"}, ``, []string{"6.1.26 /document/category"}},
		{"own category", map[string]any{"category": "Hospital Bulletin"}, ``, nil},
		{"unknown CWE", nil, `{"vulnerabilities": [{"cwe": {"id": "CWE-99999", "name": "Nothing"}}]}`,
			[]string{"6.1.11 /vulnerabilities/0/cwe"}},
		{"renamed CWE under its new name", nil, `{"vulnerabilities": [{"cwe": {"id": "CWE-1188", "name": "Initialization of a Resource with an Insecure Default"}}]}`, nil},
		{"VEX flag through a group", map[string]any{"category": "csaf_vex"}, `{"product_tree": {` + fpn("A", "B") + `,
			"product_groups": [{"group_id": "G", "product_ids": ["A", "B"]}]},
			"vulnerabilities": [{"cve": "CVE-2024-0001", "notes": [{"category": "description", "text": "x"}],
			  "flags": [{"label": "component_not_present", "group_ids": ["G"]}, {"label": "inline_mitigations_already_exist", "product_ids": ["B"]}],
			  "product_status": {"known_not_affected": ["A", "B"]}}]}`,
			[]string{"6.1.33 /vulnerabilities/0/flags/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range Validate(mustDoc(t, tt.docPatch, tt.rest), "t.json") {
				got = append(got, p.Rule+" "+p.Path)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersionRange(t *testing.T) {
	tests := []struct{ name, want string }{
		{"1.2.3", ""},
		{"<1.2", "<"},
		{"All versions", "all"},
		{"R3.0 and prior", "prior"},
		{"allegro 2", ""},
		{"before-3", ""},
		{"3.x versions", "versions"},
		{">= 2", ">="},
	}
	for _, tt := range tests {
		if got := versionRange(tt.name); got != tt.want {
			t.Errorf("versionRange(%q): got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "2", -1},
		{"10", "9", 1},
		{"1.0.0-alpha", "1.0.0", -1},
		{"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
		{"1.0.0-beta.11", "1.0.0-beta.2", 1},
		{"1.0.0+build.1", "1.0.0+build.2", 0},
		{"2.1.0", "2.0.9", 1},
	}
	for _, tt := range tests {
		a, okA := parseVersion(tt.a)
		b, okB := parseVersion(tt.b)
		if !okA || !okB {
			t.Fatalf("parseVersion(%q, %q): got %v %v, want both valid", tt.a, tt.b, okA, okB)
		}
		if got := compareVersions(a, b); got != tt.want {
			t.Errorf("compareVersions(%q, %q): got %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
