package main

import (
	"context"
	"fmt"
	"strings"

	"ward"
)

func init() {
	register("facilities", "list facilities with their device counts", cmdFacilities)
	register("models", "list the model catalog", cmdModels)
	register("version", "print the Ward version", cmdVersion)
}

func cmdFacilities(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "facilities", "[--format table|csv|json|jsonl]")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	fs2, err := db.FindFacilities(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"code", "name", "devices"})
	for i := range fs2 {
		f := &fs2[i]
		w.row([]string{f.Code, f.Name, fmt.Sprint(f.Devices)}, f, nil)
	}
	return w.close()
}

func cmdModels(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "models", "[--manufacturer M] [--type T] [--q TEXT] [--format …]")
	mfr := fs.String("manufacturer", "", "manufacturer name or alias")
	typ := fs.String("type", "", "device type")
	q := fs.String("q", "", "text in the name, an alias or a model number")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f := ward.ModelFilter{DeviceType: *typ, Q: *q, Limit: 1000}
	if *mfr != "" {
		m, err := db.ResolveManufacturer(ctx, *mfr)
		if err != nil {
			return err
		}
		f.ManufacturerID = m.ID
	}
	w := newListWriter(e.stdout, *format, []string{"manufacturer", "name", "device_type", "product_code", "class", "criticality", "devices", "model_numbers"})
	for {
		page, err := db.FindModels(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			m := &page.Items[i]
			w.row([]string{m.Manufacturer, m.Name, m.DeviceType, m.ProductCode, m.DeviceClass, m.DefaultCriticality(),
				fmt.Sprint(m.Devices), strings.Join(m.ModelNumbers, "; ")}, m, nil)
		}
		if page.NextCursor == "" {
			break
		}
		f.After = page.NextCursor
	}
	return w.close()
}

func cmdVersion(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	fmt.Fprintf(e.stdout, "ward %s\n", ward.Version)
	return nil
}
