package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// inventory is a small health system: two facilities with devices, one
// without, two teams and seven devices of five manufacturers, one of them
// unknown to the registry.
type inventory struct {
	nch, rmc, annex  ward.Facility
	biomed, security ward.Team
	ids              map[string]int64 // asset tag → device ID
}

func mustSeedInventory(tb testing.TB, db *sqlstore.DB) inventory {
	tb.Helper()
	inv := inventory{
		nch:      mustCreateFacility(tb, db, "NCH", "Northgate Community Hospital"),
		rmc:      mustCreateFacility(tb, db, "RMC", "Riverside Medical Center"),
		annex:    mustCreateFacility(tb, db, "ANX", "Empty Annex"),
		biomed:   mustCreateTeam(tb, db, "Biomed", ward.TeamClinicalEngineering),
		security: mustCreateTeam(tb, db, "Security", ward.TeamITSecurity),
		ids:      map[string]int64{},
	}
	const (
		north = "Northgate Community Hospital"
		river = "Riverside Medical Center"
	)
	r1 := devRec("NCH-0001", "PHILIPS MEDICAL SYSTEMS", "IntelliVue MX450", "Patient Monitor", north)
	r1.Serial, r1.SoftwareVersion, r1.IP, r1.MAC = "SN-A100", "B1", "10.20.30.40", "02:00:00:00:00:01"
	r1.Hostname, r1.ModelNumber = "mx450-icu-01", "865024"
	r2 := devRec("NCH-0002", "Philips Healthcare", "IntelliVue MX450", "Patient Monitor", north)
	r2.Serial, r2.SoftwareVersion, r2.IP, r2.MAC, r2.Status = "SN-A200", "B2", "10.20.30.41", "02:00:00:00:00:02", ward.StatusInRepair
	r3 := devRec("NCH-0003", "B BRAUN MEDICAL INC", "Infusomat Space", "Infusion Pump", north)
	r3.Serial, r3.SoftwareVersion, r3.Department = "SN-B100", "L80", "PICU"
	r4 := devRec("NCH-0004", "Acme Biomedical", "Widget 3000", "Lab Analyzer", north)
	r4.Serial, r4.Status, r4.Department = "XY-1", ward.StatusDisposed, "Lab"
	r5 := devRec("RMC-0001", "CareFusion", "Alaris 8015 PC Unit", "Infusion Pump", river)
	r5.Serial, r5.SoftwareVersion, r5.IP, r5.MAC, r5.Status = "SN-C100", "9.33", "10.20.31.7", "02:00:00:00:00:07", ward.StatusOutOfService
	r6 := devRec("RMC-0002", "GE Healthcare", "CARESCAPE B650", "Patient Monitor", river)
	r6.Serial, r6.SoftwareVersion, r6.Status = "GE-555", "3.1", ward.StatusRetired
	r7 := devRec("RMC-0003", "Philips", "IntelliVue MX450", "Patient Monitor", river)
	r7.Serial, r7.SoftwareVersion, r7.Team = "SN-A300", "B1", "Biomed"
	mustImport(tb, db, r1, r2, r3, r4, r5, r6, r7)
	mustSetResponsibility(tb, db, "Lab Analyzer", ward.TaskOwner, inv.security.ID)
	for _, tag := range []string{"NCH-0001", "NCH-0002", "NCH-0003", "NCH-0004", "RMC-0001", "RMC-0002", "RMC-0003"} {
		inv.ids[tag] = mustDevice(tb, db, tag).ID
	}
	return inv
}

