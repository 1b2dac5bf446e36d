package main

import (
	"strings"
	"testing"
)

func TestUsersAndTokens(t *testing.T) {
	dsn := newSQLite(t)
	r := runIn(t, strings.NewReader("a long enough password\n"), "--db", dsn, "users", "create", "--username", "alice",
		"--role", "clinical_engineering", "--name", "Alice Smith")
	mustExit(t, r, 0, "users create with a password")
	if strings.Contains(r.stdout, "one-time password") {
		t.Errorf("a given password was answered with a generated one:\n%s", r.stdout)
	}
	r = runIn(t, strings.NewReader(""), "--db", dsn, "users", "create", "--username", "bob", "--role", "viewer")
	mustExit(t, r, 0, "users create without a password")
	mustContain(t, "generated password", r.stdout, "one-time password: ")
	r = runIn(t, strings.NewReader("short\n"), "--db", dsn, "users", "create", "--username", "carol", "--role", "viewer")
	mustExit(t, r, 1, "users create with a short password")
	mustContain(t, "short password", r.stderr, "at least 12 characters")
	mustExit(t, runIn(t, strings.NewReader(""), "--db", dsn, "users", "create", "--username", "dan", "--role", "root"), 1, "unknown role")
	mustExit(t, runDB(t, dsn, "users", "create", "--role", "viewer"), 2, "users create without --username")

	out := mustRun(t, dsn, "users", "list", "--format", "csv")
	mustContain(t, "users list", out, "alice,clinical_engineering,local,all,false", "bob,viewer,local,all,false")

	tok := mustRun(t, dsn, "tokens", "create", "--username", "alice", "--role", "viewer", "--expires", "7d", "--name", "scanner")
	if !strings.HasPrefix(tok, "ward_") || len(strings.TrimSpace(tok)) != 57 {
		t.Errorf("tokens create printed %q, want the token alone", tok)
	}
	r = runDB(t, dsn, "tokens", "create", "--username", "bob", "--role", "admin")
	mustExit(t, r, 1, "token stronger than its user")
	mustContain(t, "token stronger than its user", r.stderr, "can have role viewer or a weaker one")
	mustExit(t, runDB(t, dsn, "tokens", "create", "--username", "alice", "--expires", "soon"), 2, "bad lifetime")
	list := mustRun(t, dsn, "tokens", "list", "--format", "csv")
	mustContain(t, "tokens list", list, ",alice,scanner,viewer,"+strings.TrimSpace(tok)[:11]+"…,")
	if strings.Contains(list, strings.TrimSpace(tok)) {
		t.Error("tokens list shows the whole secret")
	}
	mustContain(t, "tokens revoke", mustRun(t, dsn, "tokens", "revoke", "1"), "token 1 revoked")
	mustContain(t, "tokens list after revoke", mustRun(t, dsn, "tokens", "list", "--format", "csv"), ",true\n")

	mustRun(t, dsn, "users", "set", "bob", "--disabled", "true")
	review := mustRun(t, dsn, "users", "review", "--attest", "--format", "csv")
	mustContain(t, "access review", review, "username,role,facilities,disabled,last_login,tokens,reviewed,reviewed_by",
		"bob,viewer,all,true")
	mustContain(t, "access review after attest", mustRun(t, dsn, "users", "review", "--format", "csv"), ",cli:users\n")

	audit := mustRun(t, dsn, "audit", "list", "--format", "csv")
	mustContain(t, "audit list", audit, "user.create", "token.create", "token.revoke", "user.update", "access.review")
	if strings.Contains(audit, "argon2id") || strings.Contains(audit, strings.TrimSpace(tok)) {
		t.Error("the audit trail holds a password hash or a token")
	}
	mustContain(t, "audit verify", mustRun(t, dsn, "audit", "verify"), "audit trail intact")
}
