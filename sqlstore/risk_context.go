package sqlstore

import (
	"database/sql"
	"encoding/json"

	"ward"
)

// A finding listing reads what risk scoring needs beyond its rows
// set-based, a chunk at a time, and remembers it for the rest of the
// stream: each model's clinical inputs, rubric answers and controls; the
// CVSS scores of each CVE from every advisory that names it (so the
// scorer can prefer the vendor's score to NVD's and NVD's to the CNA's);
// and the responsibility matrix, for the owner team.

// riskCache is what a stream of findings has looked up so far.
type riskCache struct {
	models  map[int64]*ward.RiskModel
	scores  map[string][]ward.SourcedScore // complete: every advisory naming the CVE was read
	partial map[string][]ward.SourcedScore // from the advisories read so far
	read    map[int64]bool                 // advisories whose scores are in partial
	owners  *ownerMatrix
}

func newRiskCache() *riskCache {
	return &riskCache{models: map[int64]*ward.RiskModel{}, scores: map[string][]ward.SourcedScore{},
		partial: map[string][]ward.SourcedScore{}, read: map[int64]bool{}}
}

// riskCacheMax bounds the CVEs and advisories a stream remembers scores
// of; past it the cache starts afresh.
const riskCacheMax = 200000

// addFindingRisk completes the risk inputs of findings (read with
// riskDeviceColumns) and sets their owner team.
func (tx *Tx) addFindingRisk(fs []ward.Finding, c *riskCache) error {
	if c.owners == nil {
		o, err := tx.ownerMatrix()
		if err != nil {
			return err
		}
		c.owners = o
	}
	if err := tx.loadRiskModels(fs, c); err != nil {
		return err
	}
	if err := tx.loadCVEScores(fs, c); err != nil {
		return err
	}
	var lastID int64
	var lastScores []ward.CVEScores
	for i := range fs {
		f := &fs[i]
		in := f.RiskInput
		if in == nil {
			continue
		}
		in.Model = c.models[f.ModelID]
		if in.Device.Criticality == "" && in.Model != nil {
			in.Device.Criticality = in.Model.Criticality
		}
		if f.ID != lastID || lastID == 0 {
			lastID, lastScores = f.ID, make([]ward.CVEScores, 0, len(f.CVEs))
			for _, cve := range f.CVEs {
				lastScores = append(lastScores, ward.CVEScores{CVE: cve, Scores: c.scores[cve]})
			}
		}
		in.Scores = lastScores
		typeID := in.Device.DeviceTypeID
		if typeID == 0 && in.Model != nil {
			typeID = in.Model.DeviceTypeID
		}
		f.OwnerTeamID = c.owners.mitigation(typeID)
		f.OwnerTeam = c.owners.names[f.OwnerTeamID]
	}
	return nil
}

// loadRiskModels reads the risk inputs of the models of fs not yet known.
func (tx *Tx) loadRiskModels(fs []ward.Finding, c *riskCache) error {
	var ids []int64
	for i := range fs {
		if id := fs[i].ModelID; c.models[id] == nil {
			c.models[id] = &ward.RiskModel{ModelID: id, Criticality: ward.CriticalityNonClinical}
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, _ := json.Marshal(ids)
	rows, err := tx.query(`SELECT m.id, COALESCE(m.device_type_id, 0), COALESCE(dt.name, ''), COALESCE(p.device_name, ''),
		COALESCE(p.device_class, ''), m.product_code, m.life_sustaining, COALESCE(p.life_sustaining, `+tx.falseLit()+`),
		m.patient_connected, rc.segmented, rc.services_disabled, rc.remote_access_removed, rc.internet_exposed
		FROM models m LEFT JOIN device_types dt ON dt.id = m.device_type_id
		LEFT JOIN fda_product_codes p ON p.product_code = m.product_code
		LEFT JOIN risk_controls rc ON rc.model_id = m.id
		WHERE m.id IN (SELECT CAST(j.value AS BIGINT) FROM `+tx.jsonStrings("?", "j")+`)`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scanRiskModel(rows, c.models); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	return tx.loadRubrics(string(list), c.models)
}

func scanRiskModel(rows *sql.Rows, models map[int64]*ward.RiskModel) error {
	var id int64
	var m ward.Model
	var override sql.NullBool
	var seg, svc, remote, inet sql.NullBool
	r := ward.RiskModel{}
	if err := rows.Scan(&id, &r.DeviceTypeID, &r.DeviceType, &r.FDADevice, &r.DeviceClass, &m.ProductCode, &override,
		&m.FDALifeSustain, &m.PatientConnected, &seg, &svc, &remote, &inet); err != nil {
		return err
	}
	m.LifeSustaining = riskBool(override)
	r.ModelID, r.Criticality = id, m.DefaultCriticality()
	if seg.Valid || svc.Valid || remote.Valid || inet.Valid {
		r.Controls = &ward.RiskControls{ModelID: id, Segmented: riskBool(seg), ServicesDisabled: riskBool(svc),
			RemoteAccessRemoved: riskBool(remote), InternetExposed: riskBool(inet)}
	}
	*models[id] = r
	return nil
}

// loadRubrics adds the rubric answers of the models in the JSON list.
func (tx *Tx) loadRubrics(list string, models map[int64]*ward.RiskModel) error {
	rows, err := tx.query(`SELECT model_id, question, answer FROM risk_rubric
		WHERE model_id IN (SELECT CAST(j.value AS BIGINT) FROM `+tx.jsonStrings("?", "j")+`)`, list)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var q, a string
		if err := rows.Scan(&id, &q, &a); err != nil {
			return err
		}
		if m := models[id]; m != nil {
			if m.Rubric == nil {
				m.Rubric = ward.RubricAnswers{}
			}
			m.Rubric[q] = a
		}
	}
	return rows.Err()
}

// falseLit is the engine's literal for false.
func (tx *Tx) falseLit() string {
	if tx.db.engine == Postgres {
		return "FALSE"
	}
	return "0"
}
