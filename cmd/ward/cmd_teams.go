package main

import (
	"context"
	"fmt"
	"strings"

	"ward"
)

func init() {
	register("teams", "list or create teams (clinical engineering, IT security, vendors, …)", cmdTeams)
	register("responsibility", "show or set the responsibility matrix (device type × task → team)", cmdResponsibility)
}

func cmdTeams(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "create" {
		return cmdTeamCreate(ctx, e, args[1:])
	}
	fs := newFlags(e, "teams", "[list] [--format table|csv|json|jsonl] | create NAME --kind K [--email E]")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if len(args) > 0 && args[0] == "list" {
		args = args[1:]
	}
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	teams, err := db.FindTeams(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"name", "kind", "email", "devices"})
	for i := range teams {
		t := &teams[i]
		w.row([]string{t.Name, t.Kind, t.Email, fmt.Sprint(t.Devices)}, t, nil)
	}
	return w.close()
}

func cmdTeamCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "teams create", "NAME --kind KIND [--email EMAIL]")
	kind := fs.String("kind", ward.TeamOther, "one of "+strings.Join(ward.TeamKinds, ", "))
	email := fs.String("email", "", "contact address of the team")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "teams create needs one NAME")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	t := &ward.Team{Name: pos[0], Kind: *kind, Email: *email}
	if err := db.CreateTeam(ctx, t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created team %s (%s)\n", t.Name, t.Kind)
	return nil
}

func cmdResponsibility(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && (args[0] == "set" || args[0] == "unset") {
		return cmdResponsibilitySet(ctx, e, args[0], args[1:])
	}
	fs := newFlags(e, "responsibility", "[list] [--format …] | set --type T --task K --team NAME | unset --type T --task K")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if len(args) > 0 && args[0] == "list" {
		args = args[1:]
	}
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	rs, err := db.FindResponsibilities(ctx)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"device_type", "task", "team"})
	for i := range rs {
		r := &rs[i]
		typ := r.DeviceType
		if typ == "" && *format == formatTable {
			typ = "(any type)"
		}
		w.row([]string{typ, r.TaskType, r.Team}, r, nil)
	}
	return w.close()
}

func cmdResponsibilitySet(ctx context.Context, e *env, verb string, args []string) error {
	fs := newFlags(e, "responsibility "+verb, "--type TYPE --task TASK [--team NAME]")
	typ := fs.String("type", "", "device type; empty for the default rule of every type without its own")
	task := fs.String("task", ward.TaskOwner, "task: "+strings.Join(ward.TaskTypes, ", "))
	team := fs.String("team", "", "team name (set only)")
	if pos, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if verb == "unset" {
		if err := db.DeleteResponsibility(ctx, *typ, *task); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed the %s rule for %s\n", *task, typeLabel(*typ))
		return nil
	}
	if *team == "" {
		return usageError(e, fs, "set needs --team")
	}
	t, err := db.FindTeamByName(ctx, *team)
	if err != nil {
		return err
	}
	r, err := db.SetResponsibility(ctx, *typ, *task, t.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s of %s → %s\n", r.TaskType, typeLabel(r.DeviceType), r.Team)
	return nil
}

func typeLabel(t string) string {
	if t == "" {
		return "any device type"
	}
	return t
}
