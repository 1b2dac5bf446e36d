-- Vulnerability intelligence, SBOMs, findings and triage.

ALTER TABLE models ADD COLUMN cpe TEXT NOT NULL DEFAULT '';

-- An advisory is kept whole as JSON (doc); the side tables index what the
-- matcher looks candidates up by.
CREATE TABLE advisories (
	id           INTEGER PRIMARY KEY,
	source       TEXT NOT NULL,
	tracking_id  TEXT NOT NULL,
	tracking_key TEXT NOT NULL,
	revision     TEXT NOT NULL,
	title        TEXT NOT NULL,
	publisher    TEXT NOT NULL DEFAULT '',
	published    TEXT,
	updated      TEXT,
	vex          INTEGER NOT NULL DEFAULT 0,
	sha256       TEXT NOT NULL DEFAULT '',
	doc          TEXT NOT NULL,
	imported_at  TEXT NOT NULL,
	UNIQUE (source, tracking_key)
);
CREATE INDEX advisories_updated ON advisories (updated);

CREATE TABLE advisory_cves (
	advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	cve         TEXT NOT NULL,
	PRIMARY KEY (advisory_id, cve)
);
CREATE INDEX advisory_cves_cve ON advisory_cves (cve);

-- vendor_key is names.Key of a product vendor (and of each part of a
-- multi-vendor name); it joins manufacturer_aliases.alias_key.
CREATE TABLE advisory_vendors (
	advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	vendor_key  TEXT NOT NULL,
	PRIMARY KEY (advisory_id, vendor_key)
);
CREATE INDEX advisory_vendors_key ON advisory_vendors (vendor_key);

CREATE TABLE advisory_identifiers (
	advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	ident_key   TEXT NOT NULL,
	PRIMARY KEY (advisory_id, kind, ident_key)
);
CREATE INDEX advisory_identifiers_key ON advisory_identifiers (kind, ident_key);

CREATE TABLE kev (
	cve             TEXT PRIMARY KEY,
	vendor_project  TEXT NOT NULL DEFAULT '',
	product         TEXT NOT NULL DEFAULT '',
	name            TEXT NOT NULL DEFAULT '',
	date_added      TEXT,
	due_date        TEXT,
	required_action TEXT NOT NULL DEFAULT '',
	ransomware      TEXT NOT NULL DEFAULT '',
	notes           TEXT NOT NULL DEFAULT ''
);

CREATE TABLE epss (
	cve        TEXT PRIMARY KEY,
	score      REAL NOT NULL,
	percentile REAL NOT NULL,
	score_date TEXT,
	model      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sboms (
	id               INTEGER PRIMARY KEY,
	format           TEXT NOT NULL,
	spec_version     TEXT NOT NULL,
	name             TEXT NOT NULL DEFAULT '',
	serial           TEXT NOT NULL DEFAULT '',
	model_id         INTEGER REFERENCES models (id) ON DELETE CASCADE,
	software_version TEXT NOT NULL DEFAULT '',
	device_id        INTEGER REFERENCES devices (id) ON DELETE CASCADE,
	sha256           TEXT NOT NULL DEFAULT '',
	imported_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX sboms_model ON sboms (model_id, software_version) WHERE device_id IS NULL;
CREATE UNIQUE INDEX sboms_device ON sboms (device_id) WHERE device_id IS NOT NULL;

CREATE TABLE sbom_components (
	id       INTEGER PRIMARY KEY,
	sbom_id  INTEGER NOT NULL REFERENCES sboms (id) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	version  TEXT NOT NULL DEFAULT '',
	supplier TEXT NOT NULL DEFAULT '',
	cpe      TEXT NOT NULL DEFAULT '',
	purl     TEXT NOT NULL DEFAULT '',
	type     TEXT NOT NULL DEFAULT '',
	ref      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sbom_components_sbom ON sbom_components (sbom_id);

-- Findings are computed per model and software version (every unit of a
-- model on one version stands the same), or per device for a device's own
-- SBOM. Per-device listings join devices on (model_id, software_version).
CREATE TABLE findings (
	id               INTEGER PRIMARY KEY,
	model_id         INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	software_version TEXT NOT NULL DEFAULT '',
	device_id        INTEGER REFERENCES devices (id) ON DELETE CASCADE,
	advisory_id      INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	status           TEXT NOT NULL,
	confidence       TEXT NOT NULL,
	cves             TEXT NOT NULL,
	evidence         TEXT NOT NULL,
	first_seen       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX findings_group ON findings (model_id, software_version, advisory_id) WHERE device_id IS NULL;
CREATE UNIQUE INDEX findings_device ON findings (device_id, advisory_id) WHERE device_id IS NOT NULL;
CREATE INDEX findings_advisory ON findings (advisory_id);

-- matched_groups records which inventory groups the matcher has seen, so
-- an inventory change re-matches only the groups that are new.
CREATE TABLE matched_groups (
	model_id         INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	software_version TEXT NOT NULL DEFAULT '',
	matched_at       TEXT NOT NULL,
	PRIMARY KEY (model_id, software_version)
);

CREATE TABLE triage (
	id                INTEGER PRIMARY KEY,
	model_id          INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	software_version  TEXT NOT NULL DEFAULT '',
	advisory_id       INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
	status            TEXT NOT NULL,
	justification     TEXT NOT NULL DEFAULT '',
	comment           TEXT NOT NULL DEFAULT '',
	expires           TEXT,
	advisory_revision TEXT NOT NULL,
	actor             TEXT NOT NULL,
	at                TEXT NOT NULL,
	UNIQUE (model_id, software_version, advisory_id)
);

-- Every triage decision ever taken, for the record.
CREATE TABLE triage_log (
	id                INTEGER PRIMARY KEY,
	model_id          INTEGER NOT NULL,
	software_version  TEXT NOT NULL DEFAULT '',
	advisory_id       INTEGER NOT NULL,
	status            TEXT NOT NULL,
	justification     TEXT NOT NULL DEFAULT '',
	comment           TEXT NOT NULL DEFAULT '',
	expires           TEXT,
	advisory_revision TEXT NOT NULL,
	actor             TEXT NOT NULL,
	at                TEXT NOT NULL
);
