package sqlstore

import (
	"context"
	"database/sql"
	"slices"

	"ward"
)

// The exception queue: open work orders, outstanding recall matches and
// open findings that no team answers for. Each kind is listed by ID; a
// page walks the kinds in ward.ExceptionKinds order.

// unownedWorkOrders selects open orders no team answers for, by the
// matrix's unowned condition (its arguments come first).
const unownedWorkOrders = `SELECT w.id, w.number, COALESCE(w.title, ''), w.task_type, w.status, w.due_date, w.device_id,
	d.asset_tag, 1, ` + woTypeExpr + `, m.id, m.name, d.software_version, d.facility_id` + workOrderFrom + `
	WHERE w.status IN ` + woOpenStatuses + ` AND w.team_id IS NULL AND `

// unownedRecalls selects recall matches still to be worked (open or in
// progress) whose team, as the recall listing works it out
// (recallOwnerTeam), is none. Its arguments: the ID to start after, the
// limit.
const unownedRecalls = `SELECT x.id, r.number, CASE WHEN r.device_name <> '' THEN r.device_name ELSE r.product_description END,
	'recall', ` + recallStatusExpr + `, NULL, x.device_id, x.asset_tag, 1, COALESCE(d.device_type_id, mo.device_type_id),
	mo.id, mo.name, d.software_version, d.facility_id
	FROM (` + recallMatchBase + ` WHERE m.id > ?) x JOIN recalls r ON r.id = x.recall_id
	JOIN devices d ON d.id = x.device_id JOIN models mo ON mo.id = d.model_id` + recallStatusJoin + `
	WHERE x.team_id IS NULL AND ` + recallStatusExpr + ` IN ('open', 'in_progress')`

// unownedDevice is true for a device with no security_mitigation team
// when no rule covers every type: no own team and no rule for its type.
const unownedDevice = `d.team_id IS NULL AND NOT EXISTS (SELECT 1 FROM responsibilities r
	WHERE r.task_type IN ('security_mitigation', 'owner') AND r.device_type_id = ` + woTypeExpr + `)`

// unownedFindings selects open findings with the number of their devices
// that no team mitigates for, and the first of them; facCond narrows the
// devices (d). A group finding counts its model and version's units (less
// those with an SBOM of their own, which have device findings instead).
// Its arguments: today, the ID to start after and facCond's (twice),
// today, the limit.
func unownedFindings(facCond string) string {
	return `SELECT f.id, a.tracking_id, a.title, 'security_mitigation', ` + effectiveStatus + `, NULL,
	MIN(u.did), '', COUNT(*), MIN(u.tid), f.model_id, m.name, f.software_version, MIN(u.fac)
	FROM (SELECT f.id fid, d.id did, ` + woTypeExpr + ` tid, d.facility_id fac
		FROM findings f JOIN devices d ON d.model_id = f.model_id AND d.software_version = f.software_version
		JOIN models m ON m.id = d.model_id
		WHERE f.device_id IS NULL AND f.id > ? ` + facCond + ` AND NOT EXISTS (SELECT 1 FROM sboms s WHERE s.device_id = d.id)
		AND ` + unownedDevice + `
		UNION ALL SELECT f.id, d.id, ` + woTypeExpr + `, d.facility_id
		FROM findings f JOIN devices d ON d.id = f.device_id JOIN models m ON m.id = d.model_id
		WHERE f.device_id IS NOT NULL AND f.id > ? ` + facCond + ` AND ` + unownedDevice + `) u
	JOIN findings f ON f.id = u.fid JOIN advisories a ON a.id = f.advisory_id JOIN models m ON m.id = f.model_id
	LEFT JOIN triage t ON t.model_id = f.model_id AND t.software_version = f.software_version AND t.advisory_id = f.advisory_id
	GROUP BY f.id, a.id, t.id, m.id
	HAVING ` + effectiveStatus + ` IN ('affected', 'under_investigation')
	ORDER BY f.id LIMIT ?`
}

// facilityCond is the condition "AND d.facility_id IN (…)" with its
// arguments, empty for no facilities.
func facilityCond(ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "", nil
	}
	return " AND d.facility_id IN (" + placeholders(len(ids)) + ")", int64Args(ids)
}

