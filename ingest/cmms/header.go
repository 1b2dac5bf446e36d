package cmms

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"ward"
	"ward/names"
)

// synonyms lists, per field, the column names CMMS exports use for it,
// compared after headerKey normalisation. The first is the canonical
// name. Only exact (normalised) matches count: "Model No" must never be
// taken for "Model".
var synonyms = map[ward.DeviceField][]string{
	ward.FieldAssetTag: {"asset tag", "asset", "asset no", "asset id", "asset tag no", "tag", "tag no",
		"equipment", "equipment no", "equipment id", "equip no", "equip id", "control no", "device id",
		"inventory no", "property tag", "biomed no", "biomed tag", "ce no", "cmms id", "asset tag id"},
	ward.FieldSerial: {"serial number", "serial", "serial no", "sn", "s n", "manufacturer serial no", "mfr serial no", "serial id"},
	ward.FieldManufacturer: {"manufacturer", "mfr", "mfg", "mfr name", "mfg name", "manufacturer name", "vendor",
		"vendor name", "make", "oem", "brand", "maker"},
	ward.FieldModel: {"model", "model name", "model description", "product", "product name", "equipment model",
		"device model", "model desc"},
	ward.FieldModelNumber: {"model number", "model no", "catalog no", "catalogue no", "part no", "ref no",
		"reference no", "model code", "mfr model no", "mfg model no", "manufacturer model no"},
	ward.FieldDeviceType: {"device type", "equipment type", "type", "category", "device category",
		"equipment category", "equipment class", "nomenclature", "umdns", "device type description", "asset type"},
	ward.FieldSoftwareVersion: {"software version", "sw version", "firmware version", "firmware", "fw version",
		"software", "sw ver", "fw ver", "fw", "sw", "version", "software rev", "firmware rev", "software revision",
		"firmware revision", "revision"},
	ward.FieldOperatingSystem: {"operating system", "os", "os version"},
	ward.FieldFacility:        {"facility", "site", "hospital", "campus", "facility name", "site name", "hospital name"},
	ward.FieldBuilding:        {"building", "bldg", "building name"},
	ward.FieldFloor:           {"floor", "level"},
	ward.FieldDepartment: {"department", "dept", "unit", "department name", "dept name", "care unit",
		"nursing unit", "ward", "cost center name", "clinical unit"},
	ward.FieldRoom:        {"location", "room", "room no", "area", "location description", "bay"},
	ward.FieldIP:          {"ip address", "ip", "ip addr", "ipv4", "ipv4 address", "ipv6 address"},
	ward.FieldMAC:         {"mac address", "mac", "mac addr", "hardware address", "ethernet address", "wifi mac", "wireless mac"},
	ward.FieldHostname:    {"hostname", "host name", "dns name", "network name", "computer name", "fqdn"},
	ward.FieldVLAN:        {"vlan", "vlan id", "network segment", "segment"},
	ward.FieldConnection:  {"connection", "connectivity", "network connection", "connection type", "network type"},
	ward.FieldStatus:      {"status", "equipment status", "device status", "asset status"},
	ward.FieldCriticality: {"criticality", "clinical criticality", "equipment criticality", "criticality override"},
	ward.FieldStoresPHI:   {"stores phi", "phi", "contains phi", "ephi", "phi stored", "stores ephi"},
	ward.FieldAcquisitionDate: {"acquisition date", "acquired", "date acquired", "acquired date", "purchase date",
		"install date", "installation date", "in service date", "received date", "date received", "acq date"},
	ward.FieldAcquisitionCost: {"acquisition cost", "purchase cost", "purchase price", "cost", "price",
		"original cost", "acq cost", "acquisition price"},
	ward.FieldWarrantyEnd: {"warranty end", "warranty expiration", "warranty expires", "warranty end date",
		"warranty exp", "warranty expiration date"},
	ward.FieldUDI:      {"udi", "unique device identifier", "udi di", "gtin", "primary di", "device identifier"},
	ward.FieldTeam:     {"responsible team", "owner team", "team", "support group", "assigned team"},
	ward.FieldLastSeen: {"last seen", "last seen date", "last contact", "last check in", "last seen at"},
}

// requiredFields are the columns without which a file is refused.
var requiredFields = []ward.DeviceField{ward.FieldAssetTag, ward.FieldManufacturer, ward.FieldModel}

// headerKey normalises a column name: case, punctuation and the many ways
// of writing "number" ("#", "Nbr", "Num", "No.") are ignored.
func headerKey(h string) string {
	h = strings.ReplaceAll(h, "#", " no ")
	words := names.Words(h)
	for i, w := range words {
		switch w {
		case "number", "nbr", "num", "nr":
			words[i] = "no"
		}
	}
	return strings.Join(words, " ")
}

