package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// freeAddr returns a local address no one listens on right now.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// mustGet fetches url and returns its status and body.
func mustGet(tb testing.TB, url string, token ...string) (int, []byte) {
	tb.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if len(token) > 0 {
		req.Header.Set("Authorization", "Bearer "+token[0])
	}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, b
}

// startServe runs "ward --db dsn serve --addr ADDR args…" until the test
// cancels it; it returns the base URL once /healthz answers, and a stop
// function that cancels the context and returns what run returned.
func startServe(tb testing.TB, dsn string, args ...string) (base string, stop func() result) {
	tb.Helper()
	addr := freeAddr(tb)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"--db", dsn, "serve", "--addr", addr}, args...), strings.NewReader(""), &stdout, &stderr)
	}()
	stop = func() result {
		cancel()
		select {
		case code := <-done:
			return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
		case <-time.After(15 * time.Second):
			tb.Fatalf("serve did not stop within 15s of the cancellation")
			return result{}
		}
	}
	base = "http://" + addr
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case code := <-done:
			cancel()
			tb.Fatalf("serve ended before answering: exit %d\nstderr: %s", code, stderr.String())
		default:
		}
		resp, err := c.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, stop
			}
		}
		if time.Now().After(deadline) {
			r := stop()
			tb.Fatalf("serve did not answer /healthz within 20s (exit %d)\nstderr: %s", r.code, r.stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "demo", "--devices", "50", "--seed", "2")
		mustRun(t, dsn, "users", "create", "--username", "reader", "--role", "viewer")
		token := strings.TrimSpace(mustRun(t, dsn, "tokens", "create", "--username", "reader"))
		base, stop := startServe(t, dsn, "--log-format", "json")

		code, body := mustGet(t, base+"/healthz")
		var health map[string]string
		if err := json.Unmarshal(body, &health); err != nil || code != http.StatusOK || health["status"] != "ok" || health["database"] == "" {
			t.Errorf("GET /healthz: got %d %s, want 200 with status ok and the engine", code, body)
		}

		if code, body := mustGet(t, base+"/api/v1/devices"); code != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/devices without a token: got %d %s, want 401", code, body)
		}
		code, body = mustGet(t, base+"/api/v1/devices?limit=20&count=true", token)
		var page struct {
			Items      []device `json:"items"`
			NextCursor string   `json:"next_cursor"`
			Count      *int64   `json:"count"`
		}
		if err := json.Unmarshal(body, &page); err != nil || code != http.StatusOK {
			t.Fatalf("GET /api/v1/devices: got %d %.300s (%v), want 200 and a page", code, body, err)
		}
		if len(page.Items) != 20 || page.NextCursor == "" || page.Count == nil || *page.Count != 50 {
			t.Errorf("GET /api/v1/devices?limit=20&count=true: got %d items, cursor %q, count %v; want 20, a cursor, 50",
				len(page.Items), page.NextCursor, page.Count)
		}
		want := tags(mustDevices(t, dsn, "--limit", "20"))
		if got := tags(page.Items); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("first API page: got %v, want the CLI's first 20 %v", got, want)
		}

		code, body = mustGet(t, base+"/api/v1/nothing-here", token)
		if code != http.StatusNotFound {
			t.Errorf("GET /api/v1/nothing-here: got %d %s, want 404", code, body)
		}

		r := stop()
		mustExit(t, r, 0, "serve after the context was cancelled")
		mustContain(t, "stderr", r.stderr, "serving on "+base, `"msg":"shutting down"`)
		if r.stdout != "" {
			t.Errorf("stdout: got %q, want nothing", r.stdout)
		}
		if _, err := http.Get(base + "/healthz"); err == nil {
			t.Errorf("GET /healthz after shutdown: got an answer, want the server gone")
		}
	})
}

func TestServeDemo(t *testing.T) {
	t.Parallel()
	dsn := newSQLite(t)
	base, stop := startServe(t, dsn, "--demo")
	token := strings.TrimSpace(mustRun(t, dsn, "tokens", "create", "--username", "admin"))
	_, body := mustGet(t, base+"/api/v1/devices?limit=1&count=true", token)
	var page struct {
		Count int64 `json:"count"`
	}
	json.Unmarshal(body, &page)
	if page.Count != 5000 {
		t.Errorf("serve --demo on an empty database: got %d devices, want 5000 (%s)", page.Count, body)
	}
	first := stop()
	mustExit(t, first, 0, "serve --demo")
	// The first start creates the administrator and shows its one-time
	// password once.
	mustContain(t, "stderr", first.stderr, "username: admin", "password: ")

	// Over a database that holds devices, --demo adds nothing.
	base, stop = startServe(t, dsn, "--demo")
	_, body = mustGet(t, base+"/api/v1/devices?limit=1&count=true", token)
	json.Unmarshal(body, &page)
	if page.Count != 5000 {
		t.Errorf("serve --demo again: got %d devices, want 5000", page.Count)
	}
	r := stop()
	mustExit(t, r, 0, "serve --demo again")
	mustContain(t, "stderr", r.stderr, "demo not loaded")
	if strings.Contains(r.stderr, "password:") {
		t.Errorf("the second start printed a password again:\n%s", r.stderr)
	}
}

func TestServeRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dsn := newSQLite(t)
	r := runDB(t, dsn, "serve", "--addr", ln.Addr().String())
	mustExit(t, r, 1, "serve on a busy address")
	mustContain(t, "stderr", r.stderr, "cannot listen on "+ln.Addr().String())
}
