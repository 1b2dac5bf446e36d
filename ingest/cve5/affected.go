package cve5

import (
	"fmt"
	"net/url"
	"strings"

	"ward"
	"ward/ingest/jsonptr"
)

// statuses maps CVE 5 version statuses to ward product statuses.
var statuses = map[string]string{
	"affected":   ward.ProductAffected,
	"unaffected": ward.ProductNotAffected,
	"unknown":    ward.ProductUnderInvestigation,
}

// products maps the CNA's affected list: one product per versions[] entry
// (one per segment when the entry has changes), plus a Default product for
// the defaultStatus. A product with neither versions nor a defaultStatus
// gets a Default product of status unknown, which the schema says is the
// default. Keys are JSON-pointer-like paths into the record
// ("affected/0/versions/1"), so a reader can find the source of a product.
func (c conv) products(list []affected) ([]ward.Product, []ward.ProductStatus, error) {
	products := []ward.Product{}
	sts := []ward.ProductStatus{}
	add := func(p ward.Product, status string) {
		products = append(products, p)
		sts = append(sts, ward.ProductStatus{ProductKey: p.Key, Status: status})
	}
	for ai, af := range list {
		at := fmt.Sprintf("/containers/cna/affected/%d", ai)
		key := fmt.Sprintf("affected/%d", ai)
		base := ward.Product{Vendor: af.Vendor, Name: af.Product, PURL: purl(af.CollectionURL, af.PackageName)}
		base.FullName = fullName(af, base.PURL != "")
		if len(af.CPEs) > 0 {
			// Product has room for one CPE; CNAs list the same product
			// under several names at most, and the first is the one
			// they wrote first.
			base.CPE = af.CPEs[0]
		}
		for vi, ver := range af.Versions {
			vat := fmt.Sprintf("%s/versions/%d", at, vi)
			vkey := fmt.Sprintf("%s/versions/%d", key, vi)
			status, ok := statuses[ver.Status]
			switch {
			case !ok:
				return nil, nil, c.errf(vat+"/status", "got %q, want affected, unaffected or unknown", jsonptr.Clip(ver.Status))
			case ver.Version == "":
				return nil, nil, c.errf(vat+"/version", "missing, want a version")
			case ver.LessThan != "" && ver.LessThanOrEqual != "":
				return nil, nil, c.errf(vat, "has both lessThan and lessThanOrEqual, want one")
			}
			if ver.LessThan == "" && ver.LessThanOrEqual == "" {
				if len(ver.Changes) > 0 {
					return nil, nil, c.errf(vat+"/changes", "given for a single version, want a range (lessThan or lessThanOrEqual)")
				}
				p := base
				p.Key, p.Version = vkey, ver.Version
				add(p, status)
				continue
			}
			scheme := versScheme(ver.VersionType)
			op, upper := "<", ver.LessThan
			if upper == "" {
				op, upper = "<=", ver.LessThanOrEqual
			}
			// Changes split the range: each one starts a segment with a
			// new status that runs up to the next change or the end.
			lower, segKey := ver.Version, vkey
			for ci, ch := range ver.Changes {
				next, ok := statuses[ch.Status]
				if !ok {
					return nil, nil, c.errf(fmt.Sprintf("%s/changes/%d/status", vat, ci), "got %q, want affected, unaffected or unknown", jsonptr.Clip(ch.Status))
				}
				if ch.At == "" {
					return nil, nil, c.errf(fmt.Sprintf("%s/changes/%d/at", vat, ci), "missing, want a version")
				}
				p := base
				p.Key, p.Version = segKey, rangeExpr(scheme, lower, "<", ch.At)
				add(p, status)
				lower, status, segKey = ch.At, next, fmt.Sprintf("%s/changes/%d", vkey, ci)
			}
			p := base
			p.Key, p.Version = segKey, rangeExpr(scheme, lower, op, upper)
			add(p, status)
		}
		if af.DefaultStatus == "" && len(af.Versions) > 0 {
			continue
		}
		ds := af.DefaultStatus
		if ds == "" {
			ds = "unknown"
		}
		status, ok := statuses[ds]
		if !ok {
			return nil, nil, c.errf(at+"/defaultStatus", "got %q, want affected, unaffected or unknown", jsonptr.Clip(ds))
		}
		p := base
		p.Key, p.Version, p.Default = key+"/defaultStatus", "vers:all/*", true
		add(p, status)
	}
	return products, sts, nil
}

