package main

import (
	"context"
	"fmt"

	"ward"
	"ward/app"
	"ward/ingest/sbom"
)

func cmdImportSBOM(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import sbom", "(--manufacturer M --model X --version V | --device TAG) FILE")
	mfr := fs.String("manufacturer", "", "manufacturer of the model the SBOM describes")
	model := fs.String("model", "", "model the SBOM describes")
	version := fs.String("version", "", "software version of the model the SBOM describes")
	device := fs.String("device", "", "asset tag of the one device the SBOM describes")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "import sbom needs one FILE")
	}
	if (*device == "") == (*model == "") {
		return usageError(e, fs, "give either --device, or --manufacturer, --model and --version")
	}
	in, name, _, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	s, err := sbom.Parse(in, name)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	target := ""
	if *device != "" {
		d, err := db.FindDeviceByTag(ctx, *device)
		if err != nil {
			return err
		}
		s.DeviceID, target = d.ID, "device "+d.AssetTag
	} else {
		m, err := findModel(ctx, db, *mfr, *model)
		if err != nil {
			return err
		}
		s.ModelID, s.SoftwareVersion = m.ID, *version
		target = fmt.Sprintf("%s %s version %q", m.Manufacturer, m.Name, *version)
	}
	a := &app.App{Store: db}
	rep, err := a.SaveSBOM(ward.WithActor(ctx, ward.Actor("import:"+name)), s)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s SBOM %s with %d components attached to %s\n", name, s.Format, s.SpecVersion, len(s.Components), target)
	printMatch(e, rep)
	return nil
}

// findModel resolves a manufacturer and a model name or alias to one model.
func findModel(ctx context.Context, db interface {
	ResolveManufacturer(context.Context, string) (*ward.Manufacturer, error)
	FindModels(context.Context, ward.ModelFilter) (*ward.Page[ward.Model], error)
}, manufacturer, model string) (*ward.Model, error) {
	if manufacturer == "" {
		return nil, ward.Errorf(ward.EINVALID, "give the model's --manufacturer")
	}
	m, err := db.ResolveManufacturer(ctx, manufacturer)
	if err != nil {
		return nil, err
	}
	page, err := db.FindModels(ctx, ward.ModelFilter{ManufacturerID: m.ID, Name: model, Limit: 2})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, ward.Errorf(ward.ENOTFOUND, "%s has no model known as %q", m.Name, model)
	}
	return &page.Items[0], nil
}
