-- Lifecycle decisions: a model's replacement cost (what a new unit costs
-- today, in cents; NULL when unknown, and then each device's acquisition
-- cost stands in) and the lifecycle policy, kept as one JSON document so
-- that a threshold added later takes its default without a migration.
ALTER TABLE models ADD COLUMN replacement_cost BIGINT;

CREATE TABLE lifecycle_policy (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	policy TEXT NOT NULL,
	actor  TEXT NOT NULL,
	at     TIMESTAMPTZ NOT NULL
);
