package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"ward"
	"ward/demo"
	"ward/ingest/fdaclass"
	"ward/sqlstore"
)

func init() {
	register("demo", "fill the database with the demo health system (deterministic)", cmdDemo)
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--devices N] [--seed S]")
	n := fs.Int("devices", demo.DefaultDevices, "number of devices")
	seed := fs.Uint64("seed", 1, "random seed: the same seed builds the same health system")
	force := fs.Bool("force", false, "add the demo to a database that already holds devices")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *n <= 0 {
		return usageError(e, fs, "demo takes no arguments and --devices must be positive")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if have, err := db.CountDevices(ctx, ward.DeviceFilter{}); err != nil {
		return err
	} else if have > 0 && !*force {
		return ward.Errorf(ward.ECONFLICT, "the database already holds %s devices; use --force to add the demo to it, or use a new --db", thousands(have))
	}
	start := time.Now()
	res, err := buildDemo(ctx, e, db, demo.Options{Devices: *n, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo health system %q: %s devices created, %s updated in %s\n", demo.HealthSystemName,
		thousands(int64(res.Created)), thousands(int64(res.Updated)), time.Since(start).Round(time.Millisecond))
	return nil
}

// buildDemo stores the demo health system: FDA product codes, facilities,
// teams and matrix, the model catalog, then the devices through the same
// import path as a CMMS file. Parts that exist already are kept.
func buildDemo(ctx context.Context, e *env, db *sqlstore.DB, opts demo.Options) (*ward.ImportResult, error) {
	ctx = ward.WithActor(ctx, "demo")
	codes, err := fdaclass.Parse(bytes.NewReader(demo.FDAClassification), "foiclass-demo.txt")
	if err != nil {
		return nil, err
	}
	if _, _, err := db.ImportProductCodes(ctx, codes); err != nil {
		return nil, err
	}
	for _, f := range demo.Facilities {
		if err := keepExisting(db.CreateFacility(ctx, &ward.Facility{Code: f.Code, Name: f.Name})); err != nil {
			return nil, err
		}
	}
	for _, t := range demo.Teams {
		if err := keepExisting(db.CreateTeam(ctx, &t)); err != nil {
			return nil, err
		}
	}
	specs, err := demo.Catalog()
	if err != nil {
		return nil, err
	}
	for i := range specs {
		if err := createDemoModel(ctx, db, &specs[i]); err != nil {
			return nil, err
		}
	}
	// The matrix names device types, which the models brought.
	teams, err := db.FindTeams(ctx)
	if err != nil {
		return nil, err
	}
	teamID := map[string]int64{}
	for _, t := range teams {
		teamID[t.Name] = t.ID
	}
	for _, r := range demo.Responsibilities {
		if _, err := db.SetResponsibility(ctx, r.Type, r.Task, teamID[r.Team]); err != nil {
			return nil, fmt.Errorf("demo responsibility %s/%s: %w", r.Type, r.Task, err)
		}
	}
	prog := startProgress(e.stderr, "building demo", "devices")
	prog.setTotal(int64(opts.Devices))
	res, err := db.ImportDevices(ctx, demo.NewGenerator(specs, opts), ward.ImportOptions{Progress: prog})
	prog.finish()
	return res, err
}

// createDemoModel adds a catalog model unless the manufacturer has it
// already; any other refusal (a clash of aliases) is an error, not silence.
func createDemoModel(ctx context.Context, db *sqlstore.DB, s *demo.ModelSpec) error {
	m, err := db.ResolveManufacturer(ctx, s.Manufacturer)
	if err != nil {
		return fmt.Errorf("demo model %s %s: %w", s.Manufacturer, s.Name, err)
	}
	page, err := db.FindModels(ctx, ward.ModelFilter{ManufacturerID: m.ID, Name: s.Name, Limit: 1})
	if err != nil || len(page.Items) > 0 {
		return err
	}
	if err := db.CreateModel(ctx, s.Model()); err != nil {
		return fmt.Errorf("demo model %s %s: %w", s.Manufacturer, s.Name, err)
	}
	return nil
}

// keepExisting treats "already exists" as success, so the demo can be
// built again over itself.
func keepExisting(err error) error {
	if ward.ErrorCode(err) == ward.ECONFLICT {
		return nil
	}
	return err
}
