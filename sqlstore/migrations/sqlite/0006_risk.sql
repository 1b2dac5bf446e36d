-- Risk scoring: compensating controls (and internet exposure) per model or
-- per device, a model's answers to the environmental questions asked
-- after MITRE's "Rubric for Applying CVSS to Medical Devices", and the SLA
-- policy. A NULL control is not recorded: a device's recorded value beats
-- its model's.
CREATE TABLE risk_controls (
	id                    INTEGER PRIMARY KEY,
	model_id              INTEGER REFERENCES models (id) ON DELETE CASCADE,
	device_id             INTEGER REFERENCES devices (id) ON DELETE CASCADE,
	segmented             INTEGER,
	services_disabled     INTEGER,
	remote_access_removed INTEGER,
	internet_exposed      INTEGER,
	note                  TEXT NOT NULL DEFAULT '',
	actor                 TEXT NOT NULL,
	at                    TEXT NOT NULL,
	CHECK ((model_id IS NULL) <> (device_id IS NULL))
);
CREATE UNIQUE INDEX risk_controls_model ON risk_controls (model_id) WHERE model_id IS NOT NULL;
CREATE UNIQUE INDEX risk_controls_device ON risk_controls (device_id) WHERE device_id IS NOT NULL;

CREATE TABLE risk_rubric (
	model_id INTEGER NOT NULL REFERENCES models (id) ON DELETE CASCADE,
	question TEXT NOT NULL,
	answer   TEXT NOT NULL,
	actor    TEXT NOT NULL,
	at       TEXT NOT NULL,
	PRIMARY KEY (model_id, question)
);

-- One row per priority; missing rows take Ward's defaults.
CREATE TABLE risk_sla (
	priority TEXT PRIMARY KEY CHECK (priority IN ('critical', 'high', 'medium', 'low')),
	days     INTEGER NOT NULL CHECK (days > 0),
	actor    TEXT NOT NULL,
	at       TEXT NOT NULL
);
