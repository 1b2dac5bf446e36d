package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"ward"
)

// recallBatch is how many recalls an import looks up and writes at a time.
const recallBatch = 500

// maxRejectedListed bounds the refused records an import keeps to report,
// so a hostile file of millions of bad records cannot exhaust memory.
const maxRejectedListed = 10000

// ImportRecalls upserts src's recalls by recall number in one transaction.
// See ward.RecallService.
func (db *DB) ImportRecalls(ctx context.Context, src ward.RecallSource, skipInvalid bool) (*ward.RecallImportResult, error) {
	res := &ward.RecallImportResult{Rejected: []ward.RecordError{}}
	err := db.update(ctx, func(tx *Tx) error {
		imp := &recallImporter{tx: tx, res: res, queued: map[string]bool{}}
		for {
			r, err := src.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var re *ward.RecordError
			if errors.As(err, &re) {
				res.RejectedCount++
				if len(res.Rejected) < maxRejectedListed {
					res.Rejected = append(res.Rejected, *re)
				}
				continue
			}
			if err != nil {
				return err
			}
			res.Read++
			if err := imp.add(r); err != nil {
				return err
			}
		}
		if err := imp.flush(); err != nil {
			return err
		}
		if res.RejectedCount > 0 && !skipInvalid {
			return refusedRecalls(src.Name(), res)
		}
		return tx.audit("recall.import", "recall_import", src.Name(), nil, map[string]any{
			"read": res.Read, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged,
			"rejected": res.RejectedCount, "changed": imp.changedNumbers})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// refusedRecalls is the error of an all-or-nothing import that refused
// records: it lists the first of them, each naming file and JSON path.
func refusedRecalls(name string, res *ward.RecallImportResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of %d records refused, nothing imported (--skip-invalid imports the others):", name,
		res.RejectedCount, res.RejectedCount+res.Read)
	for i, re := range res.Rejected {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", res.RejectedCount-20)
			break
		}
		b.WriteString("\n  " + re.Error())
	}
	return ward.Errorf(ward.EINVALID, "%s", b.String())
}

// recallImporter queues recalls and writes them a batch at a time: one
// query finds the stored recalls of a batch, then each is inserted,
// merged or left alone.
type recallImporter struct {
	tx             *Tx
	res            *ward.RecallImportResult
	batch          []*ward.Recall
	queued         map[string]bool
	ins, upd       *preparedStmt
	changedNumbers []string
}

func (imp *recallImporter) add(r *ward.Recall) error {
	// A number twice in one batch (a recall's recall and enforcement
	// records side by side) merges in order: write what came first.
	if imp.queued[r.Number] || len(imp.batch) >= recallBatch {
		if err := imp.flush(); err != nil {
			return err
		}
	}
	imp.batch = append(imp.batch, r)
	imp.queued[r.Number] = true
	return nil
}

func (imp *recallImporter) flush() error {
	if len(imp.batch) == 0 {
		return nil
	}
	numbers := make([]string, len(imp.batch))
	for i, r := range imp.batch {
		numbers[i] = r.Number
	}
	stored, err := imp.tx.recallsWhere(`r.number IN (`+placeholders(len(numbers))+`)`, stringArgs(numbers))
	if err != nil {
		return err
	}
	byNumber := make(map[string]*ward.Recall, len(stored))
	for i := range stored {
		byNumber[stored[i].Number] = &stored[i]
	}
	for _, r := range imp.batch {
		if err := imp.write(r, byNumber[r.Number]); err != nil {
			return err
		}
	}
	imp.batch = imp.batch[:0]
	clear(imp.queued)
	return nil
}

// write inserts r, or merges it into old and updates old when that
// changes what is stored.
func (imp *recallImporter) write(r *ward.Recall, old *ward.Recall) error {
	tx := imp.tx
	if old == nil {
		d := recallDigest(r)
		id, err := tx.insertID(`INSERT INTO recalls (number, event_id, sources, firm, product_code, device_name,
			product_description, code_info, reason, action, root_cause, classification, fda_status, distribution,
			quantity, k_numbers, pma_numbers, initiated, posted, terminated, digest, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, recallArgs(tx, r, d)...)
		if err != nil {
			return conflictOr(err, "recall %s", r.Number)
		}
		imp.res.Created++
		imp.changed(id, r.Number)
		return nil
	}
	merged := mergeRecall(old, r)
	d := recallDigest(merged)
	if d == recallDigest(old) {
		imp.res.Unchanged++
		return nil
	}
	args := append(recallArgs(tx, merged, d)[1:22], old.ID)
	if _, err := tx.exec(`UPDATE recalls SET event_id = ?, sources = ?, firm = ?, product_code = ?, device_name = ?,
		product_description = ?, code_info = ?, reason = ?, action = ?, root_cause = ?, classification = ?,
		fda_status = ?, distribution = ?, quantity = ?, k_numbers = ?, pma_numbers = ?, initiated = ?, posted = ?,
		terminated = ?, digest = ?, updated_at = ? WHERE id = ?`, args...); err != nil {
		return err
	}
	imp.res.Updated++
	imp.changed(old.ID, r.Number)
	return nil
}

func (imp *recallImporter) changed(id int64, number string) {
	imp.res.Changed = append(imp.res.Changed, id)
	if len(imp.changedNumbers) < 100 {
		imp.changedNumbers = append(imp.changedNumbers, number)
	}
}

// recallArgs are the values of an INSERT, in column order; the UPDATE
// takes them without the number and the creation time.
func recallArgs(tx *Tx, r *ward.Recall, digest string) []any {
	k, _ := json.Marshal(nonNilStrings(r.KNumbers))
	p, _ := json.Marshal(nonNilStrings(r.PMANumbers))
	now := tx.ts(tx.now)
	return []any{r.Number, r.EventID, strings.Join(r.Sources, ","), r.Firm, r.ProductCode, r.DeviceName,
		r.ProductDescription, r.CodeInfo, r.Reason, r.Action, r.RootCause, r.Classification, r.FDAStatus,
		r.Distribution, r.Quantity, string(k), string(p), tx.date(r.Initiated), tx.date(r.Posted),
		tx.date(r.Terminated), digest, now, now}
}

// mergeRecall returns old with what r publishes: a non-empty field of r
// replaces old's, and the sources add up, so a recall's device-recall and
// enforcement records each contribute what the other lacks.
func mergeRecall(old, r *ward.Recall) *ward.Recall {
	m := *old
	for _, f := range []struct{ dst, src *string }{
		{&m.EventID, &r.EventID}, {&m.Firm, &r.Firm}, {&m.ProductCode, &r.ProductCode}, {&m.DeviceName, &r.DeviceName},
		{&m.ProductDescription, &r.ProductDescription}, {&m.CodeInfo, &r.CodeInfo}, {&m.Reason, &r.Reason},
		{&m.Action, &r.Action}, {&m.RootCause, &r.RootCause}, {&m.Classification, &r.Classification},
		{&m.FDAStatus, &r.FDAStatus}, {&m.Distribution, &r.Distribution}, {&m.Quantity, &r.Quantity},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	for _, f := range []struct{ dst, src *ward.Date }{{&m.Initiated, &r.Initiated}, {&m.Posted, &r.Posted}, {&m.Terminated, &r.Terminated}} {
		if !f.src.IsZero() {
			*f.dst = *f.src
		}
	}
	if len(r.KNumbers) > 0 {
		m.KNumbers = r.KNumbers
	}
	if len(r.PMANumbers) > 0 {
		m.PMANumbers = r.PMANumbers
	}
	m.Sources = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(old.Sources), r.Sources...))))
	return &m
}

// recallDigest hashes what FDA publishes about a recall, so a re-import of
// the same record changes nothing and a revised one is re-matched.
func recallDigest(r *ward.Recall) string {
	c := *r
	c.ID, c.ManufacturerID, c.Manufacturer, c.Scope, c.Matches = 0, 0, "", nil, nil
	c.CreatedAt, c.UpdatedAt = time.Time{}, time.Time{}
	c.Sources = slices.Sorted(slices.Values(c.Sources))
	c.KNumbers, c.PMANumbers = nonNilStrings(c.KNumbers), nonNilStrings(c.PMANumbers)
	b, _ := json.Marshal(&c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
