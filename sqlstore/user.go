package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/names"
)

const userCols = `SELECT u.id, u.username, u.name, u.email, u.role, u.source, COALESCE(u.subject, ''), u.password_hash, u.password_set_at,
	u.must_change, u.disabled, u.failed_logins, u.locked_until, u.last_login, u.reviewed_at, u.reviewed_by, u.created_at,
	(SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND NOT t.revoked AND t.expires_at > ?),
	(SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > ?) FROM users u`

func (tx *Tx) scanUsers(where string, args ...any) ([]ward.User, error) {
	now := tx.ts(tx.now)
	rows, err := tx.query(userCols+" "+where+" ORDER BY u.username_key", append([]any{now, now}, args...)...)
	if err != nil {
		return nil, err
	}
	var out []ward.User
	byID := map[int64]int{}
	for rows.Next() {
		var u ward.User
		if err := rows.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.Role, &u.Source, &u.Subject, &u.PasswordHash,
			timeCol{&u.PasswordSetAt}, &u.MustChange, &u.Disabled, &u.FailedLogins, timeCol{&u.LockedUntil},
			timeCol{&u.LastLogin}, timeCol{&u.ReviewedAt}, &u.ReviewedBy, timeCol{&u.CreatedAt}, &u.ActiveTokens,
			&u.ActiveSessions); err != nil {
			rows.Close()
			return nil, err
		}
		u.FacilityIDs = []int64{}
		byID[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = eachRow(tx, `SELECT user_id, CAST(facility_id AS TEXT) FROM user_facilities ORDER BY facility_id`, nil,
		func(id int64, fac string) {
			if i, ok := byID[id]; ok {
				n, _ := strconv.ParseInt(fac, 10, 64)
				out[i].FacilityIDs = append(out[i].FacilityIDs, n)
			}
		})
	return out, err
}

// CreateUser adds a user. See ward.UserService.
func (db *DB) CreateUser(ctx context.Context, u *ward.User) error {
	u.Username = strings.TrimSpace(u.Username)
	if err := checkUsername(u.Username); err != nil {
		return err
	}
	if !ward.ValidRole(u.Role) {
		return ward.Errorf(ward.EINVALID, "unknown role %q; roles: %s", u.Role, strings.Join(ward.Roles, ", "))
	}
	if u.Source == "" {
		u.Source = "local"
	}
	return db.update(ctx, func(tx *Tx) error {
		var err error
		u.ID, err = tx.insertID(`INSERT INTO users (username, username_key, name, email, role, source, subject, password_hash,
			password_set_at, must_change, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Username,
			names.Key(u.Username), u.Name, u.Email, u.Role, u.Source, emptyNull(u.Subject), u.PasswordHash,
			tx.ts(pwTime(u, tx.now)), u.MustChange, tx.ts(tx.now))
		if err != nil {
			return conflictOr(err, "a user named %q exists", u.Username)
		}
		u.CreatedAt = tx.now
		if err := tx.setUserFacilities(u.ID, u.FacilityIDs); err != nil {
			return err
		}
		return tx.audit("user.create", "user", u.Username, nil, userAudit(u))
	})
}

func pwTime(u *ward.User, now time.Time) time.Time {
	if u.PasswordHash == "" {
		return time.Time{}
	}
	return now
}

// userAudit is what the audit trail records of a user: never the hash.
func userAudit(u *ward.User) map[string]any {
	return map[string]any{"username": u.Username, "role": u.Role, "facility_ids": u.FacilityIDs,
		"disabled": u.Disabled, "source": u.Source, "name": u.Name, "email": u.Email}
}

func checkUsername(name string) error {
	if name == "" || len(name) > 64 {
		return ward.Errorf(ward.EINVALID, "a username has 1 to 64 characters")
	}
	for _, r := range name {
		if r < 0x21 || r == 0x7f {
			return ward.Errorf(ward.EINVALID, "a username has no spaces or control characters")
		}
	}
	return nil
}

func (tx *Tx) setUserFacilities(id int64, facilities []int64) error {
	if _, err := tx.exec(`DELETE FROM user_facilities WHERE user_id = ?`, id); err != nil {
		return err
	}
	for _, f := range facilities {
		if _, err := tx.exec(`INSERT INTO user_facilities (user_id, facility_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			id, f); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// FindUsers lists every user. See ward.UserService.
func (db *DB) FindUsers(ctx context.Context) ([]ward.User, error) {
	var out []ward.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.scanUsers("")
		return err
	})
	return out, err
}

// FindUserByName returns a user by username, ignoring case; ENOTFOUND.
func (db *DB) FindUserByName(ctx context.Context, username string) (*ward.User, error) {
	return db.findUser(ctx, "WHERE u.username_key = ?", names.Key(username))
}

// FindUser returns a user by id; ENOTFOUND.
func (db *DB) FindUser(ctx context.Context, id int64) (*ward.User, error) {
	return db.findUser(ctx, "WHERE u.id = ?", id)
}

// FindUserBySubject returns the single sign-on user a provider (source)
// knows by subject; ENOTFOUND.
func (db *DB) FindUserBySubject(ctx context.Context, source, subject string) (*ward.User, error) {
	return db.findUser(ctx, "WHERE u.source = ? AND u.subject = ?", source, subject)
}

func (db *DB) findUser(ctx context.Context, where string, args ...any) (*ward.User, error) {
	var out []ward.User
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.scanUsers(where, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ward.Errorf(ward.ENOTFOUND, "no such user")
	}
	return &out[0], nil
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error { return tx.queryRow(`SELECT COUNT(*) FROM users`).Scan(&n) })
	return n, err
}

// emptyNull stores "" as NULL, for optional unique columns.
func emptyNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
