package ward

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestDeviceAppendJSONMatchesEncodingJSON(t *testing.T) {
	yes := true
	devices := []Device{
		{},
		{ID: 7, AssetTag: "DEV-1", Serial: `quote " back \ slash`, Manufacturer: "Dräger <&>", Model: "Evita\tV500\n",
			SoftwareVersion: "\x01\u2028bad\xff", StoresPHI: &yes, AcquisitionDate: Date{2021, 3, 4},
			AcquisitionCost: 125050, WarrantyEnd: Date{2026, 1, 1}, CriticalityOverride: CriticalityClinical,
			LastSeen: time.Date(2024, 5, 1, 13, 45, 0, 123, time.UTC), CreatedAt: time.Unix(0, 0).UTC(),
			UpdatedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), TeamID: 3, Team: "Clinical Engineering"},
	}
	type plain Device
	for i := range devices {
		d := &devices[i]
		want, err := json.Marshal((*plain)(d))
		if err != nil {
			t.Fatal(err)
		}
		got := d.AppendJSON(nil)
		var g, w map[string]any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatalf("AppendJSON produced invalid JSON %s: %v", got, err)
		}
		json.Unmarshal(want, &w)
		if !reflect.DeepEqual(g, w) {
			t.Errorf("AppendJSON:\n got %s\nwant %s", got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff", "\u2028", "<&>", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
