package sqlstore

import (
	"encoding/json"
	"slices"

	"ward"
	"ward/lifecycle"
)

// lifecycleWalk evaluates devices chunk by chunk inside one transaction,
// caching what chunks share: facility and type names, models, and the
// assessed findings of each group.
type lifecycleWalk struct {
	tx      *Tx
	policy  *ward.LifecyclePolicy
	today   ward.Date
	details bool                // keep the names behind the counts, for one device
	found   *lifecycle.Findings // with details: the last device's findings
	pre     *lcGathered         // every device's, when the walk reads all it selects

	facilities map[int64]string
	types      map[int64]string
	models     map[int64]*lcModel
	groups     groupFindings
}

// lcModel is what a recommendation takes from a device's model.
type lcModel struct {
	name, manufacturer string
	typeID             int64
	life               int
	eos                ward.Date
	parts              string
	replacement        ward.Money
}

func (tx *Tx) newLifecycleWalk() (*lifecycleWalk, error) {
	p, err := tx.lifecyclePolicy()
	if err != nil {
		return nil, err
	}
	w := &lifecycleWalk{tx: tx, policy: p, today: ward.DateOf(tx.now), facilities: map[int64]string{},
		types: map[int64]string{}, models: map[int64]*lcModel{}, groups: newGroupFindings()}
	for _, q := range []struct {
		sql string
		m   map[int64]string
	}{{`SELECT id, name FROM facilities`, w.facilities}, {`SELECT id, name FROM device_types`, w.types}} {
		if err := tx.lcNames(q.sql, q.m); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// lcNames reads id → name rows into m.
func (tx *Tx) lcNames(q string, m map[int64]string) error {
	rows, err := tx.query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		m[id] = name
	}
	return rows.Err()
}

// Chunk sizes: a page starts with what it needs and grows; a stream reads
// lcChunkMax devices per round of queries.
const (
	lcChunkMin = 64
	lcChunkMax = 4096
)

// lcRun says how a walk reads: from after, chunk devices at first
// (growing to lcChunkMax), in full chunks from the start when the rows
// wanted may be sparse among those read, and whether it will read
// everything it selects, in which case the repairs, recalls and own
// findings of every device are read once up front instead of per chunk.
type lcRun struct {
	after  *lcPos
	chunk  int
	sparse bool
	all    bool
}

// run calls fn for each device f selects, in listing order.
func (w *lifecycleWalk) run(f ward.LifecycleFilter, o lcRun, fn func(*ward.LifecycleRecommendation, lcPos) error) error {
	if f.DeviceID != 0 {
		devs, err := w.tx.scanLifecycleDevices(" AND d.id = ?", f.DeviceID)
		if err != nil {
			return err
		}
		return w.evaluate(devs, fn)
	}
	order := w.facilityOrder(f.FacilityIDs)
	start := 0
	if o.after != nil {
		start = slices.Index(order, o.after.facility)
		if start < 0 {
			return ward.Errorf(ward.EINVALID, "bad cursor: it belongs to another list")
		}
	}
	if o.all {
		if pays, err := w.preloadPays(f); err != nil {
			return err
		} else if pays {
			if w.pre, err = w.gather(lcScope{}); err != nil {
				return err
			}
		}
	}
	sel := lcSelect{model: f.ModelID}
	sel.cand, sel.candArgs = w.tx.lcCandidates(f.Recommendations, w.policy, w.today)
	if o.sparse && sel.cand == "" {
		o.chunk = lcChunkMax // the candidates, when known, are mostly matches
	}
	n := min(max(o.chunk, lcChunkMin), lcChunkMax)
	for i, fac := range order[start:] {
		var from *lcPos
		if i == 0 {
			from = o.after
		}
		sel.facility = fac
		for {
			devs, err := w.tx.lifecycleDevices(sel, from, n)
			if err != nil {
				return err
			}
			if err := w.evaluate(devs, fn); err != nil {
				return err
			}
			if len(devs) < n {
				break
			}
			last := devs[len(devs)-1]
			from = &lcPos{facility: fac, manufacturer: last.manufacturer, tagKey: last.tagKey}
			n = min(n*4, lcChunkMax)
		}
	}
	return nil
}

// lcGathered is what a walk gathered for a set of devices beyond their
// rows: repairs, recalls and the findings of those with an SBOM of their
// own.
type lcGathered struct {
	work    map[int64]lcWork
	recalls map[int64]lcRecalls
	own     map[int64][]lifecycle.Finding
}

// gather reads the repairs, recalls and own findings of the devices of s.
func (w *lifecycleWalk) gather(s lcScope) (*lcGathered, error) {
	var g lcGathered
	var err error
	if g.work, err = w.tx.lifecycleWork(s); err != nil {
		return nil, err
	}
	if g.recalls, err = w.tx.lifecycleRecalls(s); err != nil {
		return nil, err
	}
	if g.own, err = w.groups.ownFindings(w.tx, s); err != nil {
		return nil, err
	}
	return &g, nil
}

// preloadPays reports whether reading every device's repairs, recalls
// and own findings up front costs less than looking them up chunk by
// chunk: whether the walk's devices outnumber the recent repairs and the
// recall matches of the whole system. Both are index counts.
func (w *lifecycleWalk) preloadPays(f ward.LifecycleFilter) (bool, error) {
	if f.ModelID != 0 {
		return false, nil
	}
	q, args := `SELECT COUNT(*) FROM devices`, []any{}
	if len(f.FacilityIDs) > 0 {
		q, args = q+` WHERE facility_id IN (`+placeholders(len(f.FacilityIDs))+`)`, int64Args(f.FacilityIDs)
	}
	var walked, rows int64
	if err := w.tx.queryRow(q, args...).Scan(&walked); err != nil {
		return false, err
	}
	err := w.tx.queryRow(`SELECT (SELECT COUNT(*) FROM work_orders WHERE type = 'corrective_repair' AND completed_date >= ?)
		+ (SELECT COUNT(*) FROM recall_matches)`, w.tx.lcWindowArgs()[0]).Scan(&rows)
	return walked > rows, err
}

// facilityOrder lists the facilities a walk visits: those asked for, or
// every facility and then (as 0) the devices with none.
func (w *lifecycleWalk) facilityOrder(ids []int64) []int64 {
	if len(ids) > 0 {
		out := slices.Clone(ids)
		slices.Sort(out)
		return slices.Compact(out)
	}
	out := make([]int64, 0, len(w.facilities)+1)
	for id := range w.facilities {
		out = append(out, id)
	}
	slices.Sort(out)
	return append(out, 0)
}

// evaluate evaluates a chunk of devices, gathering what they need unless
// their facility's was preloaded: models and group findings once per walk,
// repairs, recalls and own findings in one query each for the chunk.
func (w *lifecycleWalk) evaluate(devs []lcDevice, fn func(*ward.LifecycleRecommendation, lcPos) error) error {
	if len(devs) == 0 {
		return nil
	}
	if err := w.loadModels(devs); err != nil {
		return err
	}
	if err := w.groups.load(w.tx, devs); err != nil {
		return err
	}
	g := w.pre
	if g == nil {
		ids := make([]int64, len(devs))
		for i := range devs {
			ids[i] = devs[i].id
		}
		list, _ := json.Marshal(ids)
		var err error
		if g, err = w.gather(lcScope{list: string(list)}); err != nil {
			return err
		}
	}
	for i := range devs {
		d := &devs[i]
		in := w.input(d)
		if fs, ok := g.own[d.id]; ok {
			in.Findings = w.groups.ownAssess(d, fs, w.policy)
		} else {
			in.Findings = w.groups.assess(d.model, d.version, w.policy)
		}
		if w.details {
			w.found = in.Findings
		}
		wo, rc := g.work[d.id], g.recalls[d.id]
		in.RepairOrders, in.RepairCost, in.DowntimeHours = wo.repairs, wo.cost, wo.downtime
		in.OpenRecalls, in.ClassIRecalls = rc.open, rc.classI
		r := lifecycle.Evaluate(in, w.policy, w.today)
		if err := fn(&r, lcPos{facility: d.facility, manufacturer: d.manufacturer, tagKey: d.tagKey, id: d.id}); err != nil {
			return err
		}
	}
	return nil
}

// input builds the pure evaluator's input of a device.
func (w *lifecycleWalk) input(d *lcDevice) *lifecycle.Device {
	in := &lifecycle.Device{ID: d.id, AssetTag: d.tag, FacilityID: d.facility, Facility: w.facilities[d.facility],
		ManufacturerID: d.manufacturer, ModelID: d.model, SoftwareVersion: d.version, Status: d.status,
		AcquisitionDate: d.acquired, AcquisitionCost: d.cost, LastSeen: d.lastSeen}
	typeID := d.typeID
	if m := w.models[d.model]; m != nil {
		in.Manufacturer, in.Model = m.manufacturer, m.name
		in.ExpectedLifeYears, in.EndOfSupport, in.Parts, in.ModelReplacementCost = m.life, m.eos, m.parts, m.replacement
		if typeID == 0 {
			typeID = m.typeID
		}
	}
	in.DeviceType = w.types[typeID]
	return in
}

// loadModels reads the models of devs not yet cached, in one query.
func (w *lifecycleWalk) loadModels(devs []lcDevice) error {
	var ids []int64
	for i := range devs {
		if id := devs[i].model; w.models[id] == nil {
			w.models[id] = &lcModel{}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, _ := json.Marshal(ids)
	rows, err := w.tx.query(`SELECT m.id, m.name, mf.name, COALESCE(m.device_type_id, 0), COALESCE(m.expected_life_years, 0),
		m.end_of_support, m.parts, COALESCE(m.replacement_cost, 0)
		FROM models m JOIN manufacturers mf ON mf.id = m.manufacturer_id
		WHERE m.id IN (SELECT CAST(j.value AS BIGINT) FROM `+w.tx.jsonStrings("?", "j")+`)`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m lcModel
		if err := rows.Scan(&id, &m.name, &m.manufacturer, &m.typeID, &m.life, dateCol{&m.eos}, &m.parts, &m.replacement); err != nil {
			return err
		}
		*w.models[id] = m
	}
	return rows.Err()
}
