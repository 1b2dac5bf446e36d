package main

import (
	"context"
	"fmt"
	"strings"
)

func init() {
	register("manufacturers", "list manufacturers; map unresolved names (alias, confirm)", cmdManufacturers)
}

func cmdManufacturers(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "alias":
			return cmdManufacturerAlias(ctx, e, args[1:])
		case "confirm":
			return cmdManufacturerConfirm(ctx, e, args[1:])
		case "list":
			args = args[1:]
		default:
			fmt.Fprintf(e.stderr, "Usage: ward manufacturers [list] [--unresolved] | alias MANUFACTURER ALIAS | confirm NAME\n")
			return errUsage
		}
	}
	fs := newFlags(e, "manufacturers", "[list] [--unresolved] [--format table|csv|json|jsonl]")
	unresolved := fs.Bool("unresolved", false, "only names from imports that match no known manufacturer")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	ms, err := db.FindManufacturers(ctx, *unresolved)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"name", "status", "models", "devices", "aliases"})
	for i := range ms {
		m := &ms[i]
		w.row([]string{m.Name, m.Status, fmt.Sprint(m.Models), fmt.Sprint(m.Devices), strings.Join(m.Aliases, "; ")}, m, nil)
	}
	return w.close()
}

func cmdManufacturerAlias(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "manufacturers alias", "MANUFACTURER ALIAS")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError(e, fs, "alias needs the manufacturer and the alias, e.g. ward manufacturers alias Philips \"Philips Medizin Systeme\"")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	m, err := db.AddManufacturerAlias(ctx, pos[0], pos[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%q now resolves to %s\n", pos[1], m.Name)
	return nil
}

func cmdManufacturerConfirm(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "manufacturers confirm", "NAME")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "confirm needs one NAME")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	m, err := db.ConfirmManufacturer(ctx, pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is now a known manufacturer\n", m.Name)
	return nil
}
