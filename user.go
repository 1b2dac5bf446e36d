package ward

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Roles. Each grants what the web route table allows it; a user may also
// be scoped to some facilities.
const (
	// RoleAdmin manages users, tokens, the catalog and every record.
	RoleAdmin = "admin"
	// RoleClinicalEngineering runs the biomed side: inventory, work
	// orders, recalls, patches, lifecycle, triage.
	RoleClinicalEngineering = "clinical_engineering"
	// RoleITSecurity runs the security side: advisories, findings,
	// triage, risk, VEX.
	RoleITSecurity = "it_security"
	// RoleTechnician works the orders assigned to their team.
	RoleTechnician = "technician"
	// RoleViewer reads everything in scope and changes nothing; auditors
	// get this role.
	RoleViewer = "viewer"
)

// Roles lists the roles, most powerful first.
var Roles = []string{RoleAdmin, RoleClinicalEngineering, RoleITSecurity, RoleTechnician, RoleViewer}

// ValidRole reports whether r is one of Roles.
func ValidRole(r string) bool { return slices.Contains(Roles, r) }

// User is a person who signs in to Ward, locally or through single sign-on.
type User struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name,omitempty"`
	Email    string `json:"email,omitempty"`
	Role     string `json:"role"`
	// FacilityIDs scopes the user to these facilities; empty means all.
	FacilityIDs []int64 `json:"facility_ids"`
	// Source is "local" or the single sign-on issuer that created the user.
	Source string `json:"source"`
	// Subject is the issuer's stable identifier ("sub") of a single
	// sign-on user; the username is only a label.
	Subject        string    `json:"-"`
	Disabled       bool      `json:"disabled"`
	MustChange     bool      `json:"must_change_password"`
	LastLogin      time.Time `json:"last_login,omitzero"`
	CreatedAt      time.Time `json:"created_at"`
	PasswordHash   string    `json:"-"`
	PasswordSetAt  time.Time `json:"password_set_at,omitzero"`
	FailedLogins   int       `json:"-"`
	LockedUntil    time.Time `json:"-"`
	ReviewedAt     time.Time `json:"reviewed_at,omitzero"`
	ReviewedBy     string    `json:"reviewed_by,omitempty"`
	ActiveTokens   int       `json:"active_tokens"`
	ActiveSessions int       `json:"active_sessions"`
}

// UserUpdate changes a user; nil fields are left alone.
type UserUpdate struct {
	Name         *string  `json:"name"`
	Email        *string  `json:"email"`
	Role         *string  `json:"role"`
	FacilityIDs  *[]int64 `json:"facility_ids"`
	Disabled     *bool    `json:"disabled"`
	PasswordHash *string  `json:"-"`
	MustChange   *bool    `json:"-"`
}

// Token is an API token: a bearer secret Ward stores only hashed, scoped
// to a role no stronger than its user's, with an expiry.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Hint      string    `json:"hint"` // the token's first characters
	Hash      string    `json:"-"`
	ExpiresAt time.Time `json:"expires_at"`
	LastUsed  time.Time `json:"last_used,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	Revoked   bool      `json:"revoked"`
}

// Session is a signed-in browser: its id is stored only hashed.
type Session struct {
	Hash      string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	SeenAt    time.Time
}

// Principal is who a request acts as: a user, with the role of the token
// or session it came through.
type Principal struct {
	User *User
	Role string
	Via  string // "session", "token" or "cli"
}

// UserService manages users, tokens and sessions.
type UserService interface {
	// CreateUser adds a user; ECONFLICT when the username is taken,
	// EINVALID for a bad role or name.
	CreateUser(ctx context.Context, u *User) error
	// FindUsers lists every user with token and session counts.
	FindUsers(ctx context.Context) ([]User, error)
	// FindUserByName returns a user; ENOTFOUND when there is none.
	FindUserByName(ctx context.Context, username string) (*User, error)
	// FindUserBySubject returns the single sign-on user an issuer knows by
	// subject; ENOTFOUND when there is none.
	FindUserBySubject(ctx context.Context, source, subject string) (*User, error)
	// FindUser returns a user by id; ENOTFOUND when there is none.
	FindUser(ctx context.Context, id int64) (*User, error)
	// UpdateUser changes a user; ENOTFOUND, EINVALID.
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
	// CountUsers returns how many users exist.
	CountUsers(ctx context.Context) (int, error)
	// RecordLogin records a login attempt's outcome: a success clears the
	// failure count and sets the last login; a failure counts and may lock
	// the account until a time. Both are audited.
	RecordLogin(ctx context.Context, userID int64, ok bool, lockAfter int, lockFor time.Duration) error

	// CreateToken stores a token (hashed); EINVALID for a role above the
	// user's or an expiry in the past.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokens lists the tokens of a user, or all when userID is 0.
	FindTokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes a token; ENOTFOUND.
	RevokeToken(ctx context.Context, id int64) error
	// AuthenticateToken returns the principal of a valid, unexpired,
	// unrevoked token of an enabled user and records its use;
	// EUNAUTHORIZED otherwise.
	AuthenticateToken(ctx context.Context, hash string) (*Principal, error)

	// CreateSession stores a session for a user.
	CreateSession(ctx context.Context, s *Session) error
	// AuthenticateSession returns the principal of a live session of an
	// enabled user, extending it when idle past half its life;
	// EUNAUTHORIZED otherwise.
	AuthenticateSession(ctx context.Context, hash string, idle time.Duration) (*Principal, error)
	// DeleteSession ends a session (logout).
	DeleteSession(ctx context.Context, hash string) error
	// ReviewAccess records that actor reviewed and attests the users'
	// access (the access review).
	ReviewAccess(ctx context.Context, userIDs []int64) error
}

// ParseTTL reads a lifetime such as 90m, 12h, 30d or 1y.
func ParseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, unit := strings.TrimRight(s, "dy"), s[len(strings.TrimRight(s, "dy")):]; unit == "d" || unit == "y" {
		v, err := strconv.Atoi(n)
		if err != nil || v <= 0 {
			return 0, Errorf(EINVALID, "bad lifetime %q: use e.g. 12h, 30d or 1y", s)
		}
		if unit == "y" {
			return time.Duration(v) * 365 * 24 * time.Hour, nil
		}
		return time.Duration(v) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, Errorf(EINVALID, "bad lifetime %q: use e.g. 12h, 30d or 1y", s)
	}
	return d, nil
}
