package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"sort"

	"ward"
	"ward/match"
)

// FindInventoryGroups returns the inventory groups selected by f with what
// the matcher needs to know about them. See ward.MatchStore.
func (db *DB) FindInventoryGroups(ctx context.Context, f ward.GroupFilter) ([]ward.InventoryGroup, error) {
	var out []ward.InventoryGroup
	err := db.view(ctx, func(tx *Tx) error {
		keys, err := tx.groupKeys(f)
		if err != nil {
			return err
		}
		out, err = tx.describeGroups(keys)
		return err
	})
	return out, err
}

// groupKeys finds the keys of the groups f selects.
func (tx *Tx) groupKeys(f ward.GroupFilter) ([]ward.GroupKey, error) {
	seen := map[ward.GroupKey]bool{}
	var out []ward.GroupKey
	add := func(k ward.GroupKey) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	collect := func(q string, args ...any) error {
		rows, err := tx.query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k ward.GroupKey
			if err := rows.Scan(&k.ModelID, &k.SoftwareVersion); err != nil {
				return err
			}
			add(k)
		}
		return rows.Err()
	}
	// A group keeps its findings while it has no unit (a device moved to
	// another version and may come back), so groups are those of the devices
	// and those matched before; only never-matched groups need devices.
	collectAll := func(where string, args ...any) error {
		if err := collect(`SELECT DISTINCT d.model_id, d.software_version FROM devices d`+where, args...); err != nil {
			return err
		}
		return collect(`SELECT d.model_id, d.software_version FROM matched_groups d`+where, args...)
	}
	noFilter := len(f.ManufacturerIDs) == 0 && len(f.ModelIDs) == 0 && len(f.Identifiers) == 0 && len(f.Keys) == 0
	switch {
	case f.Unmatched:
		if err := collect(`SELECT DISTINCT d.model_id, d.software_version FROM devices d WHERE NOT EXISTS (
			SELECT 1 FROM matched_groups g WHERE g.model_id = d.model_id AND g.software_version = d.software_version)`); err != nil {
			return nil, err
		}
		if err := collect(`SELECT model_id, software_version FROM matched_groups WHERE stale`); err != nil {
			return nil, err
		}
	case noFilter:
		if err := collectAll(""); err != nil {
			return nil, err
		}
	}
	for _, chunk := range chunks(f.ManufacturerIDs, 500) {
		if err := collectAll(` WHERE d.model_id IN (SELECT id FROM models WHERE manufacturer_id IN (`+
			placeholders(len(chunk))+`))`, int64Args(chunk)...); err != nil {
			return nil, err
		}
	}
	for _, chunk := range chunks(f.ModelIDs, 500) {
		if err := collectAll(` WHERE d.model_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
			return nil, err
		}
	}
	if len(f.Identifiers) > 0 {
		models, err := tx.modelsWithIdentifiers(f.Identifiers)
		if err != nil {
			return nil, err
		}
		for _, chunk := range chunks(models, 500) {
			if err := collectAll(` WHERE d.model_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
				return nil, err
			}
		}
		sbomKeys, err := tx.sbomGroupsWithIdentifiers(f.Identifiers)
		if err != nil {
			return nil, err
		}
		for _, k := range sbomKeys {
			add(k)
		}
	}
	for _, k := range f.Keys {
		add(k)
	}
	// Devices with an SBOM of their own are matched on their own too.
	if noFilter || f.Unmatched {
		if err := tx.deviceGroups(f.Unmatched, add); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return groupLess(out[i], out[j]) })
	return out, nil
}

func groupLess(a, b ward.GroupKey) bool {
	if a.ModelID != b.ModelID {
		return a.ModelID < b.ModelID
	}
	if a.SoftwareVersion != b.SoftwareVersion {
		return a.SoftwareVersion < b.SoftwareVersion
	}
	return a.DeviceID < b.DeviceID
}

// deviceGroups adds the devices that have their own SBOM.
func (tx *Tx) deviceGroups(unmatchedOnly bool, add func(ward.GroupKey)) error {
	q := `SELECT d.id, d.model_id, d.software_version FROM sboms s JOIN devices d ON d.id = s.device_id`
	if unmatchedOnly {
		q += ` WHERE NOT EXISTS (SELECT 1 FROM matched_devices m WHERE m.device_id = d.id AND NOT m.stale
			AND m.model_id = d.model_id AND m.software_version = d.software_version)`
	}
	rows, err := tx.query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k ward.GroupKey
		if err := rows.Scan(&k.DeviceID, &k.ModelID, &k.SoftwareVersion); err != nil {
			return err
		}
		add(k)
	}
	return rows.Err()
}

