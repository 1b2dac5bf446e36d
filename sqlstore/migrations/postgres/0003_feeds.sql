-- What CSAF provider syncs imported, so the next sync downloads only the
-- documents that are new or changed.
CREATE TABLE feed_documents (
	url         TEXT PRIMARY KEY,
	hash        TEXT NOT NULL,
	updated     TIMESTAMPTZ,
	tracking_id TEXT NOT NULL DEFAULT '',
	fetched_at  TIMESTAMPTZ NOT NULL
);
