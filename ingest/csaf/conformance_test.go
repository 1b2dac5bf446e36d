package csaf

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// oasisDir holds the OASIS CSAF 2.0 conformance files: the validator test
// documents with their index testcases.json, and the specification's
// examples.
const oasisDir = "../../testdata/csaf/oasis"

type testcases struct {
	Tests []struct {
		ID       string `json:"id"`
		Group    string `json:"group"`
		Failures []struct {
			Name string `json:"name"`
		} `json:"failures"`
		Valid []struct {
			Name string `json:"name"`
		} `json:"valid"`
	} `json:"tests"`
}

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestConformance checks the OASIS test documents: every valid document
// (the examples and the valid test files) must pass Validate and Parse,
// and every file that fails a mandatory test must be reported with that
// rule. Parse rejects it too unless the rule is one it tolerates on
// import. The files that fail optional or informative tests are not
// counted as valid: some also break mandatory tests (6.2.8's second file
// repeats md5, which 6.1.25 forbids).
func TestConformance(t *testing.T) {
	var tc testcases
	if err := json.Unmarshal(mustReadFile(t, filepath.Join(oasisDir, "testcases.json")), &tc); err != nil {
		t.Fatal(err)
	}
	var valid []string
	for _, test := range tc.Tests {
		for _, f := range test.Valid {
			valid = append(valid, f.Name)
		}
	}
	err := filepath.WalkDir(filepath.Join(oasisDir, "examples"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".json") {
			rel, _ := filepath.Rel(oasisDir, path)
			valid = append(valid, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	accepted := 0
	for _, name := range valid {
		data := mustReadFile(t, filepath.Join(oasisDir, name))
		probs := Validate(data, name)
		for _, p := range probs {
			t.Errorf("valid document: got problem %s, want none", p)
		}
		if _, err := Parse(bytes.NewReader(data), name); err != nil {
			t.Errorf("valid document: Parse: got %v, want nil", err)
		}
		if len(probs) == 0 {
			accepted++
		}
	}

	total, named, parseRejected, lenient := 0, 0, 0, 0
	for _, test := range tc.Tests {
		if test.Group != "mandatory" {
			continue
		}
		for _, f := range test.Failures {
			total++
			data := mustReadFile(t, filepath.Join(oasisDir, f.Name))
			probs := Validate(data, f.Name)
			found := false
			for _, p := range probs {
				if p.Rule == test.ID {
					found = true
				} else {
					t.Logf("%s: also reported %s", f.Name, p)
				}
			}
			if found {
				named++
			} else {
				t.Errorf("%s: got problems %v, want one for rule %s", f.Name, probs, test.ID)
			}
			_, err := Parse(bytes.NewReader(data), f.Name)
			switch {
			case err == nil:
				t.Errorf("%s: Parse: got nil error, want rule %s", f.Name, test.ID)
			case !strings.Contains(err.Error(), test.ID+" "):
				t.Errorf("%s: Parse: got %v, want rule %s named", f.Name, err, test.ID)
			default:
				parseRejected++
			}
			// Told to tolerate the tolerable rules, an import accepts a
			// document failing only those, and still refuses the rest.
			_, err = ParseTolerating(bytes.NewReader(data), f.Name, Tolerable)
			onlyTolerable := true
			for _, p := range probs {
				onlyTolerable = onlyTolerable && slices.Contains(Tolerable, p.Rule)
			}
			switch {
			case onlyTolerable && err != nil:
				t.Errorf("%s: ParseTolerating(%v): got %v, want it imported", f.Name, Tolerable, err)
			case onlyTolerable:
				lenient++
			case err == nil:
				t.Errorf("%s: ParseTolerating(%v): got nil error, want rule %s", f.Name, Tolerable, test.ID)
			}
		}
	}
	t.Logf("valid documents accepted: %d/%d", accepted, len(valid))
	t.Logf("invalid documents reported with the right rule: %d/%d", named, total)
	t.Logf("invalid documents rejected by Parse naming the rule: %d/%d (%d fail only rules an import may be told to tolerate)", parseRejected, total, lenient)
}
