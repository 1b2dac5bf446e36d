package purl

import "testing"

// FuzzParse feeds arbitrary strings to Parse. It may not panic; a purl it
// accepts must print a canonical form that parses back to the same purl
// and prints identically, and its Key must itself be a valid purl that is
// its own Key.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"pkg:npm/%40babel/core@7.24.0",
		"pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease",
		"pkg:pypi/Django_Rest@3.0?extension=whl",
		"pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations",
		"pkg:git/codeberg.org/forgejo/forgejo@a72d2c07#options/locale_readme.md",
		"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64",
		"pkg:cpan/DROLSKY/DateTime@1.55",
		"pkg:swift/github.com/Alamofire/Alamofire@5.4.3",
		"pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		out := p.String()
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, out, err)
		}
		if !Equal(back, p) {
			t.Fatalf("Parse(%q) = %+v; its form %q parses as %+v", s, p, out, back)
		}
		if again := back.String(); again != out {
			t.Fatalf("Parse(%q) printed %q, which reprints as %q", s, out, again)
		}
		key := Key(p)
		kp, err := Parse(key)
		if err != nil {
			t.Fatalf("Key(%q) = %q, which does not parse: %v", s, key, err)
		}
		if k2 := Key(kp); k2 != key {
			t.Fatalf("Key(%q) = %q, but Key of that is %q", s, key, k2)
		}
	})
}
