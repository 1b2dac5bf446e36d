package csaf

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// cweTSV lists CWE weaknesses, one "CWE-ID<TAB>name" a line; an ID may
// appear more than once when the weakness was renamed. Its header names
// the catalog versions and their origin.
//
//go:embed cwe.tsv
var cweTSV string

// cweVersion names the catalog in messages.
const cweVersion = "(CWE 4.x, as the reference CSAF 2.0 validator embeds it, with later additions)"

// cweNames maps each CWE ID to its accepted names, parsed once.
var cweNames = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for line := range strings.SplitSeq(cweTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if id, name, ok := strings.Cut(line, "\t"); ok {
			m[id] = append(m[id], name)
		}
	}
	return m
})

// cweProblem returns why id and name do not name a CWE weakness, or "".
func cweProblem(id, name string) string {
	names, ok := cweNames()[id]
	switch {
	case !ok:
		return id + " is not a weakness of the CWE catalog " + cweVersion
	case !slices.Contains(names, name):
		return "the name of " + id + " is " + strings.Join(quoteAll(names), " or ") + ", not " + quote(name)
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}