// FindExceptions returns one page of the queue: work orders, then recall
// matches, then findings, each by ID. EINVALID for a bad kind or cursor.
func (db *DB) FindExceptions(ctx context.Context, f ward.ExceptionFilter) (*ward.Page[ward.Exception], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	cur, err := decodeCursor(f.After, "exceptions", 1)
	if err != nil {
		return nil, err
	}
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = ward.ExceptionKinds
	}
	start, after := 0, int64(0)
	if cur != nil {
		if start = slices.Index(ward.ExceptionKinds, cur.Keys[0]); start < 0 {
			return nil, ward.Errorf(ward.EINVALID, "bad cursor")
		}
		after = cur.ID
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Exception]{Items: []ward.Exception{}}
	err = db.view(ctx, func(tx *Tx) error {
		names, err := tx.workOrderNames()
		if err != nil {
			return err
		}
		for _, kind := range ward.ExceptionKinds[start:] {
			if !slices.Contains(kinds, kind) || len(page.Items) > limit {
				continue
			}
			if kind != cur.kind() {
				after = 0
			}
			if err := tx.exceptions(kind, after, limit+1-len(page.Items), f.FacilityIDs, names, page); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := &page.Items[limit-1]
		page.NextCursor = cursor{Sort: "exceptions", Keys: []string{last.Kind}, ID: last.ID}.encode()
	}
	return page, nil
}

// kind is the exception kind a cursor stopped in ("" for none).
func (c *cursor) kind() string {
	if c == nil {
		return ""
	}
	return c.Keys[0]
}

// exceptions appends up to n exceptions of kind after ID after, on
// devices of the facilities (all when none).
func (tx *Tx) exceptions(kind string, after int64, n int, facilities []int64, names *woNames, page *ward.Page[ward.Exception]) error {
	q, args, err := tx.exceptionQuery(kind, after, facilities)
	if err != nil || q == "" {
		return err
	}
	if kind != ward.ExceptionFinding {
		q += ` ORDER BY 1 LIMIT ?`
	}
	args = append(args, n)
	rows, err := tx.query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e := ward.Exception{Kind: kind}
		var typeID, facID sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Reference, &e.Title, &e.Task, &e.Status, dateCol{&e.Due}, &e.DeviceID,
			&e.AssetTag, &e.Devices, &typeID, &e.ModelID, &e.Model, &e.SoftwareVersion, &facID); err != nil {
			return err
		}
		e.DeviceType, e.FacilityID, e.Facility = names.types[typeID.Int64], facID.Int64, names.facilities[facID.Int64]
		e.Reason = ward.ExceptionReason(e.Task, e.DeviceType)
		page.Items = append(page.Items, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.fillAssetTags(page.Items)
}

// exceptionQuery returns the query of kind's exceptions after ID after,
// without its limit (the last argument), or "" when the kind can have
// none.
func (tx *Tx) exceptionQuery(kind string, after int64, facilities []int64) (string, []any, error) {
	cond, fargs := facilityCond(facilities)
	switch kind {
	case ward.ExceptionWorkOrder:
		m, err := tx.teamMatrix()
		if err != nil {
			return "", nil, err
		}
		uc, uargs := m.unownedCond("w.task_type", woTypeExpr, "d.team_id")
		return unownedWorkOrders + uc + ` AND w.id > ?` + cond, append(append(uargs, after), fargs...), nil
	case ward.ExceptionRecall:
		return unownedRecalls + cond, append([]any{after}, fargs...), nil
	}
	if covered, err := tx.mitigationCovered(); err != nil || covered {
		return "", nil, err
	}
	today := tx.date(ward.DateOf(tx.now))
	args := append(append([]any{today, after}, fargs...), after)
	return unownedFindings(cond), append(append(args, fargs...), today), nil
}

// mitigationCovered reports whether a rule for any type covers every
// device's findings: a security_mitigation or an owner rule.
func (tx *Tx) mitigationCovered() (bool, error) {
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM responsibilities WHERE device_type_id IS NULL
		AND task_type IN ('security_mitigation', 'owner')`).Scan(&n)
	return n > 0, err
}

// fillAssetTags names the first unowned device of finding exceptions.
func (tx *Tx) fillAssetTags(items []ward.Exception) error {
	for i := range items {
		e := &items[i]
		if e.AssetTag != "" || e.DeviceID == 0 {
			continue
		}
		if err := tx.queryRow(`SELECT asset_tag FROM devices WHERE id = ?`, e.DeviceID).Scan(&e.AssetTag); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// CountExceptions returns the size of the queue per kind.
func (db *DB) CountExceptions(ctx context.Context) ([]ward.ExceptionCount, error) {
	out := make([]ward.ExceptionCount, 0, len(ward.ExceptionKinds))
	err := db.view(ctx, func(tx *Tx) error {
		for _, kind := range ward.ExceptionKinds {
			c := ward.ExceptionCount{Kind: kind}
			q, args, err := tx.exceptionQuery(kind, 0, nil)
			if err != nil {
				return err
			}
			if q != "" {
				if kind == ward.ExceptionFinding {
					args = append(args, int64(1)<<40) // the query's limit
				}
				if err := tx.queryRow(`SELECT COUNT(*) FROM (`+q+`) y`, args...).Scan(&c.Items); err != nil {
					return err
				}
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
