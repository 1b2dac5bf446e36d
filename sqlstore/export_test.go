package sqlstore

import (
	"context"

	"ward/names"
)

// CreateTeamThenFail inserts a team and its audit entry and then returns
// fail, as a mutation that fails after writing its entry would, so an
// external test can check the entry rolls back with the change.
func (db *DB) CreateTeamThenFail(ctx context.Context, name string, fail error) error {
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO teams (name, name_key, kind, email, created_at) VALUES (?, ?, 'other', '', ?)`,
			name, names.Key(name), tx.ts(tx.now)); err != nil {
			return err
		}
		if err := tx.audit("team.create", "team", name, nil, map[string]any{"name": name}); err != nil {
			return err
		}
		return fail
	})
}
