package csaf

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestComputeScores(t *testing.T) {
	tests := []struct {
		vector                 string
		base, temporal, enviro float64
	}{
		// CVSS v3.1 base scores as NVD publishes them.
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, 9.8, 9.8},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, 6.1, 6.1},
		{"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 8.8, 8.8, 8.8},
		{"CVSS:3.1/AV:N/AC:L/PR:H/UI:R/S:U/C:N/I:L/A:N", 2.4, 2.4, 2.4},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0, 0, 0},
		// Temporal and environmental metrics, worked by hand from the
		// specification formulas.
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8, 8.8, 8.8},
		{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:A/MS:C", 9.8, 9.8, 8.0},
		{"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10, 10, 10},
		{"CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N/E:U/RL:O/RC:U", 1.8, 1.5, 1.5},
		// CVSS v2 guide examples (CVE-2002-0392, CVE-2003-0818).
		{"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8, 6.4, 9.2},
		{"AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L", 10, 8.3, 9.0},
		{"AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3, 4.3, 4.3},
	}
	for _, tt := range tests {
		t.Run(tt.vector, func(t *testing.T) {
			m := parseVector(tt.vector)
			var got cvssScores
			switch {
			case strings.HasPrefix(tt.vector, "CVSS:3.0/"):
				got = computeV3("3.0", m)
			case strings.HasPrefix(tt.vector, "CVSS:3.1/"):
				got = computeV3("3.1", m)
			default:
				got = computeV2(m)
			}
			want := cvssScores{tt.base, tt.temporal, tt.enviro}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestComputeNVDScores checks the CVSS 3 base scores of the NVD test data
// in the shared data set, when it is present.
func TestComputeNVDScores(t *testing.T) {
	for _, minor := range []string{"3.0", "3.1"} {
		v := strings.ReplaceAll(minor, ".", "")
		path := "../../../shared/data/nvd/cvss/v" + v + "/testdata/v" + v + "-scores.json.gz"
		f, err := os.Open(path)
		if err != nil {
			t.Skipf("NVD CVSS test data not present: %v", err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			Vector   string  `json:"vector"`
			Score    float64 `json:"score"`
			Severity string  `json:"severity"`
		}
		if err := json.NewDecoder(zr).Decode(&rows); err != nil {
			t.Fatal(err)
		}
		f.Close()
		for _, r := range rows {
			s := computeV3(minor, parseVector(r.Vector))
			if s.base != r.Score || severityV3(s.base) != r.Severity {
				t.Errorf("%s: got %.1f %s, want %.1f %s", r.Vector, s.base, severityV3(s.base), r.Score, r.Severity)
			}
		}
		t.Logf("CVSS %s: %d NVD vectors checked", minor, len(rows))
	}
}
