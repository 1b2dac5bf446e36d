package sqlstore

import (
	"encoding/json"

	"ward"
	"ward/lifecycle"
	"ward/patchplan"
)

// groupFindings reads the open findings of the groups a walk meets, once
// per model, with what deciding "unpatchable and critical" needs: the
// model's validated patches, every published CVSS score of their CVEs
// (read as risk scoring reads them) and their KEV entries. Each group is
// assessed once, when its first unit is evaluated.
type groupFindings struct {
	loaded   map[int64]bool
	raw      map[lcGroup][]lifecycle.Finding
	patches  map[int64][]*patchplan.Rule
	assessed map[lcGroup]*lifecycle.Findings
	scores   *riskCache
	kev      map[string]bool // CVEs looked up: in KEV or not
}

// lcGroup is a model at a software version.
type lcGroup struct {
	model   int64
	version string
}

func newGroupFindings() groupFindings {
	return groupFindings{loaded: map[int64]bool{}, raw: map[lcGroup][]lifecycle.Finding{}, patches: map[int64][]*patchplan.Rule{},
		assessed: map[lcGroup]*lifecycle.Findings{}, scores: newRiskCache(), kev: map[string]bool{}}
}

// openFindingsSelect reads open findings with their model, version, CVEs
// and advisory, the status being the triage decision's when one applies.
const openFindingsSelect = `SELECT f.model_id, f.software_version, COALESCE(f.device_id, 0), f.cves, a.tracking_id
	FROM findings f JOIN advisories a ON a.id = f.advisory_id
	LEFT JOIN triage t ON t.model_id = f.model_id AND t.software_version = f.software_version AND t.advisory_id = f.advisory_id
	WHERE `

// load reads the group findings and validated patches of the models of
// devs not yet loaded: two queries, plus the scores and KEV entries of
// their CVEs.
func (g *groupFindings) load(tx *Tx, devs []lcDevice) error {
	var ids []int64
	for i := range devs {
		if id := devs[i].model; !g.loaded[id] {
			g.loaded[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, _ := json.Marshal(ids)
	inModels := ` IN (SELECT CAST(j.value AS BIGINT) FROM ` + tx.jsonStrings("?", "j") + `)`
	touched := map[lcGroup]bool{}
	err := tx.eachOpenFinding(`f.device_id IS NULL AND f.model_id`+inModels, string(list), func(k lcGroup, _ int64, f lifecycle.Finding) {
		g.raw[k] = append(g.raw[k], f)
		touched[k] = true
	})
	if err != nil {
		return err
	}
	if err := g.loadPatches(tx, `p.status = 'validated' AND p.model_id`+inModels, string(list)); err != nil {
		return err
	}
	var fresh []*lifecycle.Finding
	for k := range touched {
		fs := g.raw[k]
		for i := range fs {
			fresh = append(fresh, &fs[i])
		}
	}
	return g.addIntel(tx, fresh)
}

// eachOpenFinding calls fn for each open finding cond selects (cond takes
// the one argument arg).
func (tx *Tx) eachOpenFinding(cond string, arg any, fn func(k lcGroup, deviceID int64, f lifecycle.Finding)) error {
	rows, err := tx.query(openFindingsSelect+cond+` AND `+effectiveStatus+` IN ('affected', 'under_investigation')`,
		arg, ward.DateOf(tx.now).String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k lcGroup
		var device int64
		var cves string
		var f lifecycle.Finding
		if err := rows.Scan(&k.model, &k.version, &device, &cves, &f.AdvisoryRef); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(cves), &f.CVEs); err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "finding CVEs")
		}
		fn(k, device, f)
	}
	return rows.Err()
}

// loadPatches reads and compiles the catalog entries cond selects.
func (g *groupFindings) loadPatches(tx *Tx, cond string, arg any) error {
	rows, err := tx.query(patchSelect+" WHERE "+cond, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	var keys [2]string
	for rows.Next() {
		p := new(ward.Patch)
		if err := scanPatch(rows, p, &keys); err != nil {
			return err
		}
		g.patches[p.ModelID] = append(g.patches[p.ModelID], patchplan.Compile(p))
	}
	return rows.Err()
}

// addIntel fills the scores and KEV entries of fs: every advisory naming
// one of their CVEs is read once per walk, every CVE looked up in KEV once.
func (g *groupFindings) addIntel(tx *Tx, fs []*lifecycle.Finding) error {
	if len(fs) == 0 {
		return nil
	}
	probe := make([]ward.Finding, len(fs))
	var lookup []string
	for i, f := range fs {
		probe[i].CVEs = f.CVEs
		for _, c := range f.CVEs {
			if _, ok := g.kev[c]; !ok {
				g.kev[c] = false
				lookup = append(lookup, c)
			}
		}
	}
	if err := tx.loadCVEScores(probe, g.scores); err != nil {
		return err
	}
	intel, err := tx.lookupIntel(lookup)
	if err != nil {
		return err
	}
	for c, in := range intel {
		g.kev[c] = in.kev
	}
	for _, f := range fs {
		f.Scores = make([]ward.CVEScores, 0, len(f.CVEs))
		for _, c := range f.CVEs {
			f.Scores = append(f.Scores, ward.CVEScores{CVE: c, Scores: g.scores.scores[c]})
			if g.kev[c] {
				f.KEV = append(f.KEV, c)
			}
		}
	}
	return nil
}

// assess returns the assessed open findings of a group; nil when it has
// none.
func (g *groupFindings) assess(model int64, version string, p *ward.LifecyclePolicy) *lifecycle.Findings {
	k := lcGroup{model, version}
	if a, ok := g.assessed[k]; ok {
		return a
	}
	var a *lifecycle.Findings
	if fs := g.raw[k]; len(fs) > 0 {
		a = lifecycle.Assess(version, fs, g.patches[model], p)
	}
	g.assessed[k] = a
	return a
}

// ownFindings reads the open findings of the devices of s that have an
// SBOM of their own: they are matched on their own and have only their
// own findings. Devices without are not in the map; those with and no
// open finding map to an empty list. The caller assesses them (ownAssess)
// once their models' patches are loaded.
func (g *groupFindings) ownFindings(tx *Tx, s lcScope) (map[int64][]lifecycle.Finding, error) {
	from, cond, args := tx.lcFrom("matched_devices", "md", s)
	own := map[int64][]lifecycle.Finding{}
	rows, err := tx.query(`SELECT md.device_id FROM `+from+` WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		own[id] = nil
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(own) == 0 {
		return own, err
	}
	list, _ := json.Marshal(ids)
	in := ` IN (SELECT CAST(j.value AS BIGINT) FROM ` + tx.jsonStrings("?", "j") + `)`
	if err := tx.eachOpenFinding(`f.device_id`+in, string(list), func(_ lcGroup, device int64, f lifecycle.Finding) {
		own[device] = append(own[device], f)
	}); err != nil {
		return nil, err
	}
	var fresh []*lifecycle.Finding
	for id := range own {
		for i := range own[id] {
			fresh = append(fresh, &own[id][i])
		}
	}
	return own, g.addIntel(tx, fresh)
}

// ownAssess assesses the own findings of a device with an SBOM of its
// own; nil when it has no open finding.
func (g *groupFindings) ownAssess(d *lcDevice, fs []lifecycle.Finding, p *ward.LifecyclePolicy) *lifecycle.Findings {
	if len(fs) == 0 {
		return nil
	}
	return lifecycle.Assess(d.version, fs, g.patches[d.model], p)
}
