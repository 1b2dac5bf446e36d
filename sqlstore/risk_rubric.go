package sqlstore

import (
	"context"
	"strconv"
	"time"

	"ward"
)

// SetModelRubric replaces the rubric answers of a model (validated by the
// caller against the questions of package risk); ENOTFOUND for an unknown
// model. It sets r's Actor, At and Model.
func (db *DB) SetModelRubric(ctx context.Context, r *ward.ModelRubric) error {
	r.Actor = ward.ActorFrom(ctx)
	return db.update(ctx, func(tx *Tx) error {
		r.At = tx.now
		err := tx.queryRow(`SELECT mf.name || ' ' || m.name FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id
			WHERE m.id = ?`, r.ModelID).Scan(&r.Model)
		if err != nil {
			return notFound(err, "no model %d", r.ModelID)
		}
		before, err := tx.rubricAnswers(r.ModelID)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM risk_rubric WHERE model_id = ?`, r.ModelID); err != nil {
			return err
		}
		for q, a := range r.Answers {
			if _, err := tx.exec(`INSERT INTO risk_rubric (model_id, question, answer, actor, at) VALUES (?, ?, ?, ?, ?)`,
				r.ModelID, q, a, string(r.Actor), tx.ts(r.At)); err != nil {
				return err
			}
		}
		return tx.audit("risk.rubric.set", "model", strconv.FormatInt(r.ModelID, 10), before, r.Answers)
	})
}

// FindModelRubrics returns the rubric answers of one model (modelID > 0;
// ENOTFOUND for an unknown model, no answers for one never answered) or
// of every model that has answers, by manufacturer and model name.
func (db *DB) FindModelRubrics(ctx context.Context, modelID int64) ([]ward.ModelRubric, error) {
	out := []ward.ModelRubric{}
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT m.id, mf.name || ' ' || m.name, r.question, r.answer, r.actor, r.at FROM risk_rubric r
			JOIN models m ON m.id = r.model_id JOIN manufacturers mf ON mf.id = m.manufacturer_id`
		var args []any
		if modelID != 0 {
			var name string
			err := tx.queryRow(`SELECT mf.name || ' ' || m.name FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id
				WHERE m.id = ?`, modelID).Scan(&name)
			if err != nil {
				return notFound(err, "no model %d", modelID)
			}
			out = append(out, ward.ModelRubric{ModelID: modelID, Model: name, Answers: ward.RubricAnswers{}})
			q, args = q+` WHERE r.model_id = ?`, append(args, modelID)
		}
		rows, err := tx.query(q+` ORDER BY mf.name_key, m.name_key, m.id, r.question`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r ward.ModelRubric
			var question, answer, actor string
			if err := rows.Scan(&r.ModelID, &r.Model, &question, &answer, &actor, timeCol{&r.At}); err != nil {
				return err
			}
			if n := len(out); n == 0 || out[n-1].ModelID != r.ModelID {
				r.Answers, r.At = ward.RubricAnswers{}, time.Time{}
				out = append(out, r)
			}
			last := &out[len(out)-1]
			last.Answers[question] = answer
			if !r.At.Before(last.At) {
				last.At, last.Actor = r.At, ward.Actor(actor)
			}
		}
		return rows.Err()
	})
	return out, err
}

// rubricAnswers returns the recorded answers of a model.
func (tx *Tx) rubricAnswers(modelID int64) (ward.RubricAnswers, error) {
	rows, err := tx.query(`SELECT question, answer FROM risk_rubric WHERE model_id = ?`, modelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := ward.RubricAnswers{}
	for rows.Next() {
		var q, a string
		if err := rows.Scan(&q, &a); err != nil {
			return nil, err
		}
		out[q] = a
	}
	return out, rows.Err()
}
