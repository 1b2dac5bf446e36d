package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/auth"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// forEachDSN runs fn on a new SQLite file and a new PostgreSQL schema,
// with the store and a raw connection to the same database, for tests that
// must touch rows behind the store's back.
func forEachDSN(t *testing.T, fn func(t *testing.T, db *sqlstore.DB, raw *sql.DB, pg bool)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "ward.db")
		withRaw(t, path, "sqlite", path, false, fn)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := sqltest.PostgresDSN(t)
		withRaw(t, dsn, "pgx", dsn, true, fn)
	})
}

func withRaw(t *testing.T, dsn, driver, rawDSN string, pg bool, fn func(*testing.T, *sqlstore.DB, *sql.DB, bool)) {
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open(driver, rawDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	fn(t, db, raw, pg)
}

func mustUser(tb testing.TB, db *sqlstore.DB, name, role string) *ward.User {
	tb.Helper()
	u := &ward.User{Username: name, Role: role}
	if err := db.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("CreateUser %s: %v", name, err)
	}
	return u
}

func TestUsers(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ward.WithActor(context.Background(), "cli:test")
		u := mustUser(t, db, "Alice", ward.RoleClinicalEngineering)
		if err := db.CreateUser(ctx, &ward.User{Username: "alice", Role: ward.RoleViewer}); ward.ErrorCode(err) != ward.ECONFLICT ||
			!strings.Contains(ward.ErrorMessage(err), `a user named "alice" exists`) {
			t.Errorf("second alice: got %v, want ECONFLICT naming her", err)
		}
		for _, bad := range []ward.User{{Username: "bob", Role: "root"}, {Username: "", Role: ward.RoleViewer},
			{Username: "b ob", Role: ward.RoleViewer}} {
			if err := db.CreateUser(ctx, &bad); ward.ErrorCode(err) != ward.EINVALID {
				t.Errorf("CreateUser(%+v): got %v, want EINVALID", bad, err)
			}
		}
		got, err := db.FindUserByName(ctx, "ALICE")
		if err != nil || got.ID != u.ID || got.Role != ward.RoleClinicalEngineering || got.Source != "local" {
			t.Fatalf("FindUserByName: got %+v, %v", got, err)
		}
		if _, err := db.FindUserByName(ctx, "nobody"); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("FindUserByName(nobody): got %v, want ENOTFOUND", err)
		}
		role := ward.RoleViewer
		got, err = db.UpdateUser(ctx, u.ID, ward.UserUpdate{Role: &role})
		if err != nil || got.Role != ward.RoleViewer {
			t.Errorf("UpdateUser role: got %+v, %v", got, err)
		}
		if n, err := db.CountUsers(ctx); err != nil || n != 1 {
			t.Errorf("CountUsers: got %d, %v, want 1", n, err)
		}
	})
}

func TestLoginLockout(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "carol", ward.RoleTechnician)
		for range 3 {
			if err := db.RecordLogin(ctx, u.ID, false, 3, 15*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := db.FindUser(ctx, u.ID)
		if got.FailedLogins != 3 || !got.LockedUntil.After(time.Now()) {
			t.Errorf("after 3 failures: got %d failures, locked until %v; want locked", got.FailedLogins, got.LockedUntil)
		}
		if err := db.RecordLogin(ctx, u.ID, true, 3, time.Minute); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindUser(ctx, u.ID)
		if got.FailedLogins != 0 || !got.LockedUntil.IsZero() || got.LastLogin.IsZero() {
			t.Errorf("after a success: got %+v, want cleared and last login set", got)
		}
	})
}

