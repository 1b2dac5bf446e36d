package sqlstore

import (
	"context"
	"fmt"

	"ward"
	"ward/names"
)

// CreateWorkOrders stores new work orders in one transaction, all or none,
// and returns them as stored, in the order given. An order names its
// device by DeviceID or AssetTag and may name its team by TeamID or Team
// (otherwise the matrix decides); orders without a number are numbered
// WO-0000042 after their ID. EINVALID for a bad value (naming the order),
// ENOTFOUND for an unknown device or team, ECONFLICT for a number in use.
func (db *DB) CreateWorkOrders(ctx context.Context, wos []ward.WorkOrder) ([]ward.WorkOrder, error) {
	in := make([]ward.WorkOrder, len(wos))
	for i := range wos {
		in[i] = cloneWorkOrder(&wos[i])
		if err := in[i].Normalize(); err != nil {
			return nil, ward.WrapError(ward.ErrorCode(err), err, "work order %d", i+1)
		}
		if in[i].DeviceID == 0 && in[i].AssetTag == "" {
			return nil, ward.Errorf(ward.EINVALID, "work order %d names no device", i+1)
		}
	}
	var out []ward.WorkOrder
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.resolveOrderRefs(in); err != nil {
			return err
		}
		w, err := newWOWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		if err := w.number(in); err != nil {
			return err
		}
		ids := make([]int64, len(in))
		for i := range in {
			created, by := in[i].CreatedAt, in[i].CreatedBy
			if created.IsZero() {
				created = tx.now
			}
			if by == "" {
				by = ward.ActorFrom(ctx)
			}
			if err := w.insert(&in[i], created, by); err != nil {
				return err
			}
			ids[i] = in[i].ID
			if (i+1)%importBatch == 0 {
				if err := w.flush(); err != nil {
					return err
				}
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		if out, err = tx.workOrdersByID(ids); err != nil {
			return err
		}
		return tx.auditCreated(out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// resolveOrderRefs finds the devices of orders named by asset tag, checks
// that the others exist, and resolves explicit teams; ENOTFOUND names the
// order of an unknown device or team.
func (tx *Tx) resolveOrderRefs(in []ward.WorkOrder) error {
	var tags []string
	var ids []int64
	for i := range in {
		if in[i].DeviceID == 0 {
			tags = append(tags, tagKey(in[i].AssetTag))
		} else {
			ids = append(ids, in[i].DeviceID)
		}
	}
	byTag, err := tx.deviceIDsByTag(tags)
	if err != nil {
		return err
	}
	known, err := tx.existingDevices(ids)
	if err != nil {
		return err
	}
	teams, err := tx.teamsByKey()
	if err != nil {
		return err
	}
	for i := range in {
		wo := &in[i]
		if wo.DeviceID == 0 {
			if wo.DeviceID = byTag[tagKey(wo.AssetTag)]; wo.DeviceID == 0 {
				return ward.Errorf(ward.ENOTFOUND, "work order %d: no device with asset tag %q", i+1, wo.AssetTag)
			}
		} else if !known[wo.DeviceID] {
			return ward.Errorf(ward.ENOTFOUND, "work order %d: no device %d", i+1, wo.DeviceID)
		}
		wo.TeamSource = ward.TeamFromMatrix
		switch {
		case wo.TeamID != 0:
			if _, ok := teams.byID[wo.TeamID]; !ok {
				return ward.Errorf(ward.ENOTFOUND, "work order %d: no team %d", i+1, wo.TeamID)
			}
			wo.TeamSource = ward.TeamFromWorkOrder
		case wo.Team != "":
			id, ok := teams.byKey[names.Key(wo.Team)]
			if !ok {
				return ward.Errorf(ward.ENOTFOUND, "work order %d: no team named %q", i+1, wo.Team)
			}
			wo.TeamID, wo.TeamSource = id, ward.TeamFromWorkOrder
		}
	}
	return nil
}

// woTeams are the teams by ID and by name key.
type woTeams struct {
	byID  map[int64]string
	byKey map[string]int64
}

func (tx *Tx) teamsByKey() (*woTeams, error) {
	t := &woTeams{byID: map[int64]string{}, byKey: map[string]int64{}}
	err := eachRow(tx, `SELECT id, name FROM teams`, nil, func(id int64, name string) {
		t.byID[id], t.byKey[names.Key(name)] = name, id
	})
	return t, err
}

// deviceIDsByTag maps asset tag keys to device IDs, a chunk per query.
func (tx *Tx) deviceIDsByTag(keys []string) (map[string]int64, error) {
	out := make(map[string]int64, len(keys))
	for _, c := range chunks(keys, importBatch) {
		err := eachRow(tx, `SELECT id, tag_key FROM devices WHERE tag_key IN (`+placeholders(len(c))+`)`, stringArgs(c),
			func(id int64, key string) { out[key] = id })
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (tx *Tx) existingDevices(ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	for _, c := range chunks(ids, importBatch) {
		err := eachRow(tx, `SELECT id, '' FROM devices WHERE id IN (`+placeholders(len(c))+`)`, int64Args(c),
			func(id int64, _ string) { out[id] = true })
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// number gives each order an ID, and a number when it has none, refusing
// numbers already in use or given twice (ECONFLICT).
func (w *woWriter) number(in []ward.WorkOrder) error {
	if err := w.reserve(len(in)); err != nil {
		return err
	}
	seen := map[string]int{}
	keys := make([]string, 0, len(in))
	for i := range in {
		id, err := w.nextID()
		if err != nil {
			return err
		}
		in[i].ID = id
		if in[i].Number == "" {
			in[i].Number = workOrderNumber(id)
		}
		k := ward.WorkOrderNumberKey(in[i].Number)
		if j, dup := seen[k]; dup {
			return ward.Errorf(ward.ECONFLICT, "work orders %d and %d have the same number %q", j+1, i+1, in[i].Number)
		}
		seen[k] = i
		keys = append(keys, k)
	}
	taken, err := w.tx.takenNumbers(keys)
	if err != nil {
		return err
	}
	for i := range in {
		if !taken[ward.WorkOrderNumberKey(in[i].Number)] {
			continue
		}
		if in[i].Number != workOrderNumber(in[i].ID) {
			return ward.Errorf(ward.ECONFLICT, "work order number %q is in use", in[i].Number)
		}
		// An imported order took the number Ward would give: step aside.
		in[i].Number = fmt.Sprintf("%s-W", in[i].Number)
		if t, err := w.tx.takenNumbers([]string{ward.WorkOrderNumberKey(in[i].Number)}); err != nil || len(t) > 0 {
			return ward.Errorf(ward.ECONFLICT, "work order number %q is in use", in[i].Number)
		}
	}
	return nil
}

// takenNumbers returns which of the number keys are in use.
func (tx *Tx) takenNumbers(keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range chunks(keys, importBatch) {
		err := eachRow(tx, `SELECT id, number_key FROM work_orders WHERE number_key IN (`+placeholders(len(c))+`)`,
			stringArgs(c), func(_ int64, k string) { out[k] = true })
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// workOrdersByID reads orders back, in the order of ids.
func (tx *Tx) workOrdersByID(ids []int64) ([]ward.WorkOrder, error) {
	names, err := tx.workOrderNames()
	if err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]ward.WorkOrder, len(ids))
	today := ward.DateOf(tx.now)
	for _, c := range chunks(ids, importBatch) {
		rows, err := tx.query(workOrderSelect+` WHERE w.id IN (`+placeholders(len(c))+`)`, int64Args(c)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var wo ward.WorkOrder
			if err := scanWorkOrder(rows, &wo, names, today); err != nil {
				rows.Close()
				return nil, err
			}
			out[at[wo.ID]] = wo
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, tx.loadLinks(out)
}

// UpdateWorkOrder applies upd to a work order and records each change,
// with the entries upd.Record adds, in its history. ENOTFOUND for an
// unknown order or team, EINVALID for bad values, ECONFLICT for a status
// move the workflow does not allow.
func (db *DB) UpdateWorkOrder(ctx context.Context, id int64, upd ward.WorkOrderUpdate) (*ward.WorkOrder, error) {
	var out *ward.WorkOrder
	err := db.update(ctx, func(tx *Tx) error {
		old, err := tx.findWorkOrder("w.id = ?", id)
		if err != nil {
			return err
		}
		wo := cloneWorkOrder(old)
		if err := upd.Apply(&wo, ward.DateOf(tx.now), ward.ActorFrom(ctx)); err != nil {
			return err
		}
		if upd.TeamID != nil && *upd.TeamID != 0 {
			if err := tx.queryRow(`SELECT name FROM teams WHERE id = ?`, *upd.TeamID).Scan(&wo.Team); err != nil {
				return notFound(err, "no team %d", *upd.TeamID)
			}
		}
		if err := wo.Normalize(); err != nil {
			return err
		}
		changes := append(ward.DiffWorkOrders(old, &wo), upd.Record...)
		if len(changes) == 0 {
			out = old
			return nil
		}
		u := &woUpdater{tx: tx}
		defer u.close()
		if err := u.update(&wo, ward.FormatLinks(old.Links) != ward.FormatLinks(wo.Links)); err != nil {
			return err
		}
		w, err := newWOWriter(tx)
		if err != nil {
			return err
		}
		defer w.close()
		w.addChanges(id, changes)
		if err := w.flush(); err != nil {
			return err
		}
		if out, err = tx.findWorkOrder("w.id = ?", id); err != nil {
			return err
		}
		return tx.audit("work_order.update", "work_order", out.Number, nil, changes)
	})
	return out, err
}

// auditCreated records the creation of orders: one whole order, or, for
// a bulk creation, their number and the first and last of them, so a
// batch of thousands is one audit entry.
func (tx *Tx) auditCreated(orders []ward.WorkOrder) error {
	switch len(orders) {
	case 0:
		return nil
	case 1:
		return tx.audit("work_order.create", "work_order", orders[0].Number, nil, orders[0])
	}
	return tx.audit("work_order.create", "work_order", "", nil, map[string]any{"orders": len(orders),
		"first": orders[0].Number, "last": orders[len(orders)-1].Number})
}
