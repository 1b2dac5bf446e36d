package main

import (
	"context"
	"fmt"
	"time"

	"ward"
	"ward/demo"
	"ward/sqlstore"
)

// demoWorkOrders gives the demo its maintenance programme and work order
// history (labelled demo data): a preventive maintenance schedule per
// model, twelve months of orders imported through the work order import
// as a CMMS history would be, and the teams' capacities.
func demoWorkOrders(ctx context.Context, e *env, db *sqlstore.DB, specs []demo.ModelSpec, opts demo.Options) error {
	start := time.Now()
	for i := range specs {
		plan, ok := demo.PMPlanFor(specs[i].DeviceType)
		if !ok {
			continue
		}
		m, err := findModel(ctx, db, specs[i].Manufacturer, specs[i].Name)
		if err != nil {
			return fmt.Errorf("demo maintenance schedule: %w", err)
		}
		s := &ward.PMSchedule{ModelID: m.ID, Task: plan.Task, IntervalMonths: plan.Months, EstimatedHours: plan.Hours}
		if err := keepExisting(db.CreatePMSchedule(ctx, s)); err != nil {
			return fmt.Errorf("demo maintenance schedule of %s: %w", specs[i].Name, err)
		}
	}
	scheds, err := db.FindPMSchedules(ctx, 0)
	if err != nil {
		return err
	}
	byModel := map[int64]int64{}
	for _, s := range scheds {
		byModel[s.ModelID] = s.ID
	}
	var units []demo.Unit
	err = db.EachDevice(ctx, ward.DeviceFilter{}, func(d *ward.Device) error {
		units = append(units, demo.Unit{Tag: d.AssetTag, DeviceType: d.DeviceType, Model: d.Model, Status: d.Status,
			Acquired: d.AcquisitionDate, ScheduleID: byModel[d.ModelID]})
		return nil
	})
	if err != nil {
		return err
	}
	prog := startProgress(e.stderr, "demo work orders", "orders")
	res, err := db.ImportWorkOrders(ctx, demo.NewWorkOrderHistory(units, opts.Seed), ward.ImportOptions{Progress: prog})
	prog.finish()
	if err != nil {
		return fmt.Errorf("demo work orders: %w", err)
	}
	teams, err := db.FindTeams(ctx)
	if err != nil {
		return err
	}
	caps := demo.TeamCapacities(len(units))
	for _, t := range teams {
		if n, ok := caps[t.Name]; ok {
			if err := db.SetTeamCapacity(ctx, &ward.TeamCapacity{TeamID: t.ID, Technicians: n}); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(e.stdout, "demo maintenance: %s schedules, %s work orders (12 months of history) in %s\n",
		thousands(int64(len(scheds))), thousands(int64(res.Created+res.Updated+res.Unchanged)), time.Since(start).Round(time.Millisecond))
	return nil
}