func TestDeviceListFilters(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		philips := mustManufacturer(t, db, "Philips")
		mx450 := mustDevice(t, db, "NCH-0001").ModelID
		all := []string{"NCH-0001", "NCH-0002", "NCH-0003", "NCH-0004", "RMC-0001", "RMC-0002", "RMC-0003"}
		tests := []struct {
			name  string
			query url.Values
			want  []string
		}{
			{"no filter", url.Values{}, all},
			{"facility by name", url.Values{"facility": {"Northgate Community Hospital"}}, all[:4]},
			{"facility by name, other case", url.Values{"facility": {"northgate community HOSPITAL"}}, all[:4]},
			{"facility by code", url.Values{"facility": {"rmc"}}, all[4:]},
			{"two facilities by name", url.Values{"facility": {"NCH", "Riverside Medical Center"}}, all},
			{"facility without devices", url.Values{"facility": {"Empty Annex"}}, nil},
			{"facility_id", url.Values{"facility_id": {id(inv.rmc.ID)}}, all[4:]},
			{"facility_id comma list", url.Values{"facility_id": {id(inv.nch.ID) + "," + id(inv.rmc.ID)}}, all},
			{"facility_id repeated", url.Values{"facility_id": {id(inv.nch.ID), id(inv.annex.ID)}}, all[:4]},
			{"manufacturer by alias", url.Values{"manufacturer": {"PHILIPS MEDICAL SYSTEMS"}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"manufacturer by name", url.Values{"manufacturer": {"philips"}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"manufacturer by legacy brand", url.Values{"manufacturer": {"CareFusion"}}, []string{"RMC-0001"}},
			{"manufacturer by registry name", url.Values{"manufacturer": {"BD"}}, []string{"RMC-0001"}},
			{"unresolved manufacturer", url.Values{"manufacturer": {"Acme Biomedical"}}, []string{"NCH-0004"}},
			{"manufacturer_id", url.Values{"manufacturer_id": {id(philips.ID)}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"manufacturer and facility", url.Values{"manufacturer": {"Philips"}, "facility": {"RMC"}}, []string{"RMC-0003"}},
			{"model_id", url.Values{"model_id": {id(mx450)}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"one status", url.Values{"status": {"in_service"}}, []string{"NCH-0001", "NCH-0003", "RMC-0003"}},
			{"status comma list", url.Values{"status": {"in_repair,retired"}}, []string{"NCH-0002", "RMC-0002"}},
			{"status repeated", url.Values{"status": {"in_repair", "disposed"}}, []string{"NCH-0002", "NCH-0004"}},
			{"status and facility", url.Values{"status": {"in_service"}, "facility": {"NCH"}}, []string{"NCH-0001", "NCH-0003"}},
			{"type", url.Values{"type": {"Infusion Pump"}}, []string{"NCH-0003", "RMC-0001"}},
			{"type, other spelling", url.Values{"type": {"INFUSION-PUMP"}}, []string{"NCH-0003", "RMC-0001"}},
			{"unknown type", url.Values{"type": {"Teleporter"}}, nil},
			{"team of device", url.Values{"team_id": {id(inv.biomed.ID)}}, []string{"RMC-0003"}},
			{"team by matrix", url.Values{"team_id": {id(inv.security.ID)}}, []string{"NCH-0004"}},
			{"unowned", url.Values{"unowned": {"true"}}, []string{"NCH-0001", "NCH-0002", "NCH-0003", "RMC-0001", "RMC-0002"}},
			{"unowned false", url.Values{"unowned": {"false"}}, all},
			{"q asset tag prefix", url.Values{"q": {"NCH-000"}}, all[:4]},
			{"q asset tag, other case", url.Values{"q": {"rmc-0002"}}, []string{"RMC-0002"}},
			{"q serial prefix", url.Values{"q": {"sn-a"}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"q exact IP", url.Values{"q": {"10.20.30.40"}}, []string{"NCH-0001"}},
			{"q IP prefix is not an IP match", url.Values{"q": {"10.20.30.4"}}, nil},
			{"q MAC in Cisco notation", url.Values{"q": {"0200.0000.0007"}}, []string{"RMC-0001"}},
			{"q MAC with hyphens", url.Values{"q": {"02-00-00-00-00-02"}}, []string{"NCH-0002"}},
			{"q model name fragment", url.Values{"q": {"intellivue"}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"q model fragment, middle", url.Values{"q": {"MX45"}}, []string{"NCH-0001", "NCH-0002", "RMC-0003"}},
			{"q manufacturer", url.Values{"q": {"Carefusion"}}, []string{"RMC-0001"}},
			{"q with facility", url.Values{"q": {"intellivue"}, "facility": {"NCH"}}, []string{"NCH-0001", "NCH-0002"}},
			{"q nothing", url.Values{"q": {"zz-nothing-zz"}}, nil},
			{"q blank", url.Values{"q": {"   "}}, all},
			{"everything at once", url.Values{"facility": {"NCH"}, "manufacturer": {"Philips"}, "status": {"in_service,in_repair"},
				"type": {"patient monitor"}, "q": {"SN-A"}, "unowned": {"true"}}, []string{"NCH-0001", "NCH-0002"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := mustGet[devicePage](t, srv, "/api/v1/devices?"+tt.query.Encode())
				if got := tagsOf(page.Items); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
					t.Errorf("tags: got %v, want %v", got, tt.want)
				}
				if page.Items == nil {
					t.Errorf("items: got null, want a list")
				}
				if page.NextCursor != "" {
					t.Errorf("next_cursor: got %q, want none on the only page", page.NextCursor)
				}
			})
		}
	})
}

func TestDeviceListFields(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		page := mustGet[devicePage](t, srv, "/api/v1/devices?q=NCH-0001")
		if len(page.Items) != 1 {
			t.Fatalf("devices: got %d, want 1", len(page.Items))
		}
		d := page.Items[0]
		philips := mustManufacturer(t, db, "Philips")
		want := ward.Device{
			ID: inv.ids["NCH-0001"], AssetTag: "NCH-0001", Serial: "SN-A100", ManufacturerID: philips.ID, Manufacturer: "Philips",
			Model: "IntelliVue MX450", ModelNumber: "865024", DeviceType: "Patient Monitor",
			RecordedManufacturer: "PHILIPS MEDICAL SYSTEMS", RecordedModel: "IntelliVue MX450", SoftwareVersion: "B1",
			IP: "10.20.30.40", MAC: "02:00:00:00:00:01", Hostname: "mx450-icu-01", FacilityID: inv.nch.ID,
			Facility: "Northgate Community Hospital", Department: "ICU", Room: "1", Status: ward.StatusInService,
			Criticality: ward.CriticalityNonClinical,
		}
		got := d
		got.ModelID, got.LocationID, got.CreatedAt, got.UpdatedAt = 0, 0, time.Time{}, time.Time{}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("device:\ngot  %+v\nwant %+v", got, want)
		}
		if d.ModelID == 0 || d.LocationID == 0 || d.CreatedAt.IsZero() || d.UpdatedAt.IsZero() {
			t.Errorf("references and times: got model %d location %d created %v updated %v, want all set",
				d.ModelID, d.LocationID, d.CreatedAt, d.UpdatedAt)
		}
		// The list and the single-device endpoint must describe a device alike.
		one := mustGet[ward.Device](t, srv, "/api/v1/devices/"+id(d.ID))
		if fmt.Sprint(one) != fmt.Sprint(d) {
			t.Errorf("GET by id differs from the list:\ngot  %+v\nwant %+v", one, d)
		}
	})
}

