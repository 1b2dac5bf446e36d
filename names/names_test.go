package names

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"B. Braun Medical Inc.", "b braun medical"},
		{"B BRAUN MEDICAL INC", "b braun medical"},
		{"Becton, Dickinson and Company (BD)", "becton dickinson and company bd"},
		{"Johnson & Johnson", "johnson and johnson"},
		{"Dräger", "drager"},
		{"Innokas YhtymÃ¤ Oy", "innokas yhtyma"},
		{"Össur hf.", "ossur"},
		{"Medtronic ", "medtronic"},
		{"Hamilton Medical AG", "hamilton medical"},
		{"N'Vision", "nvision"},
		{"Inc", "inc"},
		{"Koninklijke Philips N.V.", "koninklijke philips"},
		{"OFFIS e.V.", "offis"},
		{"Ypsomed S.p.A.", "ypsomed"},
		{"C. R. Bard", "c r bard"},
		{"A B", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][]string{
		{"Hill-Rom", "Hillrom", "HILL ROM", "Hill-Rom Inc"},
		{"Spacelabs Healthcare", "SpaceLabs  Healthcare, Inc."},
		{"B. Braun", "B BRAUN", "BBraun"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if Key(s) != Key(group[0]) {
				t.Errorf("Key(%q) = %q, want %q as for %q", s, Key(s), Key(group[0]), group[0])
			}
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"B. Braun", "YhtymÃ¤", "Ã", "\xff\xfe", "a&b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Errorf("Normalize is not idempotent on %q: %q then %q", s, n, Normalize(n))
		}
	})
}
