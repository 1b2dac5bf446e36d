package cpe

import (
	"testing"

	"ward"
)

// mustWFN builds a name from attribute=value pairs in WFN form, the rest ANY.
func mustWFN(tb testing.TB, part string, kv ...string) Name {
	tb.Helper()
	n, err := New(part)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < len(kv); i += 2 {
		found := false
		for a := Attribute(0); a < NumAttributes; a++ {
			if a.String() == kv[i] {
				n[a] = kv[i+1]
				found = true
			}
		}
		if !found {
			tb.Fatalf("unknown attribute %q", kv[i])
		}
	}
	return n
}

// The binding examples of NISTIR 7695 §6.1.2.3 and §6.2.2.3.
func TestBind(t *testing.T) {
	tests := []struct {
		name    Name
		fs, uri string
	}{
		{
			mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer", "version", `8\.0\.6001`, "update", "beta"),
			"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
			"cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
		},
		{
			mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer", "version", `8\.*`, "update", "sp?"),
			"cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
			"cpe:/a:microsoft:internet_explorer:8.%02:sp%01",
		},
		{
			mustWFN(t, "a", "vendor", "hp", "product", "insight_diagnostics", "version", `7\.4\.0\.1570`, "update", NA, "sw_edition", "online", "target_sw", "win2003", "target_hw", "x64"),
			"cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*",
			"cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~",
		},
		{
			mustWFN(t, "a", "vendor", "hp", "product", "openview_network_manager", "version", `7\.51`, "target_sw", "linux"),
			"cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*",
			"cpe:/a:hp:openview_network_manager:7.51::~~~linux~~",
		},
		{
			mustWFN(t, "a", "vendor", `foo\\bar`, "product", `big\$money_2010`, "sw_edition", "special", "target_sw", "ipod_touch", "target_hw", "80gb"),
			`cpe:2.3:a:foo\\bar:big\$money_2010:*:*:*:*:special:ipod_touch:80gb:*`,
			"cpe:/a:foo%5cbar:big%24money_2010:::~~special~ipod_touch~80gb~",
		},
		{
			mustWFN(t, "h", "vendor", "ge", "product", `mac_5500`, "version", `\-`),
			`cpe:2.3:h:ge:mac_5500:\-:*:*:*:*:*:*:*`,
			"cpe:/h:ge:mac_5500:%2d",
		},
	}
	for _, tt := range tests {
		if got := tt.name.FS(); got != tt.fs {
			t.Errorf("FS(%s): got %q, want %q", tt.name.WFN(), got, tt.fs)
		}
		if got := tt.name.URI(); got != tt.uri {
			t.Errorf("URI(%s): got %q, want %q", tt.name.WFN(), got, tt.uri)
		}
		for _, s := range []string{tt.fs, tt.uri} {
			back, err := Parse(s)
			if err != nil {
				t.Errorf("Parse(%q): %v", s, err)
			} else if back != tt.name {
				t.Errorf("Parse(%q): got %s, want %s", s, back.WFN(), tt.name.WFN())
			}
		}
	}
}

