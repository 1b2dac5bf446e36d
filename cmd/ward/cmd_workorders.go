package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"ward"
	"ward/sqlstore"
)

func init() {
	register("workorders", "work orders: list, show, create, update, import, export; preventive maintenance (pm)", cmdWorkOrders)
}

const workOrdersUsage = `list|show|create|update|import|export|pm …
  ward workorders [list] [--status S] [--type T] [--team NAME] [--unowned] [--overdue] [--device TAG] [--facility F] [--sort newest|due] [--format …]
  ward workorders show NUMBER [--format table|json]
  ward workorders create --device TAG --type TYPE [--title T] [--due DATE] [--team NAME] [--target-version V] …
  ward workorders update NUMBER [--status S] [--assignee A] [--labour-hours H] [--parts "Battery x2 @ 45.00"] [--note TEXT] …
  ward workorders import [ORDERS.csv] [--history HISTORY.csv] [--skip-invalid] [--rejects FILE] [--dry-run]
  ward workorders export [filters] [--history] > FILE.csv
  ward workorders pm list|create|update|generate …`

func cmdWorkOrders(ctx context.Context, e *env, args []string) error {
	verbs := map[string]func(context.Context, *env, []string) error{
		"list": cmdWorkOrderList, "show": cmdWorkOrderShow, "create": cmdWorkOrderCreate, "update": cmdWorkOrderUpdate,
		"import": cmdWorkOrderImport, "export": cmdWorkOrderExport, "pm": cmdPM,
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		fn, ok := verbs[args[0]]
		if !ok {
			fmt.Fprintf(e.stderr, "ward: unknown workorders command %q\nUsage: ward workorders %s\n", args[0], workOrdersUsage)
			return errUsage
		}
		return fn(ctx, e, args[1:])
	}
	return cmdWorkOrderList(ctx, e, args)
}

// woFilterFlags are the filters of list and export.
type woFilterFlags struct {
	status, types, team, device, facility, link, sort string
	schedule                                          int64
	unowned, overdue                                  bool
}

func (f *woFilterFlags) register(fs *flag.FlagSet, defaultStatus string) {
	f.status = defaultStatus
	fs.StringVar(&f.status, "status", defaultStatus, "statuses, comma-separated ("+strings.Join(ward.WorkOrderStatuses, ", ")+"), or open (the first four) or all")
	fs.StringVar(&f.types, "type", "", "types, comma-separated: "+strings.Join(ward.WorkOrderTypes, ", "))
	fs.StringVar(&f.team, "team", "", "effective owner team name")
	fs.StringVar(&f.device, "device", "", "asset tag of the device")
	fs.StringVar(&f.facility, "facility", "", "facility name or code (comma-separated for several)")
	fs.StringVar(&f.link, "link", "", "orders addressing KIND:REF or KIND:#ID, e.g. recall:Z-0359-2013")
	fs.StringVar(&f.sort, "sort", ward.WorkOrderSortNewest, "newest or due")
	fs.Int64Var(&f.schedule, "schedule", 0, "preventive maintenance schedule ID")
	fs.BoolVar(&f.unowned, "unowned", false, "only open orders no team answers for")
	fs.BoolVar(&f.overdue, "overdue", false, "only open orders past their due date")
}

// filter resolves names to IDs; a name that matches nothing is an error.
func (f *woFilterFlags) filter(ctx context.Context, db *sqlstore.DB) (ward.WorkOrderFilter, error) {
	out := ward.WorkOrderFilter{Types: splitList(f.types), Sort: f.sort, ScheduleID: f.schedule, Unowned: f.unowned, Overdue: f.overdue}
	switch f.status {
	case "all", "":
	case "open":
		out.Statuses = ward.OpenStatuses
	default:
		out.Statuses = splitList(f.status)
	}
	if f.team != "" {
		t, err := db.FindTeamByName(ctx, f.team)
		if err != nil {
			return out, err
		}
		out.TeamID = t.ID
	}
	if f.device != "" {
		d, err := db.FindDeviceByTag(ctx, f.device)
		if err != nil {
			return out, err
		}
		out.DeviceID = d.ID
	}
	for _, name := range splitList(f.facility) {
		fac, err := db.FindFacilityByName(ctx, name)
		if err != nil {
			return out, err
		}
		out.FacilityIDs = append(out.FacilityIDs, fac.ID)
	}
	if f.link != "" {
		links, err := ward.ParseLinks(f.link)
		if err != nil {
			return out, err
		}
		if len(links) != 1 {
			return out, ward.Errorf(ward.EINVALID, "--link takes one KIND:REF")
		}
		out.LinkKind, out.LinkID, out.LinkRef = links[0].Kind, links[0].ID, links[0].Ref
	}
	return out, out.Validate()
}

var woTableColumns = []string{"number", "type", "status", "asset_tag", "title", "team", "assignee", "due", "completed", "hours", "cost"}

