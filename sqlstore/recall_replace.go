package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"io"

	"ward"
)

// storedRecallMatch is what ReplaceRecallMatches compares of a stored match.
type storedRecallMatch struct {
	id, digest int64
	userSet    bool
}

// ReplaceRecallMatches makes the verdicts the stored matches within scope.
// See ward.RecallMatchStore.
func (db *DB) ReplaceRecallMatches(ctx context.Context, scope ward.RecallMatchScope, src ward.RecallVerdictSource) (*ward.RecallMatchChanges, error) {
	ch := &ward.RecallMatchChanges{}
	err := db.update(ctx, func(tx *Tx) error {
		w := &recallMatchWriter{tx: tx, ch: ch, scope: scope, ins: newBatchInsert(tx, "recall_matches",
			`recall_id, device_id, computed_status, confidence, explanation, digest, first_seen, updated_at`, 8)}
		defer w.close()
		if err := w.loadScope(); err != nil {
			return err
		}
		seen := map[int64]bool{}
		for {
			v, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			if seen[v.RecallID] {
				return ward.Errorf(ward.EINTERNAL, "recall %d has two verdicts", v.RecallID)
			}
			seen[v.RecallID] = true
			if err := w.verdict(v); err != nil {
				return err
			}
		}
		// Recalls in scope without a verdict keep no matches.
		for id := range w.withMatches {
			if !seen[id] {
				if err := w.apply(id, nil); err != nil {
					return err
				}
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		if ch.Added+ch.Updated+ch.Removed == 0 {
			return nil // nothing changed: nothing to audit
		}
		return tx.audit("recall.match", "recall_matches", "", nil, map[string]any{"recalls": len(seen), "changes": ch})
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// recallMatchWriter applies one ReplaceRecallMatches.
type recallMatchWriter struct {
	tx    *Tx
	ch    *ward.RecallMatchChanges
	scope ward.RecallMatchScope
	ins   *batchInsert
	upd   *preparedStmt
	gone  []int64
	// withMatches lists the recalls in scope that have stored matches;
	// byDevice holds them when the scope is a list of devices.
	withMatches map[int64]bool
	byDevice    map[int64]map[int64]storedRecallMatch
	devices     map[int64]bool
}

func (w *recallMatchWriter) close() {
	w.ins.close()
	if w.upd != nil {
		w.upd.close()
	}
}

// loadScope finds the recalls whose stored matches the replacement may
// change: all, the listed ones, or (device scope) those of the devices,
// with the devices' stored matches.
func (w *recallMatchWriter) loadScope() error {
	w.withMatches = map[int64]bool{}
	switch {
	case len(w.scope.DeviceIDs) > 0:
		w.byDevice, w.devices = map[int64]map[int64]storedRecallMatch{}, map[int64]bool{}
		for _, id := range w.scope.DeviceIDs {
			w.devices[id] = true
		}
		for _, c := range chunks(w.scope.DeviceIDs, unitChunk) {
			err := w.loadStored(`device_id IN (`+placeholders(len(c))+`)`, int64Args(c), func(recall, device int64, s storedRecallMatch) {
				if w.byDevice[recall] == nil {
					w.byDevice[recall] = map[int64]storedRecallMatch{}
				}
				w.byDevice[recall][device] = s
				w.withMatches[recall] = true
			})
			if err != nil {
				return err
			}
		}
	case w.scope.All:
		return eachRow(w.tx, `SELECT DISTINCT recall_id, '' FROM recall_matches`, nil, func(id int64, _ string) { w.withMatches[id] = true })
	default:
		for _, id := range w.scope.RecallIDs {
			w.withMatches[id] = true
		}
	}
	return nil
}

func (w *recallMatchWriter) loadStored(cond string, args []any, fn func(recall, device int64, s storedRecallMatch)) error {
	rows, err := w.tx.query(`SELECT recall_id, device_id, id, digest, user_status IS NOT NULL FROM recall_matches WHERE `+cond, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var recall, device int64
		var s storedRecallMatch
		if err := rows.Scan(&recall, &device, &s.id, &s.digest, &s.userSet); err != nil {
			return err
		}
		fn(recall, device, s)
	}
	return rows.Err()
}

// verdict records a recall's manufacturer and scope, and replaces its
// matches.
func (w *recallMatchWriter) verdict(v *ward.RecallVerdict) error {
	scope, err := json.Marshal(v.Scope)
	if err != nil {
		return ward.WrapError(ward.EINTERNAL, err, "recall %d scope", v.RecallID)
	}
	res, err := w.tx.exec(`UPDATE recalls SET manufacturer_id = ?, scope = ? WHERE id = ?
		AND (COALESCE(manufacturer_id, 0) <> ? OR scope <> ?)`, idArg(v.ManufacturerID), string(scope), v.RecallID,
		v.ManufacturerID, string(scope))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		if err := w.tx.recallUDIs(v.RecallID, v.Scope.UDIDIs); err != nil {
			return err
		}
	}
	ms := v.Matches
	if w.devices != nil {
		kept := ms[:0:0]
		for _, m := range ms {
			if w.devices[m.DeviceID] {
				kept = append(kept, m)
			}
		}
		ms = kept
	}
	if len(ms) == 0 && !w.withMatches[v.RecallID] {
		return nil
	}
	return w.apply(v.RecallID, ms)
}

// apply makes ms the matches of one recall (within the device scope).
func (w *recallMatchWriter) apply(recallID int64, ms []ward.ComputedRecallMatch) error {
	old := w.byDevice[recallID]
	if w.devices == nil && w.withMatches[recallID] {
		old = map[int64]storedRecallMatch{}
		err := w.loadStored(`recall_id = ?`, []any{recallID}, func(_, device int64, s storedRecallMatch) { old[device] = s })
		if err != nil {
			return err
		}
	}
	now := w.tx.ts(w.tx.now)
	done := map[int64]bool{}
	for i := range ms {
		m := &ms[i]
		if done[m.DeviceID] {
			continue
		}
		done[m.DeviceID] = true
		d := recallMatchDigest(m)
		o, ok := old[m.DeviceID]
		switch {
		case ok && o.digest == d:
			w.ch.Unchanged++
		case ok:
			w.ch.Updated++
			if err := w.update(o.id, m, d, now); err != nil {
				return err
			}
		default:
			w.ch.Added++
			if err := w.ins.add(recallID, m.DeviceID, m.Status, m.Confidence, m.Explanation, d, now, now); err != nil {
				return err
			}
		}
	}
	for device, o := range old {
		// A match a user acted on is kept as the record of that work.
		if !done[device] && !o.userSet {
			w.ch.Removed++
			w.gone = append(w.gone, o.id)
		}
	}
	if len(w.gone) >= unitChunk {
		return w.deleteGone()
	}
	return nil
}

func (w *recallMatchWriter) update(id int64, m *ward.ComputedRecallMatch, digest int64, now any) error {
	if w.upd == nil {
		var err error
		if w.upd, err = w.tx.prepareStmt(`UPDATE recall_matches SET computed_status = ?, confidence = ?, explanation = ?,
			digest = ?, updated_at = ? WHERE id = ?`); err != nil {
			return err
		}
	}
	return w.upd.exec(m.Status, m.Confidence, m.Explanation, digest, now, id)
}

func (w *recallMatchWriter) deleteGone() error {
	for _, c := range chunks(w.gone, unitChunk) {
		if _, err := w.tx.exec(`DELETE FROM recall_matches WHERE id IN (`+placeholders(len(c))+`)`, int64Args(c)...); err != nil {
			return err
		}
	}
	w.gone = w.gone[:0]
	return nil
}

func (w *recallMatchWriter) flush() error {
	if err := w.ins.flush(); err != nil {
		return err
	}
	return w.deleteGone()
}

// recallMatchDigest hashes what the matcher says of a match.
func recallMatchDigest(m *ward.ComputedRecallMatch) int64 {
	h := fnv.New64a()
	for _, s := range []string{m.Status, m.Confidence, m.Explanation} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	if d := int64(h.Sum64()); d != 0 {
		return d
	}
	return 1
}
