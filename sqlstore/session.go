package sqlstore

import (
	"context"
	"time"

	"ward"
)

// CreateSession stores a session. See ward.UserService.
func (db *DB) CreateSession(ctx context.Context, s *ward.Session) error {
	return db.update(ctx, func(tx *Tx) error {
		s.CreatedAt, s.SeenAt = tx.now, tx.now
		_, err := tx.exec(`INSERT INTO sessions (hash, user_id, created_at, expires_at, seen_at) VALUES (?, ?, ?, ?, ?)`,
			s.Hash, s.UserID, tx.ts(tx.now), tx.ts(s.ExpiresAt), tx.ts(tx.now))
		if err != nil {
			return mapError(err)
		}
		// Expired sessions are swept as new ones start, so the table
		// stays the size of the signed-in population.
		_, err = tx.exec(`DELETE FROM sessions WHERE expires_at <= ?`, tx.ts(tx.now))
		return err
	})
}

// AuthenticateSession resolves a session cookie's hash. See
// ward.UserService.
func (db *DB) AuthenticateSession(ctx context.Context, hash string, idle time.Duration) (*ward.Principal, error) {
	var userID int64
	var expires, seen time.Time
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(`SELECT s.user_id, s.expires_at, s.seen_at FROM sessions s JOIN users u ON u.id = s.user_id
			WHERE s.hash = ? AND s.expires_at > ? AND NOT u.disabled`, hash, tx.ts(tx.now)).
			Scan(&userID, timeCol{&expires}, timeCol{&seen})
		if err != nil {
			return unauthorized(err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Slide the expiry when half the idle time has passed: one write per
	// half period, not per request.
	if idle > 0 && time.Until(expires) < idle/2 {
		if err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE sessions SET expires_at = ?, seen_at = ? WHERE hash = ?`, tx.ts(tx.now.Add(idle)),
				tx.ts(tx.now), hash)
			return err
		}); err != nil {
			return nil, err
		}
	}
	u, err := db.FindUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &ward.Principal{User: u, Role: u.Role, Via: "session"}, nil
}

// DeleteSession ends a session. See ward.UserService.
func (db *DB) DeleteSession(ctx context.Context, hash string) error {
	return db.update(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(`DELETE FROM sessions WHERE hash = ? RETURNING user_id`, hash).Scan(&userID)
		if err != nil {
			return notFound(err, "no such session")
		}
		var name string
		if err := tx.queryRow(`SELECT username FROM users WHERE id = ?`, userID).Scan(&name); err != nil {
			return mapError(err)
		}
		return tx.audit("logout", "user", name, nil, nil)
	})
}
