package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"ward"
	"ward/sqlstore/sqltest"
)

// benchRecords builds n realistic records: 300 models of 40 manufacturers
// over 5 facilities and 400 locations, like a health system's CMMS export.
func benchRecords(n int) []ward.DeviceRecord {
	recs := make([]ward.DeviceRecord, n)
	mfrs := []string{"Philips", "GE HealthCare", "BD", "Baxter", "Medtronic", "B. Braun", "Spacelabs Healthcare", "Dräger"}
	for i := range recs {
		r := rec(i+2, fmt.Sprintf("BENCH-%07d", i), mfrs[i%len(mfrs)], fmt.Sprintf("Model %d", i%300), fmt.Sprintf("%d.%d", i%7, i%13))
		r.Facility = fmt.Sprintf("Facility %d", i%5)
		r.Department = fmt.Sprintf("Dept %d", i%80)
		r.Serial = fmt.Sprintf("SN%09d", (i*7919)%1000003)
		r.IP = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		r.MAC = fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", i>>24&255, i>>16&255, i>>8&255, i&255)
		recs[i] = r
	}
	return recs
}

func BenchmarkImportDevicesSQLite(b *testing.B) {
	const n = 100000
	recs := benchRecords(n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := sqltest.OpenSQLite(b)
		b.StartTimer()
		if _, err := db.ImportDevices(context.Background(), &sliceSource{recs: recs}, ward.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkEachDeviceSQLite(b *testing.B) {
	const n = 100000
	db := sqltest.OpenSQLite(b)
	if _, err := db.ImportDevices(context.Background(), &sliceSource{recs: benchRecords(n)}, ward.ImportOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		count := 0
		if err := db.EachDevice(context.Background(), ward.DeviceFilter{}, func(d *ward.Device) error {
			count++
			return nil
		}); err != nil || count != n {
			b.Fatalf("EachDevice: %d devices, %v", count, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