// The unbinding examples of NISTIR 7695 §6.1.3.3 and §6.2.3.3 that the
// bind test does not already cover, good and bad.
func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Name
	}{
		{"cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f", mustWFN(t, "a", "vendor", "microsoft", "product", "internet_explorer", "version", `8\.\*`, "update", `sp\?`)},
		{"cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~", mustWFN(t, "a", "vendor", "hp", "product", "openview_network_manager", "version", `7\.51`, "update", NA, "target_sw", "linux")},
		{"cpe:/a:foo~bar:big%7emoney_2010", mustWFN(t, "a", "vendor", `foo\~bar`, "product", `big\~money_2010`)},
		{"CPE:/A:Microsoft:IE", mustWFN(t, "a", "vendor", "microsoft", "product", "ie")},
		{`cpe:2.3:a:foo\:bar:baz:*:*:*:*:*:*:*:*`, mustWFN(t, "a", "vendor", `foo\:bar`, "product", "baz")},
		{`cpe:2.3:a:foo\\:bar:*:*:*:*:*:*:*:*`, mustWFN(t, "a", "vendor", `foo\\`, "product", "bar")},
		{"cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*", mustWFN(t, "o", "vendor", "linux", "product", "linux_kernel", "version", `5\.10`)},
		{"cpe:2.3:a:vendor:product:??1:*:*:*:*:*:*:*", mustWFN(t, "a", "vendor", "vendor", "product", "product", "version", "??1")},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): got error %v, want %s", tt.in, err, tt.want.WFN())
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q): got %s, want %s", tt.in, got.WFN(), tt.want.WFN())
		}
	}
	bad := []string{
		"",
		"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*",     // 10 attributes
		"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*:*", // 12 attributes
		"cpe:2.3:a:adobe:reader:9.*.1:*:*:*:*:*:*:*",                        // embedded *
		"cpe:2.3:a:micr?osoft:reader:*:*:*:*:*:*:*:*",                       // embedded ?
		"cpe:2.3:a::reader:*:*:*:*:*:*:*:*",                                 // empty field
		"cpe:2.3:x:vendor:product:*:*:*:*:*:*:*:*",                          // bad part
		"cpe:2.3:a:vendor:pro duct:*:*:*:*:*:*:*:*",                         // space
		`cpe:2.3:a:vendor:product\:*:*:*:*:*:*:*:*`,                         // 10 after escaping
		"cpe:2.3:a:vendor:**:*:*:*:*:*:*:*:*",                               // two stars
		"cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~", // %07
		"cpe:/a:foo:bar:12.%02.1234",                                        // embedded %02
		"cpe:/a:foo:bar:1:2:3:4:5",                                          // 8 components
		"cpe:/a:foo:bar:1:2:~a~b~c",                                         // short packing
		"cpe:/a:foo:bar:1%",                                                 // truncated
		"cpe:3.0:a:foo:bar:*:*:*:*:*:*:*:*",
	}
	for _, in := range bad {
		if got, err := Parse(in); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("Parse(%q): got %s, %v, want an %s error", in, got.WFN(), err, ward.EINVALID)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ plain, wfn string }{
		{"8.0.6001", `8\.0\.6001`},
		{"big$money_2010", `big\$money_2010`},
		{"1.0*", `1\.0\*`},
		{"", ANY},
	}
	for _, tt := range tests {
		if got := Quote(tt.plain); got != tt.wfn {
			t.Errorf("Quote(%q): got %q, want %q", tt.plain, got, tt.wfn)
		}
		if tt.plain != "" {
			if got := Unquote(tt.wfn); got != tt.plain {
				t.Errorf("Unquote(%q): got %q, want %q", tt.wfn, got, tt.plain)
			}
		}
	}
}

func TestVendorProduct(t *testing.T) {
	tests := []struct{ in, vendor, product string }{
		{"cpe:2.3:a:Microsoft:Internet_Explorer:8.0:*:*:*:*:*:*:*", "microsoft", "internet_explorer"},
		{`cpe:2.3:a:foo\!bar:baz-qux:*:*:*:*:*:*:*:*`, "foo!bar", "baz-qux"},
		{"cpe:/a:foo%21bar:baz-qux", "foo!bar", "baz-qux"},
		{"cpe:2.3:h:*:-:*:*:*:*:*:*:*:*", "", ""},
		{"not a cpe", "", ""},
	}
	for _, tt := range tests {
		v, p := VendorProduct(tt.in)
		if v != tt.vendor || p != tt.product {
			t.Errorf("VendorProduct(%q): got %q, %q, want %q, %q", tt.in, v, p, tt.vendor, tt.product)
		}
	}
}

func TestWithVersion(t *testing.T) {
	tests := []struct{ in, version, want string }{
		{"cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*", "1.2.3", "cpe:2.3:a:vendor:product:1.2.3:*:*:*:*:*:*:*"},
		{"cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*", "", "cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*"},
		{"cpe:2.3:h:ge:mac_5500:*:*:*:*:*:*:*:*", "-", "cpe:2.3:h:ge:mac_5500:-:*:*:*:*:*:*:*"},
		{"cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*", "2.0 (build 7)", `cpe:2.3:a:vendor:product:2.0\ \(build\ 7\):*:*:*:*:*:*:*`},
		{"cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*", "1.*", `cpe:2.3:a:vendor:product:1.\*:*:*:*:*:*:*:*`},
		{"cpe:/a:vendor:product", "1.2", "cpe:/a:vendor:product:1.2"},
		{"garbage", "1.2", ""},
	}
	for _, tt := range tests {
		if got := WithVersion(tt.in, tt.version); got != tt.want {
			t.Errorf("WithVersion(%q, %q): got %q, want %q", tt.in, tt.version, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := mustWFN(t, "a", "vendor", "acme", "version", `1\.0*`, "update", "??")
	if err := good.Validate(); err != nil {
		t.Errorf("Validate(%s): got %v, want nil", good.WFN(), err)
	}
	for _, v := range []string{"a.b", "a*b", "a?b", "*?", `ab\`, "a\tb", "é"} {
		n := mustWFN(t, "a", "product", v)
		if err := n.Validate(); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("Validate(product %q): got %v, want an %s error", v, err, ward.EINVALID)
		}
	}
	if _, err := New("x"); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("New(\"x\"): got %v, want an %s error", err, ward.EINVALID)
	}
}
