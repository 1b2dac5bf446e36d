package sqlstore

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"ward"
)

const recallSelect = `SELECT r.id, r.number, r.event_id, r.sources, r.firm, COALESCE(r.manufacturer_id, 0),
	COALESCE(mf.name, ''), r.product_code, r.device_name, r.product_description, r.code_info, r.reason, r.action,
	r.root_cause, r.classification, r.fda_status, r.distribution, r.quantity, r.k_numbers, r.pma_numbers,
	r.initiated, r.posted, r.terminated, r.scope, r.created_at, r.updated_at
	FROM recalls r LEFT JOIN manufacturers mf ON mf.id = r.manufacturer_id`

func scanRecall(rows interface{ Scan(...any) error }, r *ward.Recall) error {
	var sources, k, p, scope string
	if err := rows.Scan(&r.ID, &r.Number, &r.EventID, &sources, &r.Firm, &r.ManufacturerID, &r.Manufacturer,
		&r.ProductCode, &r.DeviceName, &r.ProductDescription, &r.CodeInfo, &r.Reason, &r.Action, &r.RootCause,
		&r.Classification, &r.FDAStatus, &r.Distribution, &r.Quantity, &k, &p, dateCol{&r.Initiated},
		dateCol{&r.Posted}, dateCol{&r.Terminated}, &scope, timeCol{&r.CreatedAt}, timeCol{&r.UpdatedAt}); err != nil {
		return err
	}
	if sources != "" {
		r.Sources = strings.Split(sources, ",")
	}
	if err := json.Unmarshal([]byte(k), &r.KNumbers); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(p), &r.PMANumbers); err != nil {
		return err
	}
	if scope != "" && scope != "{}" {
		r.Scope = &ward.RecallScope{}
		return json.Unmarshal([]byte(scope), r.Scope)
	}
	return nil
}

// recallsWhere returns the recalls a condition selects, in ID order.
func (tx *Tx) recallsWhere(cond string, args []any) ([]ward.Recall, error) {
	var out []ward.Recall
	err := tx.eachRecall(recallSelect+` WHERE `+cond+` ORDER BY r.id`, args, func(r *ward.Recall) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}

func (tx *Tx) eachRecall(q string, args []any, fn func(*ward.Recall) error) error {
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r ward.Recall
		if err := scanRecall(rows, &r); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FindRecall returns a recall by number with its match counts. See
// ward.RecallService.
func (db *DB) FindRecall(ctx context.Context, number string) (*ward.Recall, error) {
	n, err := ward.NormalizeRecallNumber(number)
	if err != nil {
		return nil, err
	}
	var out *ward.Recall
	err = db.view(ctx, func(tx *Tx) error {
		rs, err := tx.recallsWhere(`r.number = ?`, []any{n})
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no recall %s", n)
		}
		out = &rs[0]
		return tx.countRecallMatches(rs)
	})
	return out, err
}

// FindRecalls returns a page of recalls, the last imported first, with
// their match counts. See ward.RecallService.
func (db *DB) FindRecalls(ctx context.Context, f ward.RecallFilter) (*ward.Page[ward.Recall], error) {
	limit := pageLimit(f.Limit)
	where, args := []string{"1 = 1"}, []any{}
	if f.After != "" {
		after, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil || after <= 0 {
			return nil, ward.Errorf(ward.EINVALID, "bad cursor")
		}
		where, args = append(where, "r.id < ?"), append(args, after)
	}
	if f.Classification != "" {
		c, err := ward.NormalizeRecallClass(f.Classification)
		if err != nil {
			return nil, err
		}
		where, args = append(where, "r.classification = ?"), append(args, c)
	}
	if f.ProductCode != "" {
		where, args = append(where, "r.product_code = ?"), append(args, strings.ToUpper(strings.TrimSpace(f.ProductCode)))
	}
	if f.ManufacturerID != 0 {
		where, args = append(where, "r.manufacturer_id = ?"), append(args, f.ManufacturerID)
	}
	if f.Matched {
		where = append(where, "EXISTS (SELECT 1 FROM recall_matches m WHERE m.recall_id = r.id)")
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		lo, hi := prefixRange(strings.ToUpper(q))
		like := "%" + strings.ToLower(q) + "%"
		where = append(where, "(r.number >= ? AND r.number < ? OR LOWER(r.firm) LIKE ? OR LOWER(r.product_description) LIKE ?)")
		args = append(args, lo, hi, like, like)
	}
	page := &ward.Page[ward.Recall]{Items: []ward.Recall{}}
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.eachRecall(recallSelect+` WHERE `+strings.Join(where, " AND ")+` ORDER BY r.id DESC LIMIT ?`,
			append(args, limit+1), func(r *ward.Recall) error {
				page.Items = append(page.Items, *r)
				return nil
			})
		if err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.NextCursor = strconv.FormatInt(page.Items[limit-1].ID, 10)
		}
		return tx.countRecallMatches(page.Items)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// countRecallMatches fills the match counts of recalls with one grouped
// query over their matches' effective statuses.
func (tx *Tx) countRecallMatches(rs []ward.Recall) error {
	if len(rs) == 0 {
		return nil
	}
	at := map[int64]*ward.RecallCounts{}
	ids := make([]int64, len(rs))
	for i := range rs {
		rs[i].Matches = &ward.RecallCounts{}
		at[rs[i].ID], ids[i] = rs[i].Matches, rs[i].ID
	}
	q := `SELECT x.recall_id, ` + recallStatusExpr + `, COUNT(*) FROM (` + recallMatchBase +
		` WHERE m.recall_id IN (` + placeholders(len(ids)) + `)) x` + recallStatusJoin + ` GROUP BY x.recall_id, 2`
	rows, err := tx.query(q, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		var status string
		if err := rows.Scan(&id, &status, &n); err != nil {
			return err
		}
		at[id].Add(status, n)
	}
	return rows.Err()
}

// EachCandidateRecall streams the recalls f selects in ID order. See
// ward.RecallMatchStore.
func (db *DB) EachCandidateRecall(ctx context.Context, f ward.RecallCandidateFilter, fn func(*ward.Recall) error) error {
	var conds []string
	var args []any
	if len(f.RecallIDs) > 0 {
		conds, args = append(conds, "r.id IN ("+placeholders(len(f.RecallIDs))+")"), append(args, int64Args(f.RecallIDs)...)
	}
	if len(f.ManufacturerIDs) > 0 {
		conds = append(conds, "r.manufacturer_id IN ("+placeholders(len(f.ManufacturerIDs))+")")
		args = append(args, int64Args(f.ManufacturerIDs)...)
	}
	if len(f.UDIDIs) > 0 {
		conds = append(conds, "r.id IN (SELECT recall_id FROM recall_udi_dis WHERE udi_di IN ("+placeholders(len(f.UDIDIs))+"))")
		args = append(args, stringArgs(f.UDIDIs)...)
	}
	q := recallSelect
	switch {
	case f.All:
	case len(conds) == 0:
		return nil
	default:
		q += " WHERE " + strings.Join(conds, " OR ")
	}
	return db.view(ctx, func(tx *Tx) error {
		return tx.eachRecall(q+" ORDER BY r.id", args, fn)
	})
}
