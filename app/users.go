package app

import (
	"context"
	"strings"
	"sync"
	"time"

	"ward"
	"ward/auth"
)

// Login policy: a few wrong passwords lock an account for a while, which
// stops guessing without letting anyone lock a user out for long.
const (
	LoginLockAfter = 5
	LoginLockFor   = 15 * time.Minute
)

func (a *App) passwordParams() auth.Params {
	if a.PasswordParams.Memory == 0 {
		return auth.Default
	}
	return a.PasswordParams
}

// CreateUser adds a local user with password, or with a generated one
// (returned, and to be changed at first login) when password is empty.
// EINVALID for a short password, bad name or role; ECONFLICT for a taken
// name.
func (a *App) CreateUser(ctx context.Context, u *ward.User, password string) (generated string, err error) {
	if password == "" {
		if generated, err = auth.NewPassword(); err != nil {
			return "", err
		}
		password, u.MustChange = generated, true
	}
	if u.PasswordHash, err = auth.HashPassword(password, a.passwordParams()); err != nil {
		return "", err
	}
	return generated, a.Store.CreateUser(ctx, u)
}

// Bootstrap creates the first administrator, "admin" with a generated
// one-time password, when no user exists; created is false otherwise.
func (a *App) Bootstrap(ctx context.Context) (password string, created bool, err error) {
	n, err := a.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", false, err
	}
	u := &ward.User{Username: "admin", Name: "Administrator", Role: ward.RoleAdmin}
	password, err = a.CreateUser(ward.WithActor(ctx, "system:bootstrap"), u, "")
	return password, err == nil, err
}

// errLogin is the one answer to a failed login, so it tells no one which
// usernames exist.
var errLogin = ward.Errorf(ward.EUNAUTHORIZED, "wrong username or password")

// Login checks a local user's password, records the attempt and returns
// the user. EUNAUTHORIZED for an unknown user, a wrong password, a
// disabled account or one locked after too many failures.
func (a *App) Login(ctx context.Context, username, password string) (*ward.User, error) {
	u, err := a.Store.FindUserByName(ctx, strings.TrimSpace(username))
	if ward.IsNotFound(err) {
		// Hash anyway, so a missing user takes as long as a wrong password.
		auth.VerifyPassword(dummyHash(a.passwordParams()), password)
		return nil, errLogin
	}
	if err != nil {
		return nil, err
	}
	ctx = ward.WithActor(ctx, ward.Actor("login:"+u.Username))
	if u.LockedUntil.After(time.Now()) {
		return nil, ward.Errorf(ward.EUNAUTHORIZED, "too many failed logins: try again after %s",
			u.LockedUntil.UTC().Format("15:04 MST"))
	}
	if u.Disabled || u.PasswordHash == "" || !auth.VerifyPassword(u.PasswordHash, password) {
		if err := a.Store.RecordLogin(ctx, u.ID, false, LoginLockAfter, LoginLockFor); err != nil {
			return nil, err
		}
		return nil, errLogin
	}
	if auth.NeedsRehash(u.PasswordHash, a.passwordParams()) {
		if h, err := auth.HashPassword(password, a.passwordParams()); err == nil {
			if _, err := a.Store.UpdateUser(ctx, u.ID, ward.UserUpdate{PasswordHash: &h}); err != nil {
				return nil, err
			}
		}
	}
	return u, a.Store.RecordLogin(ctx, u.ID, true, LoginLockAfter, LoginLockFor)
}

var dummy struct {
	sync.Mutex
	params auth.Params
	hash   string
}

func dummyHash(p auth.Params) string {
	dummy.Lock()
	defer dummy.Unlock()
	if dummy.hash == "" || dummy.params != p {
		dummy.hash, _ = auth.HashPassword("not a real password at all", p)
		dummy.params = p
	}
	return dummy.hash
}

// SetPassword gives a user a new password; with mustChange the user is
// asked for another at next login. EINVALID for a short password.
func (a *App) SetPassword(ctx context.Context, userID int64, password string, mustChange bool) error {
	h, err := auth.HashPassword(password, a.passwordParams())
	if err != nil {
		return err
	}
	_, err = a.Store.UpdateUser(ctx, userID, ward.UserUpdate{PasswordHash: &h, MustChange: &mustChange})
	return err
}

// CreateToken issues an API token for a user, with a role no stronger
// than the user's (theirs when empty), valid for ttl. It returns the
// secret, which is shown once and stored only hashed.
func (a *App) CreateToken(ctx context.Context, username, role, name string, ttl time.Duration) (string, *ward.Token, error) {
	u, err := a.Store.FindUserByName(ctx, username)
	if err != nil {
		return "", nil, err
	}
	if ttl <= 0 || ttl > 5*365*24*time.Hour {
		return "", nil, ward.Errorf(ward.EINVALID, "a token lives between a minute and five years")
	}
	secret, err := auth.NewToken()
	if err != nil {
		return "", nil, err
	}
	t := &ward.Token{UserID: u.ID, Name: name, Role: role, Hash: auth.HashSecret(secret), Hint: auth.TokenHint(secret),
		ExpiresAt: time.Now().Add(ttl).UTC().Truncate(time.Second)}
	if err := a.Store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}
