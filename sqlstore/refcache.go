package sqlstore

import (
	"slices"
	"strings"

	"ward"
	"ward/names"
)

// refCache holds the small reference tables in memory during an import,
// creating manufacturers, models, locations and device types as records
// name them, so a million-row import resolves names without a query per row.
type refCache struct {
	tx   *Tx
	keys map[string]string // raw name → names.Key, since rows repeat names

	mfrByKey       map[string]int64
	mfrName        map[int64]string
	mfrUnresolved  map[int64]bool
	usedUnresolved map[int64]bool

	modelByAlias  map[scopedKey]int64
	modelByNumber map[scopedKey]int64
	modelName     map[int64]string

	typeByKey map[string]int64
	typeName  map[int64]string
	teamByKey map[string]int64
	teamName  map[int64]string

	facByKey map[string]int64
	facName  map[int64]string
	locByKey map[scopedKey]int64
	locName  map[int64]string
}

// scopedKey is a normalised name within a parent (a manufacturer for model
// names, a facility for locations).
type scopedKey struct {
	parent int64
	key    string
}

func loadRefCache(tx *Tx) (*refCache, error) {
	c := &refCache{
		tx: tx, keys: map[string]string{}, mfrByKey: map[string]int64{}, mfrName: map[int64]string{}, mfrUnresolved: map[int64]bool{},
		usedUnresolved: map[int64]bool{}, modelByAlias: map[scopedKey]int64{}, modelByNumber: map[scopedKey]int64{},
		modelName: map[int64]string{}, typeByKey: map[string]int64{}, typeName: map[int64]string{},
		teamByKey: map[string]int64{}, teamName: map[int64]string{}, facByKey: map[string]int64{}, facName: map[int64]string{},
		locByKey: map[scopedKey]int64{}, locName: map[int64]string{},
	}
	loads := []struct {
		q  string
		fn func(id, parent int64, a, b string)
	}{
		{`SELECT id, 0, name, status FROM manufacturers`, func(id, _ int64, name, status string) {
			c.mfrName[id] = name
			c.mfrUnresolved[id] = status == ward.ManufacturerUnresolved
		}},
		{`SELECT manufacturer_id, 0, alias_key, '' FROM manufacturer_aliases`, func(id, _ int64, k, _ string) { c.mfrByKey[k] = id }},
		{`SELECT id, 0, name, '' FROM models`, func(id, _ int64, name, _ string) { c.modelName[id] = name }},
		{`SELECT model_id, manufacturer_id, alias_key, '' FROM model_aliases`, func(id, m int64, k, _ string) { c.modelByAlias[scopedKey{m, k}] = id }},
		{`SELECT model_id, manufacturer_id, number_key, '' FROM model_numbers`, func(id, m int64, k, _ string) { c.modelByNumber[scopedKey{m, k}] = id }},
		{`SELECT id, 0, name, name_key FROM device_types`, func(id, _ int64, n, k string) { c.typeName[id], c.typeByKey[k] = n, id }},
		{`SELECT id, 0, name, name_key FROM teams`, func(id, _ int64, n, k string) { c.teamName[id], c.teamByKey[k] = n, id }},
		{`SELECT id, 0, name, code FROM facilities`, func(id, _ int64, name, code string) {
			c.facByKey[names.Key(name)], c.facName[id] = id, name
			if code != "" {
				c.facByKey["code:"+strings.ToUpper(code)] = id
			}
		}},
		{`SELECT l.id, l.facility_id, l.loc_key, f.name || '|' || l.building || '|' || l.floor || '|' || l.department || '|' || l.room
			FROM locations l JOIN facilities f ON f.id = l.facility_id`, func(id, fac int64, k, display string) {
			c.locByKey[scopedKey{fac, k}] = id
			c.locName[id] = locationDisplay(strings.Split(display, "|")...)
		}},
	}
	for _, l := range loads {
		rows, err := tx.query(l.q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, parent int64
			var a, b string
			if err := rows.Scan(&id, &parent, &a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			l.fn(id, parent, a, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// key memoises names.Key: normalisation is the costliest step of resolving
// a row, and a million-row file has only thousands of distinct names.
func (c *refCache) key(s string) string {
	k, ok := c.keys[s]
	if !ok {
		k = names.Key(s)
		if len(c.keys) < 1<<20 {
			c.keys[s] = k
		}
	}
	return k
}

// name implements namer for history entries.
func (c *refCache) name(kind string, id int64) string {
	if id == 0 {
		return ""
	}
	switch kind {
	case "manufacturer":
		return c.mfrName[id]
	case "model":
		return c.modelName[id]
	case "type":
		return c.typeName[id]
	case "team":
		return c.teamName[id]
	case "location":
		return c.locName[id]
	}
	return ""
}

// manufacturer resolves a name through the aliases, trying the parts of a
// multi-vendor name second, and keeps an unknown name as written, marked
// unresolved.
func (c *refCache) manufacturer(name string) (int64, error) {
	key := c.key(name)
	id, ok := c.mfrByKey[key]
	if !ok {
		var err error
		id, err = c.tx.createManufacturer(name, ward.ManufacturerUnresolved, "import")
		if err != nil {
			return 0, err
		}
		c.mfrByKey[key], c.mfrName[id], c.mfrUnresolved[id] = id, strings.TrimSpace(name), true
	}
	if c.mfrUnresolved[id] {
		c.usedUnresolved[id] = true
	}
	return id, nil
}

// model finds the manufacturer's model by name or alias, then by model
// number (learning the name as a new alias), else creates it.
func (c *refCache) model(mfr int64, name, number string, typeID int64) (int64, error) {
	nameKey, numKey := scopedKey{mfr, c.key(name)}, scopedKey{mfr, c.key(number)}
	id, ok := c.modelByAlias[nameKey]
	if !ok && numKey.key != "" {
		if id, ok = c.modelByNumber[numKey]; ok {
			if err := c.tx.addModelAlias(id, mfr, name, "import"); err != nil {
				return 0, err
			}
			c.modelByAlias[nameKey] = id
		}
	}
	if !ok {
		var err error
		if id, err = c.tx.createModel(mfr, name, "", typeID, "import"); err != nil {
			return 0, err
		}
		c.modelByAlias[nameKey], c.modelName[id] = id, strings.TrimSpace(name)
	}
	if _, taken := c.modelByNumber[numKey]; numKey.key != "" && !taken {
		if err := c.tx.addModelNumber(id, mfr, number); err != nil {
			return 0, err
		}
		c.modelByNumber[numKey] = id
	}
	return id, nil
}

// deviceType finds or creates a device type; 0 for an empty name.
func (c *refCache) deviceType(name string) (int64, error) {
	key := c.key(name)
	if key == "" {
		return 0, nil
	}
	if id, ok := c.typeByKey[key]; ok {
		return id, nil
	}
	id, err := c.tx.insertID(`INSERT INTO device_types (name, name_key) VALUES (?, ?)`, strings.TrimSpace(name), key)
	if err != nil {
		return 0, err
	}
	c.typeByKey[key], c.typeName[id] = id, strings.TrimSpace(name)
	return id, nil
}

// location finds or creates the facility and location; zeros when the
// record names no facility.
func (c *refCache) location(rec *ward.DeviceRecord) (loc, fac int64, err error) {
	facKey := c.key(rec.Facility)
	if facKey == "" {
		return 0, 0, nil
	}
	fac, ok := c.facByKey[facKey]
	if !ok {
		fac, ok = c.facByKey["code:"+strings.ToUpper(strings.TrimSpace(rec.Facility))]
	}
	if !ok {
		if fac, err = c.tx.createFacility("", rec.Facility); err != nil {
			return 0, 0, err
		}
		c.facByKey[facKey], c.facName[fac] = fac, strings.TrimSpace(rec.Facility)
	}
	key := scopedKey{fac, c.key(rec.Building) + "|" + c.key(rec.Floor) + "|" + c.key(rec.Department) + "|" + c.key(rec.Room)}
	if loc, ok := c.locByKey[key]; ok {
		return loc, fac, nil
	}
	loc, err = c.tx.insertID(`INSERT INTO locations (facility_id, building, floor, department, room, loc_key) VALUES (?, ?, ?, ?, ?, ?)`,
		fac, strings.TrimSpace(rec.Building), strings.TrimSpace(rec.Floor), strings.TrimSpace(rec.Department),
		strings.TrimSpace(rec.Room), key.key)
	if err != nil {
		return 0, 0, err
	}
	c.locByKey[key] = loc
	c.locName[loc] = locationDisplay(c.facName[fac], rec.Building, rec.Floor, rec.Department, rec.Room)
	return loc, fac, nil
}

// team looks a team up by name; ok is false for an unknown name.
func (c *refCache) team(name string) (id int64, ok bool) {
	k := c.key(name)
	if k == "" {
		return 0, true
	}
	id, ok = c.teamByKey[k]
	return id, ok
}

// unresolvedNames returns the unresolved manufacturers records used.
func (c *refCache) unresolvedNames() []string {
	out := []string{}
	for id := range c.usedUnresolved {
		out = append(out, c.mfrName[id])
	}
	slices.Sort(out)
	return out
}
