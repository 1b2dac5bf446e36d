-- One point a day of the health system's findings trend, recorded when the
-- dashboard is computed: the trend is what Ward saw on each day, not a
-- reconstruction.
CREATE TABLE dashboard_points (
	day              DATE PRIMARY KEY,
	critical         BIGINT NOT NULL,
	high             BIGINT NOT NULL,
	medium           BIGINT NOT NULL,
	low              BIGINT NOT NULL,
	overdue          BIGINT NOT NULL,
	affected_devices BIGINT NOT NULL
);
