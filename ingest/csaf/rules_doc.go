package csaf

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
)

// cwe runs 6.1.11: the CWE must exist and carry its catalog name.
func (c *checker) cwe() {
	for i, v := range c.d.Vulnerabilities {
		if v.CWE == nil {
			continue
		}
		if msg := cweProblem(v.CWE.ID, v.CWE.Name); msg != "" {
			c.add(fmt.Sprintf("/vulnerabilities/%d/cwe", i), "6.1.11", "%s", msg)
		}
	}
}

// language runs 6.1.12: lang and source_lang must be known BCP 47 tags.
// x/text/language checks every subtag against the IANA registry, so "EZ"
// (a region, not a language) fails.
func (c *checker) language() {
	for _, f := range []struct{ path, tag string }{
		{"/document/lang", c.d.Document.Lang},
		{"/document/source_lang", c.d.Document.SourceLang},
	} {
		if f.tag == "" {
			continue
		}
		if _, err := language.Parse(f.tag); err != nil {
			c.add(f.path, "6.1.12", "%q is not a valid language tag: %v", f.tag, err)
		}
	}
}

// purl runs 6.1.13 on every product's package URL.
func (c *checker) purl() {
	for _, def := range c.defs {
		if h := def.fpn.Helper; h != nil && h.PURL != "" {
			if err := checkPURL(h.PURL); err != nil {
				c.add(def.path+"/product_identification_helper/purl", "6.1.13", "%q: %v", h.PURL, err)
			}
		}
	}
}

// translator runs 6.1.15: a translator's document names its source
// language.
func (c *checker) translator() {
	doc := c.d.Document
	if doc.Publisher.Category == "translator" && doc.SourceLang == "" {
		c.add("/document/source_lang", "6.1.15", "publisher is a translator but source_lang is missing")
	}
}

// multipleCVE runs 6.1.23.
func (c *checker) multipleCVE() {
	seen := map[string]bool{}
	for i, v := range c.d.Vulnerabilities {
		if v.CVE == "" {
			continue
		}
		if seen[v.CVE] {
			c.add(fmt.Sprintf("/vulnerabilities/%d/cve", i), "6.1.23", "%s is used by an earlier vulnerability", v.CVE)
		}
		seen[v.CVE] = true
	}
}

// involvements runs 6.1.24: one involvement per party and date.
func (c *checker) involvements() {
	for i, v := range c.d.Vulnerabilities {
		seen := map[[2]string]bool{}
		for j, inv := range v.Involvements {
			k := [2]string{inv.Party, normDate(inv.Date)}
			if seen[k] {
				c.add(fmt.Sprintf("/vulnerabilities/%d/involvements/%d", i, j), "6.1.24", "party %s has another involvement at %s", inv.Party, inv.Date)
			}
			seen[k] = true
		}
	}
}

// normDate makes equal instants written differently compare equal.
func normDate(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return s
}

// hashAlgorithms runs 6.1.25.
func (c *checker) hashAlgorithms() {
	for _, def := range c.defs {
		if def.fpn.Helper == nil {
			continue
		}
		for i, h := range def.fpn.Helper.Hashes {
			seen := map[string]bool{}
			for j, fh := range h.FileHashes {
				alg := strings.ToLower(fh.Algorithm)
				if seen[alg] {
					c.add(fmt.Sprintf("%s/product_identification_helper/hashes/%d/file_hashes/%d", def.path, i, j), "6.1.25", "hash algorithm %s is used twice for %s", fh.Algorithm, h.Filename)
				}
				seen[alg] = true
			}
		}
	}
}

// profileCategories are the document categories of the CSAF 2.0 profiles.
var profileCategories = map[string]bool{
	"csaf_base":                       true,
	"csaf_security_incident_response": true,
	"csaf_informational_advisory":     true,
	"csaf_security_advisory":          true,
	"csaf_vex":                        true,
}

