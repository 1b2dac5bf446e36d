package sqlstore

import "ward"

// The match state says which inventory groups the matcher has seen as they
// are now. matched_groups holds model and software version groups (and
// keeps a group after its last unit left, with its findings, so a unit
// coming back finds them current); matched_devices holds devices with an
// SBOM of their own, at the model and version they were matched at. A
// change to what a match reads (an alias, a model's names, an SBOM) marks
// rows stale rather than deleting them, so every group that has findings
// stays listed and a full match revisits it.

// markMatched records groups as matched as they are now, with the digests
// of their findings.
func (w *findingWriter) markMatched(groups []ward.GroupKey, digests []int64) error {
	for i, g := range groups {
		var err error
		if g.DeviceID != 0 {
			_, err = w.tx.exec(`INSERT INTO matched_devices (device_id, model_id, software_version, stale, digest, matched_at)
				SELECT id, model_id, software_version, FALSE, ?, ? FROM devices WHERE id = ?
				ON CONFLICT (device_id) DO UPDATE SET model_id = excluded.model_id,
				software_version = excluded.software_version, stale = FALSE, digest = excluded.digest,
				matched_at = excluded.matched_at`, digests[i], w.tx.ts(w.tx.now), g.DeviceID)
		} else {
			_, err = w.tx.exec(`INSERT INTO matched_groups (model_id, software_version, stale, digest, matched_at)
				VALUES (?, ?, FALSE, ?, ?) ON CONFLICT (model_id, software_version) DO UPDATE SET stale = FALSE,
				digest = excluded.digest, matched_at = excluded.matched_at`,
				g.ModelID, g.SoftwareVersion, digests[i], w.tx.ts(w.tx.now))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// groupDigests loads the stored digest of every matched group and device.
func (tx *Tx) groupDigests() (map[ward.GroupKey]int64, error) {
	out := map[ward.GroupKey]int64{}
	rows, err := tx.query(`SELECT model_id, software_version, 0, digest FROM matched_groups WHERE digest <> 0
		UNION ALL SELECT model_id, software_version, device_id, digest FROM matched_devices WHERE digest <> 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var g ward.GroupKey
		var d int64
		if err := rows.Scan(&g.ModelID, &g.SoftwareVersion, &g.DeviceID, &d); err != nil {
			return nil, err
		}
		out[g] = d
	}
	return out, rows.Err()
}

// forgetDigests clears the stored digests of groups whose findings were
// changed other than group by group, so the next full match reads them.
func (tx *Tx) forgetDigests(groups map[ward.GroupKey]bool) error {
	for g := range groups {
		var err error
		if g.DeviceID != 0 {
			_, err = tx.exec(`UPDATE matched_devices SET digest = 0 WHERE device_id = ?`, g.DeviceID)
		} else {
			_, err = tx.exec(`UPDATE matched_groups SET digest = 0 WHERE model_id = ? AND software_version = ?`,
				g.ModelID, g.SoftwareVersion)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// staleModels marks the groups of the models a condition on model_id
// selects (all their versions, and their devices with SBOMs of their own)
// for re-matching.
func (tx *Tx) staleModels(cond string, args ...any) error {
	if _, err := tx.exec(`UPDATE matched_groups SET stale = TRUE WHERE `+cond, args...); err != nil {
		return err
	}
	_, err := tx.exec(`UPDATE matched_devices SET stale = TRUE WHERE `+cond, args...)
	return err
}