func TestDeviceListBadParameters(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustSeedInventory(t, db)
		srv := mustServe(t, db)
		tests := []struct {
			query      string
			wantStatus int
			wantCode   string
			wantInMsg  string
		}{
			{"sort=color", 400, ward.EINVALID, "color"},
			{"sort=ASSET_TAG", 400, ward.EINVALID, "asset_tag"},
			{"status=lost", 400, ward.EINVALID, "lost"},
			{"status=in_service,broken", 400, ward.EINVALID, "broken"},
			{"cursor=%21%21not-base64", 400, ward.EINVALID, "cursor"},
			{"cursor=e30", 400, ward.EINVALID, "cursor"}, // "{}": no keys
			{"facility_id=abc", 400, ward.EINVALID, "facility_id"},
			{"facility_id=0", 400, ward.EINVALID, "facility_id"},
			{"facility_id=1,x", 400, ward.EINVALID, "facility_id"},
			{"manufacturer_id=-3", 400, ward.EINVALID, "manufacturer_id"},
			{"model_id=1.5", 400, ward.EINVALID, "model_id"},
			{"team_id=me", 400, ward.EINVALID, "team_id"},
			{"team_id=-1", 400, ward.EINVALID, "team_id"},
			{"unowned=perhaps", 400, ward.EINVALID, "unowned"},
			{"desc=sideways", 400, ward.EINVALID, "desc"},
			{"limit=-1", 400, ward.EINVALID, "limit"},
			{"limit=ten", 400, ward.EINVALID, "limit"},
			{"facility=Nowhere+General", 404, ward.ENOTFOUND, "Nowhere General"},
			{"manufacturer=Nobody+Devices+Inc", 404, ward.ENOTFOUND, "Nobody Devices Inc"},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				r := mustDo(t, srv, http.MethodGet, "/api/v1/devices?"+tt.query, nil)
				msg := mustAPIError(t, r, tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to mention %q", msg, tt.wantInMsg)
				}
			})
		}
	})
}

func TestDeviceListCountParameter(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustSeedInventory(t, db)
		srv := mustServe(t, db)
		tests := []struct {
			query     string
			wantCount int64 // -1: no count in the response
			wantItems int
			wantNext  bool
		}{
			{"", -1, 7, false},
			{"count=true", 7, 7, false},
			{"count=1", 7, 7, false},
			{"count=false", -1, 7, false},
			{"count=true&facility=NCH&limit=2", 4, 2, true},
			{"count=true&status=in_service&manufacturer=Philips", 2, 2, false},
			{"count=true&q=zz-nothing", 0, 0, false},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				page := mustGet[devicePage](t, srv, "/api/v1/devices?"+tt.query)
				switch {
				case tt.wantCount < 0 && page.Count != nil:
					t.Errorf("count: got %d, want no count", *page.Count)
				case tt.wantCount >= 0 && page.Count == nil:
					t.Errorf("count: got none, want %d", tt.wantCount)
				case tt.wantCount >= 0 && *page.Count != tt.wantCount:
					t.Errorf("count: got %d, want %d", *page.Count, tt.wantCount)
				}
				if len(page.Items) != tt.wantItems {
					t.Errorf("items: got %d, want %d", len(page.Items), tt.wantItems)
				}
				if (page.NextCursor != "") != tt.wantNext {
					t.Errorf("next_cursor: got %q, want present=%v", page.NextCursor, tt.wantNext)
				}
			})
		}
		// On a later page the count still counts the whole filtered list.
		first := mustGet[devicePage](t, srv, "/api/v1/devices?facility=NCH&limit=3&count=true")
		second := mustGet[devicePage](t, srv, "/api/v1/devices?facility=NCH&limit=3&count=true&cursor="+url.QueryEscape(first.NextCursor))
		if second.Count == nil || *second.Count != 4 || len(second.Items) != 1 {
			t.Errorf("second page: got count %v and %d items, want count 4 and 1 item", second.Count, len(second.Items))
		}

		r := mustDo(t, srv, http.MethodGet, "/api/v1/devices?count=maybe", nil)
		if r.Status == http.StatusOK {
			t.Fatal("web/devices.go handleDeviceList ignores the error of queryBool(r, \"count\"): count=maybe answers 200 without a count instead of 400 like every other boolean parameter")
		}
		mustAPIError(t, r, http.StatusBadRequest, ward.EINVALID)
	})
}

// sortKey returns the value a device sorts by under sortName, as the API
// promises to order it: text keys compare as written (asset tags and
// serials ignoring case), times in time order, and a missing value as the
// empty string.
func sortKey(tb testing.TB, d ward.Device, sortName string) string {
	tb.Helper()
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02T15:04:05.000000000")
	}
	switch sortName {
	case ward.SortAssetTag:
		return strings.ToUpper(d.AssetTag)
	case ward.SortSerial:
		return strings.ToUpper(d.Serial)
	case ward.SortSoftwareVersion:
		return d.SoftwareVersion
	case ward.SortStatus:
		return d.Status
	case ward.SortUpdated:
		return stamp(d.UpdatedAt)
	case "last_seen":
		return stamp(d.LastSeen)
	}
	tb.Fatalf("sort %q: got a sort key this test does not know, want it taught to sortKey", sortName)
	return ""
}

