package vers

import (
	"testing"

	"ward"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    string // canonical String(); "" means Parse must fail
		wantErr bool
	}{
		{in: "vers:npm/1.2.3|>=2.0.0|<5.0.0", want: "vers:npm/1.2.3|>=2.0.0|<5.0.0"},
		{in: "vers:gem/>=2.2.0|!=2.2.1|<2.3.0", want: "vers:gem/>=2.2.0|!=2.2.1|<2.3.0"},
		{in: "vers:generic/>=2.9|<=4.1", want: "vers:generic/>=2.9|<=4.1"},
		{in: "vers:all/*", want: "vers:all/*"},
		{in: "vers:deb/*", want: "vers:deb/*"},
		{in: "vers:npm/1.0%252F0", want: "vers:npm/1.0%252F0"},
		{in: "vers:pypi/!=1.0|!=2.0", want: "vers:pypi/!=1.0|!=2.0"},
		{in: "vers:intdot/<2.1.0|>4.2.0|!=5.1|!=6.3.0|!=9.17.4|<=10.3.1", want: "vers:intdot/<2.1.0|>4.2.0|!=5.1|!=6.3.0|!=9.17.4|<=10.3.1"},
		{in: "vers:datetime/>=2012-06-30T23:59:60Z|<=2016-12-31T23:59:60Z", want: "vers:datetime/>=2012-06-30T23:59:60Z|<=2016-12-31T23:59:60Z"},
		{in: "vers:npm/>=1.0.0| <2.0.0", wantErr: true},               // whitespace
		{in: "vers:npm/|>=1.0.0", wantErr: true},                      // leading pipe
		{in: "vers:npm/>=1.0.0|", wantErr: true},                      // trailing pipe
		{in: "vers:npm/>=1.0.0||<2.0.0", wantErr: true},               // empty constraint
		{in: "vers:npm/>=2.0.0|<1.0.0", wantErr: true},                // not sorted
		{in: "vers:npm/=1.0.0", wantErr: true},                        // explicit "="
		{in: "vers:NPM/1.0.0", wantErr: true},                         // upper-case scheme
		{in: "VERS:npm/1.0.0", wantErr: true},                         // upper-case prefix
		{in: "vers:npm/1.0%2g", wantErr: true},                        // bad percent-encoding
		{in: "vers:npm/1.0%2f0", wantErr: true},                       // lower-case hex
		{in: "vers:npm/", wantErr: true},                              // no constraints
		{in: "vers:npm", wantErr: true},                               // no slash
		{in: "npm/1.0.0", wantErr: true},                              // no prefix
		{in: "vers:npm/*|1.0.0", wantErr: true},                       // star not alone
		{in: "vers:npm/>=", wantErr: true},                            // no version
		{in: "vers:npm/1.0.0|1.0.0", wantErr: true},                   // duplicate version
		{in: "vers:npm/>=1.0.0|>=2.0.0", wantErr: true},               // two lower bounds
		{in: "vers:npm/1.0.0|<2.0.0", wantErr: true},                  // "=" then upper bound
		{in: "vers:all/<V3.1.2.2", wantErr: true},                     // all allows only *
		{in: "vers:invalid/1.0", wantErr: true},                       // reserved
		{in: "vers:someweirdunknownverstype/<4.2.0", wantErr: true},   // unsupported
		{in: "vers:datetime/2024-01-01t00:00:00z", wantErr: true},     // lower-case t, z
		{in: "vers:datetime/2024-01-01T00%3A00%3A00Z", wantErr: true}, // encoded colons
		{in: "vers:npm/1.0.0\x00", wantErr: true},                     // control character
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Parse(%q) = %q, want an error", tt.in, r.String())
			} else if code := ward.ErrorCode(err); code != ward.EINVALID {
				t.Errorf("Parse(%q) error code: got %q, want %q", tt.in, code, ward.EINVALID)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): got error %v, want %q", tt.in, err, tt.want)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("Parse(%q).String(): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseLenient(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"vers:npm/ >= 2.2.0| <2.3.0", "vers:npm/>=2.2.0|<2.3.0"},
		{"VERS:PyPI/<2.0|>=1.0", "vers:pypi/>=1.0|<2.0"},
		{"vers:pypi/0.0.2|0.0.6|>=0.0.0|0.0.1", "vers:pypi/>=0.0.0|0.0.1|0.0.2|0.0.6"},
		{"vers:npm/|=1.0.0||", "vers:npm/1.0.0"},
		{"vers:npm/1.0%2f0", "vers:npm/1.0/0"},
		{"vers:datetime/2024-01-01t00:00:00z", "vers:datetime/2024-01-01T00:00:00Z"},
		{"vers:maven/2.0|1.0-SNAPSHOT|1.0", "vers:maven/1.0-SNAPSHOT|1.0|2.0"},
		{"vers:generic/<= 12.2.x.x", "vers:generic/<=12.2.x.x"},
	}
	for _, tt := range tests {
		r, err := ParseLenient(tt.in)
		if err != nil {
			t.Errorf("ParseLenient(%q): got error %v, want %q", tt.in, err, tt.want)
			continue
		}
		if got := r.String(); got != tt.want {
			t.Errorf("ParseLenient(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"", "vers:", "vers:npm/|", "vers:npm/1.0%zz", "vers:pypi/not a version|1.0", "vers:nope/1"} {
		if r, err := ParseLenient(in); err == nil {
			t.Errorf("ParseLenient(%q) = %q, want an error", in, r.String())
		}
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		vers, version string
		want          bool
	}{
		{"vers:generic/>=2.9|<=4.1", "3.0", true},
		{"vers:generic/>=2.9|<=4.1", "4.1", true},
		{"vers:generic/>=2.9|<=4.1", "4.1.1", false},
		{"vers:generic/>=2.9|<=4.1", "2.8", false},
		{"vers:generic/>=2.9|<=4.1", "V3.2", true},
		{"vers:generic/<2.4A", "2.4", true},
		{"vers:all/*", "anything at all", true},
		{"vers:none/*", "1.0", false},
		{"vers:npm/*", "1.0.0", true},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.3", true},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "1.2.4", false},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "4.9.9", true},
		{"vers:npm/1.2.3|>=2.0.0|<5.0.0", "5.0.0", false},
		{"vers:npm/<1.0.0|>=2.0.0", "0.9.0", true},
		{"vers:npm/<1.0.0|>=2.0.0", "1.5.0", false},
		{"vers:npm/<1.0.0|>=2.0.0", "3.0.0", true},
		{"vers:npm/>=1.0.0|<2.0.0", "2.0.0-rc.1", true}, // vers has no pre-release exclusion
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.1", false},
		{"vers:gem/>=2.2.0|!=2.2.1|<2.3.0", "2.2.2", true},
		{"vers:pypi/!=1.0", "2.0", true}, // only exclusions: everything else
		{"vers:pypi/!=1.0", "1.0.0", false},
		{"vers:pypi/>=1.0|<2.0", "2.0rc1", true},
		{"vers:pypi/<2.0", "2.0.post1", false},
		{"vers:maven/>=1.0|<2.0", "1.0-SNAPSHOT", false},
		{"vers:maven/>=1.0|<2.0", "2.0-SNAPSHOT", true},
		{"vers:deb/<1:1.0", "2.0", true},
		{"vers:deb/>=1.0~rc1|<1.0", "1.0~rc2", true},
		{"vers:rpm/<1.2.3-4", "1.2.3-3", true},
		{"vers:datetime/>=2024-01-01T00:00:00Z", "2023-12-31T20:00:00-05:00", true},
		{"vers:intdot/>1.2|!=3.2.0|<3.91.1|>4.2.0", "3.2", false},
		{"vers:intdot/>1.2|!=3.2.0|<3.91.1|>4.2.0", "5", true},
		// Lenient input that breaks alternation reads as a union.
		{"vers:pypi/>0.0.0|>=0.0.1|<0.0.3|<0.0.5", "0.0.4", true},
		{"vers:pypi/<1.0|<3.0", "2.0", true},
	}
	for _, tt := range tests {
		r, err := ParseLenient(tt.vers)
		if err != nil {
			t.Errorf("ParseLenient(%q): %v", tt.vers, err)
			continue
		}
		got, err := r.Contains(tt.version)
		if err != nil {
			t.Errorf("%q.Contains(%q): got error %v, want %v", tt.vers, tt.version, err, tt.want)
			continue
		}
		if got != tt.want {
			t.Errorf("%q.Contains(%q): got %v, want %v", tt.vers, tt.version, got, tt.want)
		}
	}
}

func TestContainsErrors(t *testing.T) {
	tests := []struct{ vers, version string }{
		{"vers:npm/>=1.0.0", "not-a-version"},
		{"vers:npm/*", "1.0.0.0.0"},
		{"vers:pypi/x", "1.0"}, // a lone version is first checked here
		{"vers:datetime/>=2024-01-01T00:00:00Z", "yesterday"},
	}
	for _, tt := range tests {
		r, err := ParseLenient(tt.vers)
		if err != nil {
			t.Fatalf("ParseLenient(%q): %v", tt.vers, err)
		}
		if got, err := r.Contains(tt.version); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("%q.Contains(%q): got %v, %v, want an %s error", tt.vers, tt.version, got, err, ward.EINVALID)
		}
	}
	if _, err := (Range{Scheme: "cobol"}).Contains("1"); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("Contains on an unsupported scheme: got %v, want an %s error", err, ward.EINVALID)
	}
}