// prohibitedCategories are the names and values of the profiles other than
// CSAF Base, normalized by squash.
var prohibitedCategories = map[string]bool{
	"securityincidentresponse": true, "csafsecurityincidentresponse": true,
	"informationaladvisory": true, "csafinformationaladvisory": true,
	"securityadvisory": true, "csafsecurityadvisory": true,
	"vex": true, "csafvex": true,
}

// squash lower-cases s and drops dashes, underscores and white space.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// categoryName runs 6.1.26: a CSAF Base category must not pass for another
// profile, nor use the reserved prefix csaf_.
func (c *checker) categoryName() {
	cat := c.d.Document.Category
	if profileCategories[cat] {
		return
	}
	switch {
	case prohibitedCategories[squash(cat)]:
		c.add("/document/category", "6.1.26", "%q is the name of a profile other than CSAF Base", cat)
	case strings.HasPrefix(strings.ToLower(cat), "csaf_"):
		c.add("/document/category", "6.1.26", "%q uses the reserved prefix csaf_", cat)
	}
}

// translation runs 6.1.28.
func (c *checker) translation() {
	doc := c.d.Document
	if doc.Lang != "" && strings.EqualFold(doc.Lang, doc.SourceLang) {
		c.add("/document/source_lang", "6.1.28", "source language and document language are both %s", doc.Lang)
	}
}

// remediationRefs runs 6.1.29.
func (c *checker) remediationRefs() {
	for i, v := range c.d.Vulnerabilities {
		for j, r := range v.Remediations {
			if len(r.ProductIDs) == 0 && len(r.GroupIDs) == 0 {
				c.add(fmt.Sprintf("/vulnerabilities/%d/remediations/%d", i, j), "6.1.29", "remediation names no product or group")
			}
		}
	}
}

// rangeWords are the words that, standing alone, make a product_version
// name a range (6.1.31). They are matched as whole words: "after-eight"
// is a fine version name, as the OASIS test files show.
var rangeWords = []string{"after", "all", "before", "earlier", "later", "prior", "versions"}

// versionRanges runs 6.1.31 on every product_version branch.
func (c *checker) versionRanges() {
	if c.d.ProductTree == nil {
		return
	}
	var walk func(bs []branch, path string)
	walk = func(bs []branch, path string) {
		for i, b := range bs {
			p := fmt.Sprintf("%s/%d", path, i)
			if b.Category == "product_version" {
				if r := versionRange(b.Name); r != "" {
					c.add(p+"/name", "6.1.31", "product_version %q contains the range %q; use product_version_range", b.Name, r)
				}
			}
			walk(b.Branches, p+"/branches")
		}
	}
	walk(c.d.ProductTree.Branches, "/product_tree/branches")
}

// versionRange returns the range operator or word name contains, or "".
func versionRange(name string) string {
	lower := strings.ToLower(name)
	for _, op := range []string{"<=", ">=", "<", ">"} {
		if strings.Contains(lower, op) {
			return op
		}
	}
	for _, w := range strings.Fields(lower) {
		for _, rw := range rangeWords {
			if w == rw {
				return rw
			}
		}
	}
	return ""
}

// flags runs 6.1.32 (a flag names products) and 6.1.33 (a product has at
// most one VEX justification per vulnerability). Every flag label of CSAF
// 2.0 is a VEX justification code.
func (c *checker) flags() {
	for i, v := range c.d.Vulnerabilities {
		seen := map[string]bool{}
		for j, f := range v.Flags {
			p := fmt.Sprintf("/vulnerabilities/%d/flags/%d", i, j)
			if len(f.ProductIDs) == 0 && len(f.GroupIDs) == 0 {
				c.add(p, "6.1.32", "flag %s names no product or group", f.Label)
			}
			for _, id := range expand(c.groups, f.ProductIDs, f.GroupIDs) {
				if seen[id] {
					c.add(p, "6.1.33", "%s already has a VEX justification flag", id)
				}
				seen[id] = true
			}
		}
	}
}
