package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"ward"
)

// FindLifecyclePolicy returns the lifecycle policy: the stored one, with
// Ward's defaults for thresholds it does not set (a threshold added after
// it was stored), or the defaults when none is stored.
func (db *DB) FindLifecyclePolicy(ctx context.Context) (*ward.LifecyclePolicy, error) {
	var p *ward.LifecyclePolicy
	err := db.view(ctx, func(tx *Tx) (err error) {
		p, err = tx.lifecyclePolicy()
		return err
	})
	return p, err
}

func (tx *Tx) lifecyclePolicy() (*ward.LifecyclePolicy, error) {
	p := ward.DefaultLifecyclePolicy
	var doc, actor string
	err := tx.queryRow(`SELECT policy, actor, at FROM lifecycle_policy WHERE id = 1`).Scan(&doc, &actor, timeCol{&p.At})
	if errors.Is(err, sql.ErrNoRows) {
		return &p, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "the stored lifecycle policy is not readable")
	}
	p.Actor = ward.Actor(actor)
	return &p, nil
}

// SetLifecyclePolicy replaces the lifecycle policy and records the change
// in the audit trail; EINVALID for a threshold out of range. It sets p's
// Actor and At.
func (db *DB) SetLifecyclePolicy(ctx context.Context, p *ward.LifecyclePolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.Actor = ward.ActorFrom(ctx)
	return db.update(ctx, func(tx *Tx) error {
		before, err := tx.lifecyclePolicy()
		if err != nil {
			return err
		}
		p.At = tx.now
		doc, err := json.Marshal(policyThresholds(p))
		if err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO lifecycle_policy (id, policy, actor, at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET policy = excluded.policy, actor = excluded.actor, at = excluded.at`,
			string(doc), string(p.Actor), tx.ts(tx.now)); err != nil {
			return err
		}
		return tx.audit("lifecycle.policy", "lifecycle_policy", "", policyThresholds(before), policyThresholds(p))
	})
}

// policyThresholds is p without who set it and when, as stored and
// audited.
func policyThresholds(p *ward.LifecyclePolicy) ward.LifecyclePolicy {
	q := *p
	q.Actor, q.At = "", ward.LifecyclePolicy{}.At
	return q
}
