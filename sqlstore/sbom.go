package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"ward"
)

// SaveSBOM stores an SBOM for its model and version, or for its device,
// replacing an earlier SBOM of the same target, and marks the target for
// re-matching. See ward.SBOMService.
func (db *DB) SaveSBOM(ctx context.Context, s *ward.SBOM) error {
	if (s.DeviceID == 0) == (s.ModelID == 0) {
		return ward.Errorf(ward.EINVALID, "an SBOM describes either a model and version or one device")
	}
	return db.update(ctx, func(tx *Tx) error {
		before, err := tx.replacedSBOM(s)
		if err != nil {
			return err
		}
		if s.DeviceID != 0 {
			if err := tx.queryRow(`SELECT model_id FROM devices WHERE id = ?`, s.DeviceID).Scan(new(int64)); err != nil {
				return notFound(err, "no device %d", s.DeviceID)
			}
			if _, err := tx.exec(`DELETE FROM sboms WHERE device_id = ?`, s.DeviceID); err != nil {
				return err
			}
			if _, err := tx.exec(`UPDATE matched_devices SET stale = TRUE WHERE device_id = ?`, s.DeviceID); err != nil {
				return err
			}
		} else {
			if err := tx.queryRow(`SELECT id FROM models WHERE id = ?`, s.ModelID).Scan(new(int64)); err != nil {
				return notFound(err, "no model %d", s.ModelID)
			}
			s.SoftwareVersion = strings.TrimSpace(s.SoftwareVersion)
			if _, err := tx.exec(`DELETE FROM sboms WHERE device_id IS NULL AND model_id = ? AND software_version = ?`,
				s.ModelID, s.SoftwareVersion); err != nil {
				return err
			}
			// The group's findings are stale.
			if _, err := tx.exec(`UPDATE matched_groups SET stale = TRUE WHERE model_id = ? AND software_version = ?`,
				s.ModelID, s.SoftwareVersion); err != nil {
				return err
			}
		}
		s.ID, err = tx.insertID(`INSERT INTO sboms (format, spec_version, name, serial, model_id, software_version, device_id,
			sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.Format, s.SpecVersion, s.Name, s.Serial,
			idArg(s.ModelID), s.SoftwareVersion, idArg(s.DeviceID), s.SHA256, tx.ts(tx.now))
		if err != nil {
			return err
		}
		s.ImportedAt = tx.now
		ins := newBatchInsert(tx, "sbom_components", "sbom_id, name, version, supplier, cpe, purl, type, ref", 8)
		defer ins.close()
		for _, c := range s.Components {
			if err := ins.add(s.ID, c.Name, c.Version, c.Supplier, c.CPE, c.PURL, c.Type, c.Ref); err != nil {
				return err
			}
		}
		if err := ins.flush(); err != nil {
			return err
		}
		return tx.audit("sbom.save", "sbom", strconv.FormatInt(s.ID, 10), before, sbomAudit(s, len(s.Components)))
	})
}

// replacedSBOM returns the SBOM s replaces, as the audit trail records it,
// or nil when there is none. It reads before s.SoftwareVersion is trimmed,
// so it trims it itself.
func (tx *Tx) replacedSBOM(s *ward.SBOM) (map[string]any, error) {
	q := `SELECT id, format, spec_version, name, serial, COALESCE(model_id, 0), software_version, COALESCE(device_id, 0),
		sha256, (SELECT COUNT(*) FROM sbom_components c WHERE c.sbom_id = s.id) FROM sboms s WHERE `
	var row *sql.Row
	if s.DeviceID != 0 {
		row = tx.queryRow(q+`device_id = ?`, s.DeviceID)
	} else {
		row = tx.queryRow(q+`device_id IS NULL AND model_id = ? AND software_version = ?`, s.ModelID,
			strings.TrimSpace(s.SoftwareVersion))
	}
	var old ward.SBOM
	var n int
	err := row.Scan(&old.ID, &old.Format, &old.SpecVersion, &old.Name, &old.Serial, &old.ModelID, &old.SoftwareVersion,
		&old.DeviceID, &old.SHA256, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b := sbomAudit(&old, n)
	b["id"] = old.ID
	return b, nil
}

// sbomAudit is what the audit trail records of an SBOM: what it describes
// and a digest of the document, not its components.
func sbomAudit(s *ward.SBOM, components int) map[string]any {
	return map[string]any{"format": s.Format, "spec_version": s.SpecVersion, "name": s.Name, "serial": s.Serial,
		"model_id": s.ModelID, "software_version": s.SoftwareVersion, "device_id": s.DeviceID, "sha256": s.SHA256,
		"components": components}
}

// FindSBOMs returns the SBOMs that describe a device: its own and its
// model and version's. ENOTFOUND for an unknown device.
func (db *DB) FindSBOMs(ctx context.Context, deviceID int64) ([]ward.SBOM, error) {
	var out []ward.SBOM
	err := db.view(ctx, func(tx *Tx) error {
		var model int64
		var version string
		if err := tx.queryRow(`SELECT model_id, software_version FROM devices WHERE id = ?`, deviceID).Scan(&model, &version); err != nil {
			return notFound(err, "no device %d", deviceID)
		}
		rows, err := tx.query(`SELECT id, format, spec_version, name, serial, COALESCE(model_id, 0), software_version,
			COALESCE(device_id, 0), sha256, imported_at FROM sboms
			WHERE device_id = ? OR (device_id IS NULL AND model_id = ? AND software_version = ?) ORDER BY id`,
			deviceID, model, version)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s ward.SBOM
			if err := rows.Scan(&s.ID, &s.Format, &s.SpecVersion, &s.Name, &s.Serial, &s.ModelID, &s.SoftwareVersion,
				&s.DeviceID, &s.SHA256, timeCol{&s.ImportedAt}); err != nil {
				rows.Close()
				return err
			}
			out = append(out, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			s := &out[i]
			s.Components = []ward.Component{}
			crows, err := tx.query(`SELECT name, version, supplier, cpe, purl, type, ref FROM sbom_components
				WHERE sbom_id = ? ORDER BY id`, s.ID)
			if err != nil {
				return err
			}
			for crows.Next() {
				var c ward.Component
				if err := crows.Scan(&c.Name, &c.Version, &c.Supplier, &c.CPE, &c.PURL, &c.Type, &c.Ref); err != nil {
					crows.Close()
					return err
				}
				s.Components = append(s.Components, c)
			}
			crows.Close()
			if err := crows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