func TestNew(t *testing.T) {
	r, err := New("NPM", Constraint{LT, "2.0.0"}, Constraint{Version: "0.9.0"}, Constraint{GE, "1.0.0"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if got, want := r.String(), "vers:npm/0.9.0|>=1.0.0|<2.0.0"; got != want {
		t.Errorf("New: got %q, want %q", got, want)
	}
	if _, err := New("npm", Constraint{GE, "1.0.0"}, Constraint{GE, "2.0.0"}); err == nil {
		t.Error("New with two lower bounds: got nil error, want one")
	}
	if _, err := New("npm", Constraint{GE, "x.y"}, Constraint{LT, "2.0.0"}); err == nil {
		t.Error("New with an invalid version: got nil error, want one")
	}
	if r, err := New("generic", Constraint{Comparator: EQ, Version: "a|b"}); err != nil || r.String() != "vers:generic/a%7Cb" {
		t.Errorf("New with a pipe in a version: got %q, %v, want %q", r.String(), err, "vers:generic/a%7Cb")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		vers string
		ok   bool
	}{
		{"vers:pypi/>0.0.0|>=0.0.1|0.0.2|<0.0.3", false},
		{"vers:pypi/0.0.1|0.0.2|>=0.0.3", true},
		{"vers:pypi/<0.0.1|!=0.0.2|>0.0.3", true},
		{"vers:pypi/<0.0.1|<0.0.2", false},
		{"vers:pypi/1.0|1.0.0", false}, // equal versions in another spelling
	}
	for _, tt := range tests {
		r, err := ParseLenient(tt.vers)
		if err != nil {
			t.Fatalf("ParseLenient(%q): %v", tt.vers, err)
		}
		if err := r.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%q): got %v, want ok=%v", tt.vers, err, tt.ok)
		}
	}
}
