-- Inventory: facilities, manufacturers, models, devices, teams and history.
-- Text columns of the small tables are NOT NULL DEFAULT '' so both engines
-- compare and index them the same way. The optional text attributes of
-- devices are NULL when unknown instead: a million-row import binds NULL
-- far more cheaply than an empty string. *_key columns hold the normalised
-- form used for case-insensitive uniqueness and lookups.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE facilities (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL DEFAULT '',
	name       TEXT NOT NULL,
	name_key   TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX facilities_code ON facilities (code) WHERE code <> '';

CREATE TABLE locations (
	id          INTEGER PRIMARY KEY,
	facility_id INTEGER NOT NULL REFERENCES facilities (id),
	building    TEXT NOT NULL DEFAULT '',
	floor       TEXT NOT NULL DEFAULT '',
	department  TEXT NOT NULL DEFAULT '',
	room        TEXT NOT NULL DEFAULT '',
	loc_key     TEXT NOT NULL,
	UNIQUE (facility_id, loc_key)
);

CREATE TABLE manufacturers (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	name_key   TEXT NOT NULL UNIQUE,
	status     TEXT NOT NULL CHECK (status IN ('known', 'unresolved')),
	created_at TEXT NOT NULL
);

CREATE TABLE manufacturer_aliases (
	id              INTEGER PRIMARY KEY,
	manufacturer_id INTEGER NOT NULL REFERENCES manufacturers (id) ON DELETE CASCADE,
	alias           TEXT NOT NULL,
	alias_key       TEXT NOT NULL UNIQUE,
	source          TEXT NOT NULL
);
CREATE INDEX manufacturer_aliases_manufacturer ON manufacturer_aliases (manufacturer_id);

CREATE TABLE device_types (
	id       INTEGER PRIMARY KEY,
	name     TEXT NOT NULL,
	name_key TEXT NOT NULL UNIQUE
);

CREATE TABLE fda_product_codes (
	product_code        TEXT PRIMARY KEY,
	device_name         TEXT NOT NULL,
	device_class        TEXT NOT NULL,
	medical_specialty   TEXT NOT NULL DEFAULT '',
	review_panel        TEXT NOT NULL DEFAULT '',
	regulation_number   TEXT NOT NULL DEFAULT '',
	submission_type     TEXT NOT NULL DEFAULT '',
	implant             INTEGER NOT NULL DEFAULT 0,
	life_sustaining     INTEGER NOT NULL DEFAULT 0,
	third_party_review  INTEGER NOT NULL DEFAULT 0,
	gmp_exempt          INTEGER NOT NULL DEFAULT 0,
	definition          TEXT NOT NULL DEFAULT '',
	unclassified_reason TEXT NOT NULL DEFAULT '',
	updated_at          TEXT NOT NULL
);

CREATE TABLE models (
	id                  INTEGER PRIMARY KEY,
	manufacturer_id     INTEGER NOT NULL REFERENCES manufacturers (id),
	name                TEXT NOT NULL,
	name_key            TEXT NOT NULL,
	device_type_id      INTEGER REFERENCES device_types (id),
	product_code        TEXT NOT NULL DEFAULT '',
	life_sustaining     INTEGER,
	patient_connected   INTEGER NOT NULL DEFAULT 0,
	expected_life_years INTEGER,
	end_of_sale         TEXT,
	end_of_support      TEXT,
	parts               TEXT NOT NULL DEFAULT '',
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	UNIQUE (manufacturer_id, name_key)
);

CREATE TABLE model_aliases (
	id              INTEGER PRIMARY KEY,
	model_id        INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	manufacturer_id INTEGER NOT NULL REFERENCES manufacturers (id),
	alias           TEXT NOT NULL,
	alias_key       TEXT NOT NULL,
	source          TEXT NOT NULL,
	UNIQUE (manufacturer_id, alias_key)
);
CREATE INDEX model_aliases_model ON model_aliases (model_id);

CREATE TABLE model_numbers (
	id              INTEGER PRIMARY KEY,
	model_id        INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	manufacturer_id INTEGER NOT NULL REFERENCES manufacturers (id),
	number          TEXT NOT NULL,
	number_key      TEXT NOT NULL,
	UNIQUE (manufacturer_id, number_key)
);
CREATE INDEX model_numbers_model ON model_numbers (model_id);

CREATE TABLE teams (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	name_key   TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL,
	email      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

CREATE TABLE responsibilities (
	id             INTEGER PRIMARY KEY,
	device_type_id INTEGER REFERENCES device_types (id) ON DELETE CASCADE,
	task_type      TEXT NOT NULL,
	team_id        INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX responsibilities_type_task ON responsibilities (device_type_id, task_type) WHERE device_type_id IS NOT NULL;
CREATE UNIQUE INDEX responsibilities_any_task ON responsibilities (task_type) WHERE device_type_id IS NULL;

CREATE TABLE imports (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	source      TEXT NOT NULL,
	actor       TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	finished_at TEXT NOT NULL,
	read_count  INTEGER NOT NULL,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	unchanged   INTEGER NOT NULL,
	rejected    INTEGER NOT NULL
);

CREATE TABLE devices (
	id                    INTEGER PRIMARY KEY,
	asset_tag             TEXT NOT NULL,
	tag_key               TEXT NOT NULL,
	serial                TEXT,
	serial_key            TEXT,
	manufacturer_id       INTEGER NOT NULL REFERENCES manufacturers (id),
	model_id              INTEGER NOT NULL REFERENCES models (id),
	recorded_manufacturer TEXT,
	recorded_model        TEXT,
	model_number          TEXT,
	device_type_id        INTEGER REFERENCES device_types (id),
	udi                   TEXT,
	udi_di                TEXT,
	software_version      TEXT NOT NULL DEFAULT '',
	operating_system      TEXT,
	ip                    TEXT,
	mac                   TEXT,
	hostname              TEXT,
	vlan                  TEXT,
	connection            TEXT,
	location_id           INTEGER REFERENCES locations (id),
	facility_id           INTEGER REFERENCES facilities (id),
	status                TEXT NOT NULL,
	criticality_override  TEXT,
	stores_phi            INTEGER,
	acquisition_date      TEXT,
	acquisition_cost      INTEGER,
	warranty_end          TEXT,
	team_id               INTEGER REFERENCES teams (id) ON DELETE SET NULL,
	last_seen             TEXT,
	created_at            TEXT NOT NULL,
	created_by            TEXT NOT NULL,
	updated_at            TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_tag ON devices (tag_key);
CREATE INDEX devices_model ON devices (model_id, software_version);
CREATE INDEX devices_facility ON devices (facility_id, manufacturer_id, tag_key);
CREATE INDEX devices_manufacturer ON devices (manufacturer_id, tag_key);
CREATE INDEX devices_serial ON devices (serial_key) WHERE serial_key IS NOT NULL;
CREATE INDEX devices_ip ON devices (ip) WHERE ip IS NOT NULL;
CREATE INDEX devices_mac ON devices (mac) WHERE mac IS NOT NULL;
CREATE INDEX devices_hostname ON devices (hostname) WHERE hostname IS NOT NULL;

CREATE TABLE device_changes (
	id        INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	field     TEXT NOT NULL,
	old_value TEXT NOT NULL,
	new_value TEXT NOT NULL
);
CREATE INDEX device_changes_device ON device_changes (device_id, id);