// modelsWithIdentifiers returns the models whose CPE has one of ids.
func (tx *Tx) modelsWithIdentifiers(ids []ward.Identifier) ([]int64, error) {
	want := identifierSet(ids)
	var out []int64
	rows, err := tx.query(`SELECT id, cpe FROM models WHERE cpe <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cpe string
		if err := rows.Scan(&id, &cpe); err != nil {
			return nil, err
		}
		for _, k := range match.ComponentIdentifiers(ward.Component{CPE: cpe}) {
			if want[k] {
				out = append(out, id)
				break
			}
		}
	}
	return out, rows.Err()
}

// sbomGroupsWithIdentifiers returns the groups whose SBOM has a component
// with one of ids.
func (tx *Tx) sbomGroupsWithIdentifiers(ids []ward.Identifier) ([]ward.GroupKey, error) {
	want := identifierSet(ids)
	rows, err := tx.query(`SELECT COALESCE(s.model_id, d.model_id), CASE WHEN s.device_id IS NULL THEN s.software_version
		ELSE d.software_version END, COALESCE(s.device_id, 0), c.cpe, c.purl
		FROM sbom_components c JOIN sboms s ON s.id = c.sbom_id LEFT JOIN devices d ON d.id = s.device_id
		WHERE c.cpe <> '' OR c.purl <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[ward.GroupKey]bool{}
	var out []ward.GroupKey
	for rows.Next() {
		var k ward.GroupKey
		var comp ward.Component
		if err := rows.Scan(&k.ModelID, &k.SoftwareVersion, &k.DeviceID, &comp.CPE, &comp.PURL); err != nil {
			return nil, err
		}
		if seen[k] {
			continue
		}
		for _, id := range match.ComponentIdentifiers(comp) {
			if want[id] {
				seen[k] = true
				out = append(out, k)
				break
			}
		}
	}
	return out, rows.Err()
}

func identifierSet(ids []ward.Identifier) map[ward.Identifier]bool {
	out := make(map[ward.Identifier]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > 0 {
		k := min(n, len(s))
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

// describeGroups loads the model names, manufacturer and SBOM components of
// the groups.
func (tx *Tx) describeGroups(keys []ward.GroupKey) ([]ward.InventoryGroup, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	type modelInfo struct {
		mfrID            int64
		mfr, name, cpe   string
		aliases, numbers []string
	}
	models := map[int64]*modelInfo{}
	var ids []int64
	for _, k := range keys {
		if models[k.ModelID] == nil {
			models[k.ModelID] = &modelInfo{}
			ids = append(ids, k.ModelID)
		}
	}
	for _, chunk := range chunks(ids, 500) {
		in := "(" + placeholders(len(chunk)) + ")"
		rows, err := tx.query(`SELECT m.id, m.manufacturer_id, mf.name, m.name, m.cpe FROM models m
			JOIN manufacturers mf ON mf.id = m.manufacturer_id WHERE m.id IN `+in, int64Args(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			mi := &modelInfo{}
			if err := rows.Scan(&id, &mi.mfrID, &mi.mfr, &mi.name, &mi.cpe); err != nil {
				rows.Close()
				return nil, err
			}
			models[id] = mi
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if err := eachRow(tx, `SELECT model_id, alias FROM model_aliases WHERE model_id IN `+in+` ORDER BY id`, int64Args(chunk),
			func(id int64, s string) { models[id].aliases = append(models[id].aliases, s) }); err != nil {
			return nil, err
		}
		if err := eachRow(tx, `SELECT model_id, number FROM model_numbers WHERE model_id IN `+in+` ORDER BY id`, int64Args(chunk),
			func(id int64, s string) { models[id].numbers = append(models[id].numbers, s) }); err != nil {
			return nil, err
		}
	}
	comps, err := tx.groupComponents()
	if err != nil {
		return nil, err
	}
	out := make([]ward.InventoryGroup, 0, len(keys))
	for _, k := range keys {
		mi := models[k.ModelID]
		g := ward.InventoryGroup{GroupKey: k, ManufacturerID: mi.mfrID, Manufacturer: mi.mfr, Model: mi.name,
			Aliases: mi.aliases, ModelNumbers: mi.numbers, CPE: mi.cpe}
		if k.DeviceID != 0 {
			g.Components = comps[ward.GroupKey{DeviceID: k.DeviceID}]
		} else {
			g.Components = comps[ward.GroupKey{ModelID: k.ModelID, SoftwareVersion: k.SoftwareVersion}]
		}
		out = append(out, g)
	}
	return out, nil
}

// groupComponents loads every SBOM's components, keyed by what the SBOM
// describes. SBOMs are per model and version, so they stay few.
func (tx *Tx) groupComponents() (map[ward.GroupKey][]ward.Component, error) {
	rows, err := tx.query(`SELECT COALESCE(s.model_id, 0), s.software_version, COALESCE(s.device_id, 0), c.name, c.version,
		c.supplier, c.cpe, c.purl, c.type, c.ref FROM sbom_components c JOIN sboms s ON s.id = c.sbom_id ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[ward.GroupKey][]ward.Component{}
	for rows.Next() {
		var k ward.GroupKey
		var c ward.Component
		if err := rows.Scan(&k.ModelID, &k.SoftwareVersion, &k.DeviceID, &c.Name, &c.Version, &c.Supplier, &c.CPE,
			&c.PURL, &c.Type, &c.Ref); err != nil {
			return nil, err
		}
		if k.DeviceID != 0 {
			k = ward.GroupKey{DeviceID: k.DeviceID}
		}
		out[k] = append(out[k], c)
	}
	return out, rows.Err()
}

// EachCandidateAdvisory streams the advisories f selects, whole.
func (db *DB) EachCandidateAdvisory(ctx context.Context, f ward.CandidateFilter, fn func(*ward.Advisory) error) error {
	return db.view(ctx, func(tx *Tx) error {
		ids, err := tx.candidateIDs(f)
		if err != nil {
			return err
		}
		q := `SELECT id, doc, imported_at FROM advisories`
		var batches [][]int64
		if f.All {
			batches = [][]int64{nil}
		} else {
			batches = chunks(ids, 500)
		}
		for _, chunk := range batches {
			qq, args := q, int64Args(chunk)
			if chunk != nil {
				qq += ` WHERE id IN (` + placeholders(len(chunk)) + `)`
			}
			docs, err := tx.advisoryDocs(qq+` ORDER BY id`, args)
			if err != nil {
				return err
			}
			for _, a := range docs {
				if err := fn(a); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// advisoryDocs reads and decodes advisories. The rows are read first and
// decoded after, so the connection is free before fn runs.
func (tx *Tx) advisoryDocs(q string, args []any) ([]*ward.Advisory, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	var out []*ward.Advisory
	for rows.Next() {
		a := &ward.Advisory{}
		var doc string
		if err := rows.Scan(&a.ID, &doc, timeCol{&a.ImportedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		id, at := a.ID, a.ImportedAt
		if err := json.Unmarshal([]byte(doc), a); err != nil {
			rows.Close()
			return nil, ward.WrapError(ward.EINTERNAL, err, "advisory %d is unreadable", id)
		}
		a.ID, a.ImportedAt = id, at
		out = append(out, a)
	}
	rows.Close()
	return out, rows.Err()
}

func (tx *Tx) candidateIDs(f ward.CandidateFilter) ([]int64, error) {
	if f.All {
		return nil, nil
	}
	set := map[int64]bool{}
	var out []int64
	add := func(id int64, _ string) {
		if !set[id] {
			set[id] = true
			out = append(out, id)
		}
	}
	for _, id := range f.AdvisoryIDs {
		add(id, "")
	}
	for _, chunk := range chunks(f.ManufacturerIDs, 500) {
		err := eachRow(tx, `SELECT DISTINCT v.advisory_id, '' FROM advisory_vendors v
			JOIN manufacturer_aliases a ON a.alias_key = v.vendor_key
			WHERE a.manufacturer_id IN (`+placeholders(len(chunk))+`)`, int64Args(chunk), add)
		if err != nil {
			return nil, err
		}
	}
	byKind := map[string][]any{}
	for _, id := range f.Identifiers {
		byKind[id.Kind] = append(byKind[id.Kind], id.Key)
	}
	for kind, keys := range byKind {
		for _, chunk := range chunks(keys, 500) {
			err := eachRow(tx, `SELECT DISTINCT advisory_id, '' FROM advisory_identifiers WHERE kind = ? AND ident_key IN (`+
				placeholders(len(chunk))+`)`, append([]any{kind}, chunk...), add)
			if err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// VEXRelated returns the advisories that share a CVE with one of ids where
// one of the two is a VEX document: re-matching ids must re-match them
// too, since a VEX statement changes the other advisory's findings. See
// ward.MatchStore.
func (db *DB) VEXRelated(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	err := db.view(ctx, func(tx *Tx) error {
		seen := map[int64]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		for _, chunk := range chunks(ids, 500) {
			err := eachRow(tx, `SELECT DISTINCT o.advisory_id, '' FROM advisory_cves c
				JOIN advisory_cves o ON o.cve = c.cve AND o.advisory_id <> c.advisory_id
				JOIN advisories a ON a.id = c.advisory_id
				JOIN advisories b ON b.id = o.advisory_id
				WHERE c.advisory_id IN (`+placeholders(len(chunk))+`) AND (a.vex OR b.vex)`, int64Args(chunk),
				func(id int64, _ string) {
					if !seen[id] {
						seen[id] = true
						out = append(out, id)
					}
				})
			if err != nil {
				return err
			}
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
