// Package purl parses and builds package URLs ("purls", ECMA-427) such as
// pkg:npm/%40babel/core@7.24.0, and derives the keys Ward indexes software
// components by. Parsing, normalising and printing are done by
// github.com/package-url/packageurl-go; this package adds Ward's error
// type, the rules of the purl-spec suite the library leaves out (the git
// type, subpath segments), and the indexing helpers. It does no I/O.
package purl

import (
	"maps"
	"strings"

	"github.com/package-url/packageurl-go"

	"ward"
)

// PURL is a package URL in decoded, normalised form: Namespace segments are
// joined with "/", Qualifiers maps lower-case keys to non-empty values (nil
// when there are none), and Subpath has no leading or trailing "/".
type PURL struct {
	Type       string
	Namespace  string
	Name       string
	Version    string
	Qualifiers map[string]string
	Subpath    string
}

// Parse parses a package URL and normalises it: lower-case type,
// type-specific case and name rules (pypi "Foo_Bar" becomes "foo-bar"),
// qualifiers without empty values, trimmed subpath. It returns an EINVALID
// error for a string that is not a valid purl, including the type-specific
// rules of the purl-spec suite.
func Parse(s string) (PURL, error) {
	lp, err := packageurl.FromString(s)
	if err != nil {
		return PURL{}, ward.WrapError(ward.EINVALID, err, "purl: invalid package URL %q", clip(s))
	}
	p := adjust(fromLib(lp))
	if err := checkRules(p); err != nil {
		return PURL{}, err
	}
	return p, nil
}

// New builds a package URL from decoded components and normalises it as
// Parse does; empty qualifier values are dropped, as the specification
// says. It returns an EINVALID error for a missing or invalid type, a
// missing name, an invalid qualifier key or a component the type forbids.
func New(typ, namespace, name, version string, qualifiers map[string]string, subpath string) (PURL, error) {
	lp := packageurl.NewPackageURL(typ, namespace, name, version, packageurl.QualifiersFromMap(qualifiers), subpath)
	if err := lp.Normalize(); err != nil {
		return PURL{}, ward.WrapError(ward.EINVALID, err, "purl: invalid package URL components")
	}
	p := adjust(fromLib(*lp))
	if err := checkRules(p); err != nil {
		return PURL{}, err
	}
	return p, nil
}

// String returns the canonical form of p.
func (p PURL) String() string {
	lp := packageurl.PackageURL{
		Type:       p.Type,
		Namespace:  p.Namespace,
		Name:       p.Name,
		Version:    p.Version,
		Qualifiers: packageurl.QualifiersFromMap(p.Qualifiers),
		Subpath:    p.Subpath,
	}
	if p.Type == typeGit {
		// A git name is a path ("owner/repo"); its segments print with bare
		// slashes, which the library only does for namespaces.
		if i := strings.LastIndexByte(p.Name, '/'); i >= 0 {
			lp.Namespace = strings.Trim(p.Namespace+"/"+p.Name[:i], "/")
			lp.Name = p.Name[i+1:]
		}
	}
	return lp.ToString()
}

// fromLib copies the library's value into a PURL.
func fromLib(lp packageurl.PackageURL) PURL {
	p := PURL{
		Type:      lp.Type,
		Namespace: lp.Namespace,
		Name:      lp.Name,
		Version:   lp.Version,
		Subpath:   lp.Subpath,
	}
	if len(lp.Qualifiers) > 0 {
		p.Qualifiers = lp.Qualifiers.Map()
	}
	return p
}

// Key returns the identity of p's package for indexing: the canonical
// purl without version, qualifiers and subpath, lower-cased, with PyPI
// names normalised as PEP 503 does ("Django_Rest.framework" becomes
// "django-rest-framework"), e.g. "pkg:maven/org.apache.commons/io". Every
// version of one package has the same Key. Case is folded for all types,
// although a few ecosystems are case-sensitive, because the sources Ward
// matches against (SBOMs, advisories) disagree on case far more often than
// two real packages differ only by it; a cpan author is folded to upper
// case, which that type requires. The Key is itself a valid purl.
func Key(p PURL) string {
	k := PURL{Type: strings.ToLower(p.Type), Namespace: strings.ToLower(p.Namespace), Name: strings.ToLower(p.Name)}
	switch k.Type {
	case packageurl.TypePyPi:
		k.Name = pep503(k.Name)
	case packageurl.TypeCpan:
		k.Namespace = strings.ToUpper(k.Namespace) // the type requires upper-case authors
	}
	return k.String()
}

// pep503 collapses runs of "-", "_" and "." into one "-", as PEP 503's
// re.sub(r"[-_.]+", "-", name) does.
func pep503(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' || c == '.' {
			if i == 0 || !isSep(name[i-1]) {
				b.WriteByte('-')
			}
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isSep reports whether c is one of the separators PEP 503 folds.
func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// Version returns the version of p as plain text ("" if it has none),
// ready for comparison under the vers scheme named like p's type.
func Version(p PURL) string { return p.Version }

// ParseKey parses s and returns its Key and Version, the pair Ward stores
// for an SBOM component. It returns an EINVALID error if s is not a valid
// purl.
func ParseKey(s string) (key, version string, err error) {
	p, err := Parse(s)
	if err != nil {
		return "", "", err
	}
	return Key(p), Version(p), nil
}

// Equal reports whether two purls are the same package URL.
func Equal(a, b PURL) bool {
	return a.Type == b.Type && a.Namespace == b.Namespace && a.Name == b.Name &&
		a.Version == b.Version && a.Subpath == b.Subpath && maps.Equal(a.Qualifiers, b.Qualifiers)
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 100 {
		return s[:97] + "..."
	}
	return s
}

// typeGit is the git type, which packageurl-go v0.1.7 does not know yet.
const typeGit = "git"

// adjust applies the normalisation of types the library does not know.
// For git, the namespace is the host alone and the name is the repository
// path ("codeberg.org" and "forgejo/forgejo"); both are lower-cased, as
// the suite at the copied commit requires.
//
// For every type, empty subpath segments are dropped, as the parse
// procedure of the specification says (the library only trims the ends).
func adjust(p PURL) PURL {
	if strings.Contains(p.Subpath, "//") {
		var segs []string
		for _, seg := range strings.Split(p.Subpath, "/") {
			if seg != "" {
				segs = append(segs, seg)
			}
		}
		p.Subpath = strings.Join(segs, "/")
	}
	if p.Type != typeGit {
		return p
	}
	full := strings.Trim(p.Namespace+"/"+p.Name, "/")
	host, path, ok := strings.Cut(full, "/")
	if !ok {
		host, path = "", full
	}
	p.Namespace, p.Name = strings.ToLower(host), strings.ToLower(path)
	return p
}

// checkRules applies rules the library does not fully: no subpath segment
// may be "." or "..", even the first or one made of an encoded slash
// (".%2F"), and a git purl needs a host namespace.
func checkRules(p PURL) error {
	if p.Subpath != "" {
		for _, seg := range strings.Split(p.Subpath, "/") {
			if seg == "." || seg == ".." {
				return ward.Errorf(ward.EINVALID, "purl: subpath segment %q is not allowed", seg)
			}
		}
	}
	if p.Type == typeGit && p.Namespace == "" {
		return ward.Errorf(ward.EINVALID, "purl: a git purl needs a host namespace")
	}
	if p.Name == "" {
		return ward.Errorf(ward.EINVALID, "purl: a purl needs a name")
	}
	return nil
}
