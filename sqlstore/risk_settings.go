package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"ward"
)

// Now returns the store's clock (see SetClock).
func (db *DB) Now() time.Time { return db.now() }

// FindRiskPolicy returns the SLA policy: the stored days per priority,
// Ward's defaults for those never set.
func (db *DB) FindRiskPolicy(ctx context.Context) (*ward.RiskPolicy, error) {
	var p *ward.RiskPolicy
	err := db.view(ctx, func(tx *Tx) (err error) {
		p, err = tx.riskPolicy()
		return err
	})
	return p, err
}

func (tx *Tx) riskPolicy() (*ward.RiskPolicy, error) {
	p := ward.DefaultRiskPolicy
	rows, err := tx.query(`SELECT priority, days, actor, at FROM risk_sla`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var prio, actor string
		var days int
		var at ward.RiskPolicy
		if err := rows.Scan(&prio, &days, &actor, timeCol{&at.At}); err != nil {
			return nil, err
		}
		switch prio {
		case ward.PriorityCritical:
			p.CriticalDays = days
		case ward.PriorityHigh:
			p.HighDays = days
		case ward.PriorityMedium:
			p.MediumDays = days
		case ward.PriorityLow:
			p.LowDays = days
		}
		if at.At.After(p.At) {
			p.At, p.Actor = at.At, ward.Actor(actor)
		}
	}
	return &p, rows.Err()
}

