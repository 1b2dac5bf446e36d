package sqlstore

import (
	"context"

	"ward"
)

// FindFacilityStats returns the inventory completeness per facility. See
// ward.StatsService. One grouped scan of the devices answers it.
func (db *DB) FindFacilityStats(ctx context.Context, facilityIDs []int64) ([]ward.FacilityStats, error) {
	var out []ward.FacilityStats
	err := db.view(ctx, func(tx *Tx) error {
		where, args := "", []any{}
		if len(facilityIDs) > 0 {
			where = " WHERE d.facility_id IN (" + placeholders(len(facilityIDs)) + ")"
			args = int64Args(facilityIDs)
		}
		rows, err := tx.query(`SELECT COALESCE(f.id, 0), COALESCE(f.name, ''), s.n, s.version, s.location, s.owned
			FROM (SELECT d.facility_id,
				COUNT(*) AS n,
				SUM(CASE WHEN d.software_version <> '' THEN 1 ELSE 0 END) AS version,
				SUM(CASE WHEN d.location_id IS NOT NULL THEN 1 ELSE 0 END) AS location,
				SUM(CASE WHEN `+ownerExpr+` IS NOT NULL THEN 1 ELSE 0 END) AS owned
				FROM devices d JOIN models m ON m.id = d.model_id`+where+`
				GROUP BY d.facility_id) s
			LEFT JOIN facilities f ON f.id = s.facility_id
			ORDER BY s.n DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s ward.FacilityStats
			if err := rows.Scan(&s.FacilityID, &s.Facility, &s.Devices, &s.KnownVersion, &s.KnownLocation, &s.Owned); err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// RecordDashboardPoint stores the day's trend point. See ward.StatsService.
func (db *DB) RecordDashboardPoint(ctx context.Context, p ward.DashboardPoint) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(`INSERT INTO dashboard_points (day, critical, high, medium, low, overdue, affected_devices)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET critical = excluded.critical, high = excluded.high, medium = excluded.medium,
				low = excluded.low, overdue = excluded.overdue, affected_devices = excluded.affected_devices`,
			tx.date(p.Day), p.Open.Critical, p.Open.High, p.Open.Medium, p.Open.Low, p.Overdue, p.Affected)
		return err
	})
}

// FindDashboardTrend returns the trend points since a day. See
// ward.StatsService.
func (db *DB) FindDashboardTrend(ctx context.Context, since ward.Date) ([]ward.DashboardPoint, error) {
	var out []ward.DashboardPoint
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(`SELECT day, critical, high, medium, low, overdue, affected_devices
			FROM dashboard_points WHERE day >= ? ORDER BY day`, tx.date(since))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p ward.DashboardPoint
			if err := rows.Scan(dateCol{&p.Day}, &p.Open.Critical, &p.Open.High, &p.Open.Medium, &p.Open.Low,
				&p.Overdue, &p.Affected); err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}
