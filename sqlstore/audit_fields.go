package sqlstore

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"ward"
)

// changedFields returns the entries of before and after whose values
// differ, so an update's audit entry shows what it changed and nothing
// else. Values are compared as the JSON the entry will hold.
func changedFields(before, after map[string]any) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	for k, v := range after {
		x, errX := json.Marshal(before[k])
		y, errY := json.Marshal(v)
		if errX != nil || errY != nil || !bytes.Equal(x, y) {
			b[k], a[k] = before[k], v
		}
	}
	return b, a
}

// modelAudit is what the audit trail records of a model: its catalog
// fields and names, not its unit count.
func modelAudit(m *ward.Model) map[string]any {
	return map[string]any{"manufacturer": m.Manufacturer, "name": m.Name, "aliases": m.Aliases,
		"model_numbers": m.ModelNumbers, "device_type": m.DeviceType, "product_code": m.ProductCode,
		"life_sustaining": m.LifeSustaining, "patient_connected": m.PatientConnected,
		"expected_life_years": m.ExpectedLifeYears, "end_of_sale": m.EndOfSale, "end_of_support": m.EndOfSupport,
		"parts": m.Parts, "cpe": m.CPE, "replacement_cost": m.ReplacementCost}
}

// model reads one model with its names inside the transaction, for the
// audit trail's before and after.
func (tx *Tx) model(id int64) (*ward.Model, error) {
	var m ward.Model
	var keys [2]string
	if err := scanModel(tx.queryRow("SELECT "+modelColumns+modelFrom+" WHERE m.id = ?", id), &m, &keys); err != nil {
		return nil, notFound(err, "no model %d", id)
	}
	ms := []ward.Model{m}
	if err := tx.fillModelDetails(ms); err != nil {
		return nil, err
	}
	return &ms[0], nil
}

// auditAlias records that alias now names m, and which unresolved
// manufacturer (holder, nil when none) it merged into m. Adding an alias m
// already has changes nothing and records nothing.
func (tx *Tx) auditAlias(m *ward.Manufacturer, alias string, holder *ward.Manufacturer) error {
	if holder != nil && holder.ID == m.ID {
		return nil
	}
	after := map[string]any{"manufacturer": m.Name, "alias": strings.TrimSpace(alias)}
	var before map[string]any
	if holder != nil {
		before = map[string]any{"alias_of": holder.Name, "status": holder.Status}
		after["merged"] = holder.Name
	}
	return tx.audit("manufacturer.alias", "manufacturer", strconv.FormatInt(m.ID, 10), before, after)
}
