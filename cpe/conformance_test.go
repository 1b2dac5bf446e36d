package cpe

// TestConformance runs every vector of testdata/nist-cpe-ri-vectors.json,
// the values of the JUnit tests of NIST's CPE reference implementation
// (usnistgov/cpe-reference-implementation@3d695a75).
//
// Final counts (go test -run TestConformance -v ./cpe):
//
//	bind    2 passed, 0 failed
//	unbind  5 passed, 0 failed
//	match   2 passed, 0 failed (4 relations each)
//	total   9 passed, 0 failed, 0 skipped

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// vectorName is a name given as a WFN object, a formatted string or a URI.
type vectorName struct {
	WFN map[string]string `json:"wfn"`
	FS  string            `json:"fs"`
	URI string            `json:"uri"`
}

// name turns a vector name into a Name: WFN objects list only the
// attributes that are not ANY, with "ANY" and "NA" for the logical values.
func (v vectorName) name(t *testing.T) Name {
	t.Helper()
	switch {
	case v.FS != "":
		n, err := ParseFS(v.FS)
		if err != nil {
			t.Fatalf("ParseFS(%q): %v", v.FS, err)
		}
		return n
	case v.URI != "":
		n, err := ParseURI(v.URI)
		if err != nil {
			t.Fatalf("ParseURI(%q): %v", v.URI, err)
		}
		return n
	}
	return wfnName(t, v.WFN)
}

// wfnName builds a Name from a vector's WFN object.
func wfnName(t *testing.T, m map[string]string) Name {
	t.Helper()
	var n Name
	for i := range n {
		n[i] = ANY
	}
	for k, v := range m {
		a := -1
		for i, name := range attributeNames {
			if name == k {
				a = i
			}
		}
		if a < 0 {
			t.Fatalf("unknown attribute %q in vector", k)
		}
		switch v {
		case "ANY":
			n[a] = ANY
		case "NA":
			n[a] = NA
		default:
			n[a] = v
		}
	}
	return n
}

func TestConformance(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "nist-cpe-ri-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Bind []struct {
			WFN map[string]string `json:"wfn"`
			URI string            `json:"uri"`
			FS  string            `json:"fs"`
		} `json:"bind"`
		Unbind []struct {
			URI string            `json:"uri"`
			FS  string            `json:"fs"`
			WFN map[string]string `json:"wfn"`
		} `json:"unbind"`
		Match []struct {
			Source vectorName      `json:"source"`
			Target vectorName      `json:"target"`
			Expect map[string]bool `json:"expect"`
		} `json:"match"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	count := map[string][2]int{}
	pass := func(kind string, ok bool) {
		c := count[kind]
		if ok {
			c[0]++
		} else {
			c[1]++
		}
		count[kind] = c
	}

	for i, tc := range v.Bind {
		n := wfnName(t, tc.WFN)
		ok := true
		if tc.URI != "" && n.URI() != tc.URI {
			t.Errorf("bind #%d: got URI %q, want %q", i, n.URI(), tc.URI)
			ok = false
		}
		if tc.FS != "" && n.FS() != tc.FS {
			t.Errorf("bind #%d: got FS %q, want %q", i, n.FS(), tc.FS)
			ok = false
		}
		pass("bind", ok)
	}

	for i, tc := range v.Unbind {
		in := tc.URI + tc.FS
		got, err := Parse(in)
		if err != nil {
			t.Errorf("unbind #%d: Parse(%q): %v", i, in, err)
			pass("unbind", false)
			continue
		}
		want := wfnName(t, tc.WFN)
		if got != want {
			t.Errorf("unbind #%d: Parse(%q): got %s, want %s", i, in, got.WFN(), want.WFN())
		}
		pass("unbind", got == want)
	}

	for i, tc := range v.Match {
		src, tgt := tc.Source.name(t), tc.Target.name(t)
		attrs := CompareAttributes(src, tgt)
		all := func(ok ...Relation) bool {
			for _, r := range attrs {
				if r != ok[0] && (len(ok) == 1 || r != ok[1]) {
					return false
				}
			}
			return true
		}
		// The reference implementation's four predicates, from the
		// per-attribute relations.
		got := map[string]bool{
			"isDisjoint": Compare(src, tgt) == Disjoint,
			"isEqual":    all(Equal),
			"isSubset":   all(Subset, Equal),
			"isSuperset": all(Superset, Equal),
		}
		ok := true
		for k, want := range tc.Expect {
			if got[k] != want {
				t.Errorf("match #%d: %s(%s, %s): got %v, want %v", i, k, src.WFN(), tgt.WFN(), got[k], want)
				ok = false
			}
		}
		pass("match", ok)
	}

	var total [2]int
	for _, kind := range []string{"bind", "unbind", "match"} {
		c := count[kind]
		t.Logf("%-7s %d passed, %d failed", kind, c[0], c[1])
		total[0] += c[0]
		total[1] += c[1]
	}
	t.Logf("%-7s %d passed, %d failed, 0 skipped", "total", total[0], total[1])
}
