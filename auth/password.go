// Package auth holds Ward's credential primitives: argon2id password
// hashes, random secrets for API tokens and sessions, their at-rest hashes,
// and CSRF tokens. It is pure apart from reading the system's random source.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"ward"
)

// Params are argon2id's cost parameters. Default follows the RFC 9106
// second recommendation (64 MiB, 3 passes) with the parallelism of a
// small server.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
}

// Default is the cost new password hashes are made with.
var Default = Params{Memory: 64 * 1024, Time: 3, Threads: 2, KeyLen: 32}

// TestParams is a cheap cost for tests that create many accounts; never
// use it for real passwords.
var TestParams = Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32}

// MinPasswordLength is the shortest password Ward accepts. Length beats
// composition rules (NIST SP 800-63B).
const MinPasswordLength = 12

// MaxPasswordLength bounds the work one login attempt can cause.
const MaxPasswordLength = 256

// HashPassword returns the PHC-format argon2id hash of password
// ("$argon2id$v=19$m=65536,t=3,p=2$salt$key"). It returns EINVALID for a
// password shorter than MinPasswordLength or longer than MaxPasswordLength.
func HashPassword(password string, p Params) (string, error) {
	if err := CheckPassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", ward.WrapError(ward.EINTERNAL, err, "no randomness for a password salt")
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword returns EINVALID when password is too short or too long.
func CheckPassword(password string) error {
	switch {
	case len(password) < MinPasswordLength:
		return ward.Errorf(ward.EINVALID, "a password needs at least %d characters", MinPasswordLength)
	case len(password) > MaxPasswordLength:
		return ward.Errorf(ward.EINVALID, "a password has at most %d characters", MaxPasswordLength)
	}
	return nil
}

// VerifyPassword reports whether password matches the PHC-format hash, in
// time independent of where they differ. A malformed hash never matches.
func VerifyPassword(hash, password string) bool {
	if len(password) > MaxPasswordLength {
		return false
	}
	p, salt, key, ok := parseHash(hash)
	if !ok {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether hash was made with other parameters than p,
// so a successful login can upgrade it.
func NeedsRehash(hash string, p Params) bool {
	got, _, key, ok := parseHash(hash)
	return !ok || got.Memory != p.Memory || got.Time != p.Time || got.Threads != p.Threads || uint32(len(key)) != p.KeyLen
}

// parseHash reads "$argon2id$v=19$m=…,t=…,p=…$salt$key"; it refuses costs a
// hostile hash could use to exhaust memory.
func parseHash(hash string) (Params, []byte, []byte, bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return Params{}, nil, nil, false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return Params{}, nil, nil, false
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, false
	}
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 {
		return Params{}, nil, nil, false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return Params{}, nil, nil, false
	}
	p.KeyLen = uint32(len(key))
	return p, salt, key, true
}
