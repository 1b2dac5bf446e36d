-- FDA device recalls (openFDA device recall and enforcement records,
-- merged by recall number) and their matches to devices.
--
-- A recall's manufacturer_id (what its firm resolves to), scope (what its
-- code_info lists, as JSON) and recall_udi_dis (the UDI device identifiers
-- it lists) are written by the matcher, so a device-side match finds its
-- candidate recalls by index.

CREATE TABLE recalls (
	id                  INTEGER PRIMARY KEY,
	number              TEXT NOT NULL UNIQUE,
	event_id            TEXT NOT NULL DEFAULT '',
	sources             TEXT NOT NULL DEFAULT '',
	firm                TEXT NOT NULL DEFAULT '',
	manufacturer_id     INTEGER REFERENCES manufacturers (id) ON DELETE SET NULL,
	product_code        TEXT NOT NULL DEFAULT '',
	device_name         TEXT NOT NULL DEFAULT '',
	product_description TEXT NOT NULL DEFAULT '',
	code_info           TEXT NOT NULL DEFAULT '',
	reason              TEXT NOT NULL DEFAULT '',
	action              TEXT NOT NULL DEFAULT '',
	root_cause          TEXT NOT NULL DEFAULT '',
	classification      TEXT NOT NULL DEFAULT '' CHECK (classification IN ('', 'I', 'II', 'III')),
	fda_status          TEXT NOT NULL DEFAULT '',
	distribution        TEXT NOT NULL DEFAULT '',
	quantity            TEXT NOT NULL DEFAULT '',
	k_numbers           TEXT NOT NULL DEFAULT '[]',
	pma_numbers         TEXT NOT NULL DEFAULT '[]',
	initiated           TEXT,
	posted              TEXT,
	terminated          TEXT,
	scope               TEXT NOT NULL DEFAULT '{}',
	digest              TEXT NOT NULL,
	created_at          TEXT NOT NULL,
	updated_at          TEXT NOT NULL
);
CREATE INDEX recalls_manufacturer ON recalls (manufacturer_id) WHERE manufacturer_id IS NOT NULL;
CREATE INDEX recalls_product_code ON recalls (product_code);

CREATE TABLE recall_udi_dis (
	recall_id INTEGER NOT NULL REFERENCES recalls (id) ON DELETE CASCADE,
	udi_di    TEXT NOT NULL,
	PRIMARY KEY (udi_di, recall_id)
);
CREATE INDEX recall_udi_dis_recall ON recall_udi_dis (recall_id);

-- A match's effective status is not stored: it is the later of the
-- user's status (user_status, set with a note) and the last change of a
-- work order on the device that links the recall (work_order_links kind
-- 'recall'), else the matcher's computed_status. Work orders stay the
-- work-order area's own: completing one closes the recall on the device
-- without either area writing the other's tables (sqlstore/recall_status.go).
CREATE TABLE recall_matches (
	id              INTEGER PRIMARY KEY,
	recall_id       INTEGER NOT NULL REFERENCES recalls (id) ON DELETE CASCADE,
	device_id       INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	computed_status TEXT NOT NULL CHECK (computed_status IN ('open', 'not_applicable')),
	confidence      TEXT NOT NULL,
	explanation     TEXT NOT NULL,
	digest          INTEGER NOT NULL,
	user_status     TEXT CHECK (user_status IN ('open', 'in_progress', 'completed', 'not_applicable')),
	user_note       TEXT,
	user_by         TEXT,
	user_at         TEXT,
	first_seen      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	UNIQUE (recall_id, device_id)
);
CREATE INDEX recall_matches_device ON recall_matches (device_id);

-- Devices listed in a recall by UDI device identifier are found by index.
CREATE INDEX recall_devices_udi_di ON devices (udi_di) WHERE udi_di IS NOT NULL;
