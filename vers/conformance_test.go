package vers

// TestConformance runs every test case of the package-url/vers-spec suite
// (commit 9305f036, copied into testdata/vers-spec) and fails on any failure
// in a supported scheme. A case is skipped, and counted as such, only when
// its scheme is not supported (no file of this suite has one now) or when it
// exercises "from_native", the conversion of an ecosystem's own range
// syntax (">= 1.0 <2", "~>2.0.8", "[1.0,2.0)") into vers, which this package
// does not offer: Ward's sources give ranges as vers strings or as
// structured bounds. Comparison cases pass when the sorted order matches the
// expected one up to versions the scheme holds equal.
//
// Final counts (go test -run TestConformance -v ./vers):
//
//	file                                      passed failed skipped
//	alpine_version_cmp_test.json                 716      0       0
//	alpm_version_cmp_test.json                    42      0       0
//	conan_range_from_native_basic_test.json        0      0      20  from_native
//	conan_range_from_native_test.json              0      0     209  from_native
//	conan_version_cmp_test.json                   47      0       0
//	datetime_version_cmp_test.json                 7      0       0
//	gem_range_from_native_test.json                0      0       1  from_native
//	gentoo_version_cmp_test.json                  48      0       0
//	lexicographic-test.json                        8      0       0
//	maven_version_cmp_test.json                  977      0       0
//	nginx_range_from_native_test.json              0      0       4  from_native
//	npm_range_containment_test.json                1      0       0
//	npm_range_from_native_test.json                0      0     491  from_native
//	nuget_range_from_native_test.json              0      0       1  from_native
//	nuget_version_cmp_test.json                   33      0       0
//	openssl_range_from_native_test.json            0      0       8  from_native
//	openssl_version_cmp_test.json                 44      0       0
//	pypi_range_containment_test.json              10      0       0
//	pypi_range_from_native_test.json               0      0       3  from_native
//	pypi_range_validate_test.json                 19      0       0
//	vers_canonical_parse_test.json                12      0       0
//	total                                       1964      0     737

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// suiteCase is one case of the vers test schema (0.2). Input and output
// shapes depend on the test type, so they stay raw until dispatch.
type suiteCase struct {
	Description     string          `json:"description"`
	TestType        string          `json:"test_type"`
	Input           json.RawMessage `json:"input"`
	ExpectedOutput  json.RawMessage `json:"expected_output"`
	ExpectedFailure bool            `json:"expected_failure"`
}

// versionsInput is the input of comparison and equality cases. Older files
// name the scheme input_scheme, the schema input_type.
type versionsInput struct {
	Scheme   string   `json:"input_scheme"`
	Type     string   `json:"input_type"`
	Versions []string `json:"versions"`
}

// outcome of one case: "" for a pass, "skip: reason" or a failure message.
type outcome string

func TestConformance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "vers-spec", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("got suite files %v (err %v), want some", files, err)
	}
	var total [3]int
	for _, f := range files {
		var suite struct {
			Tests []suiteCase `json:"tests"`
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &suite); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var passed, failed, skipped int
		reasons := map[string]int{}
		for i, tc := range suite.Tests {
			switch out := runCase(tc); {
			case out == "":
				passed++
			case strings.HasPrefix(string(out), "skip: "):
				skipped++
				reasons[strings.TrimPrefix(string(out), "skip: ")]++
			default:
				failed++
				t.Errorf("%s #%d (%s, %s): %s; input %s", filepath.Base(f), i, tc.TestType, tc.Description, out, compact(tc.Input))
			}
		}
		t.Logf("%-40s passed %4d failed %d skipped %4d %s", filepath.Base(f), passed, failed, skipped, reasonList(reasons))
		total[0] += passed
		total[1] += failed
		total[2] += skipped
	}
	t.Logf("%-40s passed %4d failed %d skipped %4d", "total", total[0], total[1], total[2])
}

// reasonList formats skip reasons with their counts, sorted.
func reasonList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("(" + k + ")")
	}
	return b.String()
}