func woTableCells(wo *ward.WorkOrder) []string {
	due := wo.Due.String()
	if wo.Overdue {
		due += " (overdue)"
	}
	team := wo.Team
	if team == "" {
		team = "(none)"
	}
	return []string{wo.Number, wo.Type, wo.Status, wo.AssetTag, wo.Title, team, wo.Assignee, due, wo.Completed.String(),
		ward.FormatHours(wo.LabourHours), moneyCell(wo.Cost)}
}

func moneyCell(m ward.Money) string {
	if m == 0 {
		return ""
	}
	return m.String()
}

func cmdWorkOrderList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders list", "[filters] [--limit N] [--format table|csv|json|jsonl]")
	var ff woFilterFlags
	ff.register(fs, "open")
	limit := fs.Int("limit", 0, "at most N orders (0: all)")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	f, err := ff.filter(ctx, db)
	if err != nil {
		return err
	}
	cols := woTableColumns
	if *format == formatCSV {
		cols = woExportColumns
	}
	w := newListWriter(e.stdout, *format, cols)
	n := 0
	f.Limit = 1000
	if *limit > 0 && *limit < f.Limit {
		f.Limit = *limit
	}
	for {
		page, err := db.FindWorkOrders(ctx, f)
		if err != nil {
			return err
		}
		for i := range page.Items {
			wo := &page.Items[i]
			cells := woTableCells(wo)
			if *format == formatCSV {
				cells = woExportCells(wo)
			}
			if err := w.row(cells, wo, nil); err != nil {
				return err
			}
			if n++; *limit > 0 && n == *limit {
				return w.close()
			}
		}
		if page.NextCursor == "" {
			return w.close()
		}
		f.After = page.NextCursor
	}
}

// findOrder returns a work order by number.
func findOrder(ctx context.Context, db *sqlstore.DB, number string) (*ward.WorkOrder, error) {
	return db.FindWorkOrderByNumber(ctx, number)
}

func cmdWorkOrderShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "workorders show", "NUMBER [--format table|json]")
	format := fs.String("format", formatTable, "table or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "show needs one work order NUMBER")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	wo, err := findOrder(ctx, db, pos[0])
	if err != nil {
		return err
	}
	hist, err := db.FindWorkOrderHistory(ctx, wo.ID)
	if err != nil {
		return err
	}
	if *format == formatJSON {
		return writeJSON(e.stdout, map[string]any{"work_order": wo, "history": hist})
	}
	printWorkOrder(e, wo)
	fmt.Fprintln(e.stdout, "\nHistory (newest first):")
	w := newListWriter(e.stdout, formatTable, []string{"at", "actor", "field", "old", "new"})
	for _, c := range hist {
		w.row([]string{c.At.UTC().Format("2006-01-02 15:04"), string(c.Actor), c.Field, clipCell(c.Old), clipCell(c.New)}, nil, nil)
	}
	return w.close()
}

func clipCell(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

func printWorkOrder(e *env, wo *ward.WorkOrder) {
	team := wo.Team
	switch wo.TeamSource {
	case "":
		team = "(none: in the exception queue)"
	case ward.TeamFromMatrix:
		team += " (responsibility matrix)"
	case ward.TeamFromOwner:
		team += " (device owner)"
	}
	for _, kv := range [][2]string{
		{"Number", wo.Number}, {"Type", wo.Type}, {"Status", wo.Status}, {"Priority", wo.Priority}, {"Title", wo.Title},
		{"Device", wo.AssetTag + " (" + wo.Model + ", " + wo.DeviceType + ", " + wo.Facility + ")"}, {"Team", team},
		{"Assignee", wo.Assignee}, {"Target version", wo.TargetVersion}, {"Scheduled", wo.Scheduled.String()},
		{"Due", wo.Due.String()}, {"Started", wo.Started.String()}, {"Completed", wo.Completed.String()},
		{"Estimated hours", ward.FormatHours(wo.EstimatedHours)}, {"Labour hours", ward.FormatHours(wo.LabourHours)},
		{"Parts", ward.FormatParts(wo.Parts)}, {"Cost", moneyCell(wo.Cost)},
		{"Downtime hours", ward.FormatHours(wo.DowntimeHours)}, {"Links", ward.FormatLinks(wo.Links)},
		{"Description", wo.Description}, {"Notes", wo.Notes},
	} {
		if kv[1] != "" {
			fmt.Fprintf(e.stdout, "%-16s %s\n", kv[0]+":", strings.ReplaceAll(kv[1], "\n", "\n"+strings.Repeat(" ", 17)))
		}
	}
	if wo.Overdue {
		fmt.Fprintf(e.stdout, "%-16s %s\n", "Overdue:", "yes")
	}
	if wo.ScheduleID != 0 {
		fmt.Fprintf(e.stdout, "%-16s %s\n", "PM schedule:", strconv.FormatInt(wo.ScheduleID, 10))
	}
}
