package cmms

import (
	"errors"
	"fmt"

	"ward"
	"ward/udi"
)

// record validates one row into a DeviceRecord. Every problem is kept, with
// the column named as the file names it.
func (rd *Reader) record(line int, row []string, opts Options) *ward.DeviceRecord {
	rec := &ward.DeviceRecord{Line: line, Present: rd.cols.present, Raw: append([]string(nil), row...)}
	if len(row) > len(rd.header) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: "(row)",
			Message: fmt.Sprintf("has %d fields but the header has %d (an unquoted delimiter inside a value?)", len(row), len(rd.header))})
		return rec
	}
	problem := func(f ward.DeviceField, err error) {
		rec.Problems = append(rec.Problems, ward.FieldProblem{Field: rd.header[rd.cols.col[f]], Message: err.Error()})
	}
	for i, f := range rd.cols.fields {
		if f < 0 {
			continue
		}
		cell := ""
		if i < len(row) {
			cell = row[i]
		}
		v, err := cleanText(cell, f)
		if err != nil {
			problem(f, err)
			continue
		}
		if err := rd.setField(rec, f, v, opts); err != nil {
			problem(f, err)
		}
	}
	for _, f := range requiredFields {
		if rec.Problems == nil && fieldText(rec, f) == "" {
			problem(f, fmt.Errorf("is required"))
		}
	}
	if rec.Facility == "" && rec.Present.Has(ward.FieldFacility) && rec.Building+rec.Floor+rec.Department+rec.Room != "" {
		problem(ward.FieldFacility, fmt.Errorf("is required when a building, floor, department or location is given"))
	}
	return rec
}

func fieldText(rec *ward.DeviceRecord, f ward.DeviceField) string {
	switch f {
	case ward.FieldAssetTag:
		return rec.AssetTag
	case ward.FieldManufacturer:
		return rec.Manufacturer
	case ward.FieldModel:
		return rec.Model
	}
	return ""
}

// enumKey keys the memo of enumerated fields, whose few distinct values
// repeat on every row.
type enumKey struct {
	f ward.DeviceField
	v string
}

type enumResult struct {
	s   string
	b   *bool
	err error
}

// setField parses a cleaned cell into its field.
func (rd *Reader) setField(rec *ward.DeviceRecord, f ward.DeviceField, v string, opts Options) (err error) {
	switch f {
	case ward.FieldStatus, ward.FieldConnection, ward.FieldCriticality, ward.FieldStoresPHI:
		r, ok := rd.enums[enumKey{f, v}]
		if !ok {
			r = parseEnum(f, v)
			if len(rd.enums) < 10000 {
				rd.enums[enumKey{f, v}] = r
			}
		}
		switch f {
		case ward.FieldStatus:
			rec.Status = r.s
		case ward.FieldConnection:
			rec.Connection = r.s
		case ward.FieldCriticality:
			rec.Criticality = r.s
		case ward.FieldStoresPHI:
			if r.b != nil {
				b := *r.b
				rec.StoresPHI = &b
			}
		}
		return r.err
	}
	switch f {
	case ward.FieldAssetTag:
		rec.AssetTag = v
	case ward.FieldSerial:
		rec.Serial = v
	case ward.FieldManufacturer:
		rec.Manufacturer = v
	case ward.FieldModel:
		rec.Model = v
	case ward.FieldModelNumber:
		rec.ModelNumber = v
	case ward.FieldDeviceType:
		rec.DeviceType = v
	case ward.FieldSoftwareVersion:
		rec.SoftwareVersion = v
	case ward.FieldOperatingSystem:
		rec.OperatingSystem = v
	case ward.FieldFacility:
		rec.Facility = v
	case ward.FieldBuilding:
		rec.Building = v
	case ward.FieldFloor:
		rec.Floor = v
	case ward.FieldDepartment:
		rec.Department = v
	case ward.FieldRoom:
		rec.Room = v
	case ward.FieldVLAN:
		rec.VLAN = v
	case ward.FieldTeam:
		rec.Team = v
	case ward.FieldIP:
		rec.IP, err = ward.NormalizeIP(v)
	case ward.FieldMAC:
		rec.MAC, err = ward.NormalizeMAC(v)
	case ward.FieldHostname:
		rec.Hostname, err = parseHostname(v)
	case ward.FieldAcquisitionDate:
		rec.AcquisitionDate, err = parseDate(v, opts.DateOrder)
	case ward.FieldWarrantyEnd:
		rec.WarrantyEnd, err = parseDate(v, opts.DateOrder)
	case ward.FieldAcquisitionCost:
		rec.AcquisitionCost, err = ward.ParseMoney(v)
	case ward.FieldLastSeen:
		rec.LastSeen, err = parseTimestamp(v, opts.DateOrder)
	case ward.FieldUDI:
		rec.UDI, rec.UDIDI, err = parseUDI(v)
	}
	var we *ward.Error
	if errors.As(err, &we) {
		return errors.New(we.Message)
	}
	return err
}

func parseEnum(f ward.DeviceField, v string) enumResult {
	var r enumResult
	switch f {
	case ward.FieldStatus:
		r.s, r.err = parseStatus(v)
	case ward.FieldConnection:
		r.s, r.err = parseConnection(v)
	case ward.FieldCriticality:
		r.s, r.err = parseCriticality(v)
	case ward.FieldStoresPHI:
		r.b, r.err = parseBool(v)
	}
	return r
}

// parseUDI validates a UDI and extracts its device identifier.
func parseUDI(v string) (string, string, error) {
	if v == "" {
		return "", "", nil
	}
	u, err := udi.Parse(v)
	if err != nil {
		return "", "", err
	}
	return v, u.DI, nil
}
