package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// seedInventory imports n devices over three facilities and two makers.
func seedInventory(t *testing.T, db *sqlstore.DB, n int) []ward.DeviceRecord {
	t.Helper()
	recs := make([]ward.DeviceRecord, n)
	for i := range recs {
		mfr, model := "Philips", "IntelliVue MX450"
		if i%3 == 0 {
			mfr, model = "GE Healthcare", "CARESCAPE B450"
		}
		r := rec(i+2, fmt.Sprintf("T-%05d", (i*7919)%n), mfr, model, fmt.Sprintf("1.%d", i%5))
		r.Facility = []string{"North", "South", "East"}[i%3]
		r.Serial = fmt.Sprintf("S%05d", i)
		r.Status = []string{ward.StatusInService, ward.StatusInRepair}[i%2]
		r.IP = fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
		recs[i] = r
	}
	mustImport(t, db, ward.ImportOptions{}, recs...)
	return recs
}

func TestFindDevicesPagination(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		seedInventory(t, db, 250)
		for _, sortKey := range ward.DeviceSorts {
			for _, desc := range []bool{false, true} {
				f := ward.DeviceFilter{Sort: sortKey, Desc: desc, Limit: 37}
				var tags []string
				seen := map[int64]bool{}
				for pages := 0; ; pages++ {
					if pages > 20 {
						t.Fatalf("sort %s: too many pages", sortKey)
					}
					page, err := db.FindDevices(ctx, f)
					if err != nil {
						t.Fatalf("sort %s desc %v: %v", sortKey, desc, err)
					}
					for _, d := range page.Items {
						if seen[d.ID] {
							t.Fatalf("sort %s: device %d twice", sortKey, d.ID)
						}
						seen[d.ID] = true
						tags = append(tags, d.AssetTag)
					}
					if page.NextCursor == "" {
						break
					}
					f.After = page.NextCursor
				}
				if len(seen) != 250 {
					t.Errorf("sort %s desc %v: got %d devices, want 250", sortKey, desc, len(seen))
				}
				if sortKey == ward.SortAssetTag {
					want := slices.Clone(tags)
					sort.Strings(want)
					if desc {
						slices.Reverse(want)
					}
					if !slices.Equal(tags, want) {
						t.Errorf("asset tag order desc=%v broken", desc)
					}
				}
			}
		}
		if _, err := db.FindDevices(ctx, ward.DeviceFilter{Sort: "color"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad sort: got %v, want EINVALID", err)
		}
		page, _ := db.FindDevices(ctx, ward.DeviceFilter{Limit: 5})
		if _, err := db.FindDevices(ctx, ward.DeviceFilter{Sort: ward.SortSerial, After: page.NextCursor}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("cursor of another sort: got %v, want EINVALID", err)
		}
		if _, err := db.FindDevices(ctx, ward.DeviceFilter{After: "!!notbase64"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("garbage cursor: got %v, want EINVALID", err)
		}
	})
}

func TestFindDevicesFilters(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		seedInventory(t, db, 90)
		north, err := db.FindFacilityByName(ctx, "north")
		if err != nil {
			t.Fatal(err)
		}
		ge, _ := db.ResolveManufacturer(ctx, "General Electric")
		tests := []struct {
			name string
			f    ward.DeviceFilter
			want int64
		}{
			{"all", ward.DeviceFilter{}, 90},
			{"facility", ward.DeviceFilter{FacilityIDs: []int64{north.ID}}, 30},
			{"facility and maker", ward.DeviceFilter{FacilityIDs: []int64{north.ID}, ManufacturerIDs: []int64{ge.ID}}, 30},
			{"maker", ward.DeviceFilter{ManufacturerIDs: []int64{ge.ID}}, 30},
			{"status", ward.DeviceFilter{Statuses: []string{ward.StatusInRepair}}, 45},
			{"type", ward.DeviceFilter{DeviceType: "infusion pump"}, 90},
			{"tag prefix", ward.DeviceFilter{Q: "t-0000"}, 10},
			{"serial prefix", ward.DeviceFilter{Q: "s0008"}, 10},
			{"exact ip", ward.DeviceFilter{Q: "10.0.0.5"}, 1},
			{"model name", ward.DeviceFilter{Q: "carescape"}, 30},
			{"maker alias", ward.DeviceFilter{Q: "General Electric"}, 30},
			{"nothing", ward.DeviceFilter{Q: "zzzz-nothing"}, 0},
			{"unowned", ward.DeviceFilter{Unowned: true}, 90},
		}
		for _, tt := range tests {
			n, err := db.CountDevices(ctx, tt.f)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if n != tt.want {
				t.Errorf("%s: got %d devices, want %d", tt.name, n, tt.want)
			}
			var streamed int64
			if err := db.EachDevice(ctx, tt.f, func(*ward.Device) error { streamed++; return nil }); err != nil || streamed != n {
				t.Errorf("%s: EachDevice streamed %d (%v), want %d", tt.name, streamed, err, n)
			}
		}
	})
}

