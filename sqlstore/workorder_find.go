package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"ward"
)

// FindWorkOrders returns one page of work orders matching f, newest first
// or by due date, keyset-paginated. EINVALID for a bad filter or cursor.
func (db *DB) FindWorkOrders(ctx context.Context, f ward.WorkOrderFilter) (*ward.Page[ward.WorkOrder], error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	cur, err := decodeCursor(f.After, "wo-"+f.Sort, 1)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.WorkOrder]{Items: []ward.WorkOrder{}}
	err = db.view(ctx, func(tx *Tx) error {
		names, err := tx.workOrderNames()
		if err != nil {
			return err
		}
		where, args, err := tx.workOrderWhere(&f)
		if err != nil {
			return err
		}
		order := " ORDER BY w.id DESC"
		if f.Sort == ward.WorkOrderSortDue {
			order = " ORDER BY w.due_date IS NULL, w.due_date, w.id"
		}
		if cur != nil {
			cond, cargs, err := tx.workOrderAfter(f.Sort, cur)
			if err != nil {
				return err
			}
			where, args = append(where, cond), append(args, cargs...)
		}
		// The page's IDs first, sorted on their own; then the rows of
		// those only. Sorting whole rows (with notes and the device's
		// names) of every open order would cost far more.
		from := " FROM work_orders w"
		if woNeedsDevice(&f) {
			from = workOrderFrom
		}
		ids := `SELECT w.id` + from
		if len(where) > 0 {
			ids += " WHERE " + strings.Join(where, " AND ")
		}
		rows, err := tx.query(workOrderColumns+` FROM (`+ids+order+` LIMIT ?) x JOIN work_orders w ON w.id = x.id
			JOIN devices d ON d.id = w.device_id JOIN models m ON m.id = d.model_id`+order, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		today := ward.DateOf(tx.now)
		for rows.Next() {
			var wo ward.WorkOrder
			if err := scanWorkOrder(rows, &wo, names, today); err != nil {
				return err
			}
			page.Items = append(page.Items, wo)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := &page.Items[limit-1]
			page.NextCursor = cursor{Sort: "wo-" + f.Sort, Keys: woCursorKey(last, f.Sort), ID: last.ID}.encode()
		}
		return tx.loadLinks(page.Items)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// workOrderAfter is the keyset condition for the rows after cur. Orders
// without a due date come last in the due sort.
func (tx *Tx) workOrderAfter(sort string, cur *cursor) (string, []any, error) {
	if sort != ward.WorkOrderSortDue {
		return "w.id < ?", []any{cur.ID}, nil
	}
	if cur.Keys[0] == "" {
		return "w.due_date IS NULL AND w.id > ?", []any{cur.ID}, nil
	}
	due, err := ward.ParseDate(cur.Keys[0])
	if err != nil {
		return "", nil, ward.Errorf(ward.EINVALID, "bad cursor")
	}
	d := tx.date(due)
	return "(w.due_date IS NULL OR w.due_date > ? OR (w.due_date = ? AND w.id > ?))", []any{d, d, cur.ID}, nil
}

// woChunk is how many orders a stream reads before loading their links.
const woChunk = 1000

// EachWorkOrder streams every work order matching f, in ID order, with its
// links, to fn inside one read transaction; fn's error stops it.
func (db *DB) EachWorkOrder(ctx context.Context, f ward.WorkOrderFilter, fn func(*ward.WorkOrder) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		names, err := tx.workOrderNames()
		if err != nil {
			return err
		}
		where, args, err := tx.workOrderWhere(&f)
		if err != nil {
			return err
		}
		q := workOrderSelect
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		st, err := tx.openStream("work_order_stream", q+" ORDER BY w.id", args...)
		if err != nil {
			return err
		}
		defer st.close()
		today := ward.DateOf(tx.now)
		buf := make([]ward.WorkOrder, 0, woChunk)
		for {
			buf = buf[:0]
			n, err := st.next(woChunk, func(rows *sql.Rows) error {
				buf = append(buf, ward.WorkOrder{})
				return scanWorkOrder(rows, &buf[len(buf)-1], names, today)
			})
			if err != nil {
				return err
			}
			if n == 0 {
				return nil
			}
			if err := tx.loadLinks(buf); err != nil {
				return err
			}
			for i := range buf {
				if err := fn(&buf[i]); err != nil {
					return err
				}
			}
		}
	})
}

// FindWorkOrderHistory returns a work order's changes, newest first,
// ending with its creation (Field "created", from the order's creation
// time and actor). ENOTFOUND for an unknown order.
func (db *DB) FindWorkOrderHistory(ctx context.Context, id int64) ([]ward.WorkOrderChange, error) {
	out := []ward.WorkOrderChange{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(workOrderHistorySelect+` ORDER BY 1 DESC`, id, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c ward.WorkOrderChange
			if err := scanWorkOrderChange(rows, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return ward.Errorf(ward.ENOTFOUND, "no work order %d", id)
		}
		// The creation has ID 0 and sorts last, as it should.
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// workOrderHistorySelect lists one order's history with its creation as
// an entry of ID 0, the way device history shows creation: creation is the
// order's own created_at and created_by, not a stored change.
const workOrderHistorySelect = `SELECT 0, w.id, w.created_at, w.created_by, 'created', '', w.number, w.number
	FROM work_orders w WHERE w.id = ?
	UNION ALL SELECT c.id, c.work_order_id, c.at, c.actor, c.field, c.old_value, c.new_value, w.number
	FROM work_order_changes c JOIN work_orders w ON w.id = c.work_order_id WHERE c.work_order_id = ?`

func scanWorkOrderChange(rows interface{ Scan(...any) error }, c *ward.WorkOrderChange) error {
	var actor string
	if err := rows.Scan(&c.ID, &c.WorkOrderID, timeCol{&c.At}, &actor, &c.Field, &c.Old, &c.New, &c.Number); err != nil {
		return err
	}
	c.Actor = ward.Actor(actor)
	return nil
}

// EachWorkOrderChange streams the history of the work orders matching f,
// by work order, each starting with its creation and then oldest first.
func (db *DB) EachWorkOrderChange(ctx context.Context, f ward.WorkOrderFilter, fn func(*ward.WorkOrderChange) error) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return db.view(ctx, func(tx *Tx) error {
		where, args, err := tx.workOrderWhere(&f)
		if err != nil {
			return err
		}
		cond := "1 = 1"
		if len(where) > 0 {
			cond = strings.Join(where, " AND ")
		}
		sub := `SELECT w.id` + workOrderFrom + ` WHERE ` + cond
		q := `SELECT 0, w.id, w.created_at, w.created_by, 'created', '', w.number, w.number FROM work_orders w
			WHERE w.id IN (` + sub + `) UNION ALL
			SELECT c.id, c.work_order_id, c.at, c.actor, c.field, c.old_value, c.new_value, w.number
			FROM work_order_changes c JOIN work_orders w ON w.id = c.work_order_id WHERE c.work_order_id IN (` + sub + `)`
		rows, err := tx.query(`SELECT * FROM (`+q+`) x ORDER BY 2, 1`, append(args, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c ward.WorkOrderChange
			if err := scanWorkOrderChange(rows, &c); err != nil {
				return err
			}
			if err := fn(&c); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// workOrderNumber formats the number Ward gives an order it creates.
func workOrderNumber(id int64) string {
	s := strconv.FormatInt(id, 10)
	if len(s) < 7 {
		s = strings.Repeat("0", 7-len(s)) + s
	}
	return "WO-" + s
}

// CountOverdueWorkOrders counts open work orders past their due date, on
// devices of the facilities (all when none): the dashboard's tile.
func (db *DB) CountOverdueWorkOrders(ctx context.Context, facilityIDs []int64) (int64, error) {
	var n int64
	err := db.view(ctx, func(tx *Tx) error {
		where, args, err := tx.workOrderWhere(&ward.WorkOrderFilter{Overdue: true, FacilityIDs: facilityIDs})
		if err != nil {
			return err
		}
		return tx.queryRow(`SELECT COUNT(*)`+workOrderFrom+` WHERE `+strings.Join(where, " AND "), args...).Scan(&n)
	})
	return n, err
}
