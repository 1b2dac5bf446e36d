-- The OEM patch catalog: per model, a release the manufacturer provides,
-- the versions it applies to (a version expression read by the version
-- package), the version it installs and what it fixes. installs_key is
-- the normalised installed version, so "V1.6.1" and "1.6.1" are one entry.
-- advisories and cves are JSON arrays as entered; patch_fixes indexes
-- them for the patch-ready queue.
CREATE TABLE patches (
	id                INTEGER PRIMARY KEY,
	model_id          INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	applies_to        TEXT NOT NULL,
	installs_version  TEXT NOT NULL,
	installs_key      TEXT NOT NULL,
	advisories        TEXT NOT NULL,
	cves              TEXT NOT NULL,
	status            TEXT NOT NULL CHECK (status IN ('validated', 'pending', 'rejected')),
	released          TEXT,
	reference         TEXT NOT NULL DEFAULT '',
	reference_sha256  TEXT NOT NULL DEFAULT '',
	notes             TEXT NOT NULL DEFAULT '',
	install_minutes   INTEGER NOT NULL DEFAULT 0,
	requires_downtime INTEGER NOT NULL DEFAULT 0,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	UNIQUE (model_id, installs_key)
);
CREATE INDEX patches_status_model ON patches (status, model_id);

-- kind is 'advisory' (ref_key: an upper-case tracking ID, joining
-- advisories.tracking_key) or 'cve' (joining advisory_cves.cve).
CREATE TABLE patch_fixes (
	patch_id INTEGER NOT NULL REFERENCES patches (id) ON DELETE CASCADE,
	kind     TEXT NOT NULL CHECK (kind IN ('advisory', 'cve')),
	ref_key  TEXT NOT NULL,
	PRIMARY KEY (patch_id, kind, ref_key)
);
CREATE INDEX patch_fixes_ref ON patch_fixes (kind, ref_key);