func TestEachDeviceOrderAndSnapshot(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		// Enough devices for several parallel chunks.
		seedInventory(t, db, 10000)
		var last int64
		n := 0
		err := db.EachDevice(ctx, ward.DeviceFilter{}, func(d *ward.Device) error {
			if d.ID <= last {
				return fmt.Errorf("device %d after %d", d.ID, last)
			}
			if d.Manufacturer == "" || d.Model == "" || d.Facility == "" || d.Status == "" {
				return fmt.Errorf("device %d incomplete: %+v", d.ID, d)
			}
			last = d.ID
			n++
			return nil
		})
		if err != nil || n != 10000 {
			t.Fatalf("EachDevice: %d devices, %v; want 10000 in ID order", n, err)
		}
		stop := fmt.Errorf("stop")
		k := 0
		err = db.EachDevice(ctx, ward.DeviceFilter{}, func(*ward.Device) error {
			k++
			if k == 5000 {
				return stop
			}
			return nil
		})
		if err != stop {
			t.Fatalf("stopping early: got %v, want the callback's error", err)
		}
		// The database stays usable after an early stop.
		if _, err := db.UpdateDevice(ctx, 1, ward.DeviceUpdate{SoftwareVersion: ptr("9.9")}); err != nil {
			t.Fatalf("update after early stop: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestUpdateDevice(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ward.WithActor(context.Background(), "alice")
		mustImport(t, db, ward.ImportOptions{}, rec(2, "U-1", "Philips", "IntelliVue MX450", "M.00.03"))
		d, _ := db.FindDeviceByTag(ctx, "U-1")
		yes := true
		up, err := db.UpdateDevice(ctx, d.ID, ward.DeviceUpdate{
			IP: ptr(" 10.1.2.3 "), MAC: ptr("001A.2B3C.4D5E"), Status: ptr(ward.StatusInRepair),
			StoresPHI: ptr(&yes), CriticalityOverride: ptr(ward.CriticalityLifeSustaining),
		})
		if err != nil {
			t.Fatal(err)
		}
		if up.IP != "10.1.2.3" || up.MAC != "00:1a:2b:3c:4d:5e" || up.Status != ward.StatusInRepair ||
			up.Criticality != ward.CriticalityLifeSustaining || up.StoresPHI == nil || !*up.StoresPHI {
			t.Errorf("updated device: got %+v", up)
		}
		hist, _ := db.FindDeviceHistory(ctx, d.ID)
		fields := map[string]ward.DeviceChange{}
		for _, c := range hist {
			fields[c.Field] = c
		}
		if c := fields["ip_address"]; c.New != "10.1.2.3" || c.Actor != "alice" {
			t.Errorf("ip history: got %+v, want new 10.1.2.3 by alice", c)
		}
		for _, bad := range []ward.DeviceUpdate{
			{IP: ptr("10.1.2.300")}, {MAC: ptr("zz")}, {Status: ptr("lost")},
			{Connection: ptr("bluetooth")}, {TeamID: ptr(int64(999))}, {Serial: ptr("a\x1fb")},
		} {
			if _, err := db.UpdateDevice(ctx, d.ID, bad); err == nil {
				t.Errorf("UpdateDevice(%+v): got nil error", bad)
			}
		}
		if _, err := db.UpdateDevice(ctx, 12345, ward.DeviceUpdate{}); !ward.IsNotFound(err) {
			t.Errorf("unknown device: got %v, want ENOTFOUND", err)
		}
	})
}