// rangeExpr writes a vers range from lower (inclusive) to upper with op.
// A lower bound of "*" and an upper bound of "*" mean unbounded, as the
// CVE 5 schema defines them.
func rangeExpr(scheme, lower, op, upper string) string {
	var cons []string
	if lower != "*" {
		cons = append(cons, ">="+versEscape(lower))
	}
	if upper != "*" {
		cons = append(cons, op+versEscape(upper))
	}
	if len(cons) == 0 {
		return "vers:all/*"
	}
	return "vers:" + scheme + "/" + strings.Join(cons, "|")
}

// versScheme returns the vers versioning scheme for a CVE 5 versionType:
// the type in lower case ("semver", "custom", "git", "rpm"), or "generic"
// when there is none or it is not a valid scheme name.
func versScheme(t string) string {
	t = strings.ToLower(t)
	if t == "" {
		return "generic"
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '+' || c == '-') {
			return "generic"
		}
	}
	return t
}

// versEscape percent-encodes (upper-case hex, as canonical vers requires)
// every byte of a version that could be read as a separator or
// comparator, or that is not printable ASCII.
func versEscape(v string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '-', c == '_', c == '~', c == '+', c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// fullName describes the product when the record says more than vendor
// and product: the platforms it runs on, and the package it ships in when
// that did not become a purl.
func fullName(af affected, hasPURL bool) string {
	var extra []string
	if af.PackageName != "" && !hasPURL {
		pkg := "package " + af.PackageName
		if af.CollectionURL != "" {
			pkg += " from " + af.CollectionURL
		}
		extra = append(extra, pkg)
	}
	if len(af.Platforms) > 0 {
		extra = append(extra, "on "+strings.Join(af.Platforms, ", "))
	}
	if len(extra) == 0 {
		return ""
	}
	return strings.TrimSpace(af.Vendor+" "+af.Product) + " (" + strings.Join(extra, "; ") + ")"
}

// registries maps package collection URLs to purl types.
var registries = map[string]string{
	"https://registry.npmjs.org":           "npm",
	"https://www.npmjs.com":                "npm",
	"https://pypi.org":                     "pypi",
	"https://pypi.python.org":              "pypi",
	"https://repo.maven.apache.org/maven2": "maven",
	"https://repo1.maven.org/maven2":       "maven",
	"https://rubygems.org":                 "gem",
	"https://crates.io":                    "cargo",
	"https://pkg.go.dev":                   "golang",
	"https://proxy.golang.org":             "golang",
	"https://www.nuget.org":                "nuget",
	"https://packagist.org":                "composer",
}

// purl builds a package URL (without version) for a package in a known
// registry, or returns "".
func purl(collectionURL, name string) string {
	typ := registries[strings.TrimSuffix(collectionURL, "/")]
	if typ == "" || name == "" {
		return ""
	}
	sep := "/"
	if typ == "maven" {
		sep = ":" // group:artifact
	}
	parts := strings.Split(name, sep)
	if typ == "pypi" {
		// The purl spec lower-cases PyPI names and spells "_" as "-".
		parts[0] = strings.ReplaceAll(strings.ToLower(parts[0]), "_", "-")
	}
	for i, p := range parts {
		if p == "" {
			return ""
		}
		// url.PathEscape leaves "@" alone, which purl reserves as the
		// version separator.
		parts[i] = strings.ReplaceAll(url.PathEscape(p), "@", "%40")
	}
	return "pkg:" + typ + "/" + strings.Join(parts, "/")
}