// SetRiskPolicy replaces the SLA policy; EINVALID for bad days. It sets
// p's Actor and At.
func (db *DB) SetRiskPolicy(ctx context.Context, p *ward.RiskPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.Actor = ward.ActorFrom(ctx)
	return db.update(ctx, func(tx *Tx) error {
		p.At = tx.now
		before, err := tx.riskPolicy()
		if err != nil {
			return err
		}
		for _, prio := range ward.Priorities {
			if _, err := tx.exec(`INSERT INTO risk_sla (priority, days, actor, at) VALUES (?, ?, ?, ?)
				ON CONFLICT (priority) DO UPDATE SET days = excluded.days, actor = excluded.actor, at = excluded.at`,
				prio, p.Days(prio), string(p.Actor), tx.ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit("risk.policy", "risk_policy", "", policyDays(before), policyDays(p))
	})
}

// policyDays is what the audit trail records of a policy.
func policyDays(p *ward.RiskPolicy) map[string]int {
	out := map[string]int{}
	for _, prio := range ward.Priorities {
		out[prio] = p.Days(prio)
	}
	return out
}

// maxRiskNote bounds the free-text note of recorded controls.
const maxRiskNote = 2000

// SetRiskControls records the controls of one model or one device,
// replacing what was recorded. EINVALID unless exactly one of ModelID and
// DeviceID is set or for an over-long note; ENOTFOUND for an unknown model
// or device.
func (db *DB) SetRiskControls(ctx context.Context, c *ward.RiskControls) error {
	if (c.ModelID == 0) == (c.DeviceID == 0) {
		return ward.Errorf(ward.EINVALID, "controls are recorded for a model or for a device: name exactly one")
	}
	c.Note = strings.TrimSpace(c.Note)
	if len(c.Note) > maxRiskNote || strings.ContainsFunc(c.Note, riskNoteControl) {
		return ward.Errorf(ward.EINVALID, "note: at most %d characters, no control characters", maxRiskNote)
	}
	c.Actor = ward.ActorFrom(ctx)
	return db.update(ctx, func(tx *Tx) error {
		c.At = tx.now
		if err := tx.riskSubject(c); err != nil {
			return err
		}
		before, err := tx.deleteRiskControls(c.ModelID, c.DeviceID)
		if err != nil {
			return err
		}
		c.ID, err = tx.insertID(`INSERT INTO risk_controls (model_id, device_id, segmented, services_disabled,
			remote_access_removed, internet_exposed, note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			idArg(c.ModelID), idArg(c.DeviceID), riskBoolArg(c.Segmented), riskBoolArg(c.ServicesDisabled),
			riskBoolArg(c.RemoteAccessRemoved), riskBoolArg(c.InternetExposed), c.Note, string(c.Actor), tx.ts(c.At))
		if err != nil {
			return err
		}
		return tx.audit("risk.controls.set", "risk_controls", controlsKey(c.ModelID, c.DeviceID), auditOrNil(before), c)
	})
}

// controlsKey names the subject of controls in the audit trail.
func controlsKey(modelID, deviceID int64) string {
	if deviceID != 0 {
		return "device:" + strconv.FormatInt(deviceID, 10)
	}
	return "model:" + strconv.FormatInt(modelID, 10)
}

// auditOrNil leaves out of the audit trail a value that was not there.
func auditOrNil(c *ward.RiskControls) any {
	if c == nil {
		return nil
	}
	return c
}

// deleteRiskControls removes the controls recorded for a model or a
// device and returns them (nil when there were none).
func (tx *Tx) deleteRiskControls(modelID, deviceID int64) (*ward.RiskControls, error) {
	col, id := "model_id", modelID
	if deviceID != 0 {
		col, id = "device_id", deviceID
	}
	rows, err := tx.query(riskControlsSelect+` WHERE c.`+col+` = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var before *ward.RiskControls
	if rows.Next() {
		before = &ward.RiskControls{}
		if err := scanRiskControls(rows, before); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if before == nil {
		return nil, nil
	}
	_, err = tx.exec(`DELETE FROM risk_controls WHERE id = ?`, before.ID)
	return before, err
}

func riskNoteControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// riskSubject checks that the model or device of c exists and names it.
func (tx *Tx) riskSubject(c *ward.RiskControls) error {
	if c.ModelID != 0 {
		err := tx.queryRow(`SELECT mf.name || ' ' || m.name FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id
			WHERE m.id = ?`, c.ModelID).Scan(&c.Subject)
		return notFound(err, "no model %d", c.ModelID)
	}
	err := tx.queryRow(`SELECT asset_tag, COALESCE(facility_id, 0) FROM devices WHERE id = ?`, c.DeviceID).Scan(&c.Subject, &c.FacilityID)
	return notFound(err, "no device %d", c.DeviceID)
}

// DeleteRiskControls removes the controls recorded for a model or a
// device; ENOTFOUND if there are none.
func (db *DB) DeleteRiskControls(ctx context.Context, modelID, deviceID int64) error {
	if (modelID == 0) == (deviceID == 0) {
		return ward.Errorf(ward.EINVALID, "controls are recorded for a model or for a device: name exactly one")
	}
	return db.update(ctx, func(tx *Tx) error {
		before, err := tx.deleteRiskControls(modelID, deviceID)
		if err != nil {
			return err
		}
		if before == nil {
			return ward.Errorf(ward.ENOTFOUND, "no controls recorded for %s", controlsKey(modelID, deviceID))
		}
		return tx.audit("risk.controls.delete", "risk_controls", controlsKey(modelID, deviceID), before, nil)
	})
}

// riskControlsSelect reads recorded controls with the name of what they
// are recorded for.
const riskControlsSelect = `SELECT c.id, COALESCE(c.model_id, 0), COALESCE(c.device_id, 0), c.segmented, c.services_disabled,
	c.remote_access_removed, c.internet_exposed, c.note, c.actor, c.at,
	COALESCE(mf.name || ' ' || m.name, d.asset_tag, ''), COALESCE(d.facility_id, 0)
	FROM risk_controls c LEFT JOIN models m ON m.id = c.model_id LEFT JOIN manufacturers mf ON mf.id = m.manufacturer_id
	LEFT JOIN devices d ON d.id = c.device_id`

// FindRiskControls lists every recorded control, models first, then
// devices by asset tag.
func (db *DB) FindRiskControls(ctx context.Context) ([]ward.RiskControls, error) {
	out := []ward.RiskControls{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(riskControlsSelect + ` ORDER BY c.device_id IS NOT NULL, mf.name_key, m.name_key, d.tag_key`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c ward.RiskControls
			if err := scanRiskControls(rows, &c); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

func scanRiskControls(rows *sql.Rows, c *ward.RiskControls) error {
	var seg, svc, remote, inet sql.NullBool
	var actor string
	if err := rows.Scan(&c.ID, &c.ModelID, &c.DeviceID, &seg, &svc, &remote, &inet, &c.Note, &actor, timeCol{&c.At}, &c.Subject, &c.FacilityID); err != nil {
		return err
	}
	c.Segmented, c.ServicesDisabled, c.RemoteAccessRemoved, c.InternetExposed = riskBool(seg), riskBool(svc), riskBool(remote), riskBool(inet)
	c.Actor = ward.Actor(actor)
	return nil
}

func riskBool(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}

func riskBoolArg(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
