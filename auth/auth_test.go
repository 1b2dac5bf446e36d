package auth

import (
	"strings"
	"testing"

	"ward"
)

// fast keeps the tests quick; Default is exercised once.
var fast = Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("got hash %q, want PHC argon2id form", h)
	}
	if !VerifyPassword(h, "correct horse battery") {
		t.Error("the right password does not verify")
	}
	for _, wrong := range []string{"", "correct horse batterY", "correct horse battery ", strings.Repeat("x", 300)} {
		if VerifyPassword(h, wrong) {
			t.Errorf("wrong password %q verifies", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if !NeedsRehash(h, Default) || NeedsRehash(h, fast) {
		t.Error("NeedsRehash does not compare parameters")
	}
	d, err := HashPassword("correct horse battery", Default)
	if err != nil || !VerifyPassword(d, "correct horse battery") {
		t.Errorf("Default parameters: %v", err)
	}
}

func TestPasswordRefused(t *testing.T) {
	for _, p := range []string{"", "short", strings.Repeat("a", MinPasswordLength-1), strings.Repeat("a", MaxPasswordLength+1)} {
		if _, err := HashPassword(p, fast); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("HashPassword(%d chars): got %v, want EINVALID", len(p), err)
		}
	}
}

func TestMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5", "plain",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", // memory bomb
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5"} {
		if VerifyPassword(h, "anything at all") {
			t.Errorf("malformed hash %q verifies", h)
		}
	}
}

func TestSecrets(t *testing.T) {
	tok, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, TokenPrefix) || len(tok) != len(TokenPrefix)+52 {
		t.Errorf("got token %q, want %s and 52 characters", tok, TokenPrefix)
	}
	if other, _ := NewToken(); other == tok {
		t.Error("two tokens are equal")
	}
	if h := HashSecret(tok); len(h) != 64 || h == HashSecret(tok+"x") {
		t.Errorf("HashSecret: %q", h)
	}
	if hint := TokenHint(tok); hint != tok[:11]+"…" {
		t.Errorf("got hint %q", hint)
	}
	key := []byte("0123456789abcdef0123456789abcdef")
	c := CSRFToken(key, "session-a")
	if !CheckCSRF(key, "session-a", c) || CheckCSRF(key, "session-b", c) || CheckCSRF(key, "", CSRFToken(key, "")) ||
		CheckCSRF([]byte("other key"), "session-a", c) {
		t.Error("CSRF tokens are not bound to the session and key")
	}
	p, err := NewPassword()
	if err != nil || len(p) != 20 || CheckPassword(p) != nil {
		t.Errorf("NewPassword: %q %v", p, err)
	}
}
