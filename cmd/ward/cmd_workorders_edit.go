package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/app"
	"ward/sqlstore"
)

// woFieldFlags are the fields create and update set; set records which
// flags the command line gave, so update changes only those.
type woFieldFlags struct {
	title, description, priority, team, assignee, targetVersion, scheduled, due, started, completed string
	estimated, labour, downtime, parts, partsCost, labourCost, cost, notes, links                   string
	set                                                                                             map[string]bool
}

func (f *woFieldFlags) register(fs *flag.FlagSet) {
	for _, d := range []struct {
		p          *string
		name, help string
	}{
		{&f.title, "title", "one line saying what is asked"}, {&f.description, "description", "what is asked, in detail"},
		{&f.priority, "priority", "critical, high, medium or low"},
		{&f.team, "team", "team name; empty returns the order to the responsibility matrix's team"},
		{&f.assignee, "assignee", "who does the work"}, {&f.targetVersion, "target-version", "for a patch: the version it installs"},
		{&f.scheduled, "scheduled", "date planned (YYYY-MM-DD)"}, {&f.due, "due", "date due (YYYY-MM-DD)"},
		{&f.started, "started", "date started"}, {&f.completed, "completed", "date completed"},
		{&f.estimated, "estimated-hours", "hours the work should take"}, {&f.labour, "labour-hours", "hours worked (1.5 or 1:30)"},
		{&f.downtime, "downtime-hours", "hours the device was out of use"},
		{&f.parts, "parts", `parts used: "Battery pack x2 @ 45.00; Fuse x1"`}, {&f.partsCost, "parts-cost", "parts cost when not itemised"},
		{&f.labourCost, "labour-cost", "labour cost"}, {&f.cost, "cost", "total cost (default: labour + parts)"},
		{&f.notes, "notes", "replace the notes"}, {&f.links, "links", `what it addresses: "finding:#123; recall:Z-0359-2013; patch:#4"`},
	} {
		fs.StringVar(d.p, d.name, "", d.help)
	}
}

// visit records the flags given.
func (f *woFieldFlags) visit(fs *flag.FlagSet) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
}

// update builds the update of the flags given; EINVALID names a bad flag.
func (f *woFieldFlags) update(ctx context.Context, db *sqlstore.DB) (ward.WorkOrderUpdate, error) {
	var u ward.WorkOrderUpdate
	strs := []struct {
		name string
		v    string
		dst  **string
	}{
		{"title", f.title, &u.Title}, {"description", f.description, &u.Description}, {"priority", f.priority, &u.Priority},
		{"assignee", f.assignee, &u.Assignee}, {"target-version", f.targetVersion, &u.TargetVersion}, {"notes", f.notes, &u.Notes},
	}
	for _, s := range strs {
		if f.set[s.name] {
			*s.dst = new(s.v)
		}
	}
	dates := []struct {
		name string
		v    string
		dst  **ward.Date
	}{{"scheduled", f.scheduled, &u.Scheduled}, {"due", f.due, &u.Due}, {"started", f.started, &u.Started}, {"completed", f.completed, &u.Completed}}
	for _, d := range dates {
		if !f.set[d.name] {
			continue
		}
		var v ward.Date
		if d.v != "" {
			var err error
			if v, err = ward.ParseDate(d.v); err != nil {
				return u, ward.Errorf(ward.EINVALID, "--%s: %s", d.name, ward.ErrorMessage(err))
			}
		}
		*d.dst = &v
	}
	hours := []struct {
		name string
		v    string
		dst  **float64
	}{{"estimated-hours", f.estimated, &u.EstimatedHours}, {"labour-hours", f.labour, &u.LabourHours}, {"downtime-hours", f.downtime, &u.DowntimeHours}}
	for _, h := range hours {
		if f.set[h.name] {
			v, err := ward.ParseHours(h.v)
			if err != nil {
				return u, ward.Errorf(ward.EINVALID, "--%s: %s", h.name, ward.ErrorMessage(err))
			}
			*h.dst = &v
		}
	}
	money := []struct {
		name string
		v    string
		dst  **ward.Money
	}{{"parts-cost", f.partsCost, &u.PartsCost}, {"labour-cost", f.labourCost, &u.LabourCost}, {"cost", f.cost, &u.Cost}}
	for _, m := range money {
		if f.set[m.name] {
			v, err := ward.ParseMoney(m.v)
			if err != nil {
				return u, ward.Errorf(ward.EINVALID, "--%s: %s", m.name, ward.ErrorMessage(err))
			}
			*m.dst = &v
		}
	}
	if f.set["parts"] {
		parts, err := ward.ParseParts(f.parts)
		if err != nil {
			return u, ward.Errorf(ward.EINVALID, "--parts: %s", ward.ErrorMessage(err))
		}
		u.Parts = &parts
	}
	if f.set["links"] {
		links, err := ward.ParseLinks(f.links)
		if err != nil {
			return u, ward.Errorf(ward.EINVALID, "--links: %s", ward.ErrorMessage(err))
		}
		u.Links = &links
	}
	if f.set["team"] {
		var id int64
		if f.team != "" {
			t, err := db.FindTeamByName(ctx, f.team)
			if err != nil {
				return u, err
			}
			id = t.ID
		}
		u.TeamID = &id
	}
	return u, nil
}

func cmdWorkOrderCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders create", "--device TAG --type TYPE [fields] [--format table|json]")
	device := fs.String("device", "", "asset tag of the device (required)")
	typ := fs.String("type", "", "type (required): "+strings.Join(ward.WorkOrderTypes, ", "))
	number := fs.String("number", "", "the order's number (default WO-0000042 after its ID)")
	status := fs.String("status", ward.WorkOrderOpen, "open or scheduled")
	format := fs.String("format", formatTable, "table or json")
	var ff woFieldFlags
	ff.register(fs)
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	if *device == "" || *typ == "" {
		return usageError(e, fs, "create needs --device and --type")
	}
	ff.visit(fs)
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	u, err := ff.update(ctx, db)
	if err != nil {
		return err
	}
	wo := ward.WorkOrder{Number: *number, AssetTag: *device, Type: *typ, Status: *status}
	if err := u.Apply(&wo, ward.Date{}, ""); err != nil {
		return err
	}
	out, err := db.CreateWorkOrders(ctx, []ward.WorkOrder{wo})
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, out[0])
	}
	fmt.Fprintf(e.stdout, "created %s (%s on %s), team %s\n", out[0].Number, out[0].Type, out[0].AssetTag, teamText(&out[0]))
	return nil
}

func teamText(wo *ward.WorkOrder) string {
	if wo.Team == "" {
		return "(none: in the exception queue)"
	}
	return wo.Team
}

func cmdWorkOrderUpdate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders update", "NUMBER [--status S] [fields] [--note TEXT] [--format table|json]")
	status := fs.String("status", "", "new status: "+strings.Join(ward.WorkOrderStatuses, ", "))
	note := fs.String("note", "", "append a dated note naming you")
	format := fs.String("format", formatTable, "table or json")
	var ff woFieldFlags
	ff.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "update needs one work order NUMBER")
	}
	ff.visit(fs)
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	wo, err := findOrder(ctx, db, pos[0])
	if err != nil {
		return err
	}
	u, err := ff.update(ctx, db)
	if err != nil {
		return err
	}
	if *status != "" {
		u.Status = status
	}
	u.Note = *note
	if u.IsZero() {
		return usageError(e, fs, "nothing to change")
	}
	out, err := (&app.App{Store: db}).UpdateWorkOrder(ctx, wo.ID, u)
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "updated %s: %s", out.Number, out.Status)
	if out.Type == ward.WorkOrderPatch && out.Status == ward.WorkOrderCompleted && wo.Status != out.Status && out.TargetVersion != "" {
		fmt.Fprintf(e.stdout, "; %s now runs %s", out.AssetTag, out.TargetVersion)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// idText formats an ID for a table cell ("" for none).
func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
