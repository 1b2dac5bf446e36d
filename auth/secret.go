package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"

	"ward"
)

// TokenPrefix starts every API token, so a leaked token is recognisable
// (secret scanners match it) and a bearer value is told apart from a
// session id.
const TokenPrefix = "ward_"

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns 32 random bytes as lower-case base32 text (52
// characters), for session ids and API token bodies.
func NewSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", ward.WrapError(ward.EINTERNAL, err, "no randomness for a secret")
	}
	return strings.ToLower(b32.EncodeToString(b)), nil
}

// NewToken returns a new API token: TokenPrefix, then a secret.
func NewToken() (string, error) {
	s, err := NewSecret()
	if err != nil {
		return "", err
	}
	return TokenPrefix + s, nil
}

// HashSecret is the at-rest form of a token or session id: its SHA-256 in
// hex. Secrets carry 256 random bits, so a fast hash suffices; a stolen
// database yields no usable credential.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// TokenHint is the part of a token safe to show and log: its prefix and
// first characters, to tell tokens apart in lists.
func TokenHint(token string) string {
	if len(token) <= len(TokenPrefix)+6 {
		return TokenPrefix + "…"
	}
	return token[:len(TokenPrefix)+6] + "…"
}

// CSRFToken derives the anti-forgery token of a session: an HMAC of the
// session id under the server's key, so forms need no stored token and a
// token is useless with another session.
func CSRFToken(key []byte, sessionID string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("csrf\x00" + sessionID))
	return hex.EncodeToString(m.Sum(nil))
}

// CheckCSRF reports whether token is the session's CSRF token, in
// constant time.
func CheckCSRF(key []byte, sessionID, token string) bool {
	return sessionID != "" && hmac.Equal([]byte(CSRFToken(key, sessionID)), []byte(token))
}

// NewPassword returns a random password of 20 characters from an
// alphabet without look-alikes, for generated first passwords.
func NewPassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	// Bytes at or above the largest multiple of the alphabet's size are
	// drawn again, so every character is equally likely.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, 20)
	buf := make([]byte, 32)
	for len(out) < 20 {
		if _, err := rand.Read(buf); err != nil {
			return "", ward.WrapError(ward.EINTERNAL, err, "no randomness for a password")
		}
		for _, c := range buf {
			if int(c) < limit && len(out) < 20 {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out), nil
}
