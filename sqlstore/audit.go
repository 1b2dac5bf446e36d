package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ward"
)

// audit appends an entry to the hash chain inside the current
// transaction, so a change and its audit entry commit or roll back
// together. before and after are encoded as JSON (nil leaves them out).
func (tx *Tx) audit(action, entity, entityID string, before, after any) error {
	e := &ward.AuditEntry{Actor: string(ward.ActorFrom(tx.ctx)), Action: action, Entity: entity, EntityID: entityID}
	var err error
	if e.Before, err = auditJSON(before); err != nil {
		return err
	}
	if e.After, err = auditJSON(after); err != nil {
		return err
	}
	return tx.appendAudit(e)
}

func auditJSON(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return raw, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "audit entry")
	}
	if string(b) == "null" {
		return nil, nil // a nil map or pointer: there was no record
	}
	return b, nil
}

// appendAudit chains e after the head. Reading the head row for update
// serialises concurrent writers on PostgreSQL; SQLite has one writer.
func (tx *Tx) appendAudit(e *ward.AuditEntry) error {
	lock := ""
	if tx.db.engine == Postgres {
		lock = " FOR UPDATE"
	}
	var seq int64
	if err := tx.queryRow(`SELECT seq, hash FROM audit_head WHERE id = 1`+lock).Scan(&seq, &e.PrevHash); err != nil {
		return mapError(err)
	}
	e.Seq = seq + 1
	e.At = tx.now.UTC().Truncate(time.Microsecond)
	e.Hash = e.ChainHash()
	if _, err := tx.exec(`INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, tx.ts(e.At), e.Actor, e.Action, e.Entity, e.EntityID,
		nullJSON(e.Before), nullJSON(e.After), e.PrevHash, e.Hash); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash)
	return err
}

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// AppendAudit records an entry no store change carries (a login, an
// export). See ward.AuditService.
func (db *DB) AppendAudit(ctx context.Context, e *ward.AuditEntry) error {
	if e.Action == "" {
		return ward.Errorf(ward.EINVALID, "an audit entry needs an action")
	}
	return db.update(ctx, func(tx *Tx) error {
		if e.Actor == "" {
			e.Actor = string(ward.ActorFrom(ctx))
		}
		return tx.appendAudit(e)
	})
}

const auditCols = `SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash FROM audit_log`

// FindAudit returns entries matching f, oldest first. See
// ward.AuditService.
func (db *DB) FindAudit(ctx context.Context, f ward.AuditFilter) (*ward.Page[ward.AuditEntry], error) {
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.AuditEntry]{Items: []ward.AuditEntry{}}
	err := db.view(ctx, func(tx *Tx) error {
		where := []string{"seq > ?"}
		args := []any{f.After}
		if f.Actor != "" {
			where, args = append(where, "actor = ?"), append(args, f.Actor)
		}
		if f.Action != "" {
			lo, hi := prefixRange(f.Action)
			where, args = append(where, "action >= ? AND action < ?"), append(args, lo, hi)
		}
		if f.Entity != "" {
			where, args = append(where, "entity = ?"), append(args, f.Entity)
		}
		if !f.Since.IsZero() {
			where, args = append(where, "at >= ?"), append(args, tx.ts(f.Since))
		}
		rows, err := tx.query(auditCols+" WHERE "+strings.Join(where, " AND ")+" ORDER BY seq LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, *e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = strconv.FormatInt(page.Items[limit-1].Seq, 10)
	}
	return page, nil
}

func scanAudit(rows interface{ Scan(...any) error }) (*ward.AuditEntry, error) {
	var e ward.AuditEntry
	var before, after *string
	if err := rows.Scan(&e.Seq, timeCol{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &before, &after,
		&e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	if before != nil {
		e.Before = json.RawMessage(*before)
	}
	if after != nil {
		e.After = json.RawMessage(*after)
	}
	return &e, nil
}

// VerifyAudit recomputes the chain from the first entry and compares it
// with every stored hash and with the head. See ward.AuditService.
func (db *DB) VerifyAudit(ctx context.Context) (*ward.AuditVerification, error) {
	v := &ward.AuditVerification{OK: true}
	err := db.view(ctx, func(tx *Tx) error {
		var headSeq int64
		var headHash string
		if err := tx.queryRow(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return mapError(err)
		}
		rows, err := tx.query(auditCols + " ORDER BY seq")
		if err != nil {
			return err
		}
		defer rows.Close()
		prev, want := "", int64(1)
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			v.Entries++
			switch {
			case e.Seq != want:
				failAudit(v, want, "entry %d is missing", want)
			case e.PrevHash != prev:
				failAudit(v, e.Seq, "entry %d does not follow entry %d", e.Seq, e.Seq-1)
			case e.ChainHash() != e.Hash:
				failAudit(v, e.Seq, "entry %d was changed after it was written", e.Seq)
			}
			if !v.OK {
				return nil
			}
			prev, want = e.Hash, e.Seq+1
		}
		if err := rows.Err(); err != nil {
			return err
		}
		v.Head = prev
		if headSeq != v.Entries || headHash != prev {
			failAudit(v, v.Entries+1, "the chain ends at entry %d but the head records entry %d: entries were removed from the end", v.Entries, headSeq)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func failAudit(v *ward.AuditVerification, seq int64, format string, args ...any) {
	v.OK, v.BrokenAt, v.Problem = false, seq, fmt.Sprintf(format, args...)
}
