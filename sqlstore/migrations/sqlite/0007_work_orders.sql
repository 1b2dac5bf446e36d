-- Work orders (the CMMS part): one row per order on one device, its parts
-- as a JSON array, the links to what it addresses, its history, and the
-- preventive maintenance schedules that generate orders per model.
--
-- For reports (lifecycle, staffing): hours are decimal hours, amounts are
-- cents, dates are calendar dates. cost is the total (labour + parts unless
-- recorded otherwise). team_id is only the team assigned on the order; the
-- effective team falls back to the responsibility matrix rule for
-- task_type and the device's type (sqlstore.workOrderTeamExpr).

CREATE TABLE pm_schedules (
	id              INTEGER PRIMARY KEY,
	model_id        INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	task            TEXT NOT NULL,
	task_key        TEXT NOT NULL,
	interval_months INTEGER NOT NULL DEFAULT 0,
	interval_days   INTEGER NOT NULL DEFAULT 0,
	estimated_hours REAL NOT NULL DEFAULT 0,
	active          INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	UNIQUE (model_id, task_key)
);

CREATE TABLE work_orders (
	id              INTEGER PRIMARY KEY,
	number          TEXT NOT NULL,
	number_key      TEXT NOT NULL,
	type            TEXT NOT NULL CHECK (type IN ('preventive_maintenance', 'corrective_repair', 'patch', 'recall',
		'security_mitigation', 'inspection', 'decommission')),
	task_type       TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('open', 'scheduled', 'in_progress', 'on_hold', 'completed', 'cancelled')),
	priority        TEXT,
	title           TEXT,
	description     TEXT,
	device_id       INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	pm_schedule_id  INTEGER REFERENCES pm_schedules (id) ON DELETE SET NULL,
	team_id         INTEGER REFERENCES teams (id) ON DELETE SET NULL,
	assignee        TEXT,
	target_version  TEXT,
	scheduled_date  TEXT,
	due_date        TEXT,
	started_date    TEXT,
	completed_date  TEXT,
	estimated_hours REAL NOT NULL DEFAULT 0,
	labour_hours    REAL NOT NULL DEFAULT 0,
	downtime_hours  REAL NOT NULL DEFAULT 0,
	parts           TEXT,
	parts_cost      INTEGER NOT NULL DEFAULT 0,
	labour_cost     INTEGER NOT NULL DEFAULT 0,
	cost            INTEGER NOT NULL DEFAULT 0,
	notes           TEXT,
	created_at      TEXT NOT NULL,
	created_by      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	updated_by      TEXT NOT NULL
);
CREATE UNIQUE INDEX work_orders_number ON work_orders (number_key);
-- One open preventive maintenance order per device and schedule, however
-- often generation runs.
CREATE UNIQUE INDEX work_orders_open_pm ON work_orders (device_id, pm_schedule_id)
	WHERE pm_schedule_id IS NOT NULL AND status IN ('open', 'scheduled', 'in_progress', 'on_hold');
CREATE INDEX work_orders_device ON work_orders (device_id, id);
CREATE INDEX work_orders_status_due ON work_orders (status, due_date);
CREATE INDEX work_orders_type_completed ON work_orders (type, completed_date);

CREATE TABLE work_order_links (
	id            INTEGER PRIMARY KEY,
	work_order_id INTEGER NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	ref_id        INTEGER,
	reference     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_order_links_order ON work_order_links (work_order_id);
CREATE INDEX work_order_links_id ON work_order_links (kind, ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX work_order_links_reference ON work_order_links (kind, reference);

CREATE TABLE work_order_changes (
	id            INTEGER PRIMARY KEY,
	work_order_id INTEGER NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
	at            TEXT NOT NULL,
	actor         TEXT NOT NULL,
	field         TEXT NOT NULL,
	old_value     TEXT NOT NULL,
	new_value     TEXT NOT NULL
);
CREATE INDEX work_order_changes_order ON work_order_changes (work_order_id, id);
