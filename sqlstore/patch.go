package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"ward"
	"ward/names"
	"ward/patchplan"
	"ward/version"
)

// The OEM patch catalog. An entry belongs to a model (its manufacturer is
// the model's); it is identified by the model and the normalised version
// it installs, which is also the key imports upsert by.

const patchSelect = `SELECT p.id, m.manufacturer_id, mf.name, p.model_id, m.name, p.applies_to, p.installs_version,
	p.advisories, p.cves, p.status, p.released, p.reference, p.reference_sha256, p.notes, p.install_minutes,
	p.requires_downtime, p.created_at, p.updated_at, mf.name_key, m.name_key
	FROM patches p JOIN models m ON m.id = p.model_id JOIN manufacturers mf ON mf.id = m.manufacturer_id`

// scanPatch reads a row of patchSelect; keys receives the manufacturer's
// and model's name keys, the sort keys of a page.
func scanPatch(row interface{ Scan(...any) error }, p *ward.Patch, keys *[2]string) error {
	var advs, cves string
	if err := row.Scan(&p.ID, &p.ManufacturerID, &p.Manufacturer, &p.ModelID, &p.Model, &p.AppliesTo, &p.InstallsVersion,
		&advs, &cves, &p.Status, dateCol{&p.Date}, &p.Reference, &p.ReferenceSHA256, &p.Notes, &p.InstallMinutes,
		&p.RequiresDowntime, timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt}, &keys[0], &keys[1]); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(advs), &p.Advisories); err != nil {
		return err
	}
	return json.Unmarshal([]byte(cves), &p.CVEs)
}