// wantOrder returns the IDs of devs ordered by sortName and then by ID,
// reversed when desc.
func wantOrder(tb testing.TB, devs []ward.Device, sortName string, desc bool) []int64 {
	tb.Helper()
	sorted := slices.Clone(devs)
	keys := map[int64]string{}
	for _, d := range sorted {
		keys[d.ID] = sortKey(tb, d, sortName)
	}
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if keys[a.ID] != keys[b.ID] {
			return keys[a.ID] < keys[b.ID]
		}
		return a.ID < b.ID
	})
	ids := idsOf(sorted)
	if desc {
		slices.Reverse(ids)
	}
	return ids
}

func TestDeviceListSortAndPaginate(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		t0 := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
		const n = 23
		recs := make([]ward.DeviceRecord, n)
		for i := range recs {
			r := devRec(fmt.Sprintf("S-%02d", (i*7)%n), "Philips", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital")
			r.Serial = fmt.Sprintf("ser%d", (i*5)%9)
			r.SoftwareVersion = fmt.Sprintf("V%d", (i*3)%5)
			r.Status = ward.DeviceStatuses[(i*2)%len(ward.DeviceStatuses)]
			r.LastSeen = t0.Add(time.Duration((i*11)%6) * time.Hour)
			recs[i] = r
		}
		// Three imports at different times give updated_at ties within an
		// import and an order unlike the IDs across them.
		for _, batch := range []struct {
			lo, hi int
			at     time.Time
		}{{0, 8, t0.Add(2 * time.Hour)}, {8, 16, t0}, {16, n, t0.Add(time.Hour)}} {
			db.SetClock(func() time.Time { return batch.at })
			mustImport(t, db, recs[batch.lo:batch.hi]...)
		}
		db.SetClock(func() time.Time { return t0.Add(3 * time.Hour) })
		mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, "/api/v1/devices/"+id(mustDevice(t, db, "S-03").ID),
			map[string]any{"software_version": "V9"}), http.StatusOK)
		db.SetClock(time.Now)

		devs := mustGet[devicePage](t, srv, "/api/v1/devices?limit=1000").Items
		if len(devs) != n {
			t.Fatalf("devices: got %d, want %d", len(devs), n)
		}
		for _, sortName := range ward.DeviceSorts {
			for _, desc := range []bool{false, true} {
				want := wantOrder(t, devs, sortName, desc)
				for _, limit := range []int{1, 4, n, 100} {
					t.Run(fmt.Sprintf("%s/desc=%v/limit=%d", sortName, desc, limit), func(t *testing.T) {
						q := url.Values{"sort": {sortName}, "desc": {fmt.Sprint(desc)}, "limit": {fmt.Sprint(limit)}}
						got := mustListAll(t, srv, q, n+1)
						if !slices.Equal(idsOf(got), want) {
							t.Errorf("order: got %v, want %v", idsOf(got), want)
						}
					})
				}
			}
		}
		// The default sort is by asset tag, ascending.
		if got, want := idsOf(mustListAll(t, srv, url.Values{"limit": {"5"}}, n)), wantOrder(t, devs, ward.SortAssetTag, false); !slices.Equal(got, want) {
			t.Errorf("default order: got %v, want %v", got, want)
		}
	})
}

func TestDeviceListSortWithMissingValues(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		var recs []ward.DeviceRecord
		for i := range 12 {
			r := devRec(fmt.Sprintf("M-%02d", i), "Philips", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital")
			r.Serial, r.SoftwareVersion = fmt.Sprintf("SER%d", i%4), fmt.Sprintf("V%d", i%3)
			if i%3 == 1 {
				r.Serial = "" // many CMMS records have no serial
			}
			if i%4 == 2 {
				r.SoftwareVersion = ""
			}
			recs = append(recs, r)
		}
		mustImport(t, db, recs...)
		devs := mustGet[devicePage](t, srv, "/api/v1/devices").Items
		for _, sortName := range ward.DeviceSorts {
			for _, desc := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/desc=%v", sortName, desc), func(t *testing.T) {
					want := wantOrder(t, devs, sortName, desc)
					q := url.Values{"sort": {sortName}, "desc": {fmt.Sprint(desc)}, "limit": {"2"}}
					var got []int64
					seen := map[int64]bool{}
					for pages := 0; pages <= len(devs); pages++ {
						page := mustGet[devicePage](t, srv, "/api/v1/devices?"+q.Encode())
						for _, d := range page.Items {
							if seen[d.ID] {
								break
							}
							seen[d.ID] = true
							got = append(got, d.ID)
						}
						if page.NextCursor == "" {
							break
						}
						q.Set("cursor", page.NextCursor)
					}
					if slices.Equal(got, want) {
						return
					}
					empty := 0
					for _, d := range devs {
						if sortKey(t, d, sortName) == "" {
							empty++
						}
					}
					if empty > 0 {
						t.Fatalf("sqlstore/device.go FindDevices pages with \"(col, d.id) > (?, ?)\" over a nullable column "+
							"(devices without a %s store NULL): the cursor of a NULL row matches nothing and NULLs sort first on SQLite "+
							"but last on PostgreSQL, so walking sort=%s desc=%v with limit 2 served %d of %d devices in order %v, want %v",
							sortName, sortName, desc, len(got), len(devs), got, want)
					}
					t.Errorf("order: got %v, want %v", got, want)
				})
			}
		}
	})
}

