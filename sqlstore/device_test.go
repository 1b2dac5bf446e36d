package sqlstore_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// sliceSource is a DeviceSource over records built in the test.
type sliceSource struct {
	recs []ward.DeviceRecord
	i    int
}

func (s *sliceSource) Name() string { return "test.csv" }

func (s *sliceSource) Next() (*ward.DeviceRecord, error) {
	if s.i == len(s.recs) {
		return nil, io.EOF
	}
	r := s.recs[s.i]
	s.i++
	return &r, nil
}

// allFields marks every field present, as a full CMMS export would.
var allFields = func() ward.FieldSet {
	var s ward.FieldSet
	for _, f := range ward.DeviceFields() {
		s = s.With(f)
	}
	return s
}()

func rec(line int, tag, mfr, model, version string) ward.DeviceRecord {
	return ward.DeviceRecord{
		Line: line, Present: allFields, AssetTag: tag, Serial: "SN-" + tag, Manufacturer: mfr, Model: model,
		DeviceType: "Infusion Pump", SoftwareVersion: version, Facility: "Northgate Community Hospital",
		Department: "ICU", Room: "12", Status: ward.StatusInService,
	}
}

func mustImport(t *testing.T, db *sqlstore.DB, opts ward.ImportOptions, recs ...ward.DeviceRecord) *ward.ImportResult {
	t.Helper()
	res, err := db.ImportDevices(context.Background(), &sliceSource{recs: recs}, opts)
	if err != nil {
		t.Fatalf("ImportDevices: %v", err)
	}
	return res
}

func TestImportDevicesUpsert(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		recs := []ward.DeviceRecord{
			rec(2, "A-1", "B BRAUN MEDICAL INC", "Infusomat Space", "L80"),
			rec(3, "A-2", "CareFusion", "Alaris 8015 PC Unit", "9.33"),
			rec(4, "A-3", "Acme Biomedical", "Widget 3000", ""),
		}
		res := mustImport(t, db, ward.ImportOptions{}, recs...)
		if res.Created != 3 || res.Updated != 0 {
			t.Fatalf("first import: got created %d updated %d, want 3 and 0", res.Created, res.Updated)
		}
		if len(res.UnresolvedManufacturers) != 1 || res.UnresolvedManufacturers[0] != "Acme Biomedical" {
			t.Errorf("unresolved: got %v, want [Acme Biomedical]", res.UnresolvedManufacturers)
		}
		d, err := db.FindDeviceByTag(ctx, "a-1")
		if err != nil {
			t.Fatal(err)
		}
		if d.Manufacturer != "B. Braun" || d.RecordedManufacturer != "B BRAUN MEDICAL INC" {
			t.Errorf("manufacturer: got %q (recorded %q), want B. Braun", d.Manufacturer, d.RecordedManufacturer)
		}
		if d.Facility != "Northgate Community Hospital" || d.Department != "ICU" || d.Status != ward.StatusInService {
			t.Errorf("location/status: got %q %q %q", d.Facility, d.Department, d.Status)
		}

		again := mustImport(t, db, ward.ImportOptions{}, recs...)
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != 3 || again.Changes != 0 {
			t.Fatalf("second import: got %+v, want 3 unchanged", again)
		}

		recs[0].SoftwareVersion = "L82"
		recs[0].Department = "PICU"
		third := mustImport(t, db, ward.ImportOptions{}, recs...)
		if third.Updated != 1 || third.Changes != 2 {
			t.Fatalf("third import: got updated %d changes %d, want 1 and 2", third.Updated, third.Changes)
		}
		hist, err := db.FindDeviceHistory(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]string{}
		for _, c := range hist {
			got[c.Field] = [2]string{c.Old, c.New}
		}
		if got["software_version"] != [2]string{"L80", "L82"} {
			t.Errorf("history software_version: got %v, want [L80 L82]", got["software_version"])
		}
		if got["location"] != [2]string{"Northgate Community Hospital / ICU / 12", "Northgate Community Hospital / PICU / 12"} {
			t.Errorf("history location: got %v", got["location"])
		}
		if hist[len(hist)-1].Field != "created" {
			t.Errorf("last history entry: got %q, want created", hist[len(hist)-1].Field)
		}
	})
}

func TestImportDevicesAllOrNothing(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		bad := rec(3, "B-2", "Philips", "IntelliVue MX450", "")
		bad.Problems = []ward.FieldProblem{{Field: "MAC Address", Message: "bad"}}
		dup := rec(4, "b-1", "Philips", "IntelliVue MX450", "")
		_, err := db.ImportDevices(ctx, &sliceSource{recs: []ward.DeviceRecord{rec(2, "B-1", "Philips", "IntelliVue MX450", ""), bad, dup}}, ward.ImportOptions{})
		var ie *ward.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("got %v, want an ImportError", err)
		}
		if len(ie.Rows) != 2 || ie.Rows[0].Line != 3 || ie.Rows[1].Line != 4 {
			t.Fatalf("rejected rows: got %+v, want lines 3 and 4", ie.Rows)
		}
		if n, _ := db.CountDevices(ctx, ward.DeviceFilter{}); n != 0 {
			t.Fatalf("devices after failed import: got %d, want 0", n)
		}
		res := mustImport(t, db, ward.ImportOptions{SkipInvalid: true}, rec(2, "B-1", "Philips", "IntelliVue MX450", ""), bad, dup)
		if res.Created != 1 || len(res.Rejected) != 2 {
			t.Fatalf("skip-invalid: got created %d rejected %d, want 1 and 2", res.Created, len(res.Rejected))
		}
	})
}

func TestImportDevicesCancelled(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		recs := make([]ward.DeviceRecord, 2000)
		for i := range recs {
			recs[i] = rec(i+2, "C-"+string(rune('a'+i%26))+itoa(i), "Philips", "IntelliVue MX450", "")
		}
		ctx, cancel := context.WithCancel(context.Background())
		src := &cancellingSource{sliceSource: sliceSource{recs: recs}, cancelAt: 1500, cancel: cancel}
		if _, err := db.ImportDevices(ctx, src, ward.ImportOptions{}); err == nil {
			t.Fatal("cancelled import: got nil error")
		}
		if n, _ := db.CountDevices(context.Background(), ward.DeviceFilter{}); n != 0 {
			t.Fatalf("devices after cancelled import: got %d, want 0", n)
		}
	})
}

type cancellingSource struct {
	sliceSource
	cancelAt int
	cancel   func()
}

func (s *cancellingSource) Next() (*ward.DeviceRecord, error) {
	if s.i == s.cancelAt {
		s.cancel()
	}
	return s.sliceSource.Next()
}

func itoa(i int) string {
	b := []byte{}
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
		if i == 0 {
			return string(b)
		}
	}
}
