package sqlstore

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"ward"
	"ward/names"
)

var productCodeRE = regexp.MustCompile(`^[A-Z]{3}$`)

// CreateModel adds a model with its aliases, numbers and catalog fields.
// See ward.ModelService.
func (db *DB) CreateModel(ctx context.Context, m *ward.Model) error {
	upd := ward.ModelUpdate{DeviceType: &m.DeviceType, ProductCode: &m.ProductCode, PatientConnected: &m.PatientConnected,
		ExpectedLifeYears: &m.ExpectedLifeYears, EndOfSale: &m.EndOfSale, EndOfSupport: &m.EndOfSupport, Parts: &m.Parts, CPE: &m.CPE,
		ReplacementCost: &m.ReplacementCost,
		LifeSustaining:  &m.LifeSustaining, AddAliases: m.Aliases, AddModelNumbers: m.ModelNumbers}
	if err := validateModelUpdate(&upd); err != nil {
		return err
	}
	if names.Key(m.Name) == "" {
		return ward.Errorf(ward.EINVALID, "model name %q has no letters or digits", m.Name)
	}
	return db.update(ctx, func(tx *Tx) error {
		mfr, err := tx.resolveManufacturer(m.Manufacturer)
		if err != nil {
			return err
		}
		if owner, err := tx.modelOwning("model_aliases", "alias_key", mfr.ID, names.Key(m.Name)); err != nil {
			return err
		} else if owner != 0 {
			return ward.Errorf(ward.ECONFLICT, "%s already has a model called %q", mfr.Name, m.Name)
		}
		if m.ID, err = tx.createModel(mfr.ID, m.Name, "", 0, "catalog"); err != nil {
			return err
		}
		m.ManufacturerID, m.Manufacturer = mfr.ID, mfr.Name
		if _, err = tx.updateModel(m.ID, mfr.ID, upd, "catalog"); err != nil {
			return err
		}
		created, err := tx.model(m.ID)
		if err != nil {
			return err
		}
		return tx.audit("model.create", "model", strconv.FormatInt(m.ID, 10), nil, modelAudit(created))
	})
}

// UpdateModel applies upd to a model. When the update changes how the
// model is identified in advisories (a new alias or model number, another
// CPE), the model's groups are marked for re-matching. ENOTFOUND for an
// unknown model, EINVALID for bad values, ECONFLICT when an alias or model
// number already belongs to another model of the manufacturer.
func (db *DB) UpdateModel(ctx context.Context, id int64, upd ward.ModelUpdate) (*ward.Model, error) {
	if err := validateModelUpdate(&upd); err != nil {
		return nil, err
	}
	err := db.update(ctx, func(tx *Tx) error {
		old, err := tx.model(id)
		if err != nil {
			return err
		}
		added, err := tx.updateModel(id, old.ManufacturerID, upd, "user")
		if err != nil {
			return err
		}
		if added || upd.CPE != nil && *upd.CPE != old.CPE {
			// The model's findings were matched on names it no longer
			// has alone: forget its groups were matched.
			if err := tx.staleModels(`model_id = ?`, id); err != nil {
				return err
			}
		}
		updated, err := tx.model(id)
		if err != nil {
			return err
		}
		before, after := changedFields(modelAudit(old), modelAudit(updated))
		if len(after) == 0 {
			return nil
		}
		return tx.audit("model.update", "model", strconv.FormatInt(id, 10), before, after)
	})
	if err != nil {
		return nil, err
	}
	return db.FindModel(ctx, id)
}

