package main

import (
	"encoding/json"
	"strings"
	"testing"

	"ward/sqlstore/sqltest"
)

// withoutWriteTimes drops from JSONL devices the times the store sets when
// it writes a row, the only fields that depend on when (not from what) a
// database was built.
func withoutWriteTimes(tb testing.TB, jsonl string) string {
	tb.Helper()
	var b strings.Builder
	for _, d := range mustJSONL(tb, jsonl) {
		delete(d, "created_at")
		delete(d, "updated_at")
		line, err := json.Marshal(d)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDemo(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, newDB func() string) {
		dsn := newDB()
		out := mustRun(t, dsn, "demo", "--devices", "300", "--seed", "7")
		mustContain(t, "first demo", out, `"Riverside Health"`, "300 devices created, 0 updated")
		before := mustRun(t, dsn, "devices", "--format", "jsonl")
		if n := len(mustJSONL(t, before)); n != 300 {
			t.Fatalf("devices after demo --devices 300: got %d, want 300", n)
		}

		r := runDB(t, dsn, "demo", "--devices", "300", "--seed", "7")
		mustExit(t, r, 1, "demo over a filled database")
		mustContain(t, "demo refusal", r.stderr, "--force", "300 devices")

		out = mustRun(t, dsn, "demo", "--force", "--devices", "300", "--seed", "7")
		mustContain(t, "demo --force, same seed", out, "0 devices created, 0 updated")
		if after := mustRun(t, dsn, "devices", "--format", "jsonl"); after != before {
			t.Errorf("demo --force with the same seed changed the devices (updated_at included)")
		}

		// Device i of a seed does not depend on how many are asked for, so
		// a larger demo over a smaller one only adds.
		out = mustRun(t, dsn, "demo", "--force", "--devices", "400", "--seed", "7")
		mustContain(t, "demo --force --devices 400", out, "100 devices created, 0 updated")

		same, other := newDB(), newDB()
		mustRun(t, same, "demo", "--devices", "300", "--seed", "7")
		mustRun(t, other, "demo", "--devices", "300", "--seed", "8")
		first := withoutWriteTimes(t, before)
		if got := withoutWriteTimes(t, mustRun(t, same, "devices", "--format", "jsonl")); got != first {
			t.Errorf("two databases built with seed 7 list different devices: %s", firstDiff(got, first))
		}
		if got := withoutWriteTimes(t, mustRun(t, other, "devices", "--format", "jsonl")); got == first {
			t.Errorf("seeds 7 and 8 built the same devices")
		}
	})
}

// TestDemoSameOnBothEngines compares the CSV export (no IDs, no write
// times) of the same demo on SQLite and PostgreSQL.
func TestDemoSameOnBothEngines(t *testing.T) {
	t.Parallel()
	pg := sqltest.PostgresDSN(t)
	lite := newSQLite(t)
	for _, dsn := range []string{lite, pg} {
		mustRun(t, dsn, "demo", "--devices", "300", "--seed", "11")
	}
	args := []string{"devices", "--format", "csv", "--sort", "asset_tag"}
	a, b := mustRun(t, lite, args...), mustRun(t, pg, args...)
	if b != a {
		t.Fatalf("CSV export on PostgreSQL (got) differs from SQLite (want): %s", firstDiff(b, a))
	}
}

func TestDemoUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"zero devices", []string{"demo", "--devices", "0"}},
		{"negative devices", []string{"demo", "--devices", "-5"}},
		{"argument", []string{"demo", "extra"}},
		{"bad seed", []string{"demo", "--seed", "minus-one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := newSQLite(t)
			mustExit(t, runDB(t, dsn, tt.args...), 2, strings.Join(tt.args, " "))
		})
	}
}
