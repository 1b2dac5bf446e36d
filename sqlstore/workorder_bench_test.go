package sqlstore_test

import (
	"context"
	"io"
	"testing"

	"ward"
	"ward/demo"
	"ward/sqlstore/sqltest"
)

// woSliceSource is a WorkOrderSource over records in memory.
type woSliceSource struct {
	recs []ward.WorkOrderRecord
	i    int
}

func (s *woSliceSource) Name() string { return "bench" }

func (s *woSliceSource) Next() (*ward.WorkOrderRecord, error) {
	if s.i == len(s.recs) {
		return nil, io.EOF
	}
	s.i++
	r := s.recs[s.i-1] // a copy: the importer may change it
	return &r, nil
}

// benchHistory returns the demo's work order history of devices, at
// least n orders, cut to n.
func benchHistory(tb testing.TB, devices []ward.DeviceRecord, n int) []ward.WorkOrderRecord {
	types := []string{"Infusion Pump", "Patient Monitor", "Ventilator", "Defibrillator", "Ultrasound"}
	units := make([]demo.Unit, len(devices))
	for i, d := range devices {
		units[i] = demo.Unit{Tag: d.AssetTag, DeviceType: types[i%len(types)], Model: d.Model, Status: ward.StatusInService}
	}
	h := demo.NewWorkOrderHistory(units, 1)
	var out []ward.WorkOrderRecord
	for len(out) < n {
		r, err := h.Next()
		if err != nil {
			tb.Fatalf("the history of %d devices has %d orders, want %d", len(devices), len(out), n)
		}
		out = append(out, *r)
	}
	return out
}

// BenchmarkImportWorkOrdersSQLite imports 100,000 work orders (twelve
// months of a 60,000-device health system's CMMS history) into an empty
// table: the figure "importing 100,000 work orders takes ≤ 5 s".
func BenchmarkImportWorkOrdersSQLite(b *testing.B) {
	const n = 100000
	devices := benchRecords(60000)
	orders := benchHistory(b, devices, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := sqltest.OpenSQLite(b)
		if _, err := db.ImportDevices(context.Background(), &sliceSource{recs: devices}, ward.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := db.ImportWorkOrders(context.Background(), &woSliceSource{recs: orders}, ward.ImportOptions{})
		if err != nil || res.Created != n {
			b.Fatalf("import: %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "orders/s")
}
