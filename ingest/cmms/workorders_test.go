package cmms

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"ward"
)

func readOrders(t *testing.T, data []byte, opts Options) []*ward.WorkOrderRecord {
	t.Helper()
	rd, err := NewWorkOrderReader(bytes.NewReader(data), "orders.csv", opts)
	if err != nil {
		t.Fatalf("NewWorkOrderReader: %v", err)
	}
	defer rd.Close()
	var out []*ward.WorkOrderRecord
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		out = append(out, rec)
	}
}

func TestWorkOrderReaderCMMSColumns(t *testing.T) {
	text := "Work Order #;Asset ID;Job Type;WO Status;Priority;Technician;Date Opened;Date Closed;Labor Hours;Total Cost;Down Time;Parts Used;Comments\r\n" +
		"CM-1;P-1;Corrective Maintenance;Closed;1;J. Ortiz;03/04/2025 08:15;03/05/2025;1:45;$1,250.00;26;Battery pack x2 @ 45.00;Replaced \x96 tested\r\n" +
		"PM-7;P-2;PPM;Awaiting Parts;P3;;04-Mar-2025;;;;;;'=not a formula\r\n"
	recs := readOrders(t, []byte(text), Options{})
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	a := recs[0]
	if len(a.Problems) > 0 {
		t.Fatalf("CM-1: %+v", a.Problems)
	}
	v := a.Values
	if v.Number != "CM-1" || v.AssetTag != "P-1" || v.Type != ward.WorkOrderRepair || v.Status != ward.WorkOrderCompleted ||
		v.Priority != "critical" || v.Assignee != "J. Ortiz" || v.CreatedAt.Format("2006-01-02") != "2025-03-04" ||
		v.Completed.String() != "2025-03-05" || v.LabourHours != 1.75 || v.Cost != 125000 || v.DowntimeHours != 26 ||
		len(v.Parts) != 1 || v.Parts[0].Quantity != 2 || v.Notes != "Replaced – tested" {
		t.Errorf("CM-1: got %+v", v)
	}
	b := recs[1].Values
	if b.Type != ward.WorkOrderPM || b.Status != ward.WorkOrderOnHold || b.Priority != "medium" || b.Notes != "=not a formula" {
		t.Errorf("PM-7: got %+v", b)
	}
	if !a.Present.Has(ward.WOFieldCost) || a.Present.Has(ward.WOFieldTeam) {
		t.Errorf("present fields: cost must be, team must not")
	}
}

func TestWorkOrderReaderRefusals(t *testing.T) {
	text := "WO,Type,Status,Due,Estimated Hours,Links,Title\n" +
		"A-1,Oil change,Closed,2025-02-30,-2,ticket:9,ok\n" +
		",PM,Open,,,,\n" +
		"A-3,PM,Open,,,,\x01bad\n" +
		"A-4,PM,Open,,,,a,b\n"
	recs := readOrders(t, []byte(text), Options{})
	want := [][]string{
		{`Type: "Oil change" is not one of`, `Due: "2025-02-30" is not a valid date`, `Estimated Hours: "-2" is not a number of hours`,
			`Links: link 1: kind "ticket" is not one of`},
		{"WO: is required"},
		{"Title: contains a control character (U+0001)"},
		{"(row): has 8 fields but the header has 7"},
	}
	for i, w := range want {
		var got []string
		for _, p := range recs[i].Problems {
			got = append(got, p.Field+": "+p.Message)
		}
		for _, sub := range w {
			if !strings.Contains(strings.Join(got, "\n"), sub) {
				t.Errorf("line %d: got %q, want one containing %q", recs[i].Line, got, sub)
			}
		}
	}
	for _, bad := range []string{"Asset Tag,Type\nP-1,PM\n", "WO,Work Order,Type\n"} {
		if _, err := NewWorkOrderReader(strings.NewReader(bad), "x.csv", Options{}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("header %q: got %v, want EINVALID", strings.SplitN(bad, "\n", 2)[0], err)
		}
	}
}

func TestHistoryReaderEncodings(t *testing.T) {
	text := "Work Order,Changed At,Changed By,Field,Old Value,New Value\r\nCM-1,2025-03-05T10:00:00.123456Z,J. Ortiz,notes,,Réparé\r\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"utf-8 with BOM": "\xef\xbb\xbf" + text, "utf-16": utf16} {
		rd, err := NewHistoryReader(strings.NewReader(data), "h.csv", Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rec, err := rd.Next()
		rd.Close()
		if err != nil || len(rec.Problems) > 0 {
			t.Fatalf("%s: got %+v, %v", name, rec, err)
		}
		c := rec.Change
		if c.Number != "CM-1" || c.Actor != "J. Ortiz" || c.Field != "notes" || c.New != "Réparé" || c.At.Nanosecond() != 123456000 {
			t.Errorf("%s: got %+v", name, c)
		}
	}
	if _, err := NewHistoryReader(strings.NewReader("number,field\nA,b\n"), "h.csv", Options{}); ward.ErrorCode(err) != ward.EINVALID ||
		!strings.Contains(ward.ErrorMessage(err), "missing required column(s) at") {
		t.Errorf("missing columns: got %v", err)
	}
}
