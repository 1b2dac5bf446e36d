package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"ward"
)

// SetTriage records a decision for every unit of a model and version
// against an advisory, taken on the advisory's current revision. See
// ward.FindingService.
func (db *DB) SetTriage(ctx context.Context, t *ward.Triage) error {
	if err := validateTriage(t); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if today := ward.DateOf(tx.now); !t.Expires.IsZero() && t.Expires.Before(today) {
			return ward.Errorf(ward.EINVALID, "expiry date %s is already past (today is %s)", t.Expires, today)
		}
		if err := tx.queryRow(`SELECT revision FROM advisories WHERE id = ?`, t.AdvisoryID).Scan(&t.AdvisoryRevision); err != nil {
			return notFound(err, "no advisory %d", t.AdvisoryID)
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM models WHERE id = ?`, t.ModelID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no model %d", t.ModelID)
		}
		before, err := tx.triageBefore(t)
		if err != nil {
			return err
		}
		t.Actor, t.At, t.State = ward.ActorFrom(tx.ctx), tx.now, ward.TriageCurrent
		args := []any{t.ModelID, t.SoftwareVersion, t.AdvisoryID, t.Status, t.Justification, t.Comment,
			tx.date(t.Expires), t.AdvisoryRevision, string(t.Actor), tx.ts(t.At)}
		if _, err := tx.exec(`INSERT INTO triage_log (model_id, software_version, advisory_id, status, justification,
			comment, expires, advisory_revision, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
			return err
		}
		if err := tx.queryRow(`INSERT INTO triage (model_id, software_version, advisory_id, status, justification, comment,
			expires, advisory_revision, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (model_id, software_version, advisory_id) DO UPDATE SET status = excluded.status,
			justification = excluded.justification, comment = excluded.comment, expires = excluded.expires,
			advisory_revision = excluded.advisory_revision, actor = excluded.actor, at = excluded.at
			RETURNING id`, args...).Scan(&t.ID); err != nil {
			return err
		}
		return tx.audit("triage.set", "triage", strconv.FormatInt(t.ID, 10), before, triageAudit(t))
	})
}

// triageBefore returns the decision t replaces, as the audit trail records
// it, or nil when there is none.
func (tx *Tx) triageBefore(t *ward.Triage) (map[string]any, error) {
	old := ward.Triage{ModelID: t.ModelID, SoftwareVersion: t.SoftwareVersion, AdvisoryID: t.AdvisoryID}
	err := tx.queryRow(`SELECT status, justification, comment, expires, advisory_revision FROM triage
		WHERE model_id = ? AND software_version = ? AND advisory_id = ?`, t.ModelID, t.SoftwareVersion, t.AdvisoryID).
		Scan(&old.Status, &old.Justification, &old.Comment, dateCol{&old.Expires}, &old.AdvisoryRevision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return triageAudit(&old), nil
}

// triageAudit is what the audit trail records of a decision.
func triageAudit(t *ward.Triage) map[string]any {
	return map[string]any{"model_id": t.ModelID, "software_version": t.SoftwareVersion, "advisory_id": t.AdvisoryID,
		"advisory_revision": t.AdvisoryRevision, "status": t.Status, "justification": t.Justification,
		"comment": t.Comment, "expires": t.Expires}
}

// validateTriage checks a decision: a model and an advisory, a known
// status, a VEX justification for not_affected, an expiry for a risk
// acceptance.
func validateTriage(t *ward.Triage) error {
	t.Justification, t.Comment = strings.TrimSpace(t.Justification), strings.TrimSpace(t.Comment)
	if t.ModelID <= 0 {
		return ward.Errorf(ward.EINVALID, "a decision needs a model (model_id and software_version, or a device)")
	}
	if t.AdvisoryID <= 0 {
		return ward.Errorf(ward.EINVALID, "a decision needs an advisory")
	}
	switch t.Status {
	case ward.TriageNotAffected:
		if !slices.Contains(ward.VEXJustifications, t.Justification) {
			return ward.Errorf(ward.EINVALID, "not_affected needs a VEX justification: one of %s", strings.Join(ward.VEXJustifications, ", "))
		}
	case ward.TriageRiskAccepted:
		if t.Expires.IsZero() {
			return ward.Errorf(ward.EINVALID, "a risk acceptance needs an expiry date")
		}
		if t.Justification == "" && t.Comment == "" {
			return ward.Errorf(ward.EINVALID, "a risk acceptance needs a justification")
		}
	case ward.TriageFixed, ward.TriageAffected, ward.TriageInvestigate:
	default:
		return ward.Errorf(ward.EINVALID, "triage status %q is not one of not_affected, fixed, affected, under_investigation, risk_accepted", t.Status)
	}
	if len(t.Justification) > 2000 || len(t.Comment) > 4000 {
		return ward.Errorf(ward.EINVALID, "justification or comment too long")
	}
	return nil
}