func TestDeviceListCursor(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustSeedInventory(t, db)
		mustCreateModel(t, db, ward.Model{Manufacturer: "Philips", Name: "IntelliVue MX800"})
		srv := mustServe(t, db)
		first := mustGet[devicePage](t, srv, "/api/v1/devices?limit=2")
		if first.NextCursor == "" {
			t.Fatal("next_cursor: got none, want one with 7 devices and limit 2")
		}
		models := mustGet[modelPage](t, srv, "/api/v1/models?limit=1")
		if models.NextCursor == "" {
			t.Fatal("models next_cursor: got none, want one")
		}
		tests := []struct {
			name  string
			query url.Values
		}{
			{"cursor of another sort", url.Values{"sort": {ward.SortSerial}, "cursor": {first.NextCursor}}},
			{"cursor of the model list", url.Values{"cursor": {models.NextCursor}}},
			{"truncated cursor", url.Values{"cursor": {first.NextCursor[:len(first.NextCursor)/2]}}},
			{"cursor with padding", url.Values{"cursor": {first.NextCursor + "=="}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := mustDo(t, srv, http.MethodGet, "/api/v1/devices?"+tt.query.Encode(), nil)
				if msg := mustAPIError(t, r, http.StatusBadRequest, ward.EINVALID); !strings.Contains(msg, "cursor") {
					t.Errorf("message: got %q, want it to mention the cursor", msg)
				}
			})
		}
		// The same cursor with the same sort continues where the page ended.
		second := mustGet[devicePage](t, srv, "/api/v1/devices?limit=2&cursor="+url.QueryEscape(first.NextCursor))
		if got, want := tagsOf(second.Items), []string{"NCH-0003", "NCH-0004"}; !slices.Equal(got, want) {
			t.Errorf("second page: got %v, want %v", got, want)
		}
	})
}

func TestDeviceListLimit(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		const n = 1005
		recs := make([]ward.DeviceRecord, n)
		for i := range recs {
			recs[i] = devRec(fmt.Sprintf("L-%04d", i), "Philips", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital")
		}
		mustImport(t, db, recs...)
		srv := mustServe(t, db)
		tests := []struct {
			query     string
			wantItems int
		}{
			{"", 100},
			{"limit=0", 100},
			{"limit=1", 1},
			{"limit=7", 7},
			{"limit=1000", 1000},
			{"limit=1001", 1000},
			{"limit=5000", 1000},
			{"limit=9223372036854775807", 1000},
		}
		for _, tt := range tests {
			t.Run(tt.query, func(t *testing.T) {
				page := mustGet[devicePage](t, srv, "/api/v1/devices?"+tt.query)
				if len(page.Items) != tt.wantItems {
					t.Errorf("items: got %d, want %d", len(page.Items), tt.wantItems)
				}
				if page.NextCursor == "" {
					t.Errorf("next_cursor: got none, want one (%d devices)", n)
				}
			})
		}
		all := mustListAll(t, srv, url.Values{"limit": {"5000"}}, 3)
		if len(all) != n {
			t.Errorf("walking pages of the capped size: got %d devices, want %d", len(all), n)
		}
		if tags := tagsOf(all); !slices.IsSorted(tags) || len(slices.Compact(slices.Clone(tags))) != n {
			t.Errorf("walking pages of the capped size: got unsorted or repeated tags")
		}
	})
}

func TestDeviceGet(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		d := mustGet[ward.Device](t, srv, "/api/v1/devices/"+id(inv.ids["RMC-0001"]))
		if d.AssetTag != "RMC-0001" || d.Manufacturer != "BD" || d.RecordedManufacturer != "CareFusion" ||
			d.Facility != "Riverside Medical Center" || d.Status != ward.StatusOutOfService {
			t.Errorf("device: got %s %s (%s) at %s, %s; want RMC-0001 BD (CareFusion) at Riverside Medical Center, out_of_service",
				d.AssetTag, d.Manufacturer, d.RecordedManufacturer, d.Facility, d.Status)
		}
		tests := []struct {
			path       string
			wantStatus int
			wantCode   string
		}{
			{"/api/v1/devices/999999", 404, ward.ENOTFOUND},
			{"/api/v1/devices/abc", 400, ward.EINVALID},
			{"/api/v1/devices/0", 400, ward.EINVALID},
			{"/api/v1/devices/-5", 400, ward.EINVALID},
			{"/api/v1/devices/1.5", 400, ward.EINVALID},
			{"/api/v1/devices/99999999999999999999", 400, ward.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				mustAPIError(t, mustDo(t, srv, http.MethodGet, tt.path, nil), tt.wantStatus, tt.wantCode)
			})
		}
	})
}

func TestDeviceByAssetTag(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		mustImport(t, db, devRec("BIO/77 A", "Philips", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital"))
		srv := mustServe(t, db)
		tests := []struct {
			path    string
			wantTag string
		}{
			{"/api/v1/asset-tags/NCH-0002", "NCH-0002"},
			{"/api/v1/asset-tags/nch-0002", "NCH-0002"},
			{"/api/v1/asset-tags/Rmc-0003", "RMC-0003"},
			{"/api/v1/asset-tags/%20rmc-0003%20", "RMC-0003"},
			{"/api/v1/asset-tags/" + url.PathEscape("bio/77 a"), "BIO/77 A"},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				d := mustGet[ward.Device](t, srv, tt.path)
				if d.AssetTag != tt.wantTag {
					t.Errorf("asset tag: got %q, want %q", d.AssetTag, tt.wantTag)
				}
				if want, ok := inv.ids[tt.wantTag]; ok && d.ID != want {
					t.Errorf("id: got %d, want %d", d.ID, want)
				}
			})
		}
		msg := mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/asset-tags/NCH-9999", nil), http.StatusNotFound, ward.ENOTFOUND)
		if !strings.Contains(msg, "NCH-9999") {
			t.Errorf("message: got %q, want it to name the tag", msg)
		}
	})
}

