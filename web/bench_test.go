package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"ward"
	"ward/sqlstore/sqltest"
)

// BenchmarkDeviceListFiltered serves one page of 100 devices of one
// manufacturer at one facility from a SQLite inventory of 20,000 devices
// (5 facilities, 8 manufacturers, 300 models), through HTTP as a client
// sees it.
func BenchmarkDeviceListFiltered(b *testing.B) {
	const n = 20000
	db := sqltest.OpenSQLite(b)
	mfrs := []string{"Philips", "GE HealthCare", "BD", "Baxter", "Medtronic", "B. Braun", "Spacelabs Healthcare", "Dräger"}
	recs := make([]ward.DeviceRecord, n)
	for i := range recs {
		r := devRec(fmt.Sprintf("BENCH-%06d", i), mfrs[i%len(mfrs)], fmt.Sprintf("Model %d", i%300),
			[]string{"Infusion Pump", "Patient Monitor", "Ventilator"}[i%3], fmt.Sprintf("Facility %d", i%5))
		r.Department = fmt.Sprintf("Dept %d", i%80)
		r.Serial = fmt.Sprintf("SN%09d", (i*7919)%1000003)
		r.SoftwareVersion = fmt.Sprintf("%d.%d", i%7, i%13)
		r.IP = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		r.MAC = fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", i>>24&255, i>>16&255, i>>8&255, i&255)
		recs[i] = r
	}
	mustImport(b, db, recs...)
	srv := mustServe(b, db)
	target := srv.URL + "/api/v1/devices?" + url.Values{"facility": {"Facility 2"}, "manufacturer": {"Philips"}, "limit": {"100"}}.Encode()
	client := srv.Client()

	get := func() []byte {
		res, err := client.Get(target)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status: got %d, want 200 (%s)", res.StatusCode, body)
		}
		return body
	}
	var page devicePage
	if err := json.Unmarshal(get(), &page); err != nil {
		b.Fatal(err)
	}
	// i%8 == 0 and i%5 == 2 select one device in 40: 500 of 20,000.
	if len(page.Items) != 100 || page.NextCursor == "" || page.Items[0].Manufacturer != "Philips" || page.Items[0].Facility != "Facility 2" {
		b.Fatalf("first page: got %d items (next %q), want 100 Philips devices at Facility 2 and more pages", len(page.Items), page.NextCursor)
	}

	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		bytes += int64(len(get()))
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "resp-bytes/op")
}
