package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ward"
)

func TestVersion(t *testing.T) {
	r := runIn(t, nil, "--db", newSQLite(t), "version")
	mustExit(t, r, 0, "version")
	if want := "ward " + ward.Version + "\n"; r.stdout != want {
		t.Errorf("version: got %q, want %q", r.stdout, want)
	}
}

// TestStrayArguments checks that a command taking no arguments refuses
// one rather than ignoring it: "ward models Philips" must not list every
// model as if it had filtered.
func TestStrayArguments(t *testing.T) {
	dsn := newSQLite(t)
	mustRun(t, dsn, "demo", "--devices", "20")
	for _, args := range [][]string{
		{"devices", "RUMC"}, {"demo", "--force", "7"}, {"serve", "8080"},
		{"facilities", "RUMC"}, {"models", "Philips"}, {"version", "2"}, {"teams", "Biomed"},
		{"responsibility", "Infusion Pump"}, {"manufacturers", "list", "Philips"}, {"responsibility", "set", "owner", "--team", "Clinical Engineering"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := runDB(t, dsn, args...)
			mustNotRegress(t, r.code == 0, "cmd/ward: %q ignores its stray argument and exits 0 (parseFlags's positional result is discarded in cmdFacilities, cmdModels, cmdVersion, cmdTeams, cmdResponsibility, cmdResponsibilitySet and cmdManufacturers); devices, demo and serve exit 2", strings.Join(args, " "))
			mustExit(t, r, 2, strings.Join(args, " "))
		})
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		stderr []string
	}{
		{"no command", nil, []string{"Usage: ward [--db DSN] COMMAND", "Commands:", "devices", "import", "serve"}},
		{"only the global flag", []string{"--db", "x.db"}, []string{"Usage: ward"}},
		{"unknown command", []string{"frobnicate"}, []string{`ward: unknown command "frobnicate"`, "Usage: ward"}},
		{"unknown global flag", []string{"--colour", "devices"}, []string{"flag provided but not defined: -colour"}},
		{"global help", []string{"--help"}, []string{"Usage: ward", "Global flags:"}},
		{"import without a kind", []string{"import"}, []string{"Usage: ward import devices|classification"}},
		{"import of an unknown kind", []string{"import", "gizmos", "x.csv"}, []string{"Usage: ward import devices|classification"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, nil, tt.args...)
			mustExit(t, r, 2, "ward "+strings.Join(tt.args, " "))
			mustContain(t, "stderr", r.stderr, tt.stderr...)
			if r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", r.stdout)
			}
		})
	}
}

// TestHelp checks every subcommand: --help prints its usage on stderr and
// exits 2 (as the flag package's ErrHelp maps to usage), never touching
// the database.
func TestHelp(t *testing.T) {
	var lines [][]string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range commands {
			if !yield(n) {
				return
			}
		}
	}) {
		lines = append(lines, []string{name, "--help"})
	}
	lines = append(lines,
		[]string{"import", "devices", "--help"}, []string{"import", "classification", "--help"},
		[]string{"manufacturers", "alias", "--help"}, []string{"manufacturers", "confirm", "--help"},
		[]string{"teams", "create", "--help"}, []string{"responsibility", "set", "--help"},
		[]string{"responsibility", "unset", "--help"}, []string{"devices", "-h"})
	for _, args := range lines {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "ward.db")
			r := runIn(t, nil, append([]string{"--db", db}, args...)...)
			mustExit(t, r, 2, strings.Join(args, " "))
			mustContain(t, "stderr", r.stderr, "Usage: ward "+args[0])
			if r.stdout != "" {
				t.Errorf("stdout: got %q, want nothing", r.stdout)
			}
			if _, err := os.Stat(db); err == nil {
				t.Errorf("%s created the database", strings.Join(args, " "))
			}
		})
	}
}

// TestDatabaseFromEnvironment checks that WARD_DB names the database when
// --db is absent.
func TestDatabaseFromEnvironment(t *testing.T) {
	db := newSQLite(t)
	t.Setenv("WARD_DB", db)
	mustExit(t, runIn(t, nil, "demo", "--devices", "20"), 0, "demo with WARD_DB")
	if got := strings.TrimSpace(mustRun(t, db, "devices", "--count")); got != "20" {
		t.Errorf("devices in WARD_DB: got %s, want 20", got)
	}
}