func TestDeviceUpdate(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/devices/" + id(inv.ids["NCH-0001"])
		lastSeen := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		tests := []struct {
			name  string
			body  string
			check func(d ward.Device) (got, want any)
		}{
			{"IP with prefix length and spaces", `{"ip": " 10.9.8.7/24 "}`, func(d ward.Device) (any, any) { return d.IP, "10.9.8.7" }},
			{"IPv4-mapped IPv6", `{"ip": "::ffff:10.9.8.6"}`, func(d ward.Device) (any, any) { return d.IP, "10.9.8.6" }},
			{"IPv6 in capitals", `{"ip": "2001:DB8::0001"}`, func(d ward.Device) (any, any) { return d.IP, "2001:db8::1" }},
			{"IP cleared", `{"ip": ""}`, func(d ward.Device) (any, any) { return d.IP, "" }},
			{"MAC with hyphens", `{"mac": "02-00-5E-10-00-01"}`, func(d ward.Device) (any, any) { return d.MAC, "02:00:5e:10:00:01" }},
			{"MAC in Cisco notation", `{"mac": "0200.5E10.0002"}`, func(d ward.Device) (any, any) { return d.MAC, "02:00:5e:10:00:02" }},
			{"MAC bare hex", `{"mac": "02005e100003"}`, func(d ward.Device) (any, any) { return d.MAC, "02:00:5e:10:00:03" }},
			{"serial trimmed", `{"serial": "  SN-NEW-1  "}`, func(d ward.Device) (any, any) { return d.Serial, "SN-NEW-1" }},
			{"status", `{"status": "in_repair"}`, func(d ward.Device) (any, any) { return d.Status, ward.StatusInRepair }},
			{"connection", `{"connection": "wireless"}`, func(d ward.Device) (any, any) { return d.Connection, ward.ConnectionWireless }},
			{"criticality override", `{"criticality_override": "life_sustaining"}`, func(d ward.Device) (any, any) {
				return d.Criticality + "/" + d.CriticalityOverride, "life_sustaining/life_sustaining"
			}},
			{"criticality override cleared", `{"criticality_override": ""}`, func(d ward.Device) (any, any) {
				return d.Criticality + "/" + d.CriticalityOverride, "non_clinical/"
			}},
			{"stores PHI", `{"stores_phi": true}`, func(d ward.Device) (any, any) { return fmt.Sprint(d.StoresPHI != nil && *d.StoresPHI), "true" }},
			{"warranty end", `{"warranty_end": "2030-06-30"}`, func(d ward.Device) (any, any) { return d.WarrantyEnd.String(), "2030-06-30" }},
			{"warranty end cleared", `{"warranty_end": ""}`, func(d ward.Device) (any, any) { return d.WarrantyEnd.String(), "" }},
			{"last seen", `{"last_seen": "2025-03-01T11:00:00+01:00"}`, func(d ward.Device) (any, any) { return d.LastSeen, lastSeen }},
			{"own team", fmt.Sprintf(`{"team_id": %d}`, inv.security.ID), func(d ward.Device) (any, any) {
				return fmt.Sprintf("%d %s %s", d.TeamID, d.Team, d.OwnerSource), fmt.Sprintf("%d Security device", inv.security.ID)
			}},
			{"own team cleared", `{"team_id": 0}`, func(d ward.Device) (any, any) {
				return fmt.Sprintf("%d %q %q", d.TeamID, d.Team, d.OwnerSource), `0 "" ""`
			}},
			{"several fields", `{"software_version": "B7", "hostname": "mx450-icu-07", "vlan": "120", "operating_system": "VxWorks 6.9"}`,
				func(d ward.Device) (any, any) {
					return []string{d.SoftwareVersion, d.Hostname, d.VLAN, d.OperatingSystem}, []string{"B7", "mx450-icu-07", "120", "VxWorks 6.9"}
				}},
			{"empty object changes nothing", `{}`, func(d ward.Device) (any, any) { return d.SoftwareVersion, "B7" }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, tt.body), http.StatusOK)
				if got, want := tt.check(d); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("PATCH response: got %v, want %v", got, want)
				}
				again := mustGet[ward.Device](t, srv, path)
				if got, want := tt.check(again); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("GET after PATCH: got %v, want %v", got, want)
				}
				if d.AssetTag != "NCH-0001" || d.Manufacturer != "Philips" {
					t.Errorf("untouched fields: got %s %s, want NCH-0001 Philips", d.AssetTag, d.Manufacturer)
				}
			})
		}
	})
}

