package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"ward"
	"ward/sqlstore"
)

func init() {
	register("devices", "list devices (table, csv, json or jsonl) with filters", cmdDevices)
	register("device", "show one device by asset tag, with its change history", cmdDevice)
}

// deviceFilterFlags are the filters shared by device-listing commands.
type deviceFilterFlags struct {
	facility, manufacturer, model, status, q, deviceType, team string
	unowned                                                    bool
}

func (f *deviceFilterFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.facility, "facility", "", "facility name or code (comma-separated for several)")
	fs.StringVar(&f.manufacturer, "manufacturer", "", "manufacturer name or alias (comma-separated for several)")
	fs.StringVar(&f.model, "model", "", "model name or alias (comma-separated for several)")
	fs.StringVar(&f.status, "status", "", "status: in_service, out_of_service, in_repair, retired, disposed (comma-separated)")
	fs.StringVar(&f.q, "q", "", "search: asset tag or serial prefix, exact IP or MAC, model or manufacturer name")
	fs.StringVar(&f.deviceType, "type", "", "device type, e.g. \"Infusion Pump\"")
	fs.StringVar(&f.team, "team", "", "owner team name")
	fs.BoolVar(&f.unowned, "unowned", false, "only devices no team answers for")
}

// filter resolves names to IDs. A name that matches nothing is an error,
// so a typo never silently lists every device.
func (f *deviceFilterFlags) filter(ctx context.Context, db *sqlstore.DB) (ward.DeviceFilter, error) {
	out := ward.DeviceFilter{Q: f.q, DeviceType: f.deviceType, Unowned: f.unowned}
	for _, name := range splitList(f.facility) {
		fac, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return out, err
		}
		out.FacilityIDs = append(out.FacilityIDs, fac.ID)
	}
	for _, name := range splitList(f.manufacturer) {
		m, err := db.ResolveManufacturer(ctx, name)
		if err != nil {
			return out, err
		}
		out.ManufacturerIDs = append(out.ManufacturerIDs, m.ID)
	}
	for _, name := range splitList(f.model) {
		mf := ward.ModelFilter{Name: name, Limit: 1000}
		if len(out.ManufacturerIDs) == 1 {
			mf.ManufacturerID = out.ManufacturerIDs[0]
		}
		page, err := db.FindModels(ctx, mf)
		if err != nil {
			return out, err
		}
		if len(page.Items) == 0 {
			return out, ward.Errorf(ward.ENOTFOUND, "no model is known as %q", name)
		}
		for _, m := range page.Items {
			out.ModelIDs = append(out.ModelIDs, m.ID)
		}
	}
	for _, s := range splitList(f.status) {
		out.Statuses = append(out.Statuses, strings.ReplaceAll(strings.ToLower(s), " ", "_"))
	}
	if f.team != "" {
		t, err := db.FindTeamByName(ctx, f.team)
		if err != nil {
			return out, err
		}
		out.TeamID = t.ID
	}
	return out, nil
}

var deviceTableColumns = []string{"asset_tag", "manufacturer", "model", "software_version", "facility", "department", "status", "team"}

var deviceCSVColumns = []string{"asset_tag", "serial", "manufacturer", "model", "model_number", "device_type",
	"software_version", "operating_system", "facility", "building", "floor", "department", "location", "ip_address",
	"mac_address", "hostname", "vlan", "connection", "status", "criticality_override", "effective_criticality", "stores_phi", "acquisition_date",
	"acquisition_cost", "warranty_end", "udi", "team", "owner", "last_seen"}

