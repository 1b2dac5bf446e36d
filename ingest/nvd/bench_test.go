package nvd

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"testing"
)

// benchRecords is the size of the generated feed: about a tenth of NVD,
// large enough that per-file costs do not flatter the rate.
const benchRecords = 20000

// mustGenerateFeed writes a gzip-compressed API response of n records made
// from the real records of cves-2023.json.gz (200 records of many vendors,
// with configurations, CVSS 3.x metrics and references), each copy with a
// new CVE ID, so that the benchmark reads what a real feed holds.
func mustGenerateFeed(tb testing.TB, n int) []byte {
	tb.Helper()
	var page struct {
		Vulnerabilities []struct {
			CVE map[string]json.RawMessage `json:"cve"`
		} `json:"vulnerabilities"`
	}
	zr, err := gzip.NewReader(bytes.NewReader(mustReadFile(tb, fixture("cves-2023.json.gz"))))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.NewDecoder(zr).Decode(&page); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprintf(zw, `{"resultsPerPage":%d,"startIndex":0,"totalResults":%d,"format":"NVD_CVE","version":"2.0","timestamp":"2023-07-18T06:46:32.267","vulnerabilities":[`, n, n)
	for i := 0; i < n; i++ {
		cve := page.Vulnerabilities[i%len(page.Vulnerabilities)].CVE
		cve["id"] = json.RawMessage(fmt.Sprintf(`"CVE-2099-%05d"`, i))
		b, err := json.Marshal(map[string]any{"cve": cve})
		if err != nil {
			tb.Fatal(err)
		}
		if i > 0 {
			zw.Write([]byte(","))
		}
		zw.Write(b)
	}
	zw.Write([]byte("]}"))
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReader reads a generated feed of benchRecords records from
// .json.gz and reports the rate in records/s. The target is 5,000
// records/s on a 2-core machine.
func BenchmarkReader(b *testing.B) {
	feed := mustGenerateFeed(b, benchRecords)
	b.SetBytes(int64(len(feed)))
	b.ReportAllocs()
	b.ResetTimer()
	total := 0
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(feed), "bench.json.gz")
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			total++
		}
		total += r.Rejected()
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "records/s")
}