func TestDeviceUpdateRefused(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/devices/" + id(inv.ids["NCH-0002"])
		before := mustGet[ward.Device](t, srv, path)
		historyBefore := mustGet[list[ward.DeviceChange]](t, srv, path+"/history").Items
		tests := []struct {
			name        string
			contentType string
			body        string
			wantStatus  int
			wantCode    string
			wantInMsg   string
		}{
			{"bad IP", "application/json", `{"ip": "10.1.2.300"}`, 400, ward.EINVALID, `"10.1.2.300" is not an IP address`},
			{"IP with zone", "application/json", `{"ip": "fe80::1%eth0"}`, 400, ward.EINVALID, "fe80::1%eth0"},
			{"multicast IP", "application/json", `{"ip": "224.0.0.1"}`, 400, ward.EINVALID, "224.0.0.1"},
			{"IP with leading zeros", "application/json", `{"ip": "10.01.2.3"}`, 400, ward.EINVALID, "10.01.2.3"},
			{"bad MAC", "application/json", `{"mac": "zz:00:00:00:00:01"}`, 400, ward.EINVALID, "MAC"},
			{"broadcast MAC", "application/json", `{"mac": "ff:ff:ff:ff:ff:ff"}`, 400, ward.EINVALID, "MAC"},
			{"bad status", "application/json", `{"status": "lost"}`, 400, ward.EINVALID, "lost"},
			{"bad connection", "application/json", `{"connection": "bluetooth"}`, 400, ward.EINVALID, "bluetooth"},
			{"bad criticality", "application/json", `{"criticality_override": "meh"}`, 400, ward.EINVALID, "meh"},
			{"bad date", "application/json", `{"warranty_end": "30/06/2030"}`, 400, ward.EINVALID, "30/06/2030"},
			{"long serial", "application/json", `{"serial": "` + strings.Repeat("9", 200) + `"}`, 400, ward.EINVALID, "serial"},
			{"control character", "application/json", `{"hostname": "icu\u001fbed"}`, 400, ward.EINVALID, "control"},
			{"unknown team", "application/json", `{"team_id": 999999}`, 404, ward.ENOTFOUND, "999999"},
			{"unknown field", "application/json", `{"colour": "red"}`, 400, ward.EINVALID, "colour"},
			{"read-only field", "application/json", `{"asset_tag": "NCH-9999"}`, 400, ward.EINVALID, "asset_tag"},
			{"wrong type", "application/json", `{"serial": 5}`, 400, ward.EINVALID, "serial"},
			{"malformed JSON", "application/json", `{"serial": "a"`, 400, ward.EINVALID, "JSON"},
			{"not an object", "application/json", `["serial"]`, 400, ward.EINVALID, "JSON"},
			{"two values", "application/json", `{"serial": "a"} {"serial": "b"}`, 400, ward.EINVALID, "after the JSON value"},
			{"empty body", "application/json", ``, 400, ward.EINVALID, "empty"},
			{"body over 1 MiB", "application/json", `{"serial": "` + strings.Repeat("a", 1<<20) + `"}`, 400, ward.EINVALID, "larger than"},
			{"plain text", "text/plain", `{"serial": "X"}`, 400, ward.EINVALID, "application/json"},
			{"form", "application/x-www-form-urlencoded", `serial=X`, 400, ward.EINVALID, "application/json"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := mustRequest(t, srv, http.MethodPatch, path, tt.contentType, strings.NewReader(tt.body))
				msg := mustAPIError(t, r, tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.wantInMsg)
				}
			})
		}
		after := mustGet[ward.Device](t, srv, path)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("device after refused updates:\ngot  %+v\nwant %+v", after, before)
		}
		if h := mustGet[list[ward.DeviceChange]](t, srv, path+"/history").Items; len(h) != len(historyBefore) {
			t.Errorf("history after refused updates: got %d entries, want %d", len(h), len(historyBefore))
		}

		// A JSON body is accepted with parameters or without a content type.
		for _, ct := range []string{"application/json; charset=utf-8", ""} {
			r := mustRequest(t, srv, http.MethodPatch, path, ct, strings.NewReader(`{"vlan": "42"}`))
			if d := mustDecode[ward.Device](t, r, http.StatusOK); d.VLAN != "42" {
				t.Errorf("content type %q: got VLAN %q, want 42", ct, d.VLAN)
			}
		}
		for _, tt := range []struct {
			path       string
			wantStatus int
			wantCode   string
		}{
			{"/api/v1/devices/999999", 404, ward.ENOTFOUND},
			{"/api/v1/devices/abc", 400, ward.EINVALID},
		} {
			mustAPIError(t, mustDo(t, srv, http.MethodPatch, tt.path, `{"vlan": "1"}`), tt.wantStatus, tt.wantCode)
		}
	})
}

func TestDeviceUpdateMediaType(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/devices/" + id(inv.ids["NCH-0003"])
		// Media types compare case-insensitively (RFC 9110 §8.3.1), and a
		// type that merely starts with application/json is another type.
		tests := []struct {
			contentType string
			wantStatus  int
		}{
			{"application/json", 200},
			{"application/json;charset=UTF-8", 200},
			{"Application/JSON", 200},
			{"APPLICATION/JSON; charset=utf-8", 200},
			{"application/jsonl", 400},
			{"application/json-seq", 400},
			{"text/json", 400},
		}
		var wrong []string
		for _, tt := range tests {
			r := mustRequest(t, srv, http.MethodPatch, path, tt.contentType, strings.NewReader(`{"vlan": "7"}`))
			if r.Status != tt.wantStatus {
				wrong = append(wrong, fmt.Sprintf("%q got %d, want %d", tt.contentType, r.Status, tt.wantStatus))
				continue
			}
			if tt.wantStatus == http.StatusOK {
				mustDecode[ward.Device](t, r, http.StatusOK)
			} else {
				mustAPIError(t, r, tt.wantStatus, ward.EINVALID)
			}
		}
		if len(wrong) > 0 {
			t.Fatalf("web/respond.go decodeJSON tests the Content-Type with strings.HasPrefix(ct, \"application/json\") "+
				"instead of parsing it (mime.ParseMediaType) and comparing the type case-insensitively: %s", strings.Join(wrong, "; "))
		}
	})
}

