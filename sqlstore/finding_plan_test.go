package sqlstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"ward"
)

// TestFindingListingPlans checks, on SQLite, that every listing filter
// walks an index in page order rather than sorting every (finding, device)
// pair: at a million devices there are over a billion pairs, so a sort
// makes a page take minutes instead of milliseconds. It reads the query
// plan, not the clock.
func TestFindingListingPlans(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.ExecContext(ctx, `INSERT INTO facilities (id, name, name_key, code, created_at) VALUES (1, 'North', 'north', 'N', '2026-01-01')`); err != nil {
		t.Fatal(err)
	}
	filters := map[string]ward.FindingFilter{
		"none":                {},
		"facility":            {FacilityIDs: []int64{1}},
		"two facilities":      {FacilityIDs: []int64{1, 1}},
		"advisory":            {AdvisoryID: 7},
		"advisory reference":  {Advisory: "ICSMA-20-254-01"},
		"model":               {ModelID: 3},
		"status all":          {Statuses: ward.FindingStatuses},
		"kev":                 {KEV: true},
		"facility and status": {FacilityIDs: []int64{1}, Statuses: []string{ward.FindingAffected}},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			plan := findingPlan(t, db, f)
			for _, bad := range []string{"USE TEMP B-TREE FOR ORDER BY", "SCAN d"} {
				if strings.Contains(plan, bad) {
					t.Errorf("plan has %q:\n%s", bad, plan)
				}
			}
		})
	}
}

func findingPlan(t *testing.T, db *DB, f ward.FindingFilter) string {
	t.Helper()
	var plan strings.Builder
	err := db.view(context.Background(), func(tx *Tx) error {
		q, args, err := tx.findingQuery(f, nil)
		if err != nil {
			return err
		}
		rows, err := tx.query("EXPLAIN QUERY PLAN SELECT * FROM ("+q+") x ORDER BY 1, 2 LIMIT 100", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				return err
			}
			plan.WriteString(detail + "\n")
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return plan.String()
}