func TestTokensAndSessions(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		u := mustUser(t, db, "dana", ward.RoleITSecurity)
		secret, _ := auth.NewToken()
		tok := &ward.Token{UserID: u.ID, Name: "scanner", Hash: auth.HashSecret(secret), Hint: auth.TokenHint(secret),
			Role: ward.RoleViewer, ExpiresAt: time.Now().Add(time.Hour)}
		if err := db.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		p, err := db.AuthenticateToken(ctx, auth.HashSecret(secret))
		if err != nil || p.User.ID != u.ID || p.Role != ward.RoleViewer || p.Via != "token" {
			t.Fatalf("AuthenticateToken: got %+v, %v", p, err)
		}
		if _, err := db.AuthenticateToken(ctx, auth.HashSecret(secret+"x")); ward.ErrorCode(err) != ward.EUNAUTHORIZED {
			t.Errorf("wrong token: got %v, want EUNAUTHORIZED", err)
		}
		stronger := &ward.Token{UserID: u.ID, Hash: "h2", Hint: "ward_x…", Role: ward.RoleAdmin, ExpiresAt: time.Now().Add(time.Hour)}
		if err := db.CreateToken(ctx, stronger); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("token stronger than its user: got %v, want EINVALID", err)
		}
		expired := &ward.Token{UserID: u.ID, Hash: "h3", Hint: "ward_y…", ExpiresAt: time.Now().Add(-time.Hour)}
		if err := db.CreateToken(ctx, expired); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("expired token: got %v, want EINVALID", err)
		}

		sid, _ := auth.NewSecret()
		if err := db.CreateSession(ctx, &ward.Session{Hash: auth.HashSecret(sid), UserID: u.ID,
			ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if p, err := db.AuthenticateSession(ctx, auth.HashSecret(sid), time.Hour); err != nil || p.User.ID != u.ID ||
			p.Role != ward.RoleITSecurity {
			t.Fatalf("AuthenticateSession: got %+v, %v", p, err)
		}

		// Disabling the user ends its sessions and revokes its tokens.
		yes := true
		if _, err := db.UpdateUser(ctx, u.ID, ward.UserUpdate{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AuthenticateToken(ctx, auth.HashSecret(secret)); ward.ErrorCode(err) != ward.EUNAUTHORIZED {
			t.Errorf("token of a disabled user: got %v, want EUNAUTHORIZED", err)
		}
		if _, err := db.AuthenticateSession(ctx, auth.HashSecret(sid), time.Hour); ward.ErrorCode(err) != ward.EUNAUTHORIZED {
			t.Errorf("session of a disabled user: got %v, want EUNAUTHORIZED", err)
		}
		toks, err := db.FindTokens(ctx, u.ID)
		if err != nil || len(toks) != 1 || !toks[0].Revoked || toks[0].Hint != auth.TokenHint(secret) {
			t.Errorf("FindTokens: got %+v, %v, want the revoked token", toks, err)
		}
	})
}

func TestAuditChain(t *testing.T) {
	forEachDSN(t, func(t *testing.T, db *sqlstore.DB, raw *sql.DB, pg bool) {
		ctx := ward.WithActor(context.Background(), "web:erin")
		u := mustUser(t, db, "erin", ward.RoleAdmin)
		if err := db.RecordLogin(ctx, u.ID, true, 5, time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := db.AppendAudit(ctx, &ward.AuditEntry{Action: "export.devices", After: []byte(`{"rows":3}`)}); err != nil {
			t.Fatal(err)
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil || !v.OK || v.Entries != 3 || v.Head == "" {
			t.Fatalf("VerifyAudit: got %+v, %v, want 3 good entries", v, err)
		}
		page, err := db.FindAudit(ctx, ward.AuditFilter{Action: "login."})
		if err != nil || len(page.Items) != 1 || page.Items[0].Actor != "web:erin" || page.Items[0].EntityID != "erin" {
			t.Errorf("FindAudit(login.): got %+v, %v", page, err)
		}

		rebind := func(q string) string {
			if pg {
				return strings.NewReplacer("?1", "$1", "?2", "$2").Replace(q)
			}
			return q
		}
		// A changed entry breaks its own hash.
		if _, err := raw.Exec(rebind(`UPDATE audit_log SET actor = ?1 WHERE seq = 2`), "web:mallory"); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.VerifyAudit(ctx); v.OK || v.BrokenAt != 2 {
			t.Errorf("after editing entry 2: got %+v, want broken at 2", v)
		}
		if _, err := raw.Exec(rebind(`UPDATE audit_log SET actor = ?1 WHERE seq = 2`), "web:erin"); err != nil {
			t.Fatal(err)
		}
		// A removed last entry leaves the head pointing past the chain.
		if _, err := raw.Exec(`DELETE FROM audit_log WHERE seq = 3`); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.VerifyAudit(ctx); v.OK || !strings.Contains(v.Problem, "removed") {
			t.Errorf("after removing the last entry: got %+v, want the removal reported", v)
		}
	})
}