func TestDeviceUpdateClearsStoresPHI(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/devices/" + id(inv.ids["NCH-0003"])
		d := mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, `{"stores_phi": true}`), http.StatusOK)
		if d.StoresPHI == nil || !*d.StoresPHI {
			t.Fatalf("stores_phi: got %v, want true", d.StoresPHI)
		}
		d = mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, `{"stores_phi": false}`), http.StatusOK)
		if d.StoresPHI == nil || *d.StoresPHI {
			t.Fatalf("stores_phi: got %v, want false", d.StoresPHI)
		}
		// ward.DeviceUpdate.StoresPHI is a **bool so that null can set the
		// value back to unknown.
		d = mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, `{"stores_phi": null}`), http.StatusOK)
		if d.StoresPHI != nil {
			t.Fatalf("device.go DeviceUpdate.StoresPHI is **bool but encoding/json decodes null into a nil outer pointer, "+
				"so PATCH {\"stores_phi\": null} is a silent no-op (got %v) and the API cannot set stores_phi back to unknown (null)", *d.StoresPHI)
		}
	})
}

func TestDeviceHistory(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/devices/" + id(inv.ids["NCH-0001"])

		h := mustGet[list[ward.DeviceChange]](t, srv, path+"/history").Items
		if len(h) != 1 || h[0].Field != "created" || h[0].New != "NCH-0001" || h[0].Actor != "test-seed" || h[0].DeviceID != inv.ids["NCH-0001"] {
			t.Fatalf("history of a new device: got %+v, want one created entry by test-seed", h)
		}

		start := time.Now().Add(-time.Second)
		mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path,
			`{"software_version": "B9", "ip": "10.9.9.9", "mac": "02:00:00:00:00:99", "team_id": `+id(inv.biomed.ID)+`}`), http.StatusOK)
		mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, `{"status": "in_repair"}`), http.StatusOK)
		// Writing the values a device already has records nothing.
		mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, path, `{"status": "in_repair", "ip": "10.9.9.9/32"}`), http.StatusOK)

		h = mustGet[list[ward.DeviceChange]](t, srv, path+"/history").Items
		type change struct{ field, old, new string }
		var got []change
		for _, c := range h {
			got = append(got, change{c.Field, c.Old, c.New})
		}
		want := []change{
			{"status", "in_service", "in_repair"},
			{"software_version", "B1", "B9"},
			{"ip_address", "10.20.30.40", "10.9.9.9"},
			{"mac_address", "02:00:00:00:00:01", "02:00:00:00:00:99"},
			{"team", "", "Biomed"},
			{"created", "", "NCH-0001"},
		}
		// Changes of one update share a timestamp; compare them as a set.
		if len(got) != len(want) || got[0] != want[0] || got[len(got)-1] != want[len(want)-1] ||
			!sameElements(got[1:len(got)-1], want[1:len(want)-1]) {
			t.Fatalf("history: got %v, want %v (newest first)", got, want)
		}
		for _, c := range h[:len(h)-1] {
			if c.Actor != "web:test-admin" {
				t.Errorf("actor of %s: got %q, want the signed-in user web:test-admin", c.Field, c.Actor)
			}
			if c.At.Before(start) || c.At.After(time.Now().Add(time.Second)) {
				t.Errorf("time of %s: got %v, want during the test", c.Field, c.At)
			}
			if c.ID == 0 || c.DeviceID != inv.ids["NCH-0001"] {
				t.Errorf("entry %s: got id %d device %d, want an id and device %d", c.Field, c.ID, c.DeviceID, inv.ids["NCH-0001"])
			}
		}
		if h[0].ID <= h[1].ID {
			t.Errorf("order: got entry %d before %d, want newest first", h[0].ID, h[1].ID)
		}

		// Other devices' histories are their own.
		other := mustGet[list[ward.DeviceChange]](t, srv, "/api/v1/devices/"+id(inv.ids["NCH-0002"])+"/history").Items
		if len(other) != 1 || other[0].Field != "created" {
			t.Errorf("history of an untouched device: got %+v, want only its creation", other)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/devices/999999/history", nil), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/devices/x/history", nil), http.StatusBadRequest, ward.EINVALID)
	})
}

// sameElements reports whether a and b hold the same elements in any order.
func sameElements[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[T]int{}
	for _, x := range a {
		count[x]++
	}
	for _, x := range b {
		count[x]--
		if count[x] < 0 {
			return false
		}
	}
	return true
}

func TestDeviceSearchDocumentedFields(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		mustSeedInventory(t, db)
		srv := mustServe(t, db)
		// ward.DeviceFilter.Q: "asset tag, serial, hostname or model-number
		// prefix; exact IP or MAC".
		tests := []struct {
			name, q string
		}{
			{"hostname prefix", "mx450-icu"},
			{"model number prefix", "86502"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := mustGet[devicePage](t, srv, "/api/v1/devices?q="+url.QueryEscape(tt.q))
				if !slices.Contains(tagsOf(page.Items), "NCH-0001") {
					t.Fatalf("sqlstore/device_find.go deviceSearch does not search the %s that ward.DeviceFilter.Q (device.go) "+
						"documents: q=%s got %v, want NCH-0001 among them", tt.name, tt.q, tagsOf(page.Items))
				}
			})
		}
	})
}