func deviceCells(format string, d *ward.Device) []string {
	if format == formatTable {
		return []string{d.AssetTag, d.Manufacturer, d.Model, d.SoftwareVersion, d.Facility, d.Department, d.Status, d.Team}
	}
	phi := ""
	if d.StoresPHI != nil {
		phi = fmt.Sprint(*d.StoresPHI)
	}
	last := ""
	if !d.LastSeen.IsZero() {
		last = d.LastSeen.Format("2006-01-02T15:04:05Z07:00")
	}
	cost := ""
	if d.AcquisitionCost != 0 {
		cost = d.AcquisitionCost.String()
	}
	// "team" is the device's own assignment, which an import of this file
	// sets again; "owner" is the effective owner, for reading only.
	team := ""
	if d.OwnerSource == "device" {
		team = d.Team
	}
	return []string{d.AssetTag, d.Serial, d.Manufacturer, d.Model, d.ModelNumber, d.DeviceType, d.SoftwareVersion,
		d.OperatingSystem, d.Facility, d.Building, d.Floor, d.Department, d.Room, d.IP, d.MAC, d.Hostname, d.VLAN,
		d.Connection, d.Status, d.CriticalityOverride, d.Criticality, phi, d.AcquisitionDate.String(), cost, d.WarrantyEnd.String(), d.UDI,
		team, d.Team, last}
}

func cmdDevices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "devices", "[flags]")
	var ff deviceFilterFlags
	ff.register(fs)
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	sort := fs.String("sort", "", "sort by: "+strings.Join(ward.DeviceSorts, ", ")+" (default: stored order, the fastest for exports)")
	desc := fs.Bool("desc", false, "sort descending")
	limit := fs.Int("limit", 0, "list at most this many devices (0: all)")
	count := fs.Bool("count", false, "print only the number of matching devices")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if err := checkFormat(*format); err != nil {
		return usageError(e, fs, "%v", err)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f, err := ff.filter(ctx, db)
	if err != nil {
		return err
	}
	f.Sort, f.Desc = *sort, *desc
	check := f
	if err := check.Validate(); err != nil {
		return err // before any output, so a refused filter prints nothing
	}
	if *count {
		n, err := db.CountDevices(ctx, f)
		if err == nil {
			fmt.Fprintln(e.stdout, n)
		}
		return err
	}
	cols := deviceCSVColumns
	if *format == formatTable {
		cols = deviceTableColumns
	}
	lw := newListWriter(e.stdout, *format, cols)
	var buf []byte
	write := func(d *ward.Device) error {
		if *format == formatJSON || *format == formatJSONL {
			buf = d.AppendJSON(buf[:0])
			return lw.row(nil, nil, buf)
		}
		return lw.row(deviceCells(*format, d), nil, nil)
	}
	if *sort == "" && *limit == 0 {
		err = db.EachDevice(ctx, f, write)
	} else {
		err = pageDevices(ctx, db, f, *limit, write)
	}
	if cerr := lw.close(); err == nil {
		err = cerr
	}
	return err
}

// pageDevices walks the keyset pages of a sorted listing.
func pageDevices(ctx context.Context, db *sqlstore.DB, f ward.DeviceFilter, limit int, fn func(*ward.Device) error) error {
	n := 0
	for {
		f.Limit = 1000
		page, err := db.FindDevices(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			if limit > 0 && n == limit {
				return nil
			}
			if err := fn(&page.Items[i]); err != nil {
				return err
			}
			n++
		}
		if page.NextCursor == "" {
			return nil
		}
		f.After = page.NextCursor
	}
}

func cmdDevice(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "device", "ASSET_TAG [--format table|json]")
	format := fs.String("format", formatTable, "output format: table or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "device needs exactly one ASSET_TAG")
	}
	if *format != formatTable && *format != formatJSON {
		return usageError(e, fs, "unknown format %q (use table or json)", *format)
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	d, err := db.FindDeviceByTag(ctx, pos[0])
	if err != nil {
		return err
	}
	hist, err := db.FindDeviceHistory(ctx, d.ID)
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, map[string]any{"device": d, "history": hist})
	}
	w := newListWriter(e.stdout, formatTable, []string{"field", "value"})
	for i, c := range deviceCSVColumns {
		w.row([]string{c, deviceCells(formatCSV, d)[i]}, nil, nil)
	}
	w.row([]string{"owner_source", d.OwnerSource}, nil, nil)
	w.close()
	fmt.Fprintln(e.stdout)
	h := newListWriter(e.stdout, formatTable, []string{"at", "actor", "field", "old", "new"})
	for _, c := range hist {
		h.row([]string{c.At.Format("2006-01-02 15:04:05"), string(c.Actor), c.Field, c.Old, c.New}, nil, nil)
	}
	return h.close()
}
