package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"ward"
	"ward/app"
	"ward/vexport"
)

func init() {
	register("export", "export documents: vex (CSAF 2.0 or CycloneDX 1.6 VEX for a model at a version)", cmdExport)
}

func cmdExport(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{"vex": cmdExportVEX}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintf(e.stderr, "Usage: ward export vex [flags]\n")
		return errUsage
	}
	return subs[args[0]](ctx, e, args[1:])
}

func cmdExportVEX(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export vex", "--manufacturer M --model X --version V [--format csaf|cyclonedx] [--publisher NAME] [--namespace URI] [--tlp LABEL] [--output FILE]")
	mfr := fs.String("manufacturer", "", "manufacturer name or alias")
	model := fs.String("model", "", "model name, alias or number")
	version := fs.String("version", "", "software version the statements are about")
	format := fs.String("format", app.VEXFormatCSAF, "csaf (CSAF 2.0, VEX profile) or cyclonedx (CycloneDX 1.6)")
	publisher := fs.String("publisher", envOr("WARD_VEX_PUBLISHER", vexport.DefaultPublisher), "the organisation issuing the statements (env WARD_VEX_PUBLISHER)")
	namespace := fs.String("namespace", envOr("WARD_VEX_NAMESPACE", vexport.DefaultNamespace), "a URI the publisher controls (env WARD_VEX_NAMESPACE)")
	tlp := fs.String("tlp", "", "CSAF distribution label: WHITE, GREEN, AMBER or RED (default: none)")
	output := fs.String("output", "", "write the document to FILE instead of standard output")
	if err := parseNone(e, fs, args); err != nil {
		return err
	}
	if *model == "" || *mfr == "" || strings.TrimSpace(*version) == "" {
		return usageError(e, fs, "export vex needs --manufacturer, --model and --version")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	doc, err := (&app.App{Store: db}).ExportVEX(ctx, ward.VEXFilter{Manufacturer: *mfr, Model: *model, Version: *version}, *format,
		vexport.Options{Publisher: *publisher, Namespace: *namespace, TLP: *tlp})
	if err != nil {
		return err
	}
	if *output == "" {
		_, err = e.stdout.Write(doc)
		return err
	}
	if err := os.WriteFile(*output, doc, 0o644); err != nil {
		return ward.WrapError(ward.EINVALID, err, "cannot write %s", *output)
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", *output)
	return nil
}
