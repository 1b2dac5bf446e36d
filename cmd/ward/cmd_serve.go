package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"

	"ward"
	"ward/app"
	"ward/demo"
	"ward/web"
)

func init() {
	register("serve", "start the HTTP server (JSON API)", cmdServe)
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--addr 127.0.0.1:8080] [--demo] [--tls-cert F --tls-key F] [--oidc-issuer URL …]")
	addr := fs.String("addr", envOr("WARD_ADDR", "127.0.0.1:8080"), "address to listen on (env WARD_ADDR); localhost by default")
	withDemo := fs.Bool("demo", false, "first fill an empty database with the demo health system")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	var so serveOptions
	so.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError(e, fs, "unexpected argument %q", pos[0])
	}
	var handler slog.Handler = slog.NewTextHandler(e.stderr, nil)
	if *logFormat == "json" {
		handler = slog.NewJSONHandler(e.stderr, nil)
	}
	log := slog.New(handler)
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	if *withDemo {
		n, err := db.CountDevices(ctx, ward.DeviceFilter{})
		if err != nil {
			return err
		}
		if n == 0 {
			log.Info("building the demo health system", "devices", demo.DefaultDevices)
			if _, err := buildDemo(ctx, e, db, demo.Options{Devices: demo.DefaultDevices, Seed: 1}); err != nil {
				return err
			}
			if _, err := (&app.App{Store: db}).MatchAll(ctx); err != nil {
				return err
			}
		} else {
			log.Info("database already holds devices; demo not loaded", "devices", n)
		}
	}
	opts, err := so.options(e)
	if err != nil {
		return usageError(e, fs, "%v", err)
	}
	if err := bootstrapAdmin(ctx, e, db); err != nil {
		return err
	}
	srv := web.NewServer(db, log, db.Engine(), opts)
	srv.Warm(ctx)
	scheme := "http"
	if opts.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(e.stderr, "Ward %s serving on %s://%s (database %s)\n", ward.Version, scheme, *addr, dsnLabel(e.dsn))
	return srv.ListenAndServe(ctx, *addr)
}

// dsnLabel shows where the data lives without printing a password.
func dsnLabel(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}