var synonymIndex = func() map[string]ward.DeviceField {
	idx := map[string]ward.DeviceField{}
	for f, syns := range synonyms {
		for _, s := range syns {
			k := headerKey(s)
			if prev, dup := idx[k]; dup && prev != f {
				panic(fmt.Sprintf("cmms: synonym %q for both %v and %v", s, prev, f))
			}
			idx[k] = f
		}
	}
	return idx
}()

// Mapping names, per canonical field, the column of a file that holds it,
// for exports whose headers no synonym covers.
type Mapping map[ward.DeviceField]string

// ParseMapping reads a mapping file: either a JSON object {"asset_tag":
// "Equip Nbr", …} or lines "asset_tag = Equip Nbr" with # comments. It
// returns EINVALID naming the line of an unknown field or a bad line.
func ParseMapping(r io.Reader, name string) (Mapping, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%s: cannot read mapping", name)
	}
	m := Mapping{}
	if t := strings.TrimSpace(string(b)); strings.HasPrefix(t, "{") {
		var raw map[string]string
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, ward.Errorf(ward.EINVALID, "%s: not a JSON object of strings: %v", name, err)
		}
		for k, v := range raw {
			if err := m.set(k, v); err != nil {
				return nil, ward.Errorf(ward.EINVALID, "%s: %s", name, ward.ErrorMessage(err))
			}
		}
		return m, nil
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return nil, ward.Errorf(ward.EINVALID, "%s:%d: want \"field = column\"", name, line)
		}
		if err := m.set(strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
			return nil, ward.Errorf(ward.EINVALID, "%s:%d: %s", name, line, ward.ErrorMessage(err))
		}
	}
	return m, nil
}

func (m Mapping) set(field, column string) error {
	f, ok := ward.ParseDeviceField(strings.TrimSpace(field))
	if !ok {
		var all []string
		for _, f := range ward.DeviceFields() {
			all = append(all, f.String())
		}
		return ward.Errorf(ward.EINVALID, "unknown field %q (known: %s)", field, strings.Join(all, ", "))
	}
	if column == "" {
		return ward.Errorf(ward.EINVALID, "field %q maps to an empty column name", field)
	}
	m[f] = column
	return nil
}

// columnMap says which field each column of a file holds (-1: none).
type columnMap struct {
	fields  []ward.DeviceField
	present ward.FieldSet
	ignored []string
	col     map[ward.DeviceField]int
}

// mapColumns matches a header row against the mapping file first, then the
// synonyms. Missing required columns and two columns claiming one field are
// errors naming the file.
func mapColumns(name string, header []string, mapping Mapping) (*columnMap, error) {
	cm := &columnMap{fields: make([]ward.DeviceField, len(header)), col: map[ward.DeviceField]int{}}
	byKey := map[string]ward.DeviceField{}
	for f, col := range mapping {
		byKey[headerKey(col)] = f
	}
	var problems []string
	for i, h := range header {
		cm.fields[i] = -1
		k := headerKey(h)
		f, ok := byKey[k]
		if !ok {
			f, ok = synonymIndex[k]
			if _, chosen := mapping[f]; ok && chosen {
				ok = false // the mapping file chose another column for this field
			}
		}
		if !ok {
			if strings.TrimSpace(h) != "" {
				cm.ignored = append(cm.ignored, h)
			}
			continue
		}
		if prev, dup := cm.col[f]; dup {
			problems = append(problems, fmt.Sprintf("columns %q and %q both hold %s", header[prev], h, f))
			continue
		}
		cm.fields[i], cm.col[f] = f, i
		cm.present = cm.present.With(f)
	}
	for f, col := range mapping {
		if _, ok := cm.col[f]; !ok {
			problems = append(problems, fmt.Sprintf("the mapping names column %q for %s, but the file has no such column", col, f))
		}
	}
	if !cm.present.Has(ward.FieldFacility) {
		for _, f := range []ward.DeviceField{ward.FieldBuilding, ward.FieldFloor, ward.FieldDepartment, ward.FieldRoom} {
			if cm.present.Has(f) {
				problems = append(problems, fmt.Sprintf("column %q places devices but the file has no facility column (looked for %s); add one or name it with --mapping",
					header[cm.col[f]], quoteList(synonyms[ward.FieldFacility], 4)))
				break
			}
		}
	}
	for _, f := range requiredFields {
		if !cm.present.Has(f) {
			problems = append(problems, fmt.Sprintf("missing required column %s (looked for %s); name it with --mapping",
				f, quoteList(synonyms[f], 5)))
		}
	}
	if len(problems) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s: line 1: %s", name, strings.Join(problems, "; "))
	}
	return cm, nil
}

func quoteList(ss []string, n int) string {
	var q []string
	for i, s := range ss {
		if i == n {
			q = append(q, "…")
			break
		}
		q = append(q, fmt.Sprintf("%q", s))
	}
	return strings.Join(q, ", ")
}
