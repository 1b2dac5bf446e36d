package sqlstore

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"ward"
)

// validateRecallMatchFilter normalises f's statuses and checks its
// confidences; EINVALID names the bad value.
func validateRecallMatchFilter(f *ward.RecallMatchFilter) error {
	var err error
	if f.Statuses, err = ward.NormalizeRecallStatuses(f.Statuses); err != nil {
		return err
	}
	for _, c := range f.Confidences {
		if !slices.Contains(ward.RecallConfidences, c) {
			return ward.Errorf(ward.EINVALID, "recall match confidence %q is not one of %s", c, strings.Join(ward.RecallConfidences, ", "))
		}
	}
	if f.Recall != "" {
		if f.Recall, err = ward.NormalizeRecallNumber(f.Recall); err != nil {
			return err
		}
	}
	return nil
}

// FindRecallMatches returns a page of matches in ID order. See
// ward.RecallMatchService.
func (db *DB) FindRecallMatches(ctx context.Context, f ward.RecallMatchFilter) (*ward.Page[ward.RecallMatch], error) {
	if err := validateRecallMatchFilter(&f); err != nil {
		return nil, err
	}
	var after int64
	if f.After != "" {
		var err error
		if after, err = strconv.ParseInt(f.After, 10, 64); err != nil || after <= 0 {
			return nil, ward.Errorf(ward.EINVALID, "bad cursor")
		}
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.RecallMatch]{Items: []ward.RecallMatch{}}
	err := db.view(ctx, func(tx *Tx) error {
		q, args := recallMatchQuery(&f, after, limit+1)
		return tx.eachRecallMatch(q, args, func(m *ward.RecallMatch) error {
			page.Items = append(page.Items, *m)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = strconv.FormatInt(page.Items[limit-1].ID, 10)
	}
	return page, nil
}

// EachRecallMatch streams the matches of f in ID order. See
// ward.RecallMatchService.
func (db *DB) EachRecallMatch(ctx context.Context, f ward.RecallMatchFilter, fn func(*ward.RecallMatch) error) error {
	if err := validateRecallMatchFilter(&f); err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		q, args := recallMatchQuery(&f, 0, 0)
		return tx.eachRecallMatch(q, args, fn)
	})
}

func (tx *Tx) eachRecallMatch(q string, args []any, fn func(*ward.RecallMatch) error) error {
	names, err := tx.recallNames()
	if err != nil {
		return err
	}
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m ward.RecallMatch
		if err := scanRecallMatch(rows, &m, names); err != nil {
			return err
		}
		if err := fn(&m); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SetRecallStatus records a user's status and note on a match. See
// ward.RecallMatchService.
func (db *DB) SetRecallStatus(ctx context.Context, c ward.RecallStatusChange) (*ward.RecallMatch, error) {
	statuses, err := ward.NormalizeRecallStatuses([]string{c.Status})
	if err != nil {
		return nil, err
	}
	if len(statuses) != 1 {
		return nil, ward.Errorf(ward.EINVALID, "set one status: open, in_progress, completed or not_applicable")
	}
	status := statuses[0]
	note := strings.TrimSpace(c.Note)
	switch {
	case note == "":
		return nil, ward.Errorf(ward.EINVALID, "a recall status needs a note saying what was done or found")
	case len(note) > 4000:
		return nil, ward.Errorf(ward.EINVALID, "the note is longer than 4000 bytes")
	}
	f := ward.RecallMatchFilter{DeviceID: c.DeviceID, AssetTag: c.AssetTag, RecallID: c.RecallID, Recall: c.Recall}
	if c.MatchID == 0 && (f.DeviceID == 0 && f.AssetTag == "" || f.RecallID == 0 && f.Recall == "") {
		return nil, ward.Errorf(ward.EINVALID, "name the match by its ID, or by a device and a recall")
	}
	if err := validateRecallMatchFilter(&f); err != nil {
		return nil, err
	}
	var out *ward.RecallMatch
	err = db.update(ctx, func(tx *Tx) error {
		before, err := tx.oneRecallMatch(c.MatchID, &f)
		if err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE recall_matches SET user_status = ?, user_note = ?, user_by = ?, user_at = ?,
			updated_at = ? WHERE id = ?`, status, note, string(ward.ActorFrom(ctx)), tx.ts(tx.now), tx.ts(tx.now), before.ID); err != nil {
			return err
		}
		if out, err = tx.oneRecallMatch(before.ID, nil); err != nil {
			return err
		}
		return tx.audit("recall.status", "recall_match", strconv.FormatInt(before.ID, 10),
			map[string]string{"recall": before.RecallNumber, "asset_tag": before.AssetTag, "status": before.Status},
			map[string]string{"recall": out.RecallNumber, "asset_tag": out.AssetTag, "status": out.Status, "note": note})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// oneRecallMatch reads a match by ID, or the one f names; ENOTFOUND if
// there is none.
func (tx *Tx) oneRecallMatch(id int64, f *ward.RecallMatchFilter) (*ward.RecallMatch, error) {
	var q string
	var args []any
	if id != 0 {
		q, args = recallMatchQuery(&ward.RecallMatchFilter{}, id-1, 1)
	} else {
		q, args = recallMatchQuery(f, 0, 1)
	}
	var out *ward.RecallMatch
	err := tx.eachRecallMatch(q, args, func(m *ward.RecallMatch) error {
		if id == 0 || m.ID == id {
			out = m
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		if id != 0 {
			return nil, ward.Errorf(ward.ENOTFOUND, "no recall match %d", id)
		}
		return nil, ward.Errorf(ward.ENOTFOUND, "recall %s does not concern device %s", orText(f.Recall, strconv.FormatInt(f.RecallID, 10)),
			orText(f.AssetTag, strconv.FormatInt(f.DeviceID, 10)))
	}
	return out, nil
}

func orText(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
}
