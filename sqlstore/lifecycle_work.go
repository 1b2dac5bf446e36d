package sqlstore

import (
	"slices"
	"strconv"

	"ward"
)

// lcScope is the set of devices a walk gathers repairs, recalls and own
// findings for: a chunk (a JSON array of IDs, each looked up by the
// table's device index), or every device, when a walk reads whole
// facilities: then the cost follows the rows of those tables (recent
// repairs, recall matches, devices with an SBOM of their own), which are
// few next to the devices, instead of probing each device.
type lcScope struct {
	list string // a chunk's IDs; "" for every device
}

// lcFrom returns the FROM clause of table (as alias) limited to s, the
// condition that limits it and its arguments. CROSS JOIN makes SQLite
// drive the lookups from the chunk's IDs.
func (tx *Tx) lcFrom(table, alias string, s lcScope) (from, cond string, args []any) {
	if s.list == "" {
		return table + " " + alias, "1 = 1", nil
	}
	return tx.jsonStrings("?", "j") + " CROSS JOIN " + table + " " + alias, alias + ".device_id = CAST(j.value AS BIGINT)",
		[]any{s.list}
}

// lcWork is a device's corrective repairs of the last 12 months: how
// many, their cost and the downtime they recorded.
type lcWork struct {
	repairs  int
	cost     ward.Money
	downtime float64
}

// lcWindow is the condition on work orders w of the last 12 months: done
// since then, or still to be done and created since then. Cancelled
// orders cost nothing. It takes the arguments of lcWindowArgs.
const lcWindow = `w.status <> 'cancelled' AND (w.completed_date >= ? OR w.completed_date IS NULL AND w.created_at >= ?)`

func (tx *Tx) lcWindowArgs() []any {
	since := tx.now.AddDate(-1, 0, 0)
	return []any{tx.date(ward.DateOf(since)), tx.ts(since)}
}

// lifecycleWork sums the repairs of the last 12 months of the devices of
// s in one query.
func (tx *Tx) lifecycleWork(s lcScope) (map[int64]lcWork, error) {
	from, cond, args := tx.lcFrom("work_orders", "w", s)
	// Every device's: the recent repairs, by work_orders_type_completed.
	// A chunk's: each device's orders by work_orders_device; the type is
	// then written as an expression, or SQLite would rather walk every
	// recent repair of the system once per device of the chunk.
	repair := `w.type = 'corrective_repair'`
	if s.list != "" {
		repair = `w.type || '' = 'corrective_repair'`
	}
	rows, err := tx.query(`SELECT w.device_id, COUNT(*), CAST(SUM(w.cost) AS BIGINT), CAST(SUM(w.downtime_hours) AS DOUBLE PRECISION)
		FROM `+from+` WHERE `+cond+` AND `+repair+` AND `+lcWindow+`
		GROUP BY w.device_id`, append(args, tx.lcWindowArgs()...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]lcWork{}
	for rows.Next() {
		var id int64
		var w lcWork
		if err := rows.Scan(&id, &w.repairs, &w.cost, &w.downtime); err != nil {
			return nil, err
		}
		out[id] = w
	}
	return out, rows.Err()
}

// lcRecalls counts a device's outstanding recalls, and the class I ones.
type lcRecalls struct{ open, classI int }

// lcOutstandingRecalls selects the outstanding recall matches (as x, with
// their recall r) of the devices of s. The effective status is the recall
// area's own (recall_status.go): the matcher's, a user's, or that of a
// work order linking the recall.
func (tx *Tx) lcOutstandingRecalls(s lcScope, cols, tail string) (string, []any) {
	from, cond, args := tx.lcFrom("recall_matches", "m", s)
	return `SELECT ` + cols + ` FROM (SELECT m.device_id, m.recall_id, m.computed_status, m.user_status, ` + recallLinkedOrder + ` AS wo_id
		FROM ` + from + ` JOIN recalls r ON r.id = m.recall_id WHERE ` + cond + `) x
		JOIN recalls r ON r.id = x.recall_id` + recallStatusJoin + `
		WHERE ` + recallStatusExpr + ` IN ('open', 'in_progress')` + tail, args
}

// lifecycleRecalls counts the outstanding recalls of the devices of s in
// one query.
func (tx *Tx) lifecycleRecalls(s lcScope) (map[int64]lcRecalls, error) {
	q, args := tx.lcOutstandingRecalls(s, `x.device_id, COUNT(*), SUM(CASE WHEN r.classification = 'I' THEN 1 ELSE 0 END)`,
		` GROUP BY x.device_id`)
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]lcRecalls{}
	for rows.Next() {
		var id int64
		var r lcRecalls
		if err := rows.Scan(&id, &r.open, &r.classI); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}

// addDetails names what r's counts count: its outstanding recalls, its
// repair orders of the last 12 months, and the findings the walk
// assessed for it.
func (w *lifecycleWalk) addDetails(r *ward.LifecycleRecommendation) error {
	d := &ward.LifecycleDetails{Recalls: []string{}, UnpatchableCritical: []string{}, Patchable: []string{}, RepairOrders: []string{}}
	if f := w.found; f != nil {
		d.UnpatchableCritical = append(d.UnpatchableCritical, f.CriticalRefs...)
		d.Patchable = append(d.Patchable, f.PatchableRefs...)
	}
	var err error
	q, args := w.tx.lcOutstandingRecalls(lcScope{list: "[" + strconv.FormatInt(r.DeviceID, 10) + "]"}, `r.number`, ` ORDER BY r.number`)
	if d.Recalls, err = w.tx.lcStrings(q, args...); err != nil {
		return err
	}
	if d.RepairOrders, err = w.tx.lcStrings(`SELECT w.number FROM work_orders w
		WHERE w.device_id = ? AND w.type || '' = 'corrective_repair' AND `+lcWindow+` ORDER BY w.id`,
		append([]any{r.DeviceID}, w.tx.lcWindowArgs()...)...); err != nil {
		return err
	}
	slices.Sort(d.UnpatchableCritical)
	slices.Sort(d.Patchable)
	r.Details = d
	return nil
}

// lcStrings reads a one-column text query; never nil.
func (tx *Tx) lcStrings(q string, args ...any) ([]string, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
