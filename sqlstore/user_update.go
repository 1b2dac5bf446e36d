package sqlstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"ward"
)

// UpdateUser changes a user. See ward.UserService.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd ward.UserUpdate) (*ward.User, error) {
	if upd.Role != nil && !ward.ValidRole(*upd.Role) {
		return nil, ward.Errorf(ward.EINVALID, "unknown role %q; roles: %s", *upd.Role, strings.Join(ward.Roles, ", "))
	}
	var out *ward.User
	err := db.update(ctx, func(tx *Tx) error {
		users, err := tx.scanUsers("WHERE u.id = ?", id)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no user %d", id)
		}
		before := users[0]
		u := before
		set, args := []string{}, []any{}
		add := func(col string, v any) { set, args = append(set, col+" = ?"), append(args, v) }
		if upd.Name != nil {
			u.Name = strings.TrimSpace(*upd.Name)
			add("name", u.Name)
		}
		if upd.Email != nil {
			u.Email = strings.TrimSpace(*upd.Email)
			add("email", u.Email)
		}
		if upd.Role != nil {
			u.Role = *upd.Role
			add("role", u.Role)
		}
		if upd.Disabled != nil {
			u.Disabled = *upd.Disabled
			add("disabled", u.Disabled)
		}
		if upd.PasswordHash != nil {
			add("password_hash", *upd.PasswordHash)
			add("password_set_at", tx.ts(tx.now))
			add("failed_logins", 0)
			add("locked_until", nil)
		}
		if upd.MustChange != nil {
			u.MustChange = *upd.MustChange
			add("must_change", u.MustChange)
		}
		if len(set) > 0 {
			if _, err := tx.exec(`UPDATE users SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
				return err
			}
		}
		if upd.FacilityIDs != nil {
			u.FacilityIDs = slices.Clone(*upd.FacilityIDs)
			if err := tx.setUserFacilities(id, u.FacilityIDs); err != nil {
				return err
			}
		}
		// A lower role or a disabled account must not live on in old
		// tokens and sessions.
		if u.Disabled || (upd.Role != nil && *upd.Role != before.Role) || upd.PasswordHash != nil {
			if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		if u.Disabled || (upd.Role != nil && *upd.Role != before.Role) {
			if _, err := tx.exec(`UPDATE api_tokens SET revoked = TRUE WHERE user_id = ? AND NOT revoked`, id); err != nil {
				return err
			}
		}
		after := userAudit(&u)
		if upd.PasswordHash != nil {
			after["password"] = "changed"
		}
		if err := tx.audit("user.update", "user", u.Username, userAudit(&before), after); err != nil {
			return err
		}
		out = &u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.FindUser(ctx, out.ID)
}

// RecordLogin records a login attempt. See ward.UserService.
func (db *DB) RecordLogin(ctx context.Context, userID int64, ok bool, lockAfter int, lockFor time.Duration) error {
	return db.update(ctx, func(tx *Tx) error {
		var name string
		var failed int
		if err := tx.queryRow(`SELECT username, failed_logins FROM users WHERE id = ?`, userID).Scan(&name, &failed); err != nil {
			return notFound(err, "no user %d", userID)
		}
		if ok {
			if _, err := tx.exec(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE id = ?`,
				tx.ts(tx.now), userID); err != nil {
				return err
			}
			return tx.audit("login.success", "user", name, nil, nil)
		}
		failed++
		var until any
		if lockAfter > 0 && failed >= lockAfter {
			until = tx.ts(tx.now.Add(lockFor))
		}
		if _, err := tx.exec(`UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, failed, until, userID); err != nil {
			return err
		}
		return tx.audit("login.failure", "user", name, nil, map[string]any{"failed_logins": failed, "locked": until != nil})
	})
}

// ReviewAccess records an access review of the users. See
// ward.UserService.
func (db *DB) ReviewAccess(ctx context.Context, userIDs []int64) error {
	return db.update(ctx, func(tx *Tx) error {
		actor := string(ward.ActorFrom(ctx))
		var reviewed []string
		for _, id := range userIDs {
			var name string
			if err := tx.queryRow(`UPDATE users SET reviewed_at = ?, reviewed_by = ? WHERE id = ? RETURNING username`,
				tx.ts(tx.now), actor, id).Scan(&name); err != nil {
				return notFound(err, "no user %d", id)
			}
			reviewed = append(reviewed, name)
		}
		return tx.audit("access.review", "user", "", nil, map[string]any{"users": reviewed})
	})
}
