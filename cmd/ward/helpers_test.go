package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"ward/sqlstore/sqltest"
)

// These tests drive the CLI in-process through run, against real
// databases: a SQLite file in the test's temporary directory and, when
// WARD_TEST_POSTGRES is set, a PostgreSQL schema of its own.

// result is what one command line did.
type result struct {
	code           int
	stdout, stderr string
}

// syncBuffer is a bytes.Buffer safe for the server goroutines of serve.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runIn runs one command line with stdin and returns what it did.
func runIn(tb testing.TB, stdin io.Reader, args ...string) result {
	tb.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var stdout, stderr syncBuffer
	code := run(context.Background(), args, stdin, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// runDB runs "ward --db dsn args…".
func runDB(tb testing.TB, dsn string, args ...string) result {
	tb.Helper()
	return runIn(tb, nil, append([]string{"--db", dsn}, args...)...)
}

// mustRun runs "ward --db dsn args…", fails tb unless it exits 0, and
// returns its standard output.
func mustRun(tb testing.TB, dsn string, args ...string) string {
	tb.Helper()
	r := runDB(tb, dsn, args...)
	if r.code != 0 {
		tb.Fatalf("ward %s: got exit %d, want 0\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// mustExit fails tb unless r exited with want; it names the command.
func mustExit(tb testing.TB, r result, want int, what string) {
	tb.Helper()
	if r.code != want {
		tb.Fatalf("%s: got exit %d, want %d\nstdout: %s\nstderr: %s", what, r.code, want, r.stdout, r.stderr)
	}
}

// newSQLite returns the path of a new SQLite database in tb's temporary
// directory (the file is created by the first command).
func newSQLite(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "ward.db")
}

// forEachDSN runs fn as a subtest on a new SQLite file and on a new
// PostgreSQL schema (skipped unless WARD_TEST_POSTGRES is set).
func forEachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, newSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, sqltest.PostgresDSN(t)) })
}

// forEachEngine is forEachDSN for tests that need several databases of
// one engine: newDB returns a new, empty one each time.
func forEachEngine(t *testing.T, fn func(t *testing.T, newDB func() string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, func() string { return newSQLite(t) }) })
	t.Run("postgres", func(t *testing.T) {
		sqltest.PostgresDSN(t) // skip early without a server
		fn(t, func() string { return sqltest.PostgresDSN(t) })
	})
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

// device is one line of "devices --format jsonl", decoded loosely.
type device map[string]any

func (d device) str(key string) string {
	s, _ := d[key].(string)
	return s
}

// mustJSONL decodes JSON Lines, failing tb on a line that is not a JSON
// object.
func mustJSONL(tb testing.TB, s string) []device {
	tb.Helper()
	var out []device
	if s == "" {
		return out
	}
	for i, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		var d device
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			tb.Fatalf("line %d of JSONL is not a JSON object: %v\n%s", i+1, err, line)
		}
		out = append(out, d)
	}
	return out
}

// mustDevices lists devices with extra filter args as decoded JSONL.
func mustDevices(tb testing.TB, dsn string, args ...string) []device {
	tb.Helper()
	return mustJSONL(tb, mustRun(tb, dsn, append([]string{"devices", "--format", "jsonl"}, args...)...))
}

// mustDevice returns "device TAG --format json": the device and its history.
func mustDevice(tb testing.TB, dsn, tag string) (device, []map[string]any) {
	tb.Helper()
	var v struct {
		Device  device           `json:"device"`
		History []map[string]any `json:"history"`
	}
	out := mustRun(tb, dsn, "device", tag, "--format", "json")
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		tb.Fatalf("device %s --format json: %v\n%s", tag, err, out)
	}
	return v.Device, v.History
}

// mustCSV parses CSV text into its header and rows.
func mustCSV(tb testing.TB, s string) (header []string, rows [][]string) {
	tb.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		tb.Fatalf("not CSV: %v\n%s", err, s)
	}
	if len(recs) == 0 {
		tb.Fatalf("CSV has no header")
	}
	return recs[0], recs[1:]
}

// tags returns the asset tags of devices, sorted.
func tags(ds []device) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.str("asset_tag"))
	}
	slices.Sort(out)
	return out
}

// repoFile returns the path of a file under the repository's testdata.
func repoFile(name string) string {
	return filepath.Join("..", "..", "testdata", filepath.FromSlash(name))
}

// mustCopy copies a testdata file into dir (so rejects files written next
// to it stay out of the repository) and returns the new path.
func mustCopy(tb testing.TB, name, dir string) string {
	tb.Helper()
	b, err := os.ReadFile(repoFile(name))
	if err != nil {
		tb.Fatal(err)
	}
	return mustWrite(tb, filepath.Join(dir, filepath.Base(name)), string(b))
}

// mustWrite writes content to path and returns path.
func mustWrite(tb testing.TB, path, content string) string {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustContain fails tb unless s contains every one of subs.
func mustContain(tb testing.TB, what, s string, subs ...string) {
	tb.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			tb.Errorf("%s: got %q, want it to contain %q", what, s, sub)
		}
	}
}

// mustNotRegress fails t with the description of a bug fixed earlier when
// cond shows it is back.
func mustNotRegress(t *testing.T, cond bool, format string, args ...any) {
	t.Helper()
	if cond {
		t.Fatalf("regression: "+format, args...)
	}
}