// runCase dispatches one case on its test type.
func runCase(tc suiteCase) outcome {
	switch tc.TestType {
	case "comparison", "equality":
		var in versionsInput
		if err := json.Unmarshal(tc.Input, &in); err != nil {
			return outcome("bad input: " + err.Error())
		}
		scheme := in.Scheme + in.Type
		if !Supported(scheme) {
			return outcome("skip: scheme " + scheme + " unsupported")
		}
		if tc.TestType == "equality" {
			return runEquality(scheme, in.Versions, tc.ExpectedOutput)
		}
		return runComparison(scheme, in.Versions, tc.ExpectedOutput)
	case "containment":
		var in struct{ Vers, Version string }
		if err := json.Unmarshal(tc.Input, &in); err != nil {
			return outcome("bad input: " + err.Error())
		}
		if s := schemeOf(in.Vers); !Supported(s) {
			return outcome("skip: scheme " + s + " unsupported")
		}
		return runContainment(in.Vers, in.Version, tc.ExpectedOutput)
	case "parse", "validate":
		var in string
		if err := json.Unmarshal(tc.Input, &in); err != nil {
			return outcome("bad input: " + err.Error())
		}
		if s := schemeOf(in); !Supported(s) {
			return outcome("skip: scheme " + s + " unsupported")
		}
		if tc.TestType == "parse" {
			return runParse(in, tc)
		}
		return runValidate(in, tc)
	case "from_native":
		return "skip: from_native not implemented"
	}
	return outcome("skip: test type " + tc.TestType + " unknown")
}

// schemeOf returns the scheme of a vers string, lower-cased.
func schemeOf(v string) string {
	_, rest, _ := strings.Cut(v, ":")
	s, _, _ := strings.Cut(rest, "/")
	return strings.ToLower(strings.TrimSpace(s))
}

func runEquality(scheme string, vs []string, want json.RawMessage) outcome {
	var eq bool
	if err := json.Unmarshal(want, &eq); err != nil || len(vs) != 2 {
		return "bad expected output"
	}
	d, err := Compare(scheme, vs[0], vs[1])
	if err != nil {
		return outcome("error: " + err.Error())
	}
	if (d == 0) != eq {
		return outcome(fmt.Sprintf("got Compare = %d, want equal %v", d, eq))
	}
	return ""
}

// runComparison sorts the versions and accepts the result when it matches
// the expected order up to versions the scheme holds equal (the suite's
// order among equals depends on its generator's sort).
func runComparison(scheme string, vs []string, want json.RawMessage) outcome {
	var exp []string
	if err := json.Unmarshal(want, &exp); err != nil {
		return "bad expected output"
	}
	for _, v := range vs {
		if err := Valid(scheme, v); err != nil {
			return outcome("error: " + err.Error())
		}
	}
	got := slices.Clone(vs)
	slices.SortStableFunc(got, func(a, b string) int {
		d, _ := Compare(scheme, a, b)
		return d
	})
	if len(got) != len(exp) {
		return outcome(fmt.Sprintf("got %q, want %q", got, exp))
	}
	for i := range got {
		if d, err := Compare(scheme, got[i], exp[i]); err != nil || d != 0 {
			return outcome(fmt.Sprintf("got %q, want %q", got, exp))
		}
	}
	return ""
}

func runContainment(vers, version string, want json.RawMessage) outcome {
	var in bool
	if err := json.Unmarshal(want, &in); err != nil {
		return "bad expected output"
	}
	r, err := ParseLenient(vers)
	if err != nil {
		return outcome("error: " + err.Error())
	}
	got, err := r.Contains(version)
	if err != nil {
		return outcome("error: " + err.Error())
	}
	if got != in {
		return outcome(fmt.Sprintf("got Contains = %v, want %v", got, in))
	}
	return ""
}

func runParse(in string, tc suiteCase) outcome {
	r, err := Parse(in)
	if tc.ExpectedFailure {
		if err == nil {
			return outcome(fmt.Sprintf("got %q, want an error", r.String()))
		}
		return ""
	}
	if err != nil {
		return outcome("error: " + err.Error())
	}
	var want struct {
		Scheme      string     `json:"scheme"`
		Constraints [][]string `json:"version_constraints"`
	}
	if err := json.Unmarshal(tc.ExpectedOutput, &want); err != nil {
		return "bad expected output"
	}
	var got [][]string
	for _, c := range r.Constraints {
		got = append(got, []string{string(c.Comparator), c.Version})
	}
	if r.Scheme != want.Scheme || !slices.EqualFunc(got, want.Constraints, slices.Equal) {
		return outcome(fmt.Sprintf("got %s %q, want %s %q", r.Scheme, got, want.Scheme, want.Constraints))
	}
	return ""
}

// runValidate checks that a string normalises to the expected canonical
// vers (the suite's "validate" cases accept unsorted input).
func runValidate(in string, tc suiteCase) outcome {
	r, err := ParseLenient(in)
	if tc.ExpectedFailure {
		if err == nil {
			return outcome(fmt.Sprintf("got %q, want an error", r.String()))
		}
		return ""
	}
	if err != nil {
		return outcome("error: " + err.Error())
	}
	var want string
	if err := json.Unmarshal(tc.ExpectedOutput, &want); err != nil {
		return "bad expected output"
	}
	if r.String() != want {
		return outcome(fmt.Sprintf("got %q, want %q", r.String(), want))
	}
	return ""
}

// compact returns raw JSON on one line, for failure messages.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}
