-- What CSAF provider syncs imported, so the next sync downloads only the
-- documents that are new or changed.
CREATE TABLE feed_documents (
	url         TEXT PRIMARY KEY,
	hash        TEXT NOT NULL,
	updated     TEXT,
	tracking_id TEXT NOT NULL DEFAULT '',
	fetched_at  TEXT NOT NULL
);
