package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"ward"
	"ward/app"
	"ward/demo"
	"ward/ingest/csaf"
	"ward/ingest/fdaclass"
	"ward/ingest/kev"
	"ward/sqlstore"
)

func init() {
	register("demo", "fill the database with the demo health system (deterministic)", cmdDemo)
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--devices N] [--cves M] [--seed S]")
	n := fs.Int("devices", demo.DefaultDevices, "number of devices")
	cves := fs.Int("cves", 0, "also generate and import M synthetic NVD CVE records (IDs CVE-9999-…) for benchmarks")
	nvdFile := fs.String("nvd-file", "", "keep the generated NVD feed (.json.gz) at this path")
	seed := fs.Uint64("seed", 1, "random seed: the same seed builds the same health system")
	force := fs.Bool("force", false, "add the demo to a database that already holds devices")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *n <= 0 || *cves < 0 {
		return usageError(e, fs, "demo takes no arguments, --devices must be positive and --cves not negative")
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
	if *cves > 0 {
		if err := importSyntheticCVEs(ctx, e, db, *cves, *seed, *nvdFile); err != nil {
			return err
		}
	}
	t := time.Now()
	rep, err := (&app.App{Store: db}).MatchAll(ctx)
	if err != nil {
		return err
	}
	printMatch(e, rep)
	fmt.Fprintf(e.stdout, "%s findings in %s\n", thousands(int64(rep.Findings)), time.Since(t).Round(time.Millisecond))
	return nil
}

// importSyntheticCVEs writes n synthetic NVD records to a gzip feed and
// imports it through the NVD importer, as a real feed would be.
func importSyntheticCVEs(ctx context.Context, e *env, db *sqlstore.DB, n int, seed uint64, keep string) error {
	path := keep
	if path == "" {
		f, err := os.CreateTemp("", "ward-synthetic-nvd-*.json.gz")
		if err != nil {
			return err
		}
		path = f.Name()
		f.Close()
		defer os.Remove(path)
	}
	f, err := os.Create(path)
	if err != nil {
		return ward.WrapError(ward.EINVALID, err, "cannot write %s", path)
	}
	t := time.Now()
	if err := demo.WriteCVEs(f, n, seed); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s synthetic CVE records in %s\n", thousands(int64(n)), time.Since(t).Round(time.Millisecond))
	src := prefetch(&nvdFiles{files: []string{path}})
	t = time.Now()
	res, err := db.ImportAdvisories(ward.WithActor(ctx, "demo"), src)
	src.stop()
	if err != nil {
		return err
	}
	el := time.Since(t)
	fmt.Fprintf(e.stdout, "imported %s NVD records in %s (%s records/s)\n", thousands(int64(res.Read)), el.Round(time.Millisecond),
		thousands(int64(float64(res.Read)/el.Seconds())))
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
	if err != nil {
		return nil, err
	}
	if err := demoWorkOrders(ctx, e, db, specs, opts); err != nil {
		return nil, err
	}
	if err := demoSBOMs(ctx, db, specs); err != nil {
		return nil, err
	}
	if err := demoAdvisories(ctx, db); err != nil {
		return nil, err
	}
	if err := demoRecalls(ctx, db); err != nil {
		return nil, err
	}
	if err := demoPatches(ctx, db, specs, opts.Seed); err != nil {
		return nil, err
	}
	if err := demoRisk(ctx, db, specs); err != nil {
		return nil, err
	}
	return res, nil
}

// demoSBOMs attaches a generated SBOM to every model and version in the
// inventory.
func demoSBOMs(ctx context.Context, db *sqlstore.DB, specs []demo.ModelSpec) error {
	byName := map[string]*demo.ModelSpec{}
	for i := range specs {
		byName[specs[i].Manufacturer+"\x00"+specs[i].Name] = &specs[i]
	}
	groups, err := db.FindInventoryGroups(ctx, ward.GroupFilter{})
	if err != nil {
		return err
	}
	for _, g := range groups {
		spec := byName[g.Manufacturer+"\x00"+g.Model]
		if spec == nil || g.DeviceID != 0 {
			continue
		}
		rank, n := spec.VersionRank(g.SoftwareVersion)
		s := demo.SBOMFor(spec, g.SoftwareVersion, rank, n)
		s.ModelID, s.SoftwareVersion = g.ModelID, g.SoftwareVersion
		if err := db.SaveSBOM(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// demoAdvisories imports the real CISA medical advisories and the KEV
// catalog the demo ships.
func demoAdvisories(ctx context.Context, db *sqlstore.DB) error {
	docs, err := demo.CSAFDocuments()
	if err != nil {
		return err
	}
	advs := make([]*ward.Advisory, 0, len(docs))
	for _, d := range docs {
		a, err := csaf.Parse(bytes.NewReader(d.Body), d.Name)
		if err != nil {
			return err
		}
		advs = append(advs, a)
	}
	if _, err = db.ImportAdvisories(ctx, &sliceAdvisories{advs: advs}); err != nil {
		return err
	}
	r, err := demo.KEVCatalog()
	if err != nil {
		return err
	}
	entries, _, err := kev.Parse(r, "demo KEV catalog")
	if err != nil {
		return err
	}
	_, _, err = db.ImportKEV(ctx, entries)
	return err
}

// sliceAdvisories is an AdvisorySource over advisories in memory.
type sliceAdvisories struct {
	advs []*ward.Advisory
	i    int
}

func (s *sliceAdvisories) Next() (*ward.Advisory, error) {
	if s.i == len(s.advs) {
		return nil, io.EOF
	}
	s.i++
	return s.advs[s.i-1], nil
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
