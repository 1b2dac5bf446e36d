package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"ward"
	"ward/patchplan"
)

// ImportPatches upserts a catalog file by (model, installed version) in
// one transaction. Names resolve through the registry and catalog aliases
// held in memory, and the stored entries of the file's models are read in
// one query, so a file costs no query per record beyond its writes. See
// ward.PatchService.
func (db *DB) ImportPatches(ctx context.Context, b *ward.PatchBatch, skipInvalid bool) (*ward.PatchImportResult, error) {
	res := &ward.PatchImportResult{Rejected: []ward.RowError{}}
	err := db.update(ctx, func(tx *Tx) error {
		refs, err := loadRefCache(tx)
		if err != nil {
			return err
		}
		seen := map[patchKey]int{} // line of the first record of each entry
		var models []int64
		for i := range b.Records {
			rec := &b.Records[i]
			res.Read++
			if len(rec.Problems) == 0 {
				rec.Problems = append(rec.Problems, patchplan.Check(&rec.Patch)...)
			}
			if len(rec.Problems) == 0 {
				resolveRecord(refs, b, rec, seen)
			}
			if len(rec.Problems) > 0 {
				res.Rejected = append(res.Rejected, ward.RowError{File: b.Name, Line: rec.Line, Problems: rec.Problems, Raw: rec.Raw})
			} else if !slices.Contains(models, rec.Patch.ModelID) {
				models = append(models, rec.Patch.ModelID)
			}
		}
		if len(res.Rejected) > 0 && !skipInvalid {
			return &ward.ImportError{Source: b.Name, Rows: res.Rejected}
		}
		stored, err := tx.patchesOf(models)
		if err != nil {
			return err
		}
		for i := range b.Records {
			if rec := &b.Records[i]; len(rec.Problems) == 0 {
				if err := tx.upsertPatch(&rec.Patch, stored, res); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// patchKey identifies a catalog entry: a model and a normalised installed
// version.
type patchKey struct {
	model    int64
	installs string
}

// resolveRecord finds a record's model, reporting an unknown or unresolved
// manufacturer, an unknown model and a second record for the same entry on
// the record, in the file's own column names.
func resolveRecord(refs *refCache, b *ward.PatchBatch, rec *ward.PatchRecord, seen map[patchKey]int) {
	p := &rec.Patch
	problem := func(field, format string, args ...any) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: b.Column(field), Message: fmt.Sprintf(format, args...)})
	}
	mfr, ok := refs.mfrByKey[refs.key(p.Manufacturer)]
	switch {
	case !ok:
		problem(patchplan.FieldManufacturer, "no manufacturer is known as %q", p.Manufacturer)
		return
	case refs.mfrUnresolved[mfr]:
		problem(patchplan.FieldManufacturer, "manufacturer %q is not resolved: map it first with 'ward manufacturers alias' or confirm it", p.Manufacturer)
		return
	}
	key := scopedKey{mfr, refs.key(p.Model)}
	model, ok := refs.modelByAlias[key]
	if !ok {
		model, ok = refs.modelByNumber[key]
	}
	if !ok {
		problem(patchplan.FieldModel, "%s has no model known as %q", refs.mfrName[mfr], p.Model)
		return
	}
	p.ManufacturerID, p.Manufacturer, p.ModelID, p.Model = mfr, refs.mfrName[mfr], model, refs.modelName[model]
	k := patchKey{model, installsKey(p.InstallsVersion)}
	if first, dup := seen[k]; dup {
		problem(patchplan.FieldInstallsVersion, "line %d already has a patch for %s %s installing %q", first, p.Manufacturer, p.Model, p.InstallsVersion)
		return
	}
	seen[k] = rec.Line
}

// patchesOf returns the stored entries of the given models by key.
func (tx *Tx) patchesOf(models []int64) (map[patchKey]*ward.Patch, error) {
	out := map[patchKey]*ward.Patch{}
	if len(models) == 0 {
		return out, nil
	}
	rows, err := tx.query(patchSelect+" WHERE p.model_id IN ("+placeholders(len(models))+")", int64Args(models)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys [2]string
	for rows.Next() {
		p := new(ward.Patch)
		if err := scanPatch(rows, p, &keys); err != nil {
			return nil, err
		}
		out[patchKey{p.ModelID, installsKey(p.InstallsVersion)}] = p
	}
	return out, rows.Err()
}

// upsertPatch creates the entry, or updates the stored one of the same
// model and installed version when a field differs.
func (tx *Tx) upsertPatch(p *ward.Patch, stored map[patchKey]*ward.Patch, res *ward.PatchImportResult) error {
	old := stored[patchKey{p.ModelID, installsKey(p.InstallsVersion)}]
	switch {
	case old == nil:
		res.Created++
		if err := tx.insertPatch(p); err != nil {
			return err
		}
		return tx.audit("patch.create", "patch", strconv.FormatInt(p.ID, 10), nil, p)
	case samePatch(old, p):
		res.Unchanged++
		*p = *old
		return nil
	}
	res.Updated++
	p.ID, p.CreatedAt = old.ID, old.CreatedAt
	if err := tx.writePatch(p); err != nil {
		return err
	}
	return tx.audit("patch.update", "patch", strconv.FormatInt(p.ID, 10), old, p)
}

// samePatch reports whether an import record says what is stored.
func samePatch(a, b *ward.Patch) bool {
	return a.AppliesTo == b.AppliesTo && a.InstallsVersion == b.InstallsVersion && slices.Equal(a.Advisories, b.Advisories) &&
		slices.Equal(a.CVEs, b.CVEs) && a.Status == b.Status && a.Date == b.Date && a.Reference == b.Reference &&
		a.ReferenceSHA256 == b.ReferenceSHA256 && a.Notes == b.Notes && a.InstallMinutes == b.InstallMinutes &&
		a.RequiresDowntime == b.RequiresDowntime
}
