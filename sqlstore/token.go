package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"time"

	"ward"
)

// roleRank orders roles from the most to the least powerful, so a token
// can be checked to be no stronger than its user.
func roleRank(r string) int { return slices.Index(ward.Roles, r) }

// CreateToken stores a token, hashed. See ward.UserService.
func (db *DB) CreateToken(ctx context.Context, t *ward.Token) error {
	if t.Hash == "" || t.Hint == "" {
		return ward.Errorf(ward.EINVALID, "a token needs its hash and hint")
	}
	return db.update(ctx, func(tx *Tx) error {
		var userRole, name string
		var disabled bool
		if err := tx.queryRow(`SELECT role, username, disabled FROM users WHERE id = ?`, t.UserID).Scan(&userRole, &name,
			&disabled); err != nil {
			return notFound(err, "no user %d", t.UserID)
		}
		if disabled {
			return ward.Errorf(ward.EINVALID, "user %s is disabled", name)
		}
		if t.Role == "" {
			t.Role = userRole
		}
		if !ward.ValidRole(t.Role) || roleRank(t.Role) < roleRank(userRole) {
			return ward.Errorf(ward.EINVALID, "a token of %s (%s) can have role %s or a weaker one", name, userRole, userRole)
		}
		if !t.ExpiresAt.After(tx.now) {
			return ward.Errorf(ward.EINVALID, "a token must expire in the future")
		}
		var err error
		t.ID, err = tx.insertID(`INSERT INTO api_tokens (user_id, name, role, hint, hash, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.UserID, t.Name, t.Role, t.Hint, t.Hash, tx.ts(t.ExpiresAt), tx.ts(tx.now))
		if err != nil {
			return mapError(err)
		}
		t.Username, t.CreatedAt = name, tx.now
		return tx.audit("token.create", "token", strconv.FormatInt(t.ID, 10), nil,
			map[string]any{"user": name, "role": t.Role, "name": t.Name, "hint": t.Hint, "expires_at": t.ExpiresAt})
	})
}

// FindTokens lists tokens, of one user or all. See ward.UserService.
func (db *DB) FindTokens(ctx context.Context, userID int64) ([]ward.Token, error) {
	var out []ward.Token
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT t.id, t.user_id, u.username, t.name, t.role, t.hint, t.expires_at, t.last_used, t.created_at, t.revoked
			FROM api_tokens t JOIN users u ON u.id = t.user_id`
		var args []any
		if userID != 0 {
			q, args = q+` WHERE t.user_id = ?`, []any{userID}
		}
		rows, err := tx.query(q+` ORDER BY t.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t ward.Token
			if err := rows.Scan(&t.ID, &t.UserID, &t.Username, &t.Name, &t.Role, &t.Hint, timeCol{&t.ExpiresAt},
				timeCol{&t.LastUsed}, timeCol{&t.CreatedAt}, &t.Revoked); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken revokes a token; ENOTFOUND. See ward.UserService.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var hint string
		if err := tx.queryRow(`UPDATE api_tokens SET revoked = TRUE WHERE id = ? RETURNING hint`, id).Scan(&hint); err != nil {
			return notFound(err, "no token %d", id)
		}
		return tx.audit("token.revoke", "token", strconv.FormatInt(id, 10), nil, map[string]any{"hint": hint})
	})
}

// AuthenticateToken resolves a bearer token's hash. See ward.UserService.
func (db *DB) AuthenticateToken(ctx context.Context, hash string) (*ward.Principal, error) {
	var id, userID int64
	var role string
	var lastUsed time.Time
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT t.id, t.user_id, t.role, t.last_used FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.hash = ? AND NOT t.revoked AND t.expires_at > ? AND NOT u.disabled`, hash, tx.ts(tx.now)).
			Scan(&id, &userID, &role, timeCol{&lastUsed})
		if err != nil {
			return unauthorized(err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Recording use at most once a minute keeps API reads from turning
	// into writes.
	if time.Since(lastUsed) > time.Minute {
		if err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE api_tokens SET last_used = ? WHERE id = ?`, tx.ts(tx.now), id)
			return err
		}); err != nil {
			return nil, err
		}
	}
	u, err := db.FindUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &ward.Principal{User: u, Role: role, Via: "token"}, nil
}

func unauthorized(err error) error {
	if ward.ErrorCode(mapError(err)) == ward.ENOTFOUND {
		return ward.WrapError(ward.EUNAUTHORIZED, err, "not signed in, or the credentials expired")
	}
	return mapError(err)
}
