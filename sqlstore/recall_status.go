package sqlstore

import (
	"strings"
	"time"

	"ward"
)

// A recall match's effective status is computed when it is read, from
// three things that each have one writer: the matcher's computed_status,
// the user's user_status (SetRecallStatus) and the work orders of the
// work-order area that link the recall. So completing a recall work order
// closes the recall on its device without the work-order code knowing
// about recalls, and a cancelled order simply stops counting.
//
// recallLinkedOrder is the work order that sets a match's status: one on
// the match's device that links the recall (kind "recall", by ID or, for
// an imported history, by number), not cancelled, and changed after the
// user last set a status (the later decision wins); a completed one
// before an open one, then the latest.
const recallLinkedOrder = `(SELECT w.id FROM work_orders w JOIN work_order_links l ON l.work_order_id = w.id
	WHERE w.device_id = m.device_id AND l.kind = 'recall'
		AND (l.ref_id = m.recall_id OR l.ref_id IS NULL AND l.reference = r.number)
		AND w.status <> 'cancelled' AND (m.user_at IS NULL OR w.updated_at > m.user_at)
	ORDER BY CASE WHEN w.status = 'completed' THEN 0 ELSE 1 END, w.updated_at DESC, w.id DESC LIMIT 1)`

// recallOwnerTeam is the team answering for recall work on the device:
// its own team, else the matrix's recall rule for its type, else the rule
// for any type.
const recallOwnerTeam = `COALESCE(d.team_id,
	(SELECT rs.team_id FROM responsibilities rs WHERE rs.task_type = 'recall'
		AND rs.device_type_id = COALESCE(d.device_type_id, mo.device_type_id)),
	(SELECT rs.team_id FROM responsibilities rs WHERE rs.task_type = 'recall' AND rs.device_type_id IS NULL))`

// recallMatchBase selects matches (as m, with their recall r, device d
// and model mo) and the work order setting their status; callers add
// WHERE conditions and wrap it as x.
const recallMatchBase = `SELECT m.id, m.recall_id, m.device_id, m.computed_status, m.confidence, m.explanation,
	m.user_status, m.user_note, m.user_by, m.user_at, m.first_seen, m.updated_at, d.asset_tag,
	COALESCE(d.serial, '') AS serial, COALESCE(d.facility_id, 0) AS facility_id, d.manufacturer_id, d.model_id, ` +
	recallOwnerTeam + ` AS team_id, ` + recallLinkedOrder + ` AS wo_id
	FROM recall_matches m JOIN recalls r ON r.id = m.recall_id JOIN devices d ON d.id = m.device_id
	JOIN models mo ON mo.id = d.model_id`

// recallStatusJoin brings in the status-setting work order as wo.
const recallStatusJoin = ` LEFT JOIN work_orders wo ON wo.id = x.wo_id`

// recallStatusExpr is the effective status of x (with wo).
const recallStatusExpr = `CASE WHEN wo.status = 'completed' THEN 'completed' WHEN wo.id IS NOT NULL THEN 'in_progress'
	WHEN x.user_status IS NOT NULL THEN x.user_status ELSE x.computed_status END`

// recallMatchSelect reads the matches of a base query x.
const recallMatchSelect = `SELECT x.id, x.recall_id, r.number, x.device_id, x.asset_tag, ` + recallStatusExpr + `,
	x.computed_status, x.confidence, x.explanation, r.classification, r.firm, r.product_code, r.fda_status, r.reason,
	mf.name, mo.name, x.serial, x.facility_id, COALESCE(x.team_id, 0), x.user_status, x.user_note, x.user_by,
	x.user_at, COALESCE(wo.id, 0), COALESCE(wo.number, ''), COALESCE(wo.status, ''), wo.completed_date,
	x.first_seen, x.updated_at`