// FindPatches returns a page of catalog entries ordered by manufacturer,
// model and ID. See ward.PatchService.
func (db *DB) FindPatches(ctx context.Context, f ward.PatchFilter) (*ward.Page[ward.Patch], error) {
	if f.Status != "" && !slices.Contains(ward.PatchStatuses, f.Status) {
		return nil, ward.Errorf(ward.EINVALID, "patch status %q is not one of %s", f.Status, strings.Join(ward.PatchStatuses, ", "))
	}
	cur, err := decodeCursor(f.After, "patch", 2)
	if err != nil {
		return nil, err
	}
	limit := pageLimit(f.Limit)
	page := &ward.Page[ward.Patch]{Items: []ward.Patch{}}
	err = db.view(ctx, func(tx *Tx) error {
		var where []string
		var args []any
		add := func(cond string, arg any) { where, args = append(where, cond), append(args, arg) }
		if f.ManufacturerID != 0 {
			add("m.manufacturer_id = ?", f.ManufacturerID)
		}
		if f.ModelID != 0 {
			add("p.model_id = ?", f.ModelID)
		}
		if f.Status != "" {
			add("p.status = ?", f.Status)
		}
		if ref := strings.ToUpper(strings.TrimSpace(f.Fixes)); ref != "" {
			add("p.id IN (SELECT patch_id FROM patch_fixes WHERE kind IN ('advisory', 'cve') AND ref_key = ?)", ref)
		}
		if cur != nil {
			where = append(where, "(mf.name_key, m.name_key, p.id) > (?, ?, ?)")
			args = append(args, cur.Keys[0], cur.Keys[1], cur.ID)
		}
		q := patchSelect
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		rows, err := tx.query(q+" ORDER BY mf.name_key, m.name_key, p.id LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var keys, last [2]string
		for rows.Next() {
			var p ward.Patch
			if err := scanPatch(rows, &p, &keys); err != nil {
				return err
			}
			if len(page.Items) == limit {
				page.NextCursor = cursor{Sort: "patch", Keys: last[:], ID: page.Items[limit-1].ID}.encode()
				break
			}
			page.Items, last = append(page.Items, p), keys
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// FindPatch returns one catalog entry; ENOTFOUND if there is none.
func (db *DB) FindPatch(ctx context.Context, id int64) (*ward.Patch, error) {
	var p ward.Patch
	err := db.view(ctx, func(tx *Tx) error { return tx.patch(id, &p) })
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func (tx *Tx) patch(id int64, p *ward.Patch) error {
	var keys [2]string
	if err := scanPatch(tx.queryRow(patchSelect+" WHERE p.id = ?", id), p, &keys); err != nil {
		return notFound(err, "no patch %d", id)
	}
	return nil
}

// CreatePatch adds a catalog entry. See ward.PatchService.
func (db *DB) CreatePatch(ctx context.Context, p *ward.Patch) error {
	if err := problemsError(patchplan.Check(p)); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.resolvePatchModel(p); err != nil {
			return err
		}
		if err := tx.insertPatch(p); err != nil {
			return err
		}
		return tx.audit("patch.create", "patch", strconv.FormatInt(p.ID, 10), nil, p)
	})
}

// UpdatePatch changes a catalog entry. See ward.PatchService.
func (db *DB) UpdatePatch(ctx context.Context, id int64, upd ward.PatchUpdate) (*ward.Patch, error) {
	var p ward.Patch
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.patch(id, &p); err != nil {
			return err
		}
		before := clonePatch(&p)
		applyPatchUpdate(&p, &upd)
		if err := problemsError(patchplan.Check(&p)); err != nil {
			return err
		}
		if samePatch(&before, &p) {
			return nil
		}
		if err := tx.writePatch(&p); err != nil {
			return err
		}
		return tx.audit("patch.update", "patch", strconv.FormatInt(id, 10), &before, &p)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// DeletePatch removes a catalog entry. See ward.PatchService.
func (db *DB) DeletePatch(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var p ward.Patch
		if err := tx.patch(id, &p); err != nil {
			return err
		}
		if _, err := tx.exec(`DELETE FROM patches WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("patch.delete", "patch", strconv.FormatInt(id, 10), &p, nil)
	})
}

// clonePatch copies p with its own lists, so an update cannot change the
// copy kept for the audit trail.
func clonePatch(p *ward.Patch) ward.Patch {
	c := *p
	c.Advisories, c.CVEs = slices.Clone(p.Advisories), slices.Clone(p.CVEs)
	return c
}

func applyPatchUpdate(p *ward.Patch, u *ward.PatchUpdate) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&p.AppliesTo, u.AppliesTo)
	set(&p.InstallsVersion, u.InstallsVersion)
	set(&p.Status, u.Status)
	set(&p.Reference, u.Reference)
	set(&p.ReferenceSHA256, u.ReferenceSHA256)
	set(&p.Notes, u.Notes)
	if u.Advisories != nil {
		p.Advisories = *u.Advisories
	}
	if u.CVEs != nil {
		p.CVEs = *u.CVEs
	}
	if u.Date != nil {
		p.Date = *u.Date
	}
	if u.InstallMinutes != nil {
		p.InstallMinutes = *u.InstallMinutes
	}
	if u.RequiresDowntime != nil {
		p.RequiresDowntime = *u.RequiresDowntime
	}
}

// problemsError turns field problems into one EINVALID error naming them.
func problemsError(probs []ward.FieldProblem) error {
	if len(probs) == 0 {
		return nil
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Field+": "+p.Message)
	}
	return ward.Errorf(ward.EINVALID, "%s", strings.Join(msgs, "; "))
}

// resolvePatchModel finds p's model: by ID, or by the manufacturer's name
// or alias and the model's name, alias or model number. Manufacturers an
// import could not resolve are refused: their models may yet be merged
// into a known manufacturer's, and a catalog is about real products.
func (tx *Tx) resolvePatchModel(p *ward.Patch) error {
	if p.ModelID != 0 {
		err := tx.queryRow(`SELECT m.manufacturer_id, mf.name, m.name FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id
			WHERE m.id = ?`, p.ModelID).Scan(&p.ManufacturerID, &p.Manufacturer, &p.Model)
		return notFound(err, "no model %d", p.ModelID)
	}
	mfr, err := tx.resolveManufacturer(p.Manufacturer)
	if err != nil {
		return err
	}
	if mfr.Status == ward.ManufacturerUnresolved {
		return ward.Errorf(ward.EINVALID, "manufacturer %q is not resolved: map it first with 'ward manufacturers alias' or confirm it",
			p.Manufacturer)
	}
	key := names.Key(p.Model)
	id, err := tx.modelOwning("model_aliases", "alias_key", mfr.ID, key)
	if err == nil && id == 0 {
		id, err = tx.modelOwning("model_numbers", "number_key", mfr.ID, key)
	}
	if err != nil {
		return err
	}
	if id == 0 {
		return ward.Errorf(ward.ENOTFOUND, "%s has no model known as %q", mfr.Name, p.Model)
	}
	p.ModelID, p.ManufacturerID, p.Manufacturer = id, mfr.ID, mfr.Name
	return tx.queryRow(`SELECT name FROM models WHERE id = ?`, id).Scan(&p.Model)
}

// insertPatch stores a new, checked entry with a resolved model.
func (tx *Tx) insertPatch(p *ward.Patch) error {
	p.CreatedAt, p.UpdatedAt = tx.now, tx.now
	advs, cves := jsonList(p.Advisories), jsonList(p.CVEs)
	err := tx.queryRow(`INSERT INTO patches (model_id, applies_to, installs_version, installs_key, advisories, cves, status,
		released, reference, reference_sha256, notes, install_minutes, requires_downtime, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.ModelID, p.AppliesTo, p.InstallsVersion, installsKey(p.InstallsVersion), advs, cves, p.Status, tx.date(p.Date),
		p.Reference, p.ReferenceSHA256, p.Notes, p.InstallMinutes, p.RequiresDowntime, tx.ts(tx.now), tx.ts(tx.now)).Scan(&p.ID)
	if err != nil {
		if ward.ErrorCode(mapError(err)) == ward.ECONFLICT {
			return ward.Errorf(ward.ECONFLICT, "%s %s already has a patch installing %q", p.Manufacturer, p.Model, p.InstallsVersion)
		}
		return err
	}
	return tx.writePatchFixes(p)
}

// writePatch rewrites a stored entry's fields and fixes.
func (tx *Tx) writePatch(p *ward.Patch) error {
	p.UpdatedAt = tx.now
	_, err := tx.exec(`UPDATE patches SET applies_to = ?, installs_version = ?, installs_key = ?, advisories = ?, cves = ?,
		status = ?, released = ?, reference = ?, reference_sha256 = ?, notes = ?, install_minutes = ?, requires_downtime = ?,
		updated_at = ? WHERE id = ?`,
		p.AppliesTo, p.InstallsVersion, installsKey(p.InstallsVersion), jsonList(p.Advisories), jsonList(p.CVEs), p.Status,
		tx.date(p.Date), p.Reference, p.ReferenceSHA256, p.Notes, p.InstallMinutes, p.RequiresDowntime, tx.ts(tx.now), p.ID)
	if err != nil {
		if ward.ErrorCode(mapError(err)) == ward.ECONFLICT {
			return ward.Errorf(ward.ECONFLICT, "%s %s already has another patch installing %q", p.Manufacturer, p.Model, p.InstallsVersion)
		}
		return err
	}
	if _, err := tx.exec(`DELETE FROM patch_fixes WHERE patch_id = ?`, p.ID); err != nil {
		return err
	}
	return tx.writePatchFixes(p)
}

// writePatchFixes indexes what an entry fixes, in one statement.
func (tx *Tx) writePatchFixes(p *ward.Patch) error {
	var vals []string
	var args []any
	for _, a := range p.Advisories {
		vals, args = append(vals, "(?, 'advisory', ?)"), append(args, p.ID, a)
	}
	for _, c := range p.CVEs {
		vals, args = append(vals, "(?, 'cve', ?)"), append(args, p.ID, c)
	}
	if len(vals) == 0 {
		return nil
	}
	_, err := tx.exec(`INSERT INTO patch_fixes (patch_id, kind, ref_key) VALUES `+strings.Join(vals, ", "), args...)
	return err
}

// installsKey is the form installed versions are compared in, so "V1.6.1"
// and "1.6.1" are the same release.
func installsKey(v string) string { return version.Normalize(v) }

func jsonList(ss []string) string {
	if ss == nil {
		ss = []string{}
	}
	b, _ := json.Marshal(ss)
	return string(b)
}
