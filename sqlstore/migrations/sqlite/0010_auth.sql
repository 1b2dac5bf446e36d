-- Users, API tokens, sessions and the hash-chained audit trail.
CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	username        TEXT NOT NULL,
	username_key    TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL DEFAULT '',
	email           TEXT NOT NULL DEFAULT '',
	role            TEXT NOT NULL,
	source          TEXT NOT NULL DEFAULT 'local',
	password_hash   TEXT NOT NULL DEFAULT '',
	password_set_at TEXT,
	must_change     INTEGER NOT NULL DEFAULT 0,
	disabled        INTEGER NOT NULL DEFAULT 0,
	failed_logins   INTEGER NOT NULL DEFAULT 0,
	locked_until    TEXT,
	last_login      TEXT,
	reviewed_at     TEXT,
	reviewed_by     TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL
);

CREATE TABLE user_facilities (
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	facility_id INTEGER NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
	PRIMARY KEY (user_id, facility_id)
);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL DEFAULT '',
	role       TEXT NOT NULL,
	hint       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	expires_at TEXT NOT NULL,
	last_used  TEXT,
	revoked    INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	seen_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- audit_log is append-only: the store never updates or deletes a row, and
-- each hash covers the previous one (ward.AuditEntry.ChainHash).
-- audit_head holds the chain's last sequence number and hash; updating it
-- serialises writers.
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL DEFAULT '',
	entity_id TEXT NOT NULL DEFAULT '',
	before    TEXT,
	after     TEXT,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