// recallMatchQuery builds the query of f's matches in ID order; limit 0
// reads them all.
func recallMatchQuery(f *ward.RecallMatchFilter, after int64, limit int) (string, []any) {
	where, args := []string{"m.id > ?"}, []any{after}
	for _, c := range []struct {
		cond string
		v    any
		set  bool
	}{
		{"m.recall_id = ?", f.RecallID, f.RecallID != 0}, {"r.number = ?", f.Recall, f.Recall != ""},
		{"m.device_id = ?", f.DeviceID, f.DeviceID != 0}, {"d.tag_key = ?", tagKey(f.AssetTag), f.AssetTag != ""},
	} {
		if c.set {
			where, args = append(where, c.cond), append(args, c.v)
		}
	}
	if len(f.FacilityIDs) > 0 {
		// The unary plus keeps SQLite from walking a facility's devices
		// by index (hundreds of thousands) to find their few matches.
		where = append(where, "+d.facility_id IN ("+placeholders(len(f.FacilityIDs))+")")
		args = append(args, int64Args(f.FacilityIDs)...)
	}
	if len(f.Confidences) > 0 {
		where = append(where, "m.confidence IN ("+placeholders(len(f.Confidences))+")")
		args = append(args, stringArgs(f.Confidences)...)
	}
	if onlyWorked(f.Statuses) {
		// Only matches a user or a work order moved can be in progress or
		// completed: skip the rest without computing their status.
		where = append(where, `(m.user_status IS NOT NULL OR m.device_id IN (SELECT w.device_id FROM work_orders w
			JOIN work_order_links l ON l.work_order_id = w.id WHERE l.kind = 'recall'))`)
	}
	q := recallMatchSelect + ` FROM (` + recallMatchBase + ` WHERE ` + strings.Join(where, " AND ") + `) x
		JOIN recalls r ON r.id = x.recall_id JOIN models mo ON mo.id = x.model_id
		JOIN manufacturers mf ON mf.id = x.manufacturer_id` + recallStatusJoin
	if len(f.Statuses) > 0 {
		q += ` WHERE ` + recallStatusExpr + ` IN (` + placeholders(len(f.Statuses)) + `)`
		args = append(args, stringArgs(f.Statuses)...)
	}
	q += ` ORDER BY x.id`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return q, args
}

func onlyWorked(statuses []string) bool {
	if len(statuses) == 0 {
		return false
	}
	for _, s := range statuses {
		if s != ward.RecallInProgress && s != ward.RecallCompleted {
			return false
		}
	}
	return true
}

// recallNames are the team and facility names a listing shows, loaded
// once per query instead of joined per row.
type recallNames struct {
	teams, facilities map[int64]string
}

func (tx *Tx) recallNames() (*recallNames, error) {
	n := &recallNames{teams: map[int64]string{}, facilities: map[int64]string{}}
	if err := eachRow(tx, `SELECT id, name FROM teams`, nil, func(id int64, s string) { n.teams[id] = s }); err != nil {
		return nil, err
	}
	return n, eachRow(tx, `SELECT id, name FROM facilities`, nil, func(id int64, s string) { n.facilities[id] = s })
}

func scanRecallMatch(rows interface{ Scan(...any) error }, m *ward.RecallMatch, names *recallNames) error {
	var team int64
	var userStatus, userNote, userBy *string
	var wo ward.RecallWorkOrder
	var userAt time.Time
	if err := rows.Scan(&m.ID, &m.RecallID, &m.RecallNumber, &m.DeviceID, &m.AssetTag, &m.Status, &m.ComputedStatus,
		&m.Confidence, &m.Explanation, &m.Classification, &m.Firm, &m.ProductCode, &m.FDAStatus, &m.Reason,
		&m.Manufacturer, &m.Model, &m.Serial, &m.FacilityID, &team, &userStatus, &userNote, &userBy, timeCol{&userAt},
		&wo.ID, &wo.Number, &wo.Status, dateCol{&wo.Completed}, timeCol{&m.FirstSeen}, timeCol{&m.UpdatedAt}); err != nil {
		return err
	}
	m.Facility, m.OwnerTeam = names.facilities[m.FacilityID], names.teams[team]
	m.StatusSource = ward.RecallStatusFromMatcher
	if userStatus != nil {
		m.UserStatus = &ward.RecallStatusNote{Status: *userStatus, Note: deref(userNote), Actor: ward.Actor(deref(userBy)), At: userAt}
		m.StatusSource = ward.RecallStatusFromUser
	}
	if wo.ID != 0 {
		m.WorkOrder = &wo
		m.StatusSource = ward.RecallStatusFromWorkOrder
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
