package purl

import (
	"testing"

	"ward"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want PURL
		str  string
	}{
		{
			"pkg:npm/%40babel/core@7.24.0",
			PURL{Type: "npm", Namespace: "@babel", Name: "core", Version: "7.24.0"},
			"pkg:npm/%40babel/core@7.24.0",
		},
		{
			"pkg:PyPI/Django_Rest@3.0?extension=whl&empty=",
			PURL{Type: "pypi", Name: "django-rest", Version: "3.0", Qualifiers: map[string]string{"extension": "whl"}},
			"pkg:pypi/django-rest@3.0?extension=whl",
		},
		{
			"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
			PURL{Type: "deb", Namespace: "debian", Name: "openssl", Version: "3.0.11-1~deb12u2", Qualifiers: map[string]string{"arch": "amd64", "distro": "debian-12"}},
			"pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
		},
		{
			"pkg:git/GitHub.com/Owner/Repo@v1.0#src/",
			PURL{Type: "git", Namespace: "github.com", Name: "owner/repo", Version: "v1.0", Subpath: "src"},
			"pkg:git/github.com/owner/repo@v1.0#src",
		},
		{
			"pkg:generic/openssl@1.1.1w?download_url=https://example.com/a%20b.tar.gz",
			PURL{Type: "generic", Name: "openssl", Version: "1.1.1w", Qualifiers: map[string]string{"download_url": "https://example.com/a b.tar.gz"}},
			"pkg:generic/openssl@1.1.1w?download_url=https:%2F%2Fexample.com%2Fa%20b.tar.gz",
		},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): got error %v, want %+v", tt.in, err, tt.want)
			continue
		}
		if !Equal(got, tt.want) {
			t.Errorf("Parse(%q): got %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("Parse(%q).String(): got %q, want %q", tt.in, s, tt.str)
		}
	}
	bad := []string{
		"",
		"npm/foo@1.0",
		"pkg:npm",
		"pkg:3npm/foo",
		"pkg:npm/@1.0",
		"pkg:maven/org.example/lib@1.0#./src",
		"pkg:maven/org.example/lib@1.0#a/%2E%2E/b",
		"pkg:git/repo-without-host",
		"pkg:npm/foo@1.0?in%20production=true",
		"pkg:npm/foo%zz",
	}
	for _, in := range bad {
		if got, err := Parse(in); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("Parse(%q): got %q, %v, want an %s error", in, got.String(), err, ward.EINVALID)
		}
	}
}

func TestNew(t *testing.T) {
	p, err := New("Maven", "org.apache.commons", "io", "1.3.4", map[string]string{"Classifier": "sources", "type": ""}, "/")
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if got, want := p.String(), "pkg:maven/org.apache.commons/io@1.3.4?classifier=sources"; got != want {
		t.Errorf("New: got %q, want %q", got, want)
	}
	g, err := New("git", "codeberg.org", "forgejo/forgejo", "", nil, "")
	if err != nil {
		t.Fatalf("New(git): %v", err)
	}
	if got, want := g.String(), "pkg:git/codeberg.org/forgejo/forgejo"; got != want {
		t.Errorf("New(git): got %q, want %q", got, want)
	}
	for _, tc := range []struct{ typ, name string }{{"", "x"}, {"npm", ""}, {"swift", "NoNamespace"}} {
		if _, err := New(tc.typ, "", tc.name, "1.0", nil, ""); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("New(%q, %q): got %v, want an %s error", tc.typ, tc.name, err, ward.EINVALID)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, key, version string }{
		{"pkg:maven/org.apache.commons/io@1.3.4?classifier=sources#docs", "pkg:maven/org.apache.commons/io", "1.3.4"},
		{"pkg:maven/Org.Apache.Commons/IO@1.3.5", "pkg:maven/org.apache.commons/io", "1.3.5"},
		{"pkg:pypi/Django.Rest__Framework@3.15.1", "pkg:pypi/django-rest-framework", "3.15.1"},
		{"pkg:npm/%40Angular/Core@17.0.0", "pkg:npm/%40angular/core", "17.0.0"},
		{"pkg:golang/github.com/gin-gonic/gin@v1.9.1", "pkg:golang/github.com/gin-gonic/gin", "v1.9.1"},
		{"pkg:generic/acme/pump-firmware", "pkg:generic/acme/pump-firmware", ""},
		{"pkg:git/codeberg.org/forgejo/forgejo@a72d2c07", "pkg:git/codeberg.org/forgejo/forgejo", "a72d2c07"},
	}
	for _, tt := range tests {
		key, version, err := ParseKey(tt.in)
		if err != nil {
			t.Errorf("ParseKey(%q): %v", tt.in, err)
			continue
		}
		if key != tt.key || version != tt.version {
			t.Errorf("ParseKey(%q): got %q, %q, want %q, %q", tt.in, key, version, tt.key, tt.version)
		}
	}
	if _, _, err := ParseKey("not a purl"); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("ParseKey(garbage): got %v, want an %s error", err, ward.EINVALID)
	}
}

func TestPEP503(t *testing.T) {
	for in, want := range map[string]string{"a": "a", "a._-b": "a-b", "-a-": "-a-", "zope.interface": "zope-interface"} {
		if got := pep503(in); got != want {
			t.Errorf("pep503(%q): got %q, want %q", in, got, want)
		}
	}
}
