package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"ward"
)

// csvExport streams a list as CSV: a header row, then one row per record
// from each, flushed as it goes so a million rows need no buffer. Cells
// that a spreadsheet would run as a formula are defused.
func csvExport(w http.ResponseWriter, name string, header []string, each func(emit func(row ...string) error) error) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, name, time.Now().UTC().Format("20060102")))
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	n := 0
	err := each(func(row ...string) error {
		for i, c := range row {
			row[i] = defuse(c)
		}
		n++
		if n%1000 == 0 {
			cw.Flush()
		}
		return cw.Write(row)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

// defuse prefixes a cell that starts like a spreadsheet formula with a
// quote (OWASP CSV injection): device names and notes come from outside.
func defuse(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			return c
		}
		return "'" + c
	}
	return c
}

func (s *Server) exportDevices(w http.ResponseWriter, r *http.Request, f ward.DeviceFilter) error {
	header := []string{"asset_tag", "serial", "manufacturer", "model", "model_number", "device_type", "software_version",
		"facility", "building", "floor", "department", "room", "ip", "mac", "hostname", "vlan", "status", "criticality", "team"}
	return csvExport(w, "devices", header, func(emit func(...string) error) error {
		return s.store.EachDevice(r.Context(), f, func(d *ward.Device) error {
			return emit(d.AssetTag, d.Serial, d.Manufacturer, d.Model, d.ModelNumber, d.DeviceType, d.SoftwareVersion,
				d.Facility, d.Building, d.Floor, d.Department, d.Room, d.IP, d.MAC, d.Hostname, d.VLAN, d.Status,
				d.Criticality, d.Team)
		})
	})
}

// fmtTime writes a time for CSV, empty when unset.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
