// Command ward is the Ward medical-device security and asset platform: one
// binary with a subcommand for every task. It is the only place that wires
// the store, the importers and the HTTP server together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"

	"ward"
	"ward/sqlstore"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, e *env, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// env is what every command gets: the streams and the database to open.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	dsn            string
	db             *sqlstore.DB
}

// open opens the database once per process.
func (e *env) open(ctx context.Context) (*sqlstore.DB, error) {
	if e.db != nil {
		return e.db, nil
	}
	db, err := sqlstore.Open(ctx, e.dsn)
	if err != nil {
		return nil, err
	}
	e.db = db
	return db, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage marks an error already reported with usage text.
var errUsage = errors.New("usage")

// run executes one command line and returns the exit status: 0 on
// success, 1 on failure, 2 for bad usage.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	fs := flag.NewFlagSet("ward", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&e.dsn, "db", envOr("WARD_DB", "ward.db"), "database: a SQLite file path or a postgres:// URL (env WARD_DB)")
	fs.Usage = func() { usage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		usage(stderr, fs)
		return 2
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "ward: unknown command %q\n", name)
		usage(stderr, fs)
		return 2
	}
	if path := os.Getenv("WARD_CPUPROFILE"); path != "" {
		if stop, err := startCPUProfile(path); err == nil {
			defer stop()
		}
	}
	if os.Getenv("GOGC") == "" && name != "serve" {
		// Bulk commands stream millions of short-lived values; collecting
		// less often trades a little memory for a lot of CPU.
		debug.SetGCPercent(400)
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(768 << 20) // the heap target grows up to this, then GC tightens
		}
	}
	ctx = ward.WithActor(ctx, ward.Actor("cli:"+name))
	err := cmd.run(ctx, e, fs.Args()[1:])
	if e.db != nil {
		e.db.Close()
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "ward: interrupted; nothing was changed by the interrupted step")
		return 1
	default:
		fmt.Fprintf(stderr, "ward: %s\n", errorText(err))
		return 1
	}
}

// errorText is the message a user sees: the domain message when there is
// one, the full error otherwise (the CLI user is the operator).
func errorText(err error) string {
	if ward.ErrorCode(err) != ward.EINTERNAL {
		return ward.ErrorMessage(err)
	}
	return err.Error()
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: ward [--db DSN] COMMAND [flags]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, "\nGlobal flags:\n")
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nRun 'ward COMMAND --help' for a command's flags.\n")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// newFlags returns a flag set for a subcommand that reports errors as usage.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet("ward "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: ward %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("ward import devices inv.csv --skip-invalid"), and returns the
// positional ones. Flag errors become errUsage.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// usageError reports a usage problem and returns errUsage.
func usageError(e *env, fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(e.stderr, "ward: "+format+"\n", args...)
	fs.Usage()
	return errUsage
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// startCPUProfile writes a CPU profile to path until stop is called; set
// WARD_CPUPROFILE to find where a slow command spends its time.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
