package sqlstore

import "ward"

// ownerMatrix is the responsibility matrix's security_mitigation rules
// with the team names, read once per listing so each finding's owner team
// is a map lookup instead of a subquery.
type ownerMatrix struct {
	byType  map[int64]int64 // device type → team
	anyType int64           // team of the rule for any type, 0 for none
	names   map[int64]string
}

// ownerMatrix reads the rules of the security_mitigation task and the
// names of every team.
func (tx *Tx) ownerMatrix() (*ownerMatrix, error) {
	o := &ownerMatrix{byType: map[int64]int64{}, names: map[int64]string{}}
	rows, err := tx.query(`SELECT COALESCE(device_type_id, 0), team_id FROM responsibilities WHERE task_type = ?`, ward.TaskMitigation)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var typeID, team int64
		if err := rows.Scan(&typeID, &team); err != nil {
			return nil, err
		}
		if typeID == 0 {
			o.anyType = team
		} else {
			o.byType[typeID] = team
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	teams, err := tx.query(`SELECT id, name FROM teams`)
	if err != nil {
		return nil, err
	}
	defer teams.Close()
	for teams.Next() {
		var id int64
		var name string
		if err := teams.Scan(&id, &name); err != nil {
			return nil, err
		}
		o.names[id] = name
	}
	return o, teams.Err()
}

// mitigation returns the team that mitigates findings on a device of
// typeID: the matrix's security_mitigation rule for the type, else for
// any type; 0 when there is none. Like a work order's team, it does not
// fall back to the device's owner: a finding no rule assigns is unowned,
// listed as such (RiskFilter.Unowned) and held by the exception queue.
func (o *ownerMatrix) mitigation(typeID int64) int64 {
	if t := o.byType[typeID]; t != 0 {
		return t
	}
	return o.anyType
}