// updateModel writes the fields upd sets and adds its names, and reports
// whether it added any alias or model number.
func (tx *Tx) updateModel(id, mfr int64, upd ward.ModelUpdate, source string) (added bool, err error) {
	var sets []string
	var args []any
	set := func(col string, v any) { sets, args = append(sets, col+" = ?"), append(args, v) }
	if upd.DeviceType != nil {
		tid, err := tx.deviceTypeID(*upd.DeviceType, true)
		if err != nil {
			return false, err
		}
		set("device_type_id", idArg(tid))
	}
	if upd.ProductCode != nil {
		set("product_code", *upd.ProductCode)
	}
	if upd.LifeSustaining != nil {
		set("life_sustaining", boolPtrArg(*upd.LifeSustaining))
	}
	if upd.PatientConnected != nil {
		set("patient_connected", *upd.PatientConnected)
	}
	if upd.ExpectedLifeYears != nil {
		set("expected_life_years", *upd.ExpectedLifeYears)
	}
	if upd.EndOfSale != nil {
		set("end_of_sale", tx.date(*upd.EndOfSale))
	}
	if upd.EndOfSupport != nil {
		set("end_of_support", tx.date(*upd.EndOfSupport))
	}
	if upd.Parts != nil {
		set("parts", *upd.Parts)
	}
	if upd.CPE != nil {
		set("cpe", *upd.CPE)
	}
	if upd.ReplacementCost != nil {
		set("replacement_cost", moneyArg(*upd.ReplacementCost))
	}
	set("updated_at", tx.ts(tx.now))
	if _, err := tx.exec(`UPDATE models SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return false, err
	}
	return tx.addModelNames(id, mfr, upd.AddAliases, upd.AddModelNumbers, source)
}

// addModelNames adds aliases and numbers to a model, skipping ones it has
// and refusing ones another model of the manufacturer has, and reports
// whether it added any.
func (tx *Tx) addModelNames(id, mfr int64, aliases, numbers []string, source string) (added bool, err error) {
	for _, a := range aliases {
		owner, err := tx.modelOwning("model_aliases", "alias_key", mfr, names.Key(a))
		if err != nil {
			return false, err
		}
		if owner != 0 && owner != id {
			return false, ward.Errorf(ward.ECONFLICT, "alias %q already names model %d", a, owner)
		}
		if owner == 0 {
			if err := tx.addModelAlias(id, mfr, a, source); err != nil {
				return false, err
			}
			added = true
		}
	}
	for _, n := range numbers {
		owner, err := tx.modelOwning("model_numbers", "number_key", mfr, names.Key(n))
		if err != nil {
			return false, err
		}
		if owner != 0 && owner != id {
			return false, ward.Errorf(ward.ECONFLICT, "model number %q already belongs to model %d", n, owner)
		}
		if owner == 0 {
			if err := tx.addModelNumber(id, mfr, n); err != nil {
				return false, err
			}
			added = true
		}
	}
	return added, nil
}

func validateModelUpdate(upd *ward.ModelUpdate) error {
	if upd.ProductCode != nil {
		*upd.ProductCode = strings.ToUpper(strings.TrimSpace(*upd.ProductCode))
		if *upd.ProductCode != "" && !productCodeRE.MatchString(*upd.ProductCode) {
			return ward.Errorf(ward.EINVALID, "product code %q is not three letters", *upd.ProductCode)
		}
	}
	if upd.ExpectedLifeYears != nil && (*upd.ExpectedLifeYears < 0 || *upd.ExpectedLifeYears > 60) {
		return ward.Errorf(ward.EINVALID, "expected life %d years is out of range 0–60", *upd.ExpectedLifeYears)
	}
	if upd.Parts != nil && *upd.Parts != "" && !slices.Contains([]string{ward.PartsAvailable, ward.PartsLimited, ward.PartsUnavailable}, *upd.Parts) {
		return ward.Errorf(ward.EINVALID, "parts availability %q is not available, limited or unavailable", *upd.Parts)
	}
	if upd.ReplacementCost != nil && (*upd.ReplacementCost < 0 || *upd.ReplacementCost > 1e14) {
		return ward.Errorf(ward.EINVALID, "replacement cost %s is out of range 0–1000000000000.00", *upd.ReplacementCost)
	}
	if upd.CPE != nil {
		*upd.CPE = strings.TrimSpace(*upd.CPE)
		if c := *upd.CPE; c != "" && !strings.HasPrefix(c, "cpe:2.3:") && !strings.HasPrefix(c, "cpe:/") {
			return ward.Errorf(ward.EINVALID, "CPE %q is not a CPE 2.3 name (cpe:2.3:…)", c)
		}
	}
	for _, s := range append(slices.Clone(upd.AddAliases), upd.AddModelNumbers...) {
		if names.Key(s) == "" || len(s) > 200 {
			return ward.Errorf(ward.EINVALID, "alias or model number %q must have letters or digits and at most 200 characters", s)
		}
	}
	return nil
}

// ImportProductCodes upserts FDA product classification rows in one
// transaction and returns how many were added and changed.
func (db *DB) ImportProductCodes(ctx context.Context, codes []ward.ProductCode) (added, changed int, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		existing := map[string]ward.ProductCode{}
		rows, err := tx.query(`SELECT ` + productCodeColumns + ` FROM fda_product_codes`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p ward.ProductCode
			if err := scanProductCode(rows, &p); err != nil {
				rows.Close()
				return err
			}
			existing[p.Code] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		stmt, err := tx.prepare(`INSERT INTO fda_product_codes (product_code, device_name, device_class, medical_specialty,
			review_panel, regulation_number, submission_type, implant, life_sustaining, third_party_review, gmp_exempt,
			definition, unclassified_reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (product_code) DO UPDATE SET device_name = excluded.device_name, device_class = excluded.device_class,
			medical_specialty = excluded.medical_specialty, review_panel = excluded.review_panel,
			regulation_number = excluded.regulation_number, submission_type = excluded.submission_type,
			implant = excluded.implant, life_sustaining = excluded.life_sustaining,
			third_party_review = excluded.third_party_review, gmp_exempt = excluded.gmp_exempt,
			definition = excluded.definition, unclassified_reason = excluded.unclassified_reason, updated_at = excluded.updated_at`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, p := range codes {
			old, ok := existing[p.Code]
			switch {
			case !ok:
				added++
			case old == p:
				continue
			default:
				changed++
			}
			if _, err := stmt.ExecContext(ctx, p.Code, p.DeviceName, p.DeviceClass, p.MedicalSpecialty, p.ReviewPanel,
				p.RegulationNumber, p.SubmissionType, p.Implant, p.LifeSustaining, p.ThirdPartyReview, p.GMPExempt,
				p.Definition, p.UnclassifiedReason, tx.ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit("import.product_codes", "fda_product_code", "", nil, map[string]any{"read": len(codes),
			"added": added, "changed": changed, "unchanged": len(codes) - added - changed})
	})
	return added, changed, err
}

const productCodeColumns = `product_code, device_name, device_class, medical_specialty, review_panel, regulation_number,
	submission_type, implant, life_sustaining, third_party_review, gmp_exempt, definition, unclassified_reason`

func scanProductCode(row interface{ Scan(...any) error }, p *ward.ProductCode) error {
	return row.Scan(&p.Code, &p.DeviceName, &p.DeviceClass, &p.MedicalSpecialty, &p.ReviewPanel, &p.RegulationNumber,
		&p.SubmissionType, &p.Implant, &p.LifeSustaining, &p.ThirdPartyReview, &p.GMPExempt, &p.Definition, &p.UnclassifiedReason)
}

// FindProductCode returns one FDA product code; ENOTFOUND if unknown.
func (db *DB) FindProductCode(ctx context.Context, code string) (*ward.ProductCode, error) {
	var p ward.ProductCode
	err := db.view(ctx, func(tx *Tx) error {
		err := scanProductCode(tx.queryRow(`SELECT `+productCodeColumns+` FROM fda_product_codes WHERE product_code = ?`,
			strings.ToUpper(strings.TrimSpace(code))), &p)
		return notFound(err, "no FDA product code %q", code)
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}
