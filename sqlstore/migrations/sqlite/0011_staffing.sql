-- Team capacity for staffing (technicians × available hours a week), and
-- the index preventive maintenance generation reads each device's last
-- order under a schedule by.

CREATE TABLE team_capacity (
	team_id        INTEGER PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
	technicians    REAL NOT NULL,
	hours_per_week REAL NOT NULL,
	updated_at     TEXT NOT NULL,
	updated_by     TEXT NOT NULL
);

CREATE INDEX work_orders_pm_history ON work_orders (pm_schedule_id, device_id, due_date) WHERE pm_schedule_id IS NOT NULL;
