package main

import (
	"context"
	"fmt"

	"ward/app"
	"ward/demo"
	"ward/sqlstore"
)

// demoRisk records the demo's (invented) risk review: rubric answers and
// model-level controls for most models of the reviewed device types. A
// model recorded already keeps what it has, so a rebuilt demo does not
// undo a user's changes.
func demoRisk(ctx context.Context, db *sqlstore.DB, specs []demo.ModelSpec) error {
	a := &app.App{Store: db}
	done, err := db.FindModelRubrics(ctx, 0)
	if err != nil {
		return err
	}
	answered := map[int64]bool{}
	for _, r := range done {
		answered[r.ModelID] = true
	}
	for _, s := range demo.RiskSettings(specs) {
		m, err := findModel(ctx, db, s.Manufacturer, s.Model)
		if err != nil {
			return fmt.Errorf("demo risk review of %s %s: %w", s.Manufacturer, s.Model, err)
		}
		if answered[m.ID] {
			continue
		}
		if _, err := a.SetModelRubric(ctx, m.ID, s.Rubric); err != nil {
			return err
		}
		if s.Controls != nil {
			c := *s.Controls
			c.ModelID = m.ID
			if err := db.SetRiskControls(ctx, &c); err != nil {
				return err
			}
		}
	}
	return nil
}
