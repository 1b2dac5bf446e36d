package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

func TestFacilities(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		if r := mustDo(t, srv, http.MethodGet, "/api/v1/facilities", nil); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"items":[]`) {
			t.Errorf("facilities of an empty database: got %d %s, want 200 with an empty list", r.Status, r.Body)
		}
		inv := mustSeedInventory(t, db)

		fs := mustGet[list[ward.Facility]](t, srv, "/api/v1/facilities").Items
		want := []ward.Facility{
			{ID: inv.annex.ID, Code: "ANX", Name: "Empty Annex", Devices: 0},
			{ID: inv.nch.ID, Code: "NCH", Name: "Northgate Community Hospital", Devices: 4},
			{ID: inv.rmc.ID, Code: "RMC", Name: "Riverside Medical Center", Devices: 3},
		}
		if !slices.Equal(fs, want) {
			t.Errorf("facilities:\ngot  %+v\nwant %+v", fs, want)
		}

		f := mustGet[ward.Facility](t, srv, "/api/v1/facilities/"+id(inv.nch.ID))
		if f != want[1] {
			t.Errorf("facility: got %+v, want %+v", f, want[1])
		}

		ls := mustGet[list[ward.Location]](t, srv, "/api/v1/facilities/"+id(inv.nch.ID)+"/locations").Items
		var depts []string
		for _, l := range ls {
			if l.FacilityID != inv.nch.ID || l.Facility != "Northgate Community Hospital" || l.ID == 0 || l.Room != "1" {
				t.Errorf("location: got %+v, want one of Northgate Community Hospital in room 1", l)
			}
			depts = append(depts, l.Department)
		}
		if !slices.Equal(depts, []string{"ICU", "Lab", "PICU"}) {
			t.Errorf("departments: got %v, want [ICU Lab PICU]", depts)
		}
		if r := mustDo(t, srv, http.MethodGet, "/api/v1/facilities/"+id(inv.annex.ID)+"/locations", nil); r.Status != http.StatusOK ||
			!strings.Contains(string(r.Body), `"items":[]`) {
			t.Errorf("locations of a facility without devices: got %d %s, want 200 with an empty list", r.Status, r.Body)
		}

		tests := []struct {
			path       string
			wantStatus int
			wantCode   string
		}{
			{"/api/v1/facilities/999999", 404, ward.ENOTFOUND},
			{"/api/v1/facilities/abc", 400, ward.EINVALID},
			{"/api/v1/facilities/0", 400, ward.EINVALID},
			{"/api/v1/facilities/-1", 400, ward.EINVALID},
			{"/api/v1/facilities/999999/locations", 404, ward.ENOTFOUND},
			{"/api/v1/facilities/abc/locations", 400, ward.EINVALID},
			{"/api/v1/facilities/NCH", 400, ward.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				mustAPIError(t, mustDo(t, srv, http.MethodGet, tt.path, nil), tt.wantStatus, tt.wantCode)
			})
		}
	})
}

func TestManufacturerList(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		if r := mustDo(t, srv, http.MethodGet, "/api/v1/manufacturers?unresolved=true", nil); r.Status != http.StatusOK ||
			!strings.Contains(string(r.Body), `"items":[]`) {
			t.Errorf("unresolved of a new database: got %d %s, want 200 with an empty list", r.Status, r.Body)
		}
		mustSeedInventory(t, db)

		all := mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers").Items
		byName := map[string]ward.Manufacturer{}
		for _, m := range all {
			byName[m.Name] = m
		}
		philips, ok := byName["Philips"]
		if !ok || philips.Status != ward.ManufacturerKnown || philips.Devices != 3 || philips.Models != 1 ||
			!slices.Contains(philips.Aliases, "Philips Medical Systems") || slices.Contains(philips.Aliases, "Philips") {
			t.Errorf("Philips: got %+v, want known with 3 devices, 1 model and its aliases without its own name", philips)
		}
		if bd := byName["BD"]; bd.Devices != 1 || !slices.Contains(bd.Aliases, "CareFusion") {
			t.Errorf("BD: got %+v, want 1 device and the alias CareFusion", bd)
		}
		if acme := byName["Acme Biomedical"]; acme.Status != ward.ManufacturerUnresolved || acme.Devices != 1 {
			t.Errorf("Acme Biomedical: got %+v, want unresolved with 1 device", acme)
		}
		if len(all) < 50 {
			t.Errorf("manufacturers: got %d, want the registry's", len(all))
		}
		if !slices.IsSortedFunc(all, func(a, b ward.Manufacturer) int {
			return strings.Compare(nameKey(a.Name), nameKey(b.Name))
		}) {
			t.Errorf("manufacturers: got them out of name order")
		}
		if got := mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers?unresolved=false").Items; len(got) != len(all) {
			t.Errorf("unresolved=false: got %d manufacturers, want all %d", len(got), len(all))
		}

		un := mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers?unresolved=true").Items
		want := []ward.Manufacturer{{ID: byName["Acme Biomedical"].ID, Name: "Acme Biomedical", Aliases: []string{},
			Status: ward.ManufacturerUnresolved, Models: 1, Devices: 1}}
		if fmt.Sprint(un) != fmt.Sprint(want) {
			t.Errorf("unresolved: got %+v, want %+v", un, want)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/manufacturers?unresolved=perhaps", nil), http.StatusBadRequest, ward.EINVALID)
	})
}

// nameKey approximates the store's name order for a sortedness check:
// lower case letters and digits only.
func nameKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestManufacturerAlias(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		mustImport(t, db,
			devRec("A-1", "Philips", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital"),
			devRec("A-2", "Philps Medcal", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital"),
			devRec("A-3", "Philps Medcal", "Legacy Monitor 9", "Patient Monitor", "Northgate Community Hospital"),
			devRec("A-4", "Acme Biomedical", "Widget 3000", "Lab Analyzer", "Northgate Community Hospital"),
		)
		un := mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers?unresolved=true").Items
		var unNames []string
		for _, u := range un {
			unNames = append(unNames, fmt.Sprintf("%s:%d", u.Name, u.Devices))
		}
		if !slices.Equal(unNames, []string{"Acme Biomedical:1", "Philps Medcal:2"}) {
			t.Fatalf("unresolved: got %+v, want Acme Biomedical (1 device) and Philps Medcal (2)", un)
		}
		philips := mustManufacturer(t, db, "Philips")
		misspelt := mustManufacturer(t, db, "Philps Medcal")
		a1, a2before := mustDevice(t, db, "A-1"), mustDevice(t, db, "A-2")

		m := mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases",
			map[string]string{"manufacturer": "PHILIPS MEDICAL SYSTEMS", "alias": "Philps Medcal"}), http.StatusOK)
		if m.ID != philips.ID || m.Name != "Philips" || m.Status != ward.ManufacturerKnown {
			t.Errorf("response: got %+v, want Philips (%d), known", m, philips.ID)
		}

		un = mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers?unresolved=true").Items
		if len(un) != 1 || un[0].Name != "Acme Biomedical" {
			t.Errorf("unresolved after alias: got %+v, want only Acme Biomedical", un)
		}
		for _, mm := range mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers").Items {
			if mm.ID == misspelt.ID {
				t.Errorf("manufacturers: got the merged %q (%d) still listed, want it gone", mm.Name, mm.ID)
			}
			if mm.ID == philips.ID && (mm.Devices != 3 || mm.Models != 2 || !slices.Contains(mm.Aliases, "Philps Medcal")) {
				t.Errorf("Philips after merge: got %+v, want 3 devices, 2 models and the alias Philps Medcal", mm)
			}
		}

		a2 := mustGet[ward.Device](t, srv, "/api/v1/devices/"+id(a2before.ID))
		if a2.ManufacturerID != philips.ID || a2.Manufacturer != "Philips" || a2.ModelID != a1.ModelID || a2.RecordedManufacturer != "Philps Medcal" {
			t.Errorf("merged device: got %s (%d) model %d recorded %q, want Philips (%d), model %d, recorded Philps Medcal",
				a2.Manufacturer, a2.ManufacturerID, a2.ModelID, a2.RecordedManufacturer, philips.ID, a1.ModelID)
		}
		a3 := mustGet[ward.Device](t, srv, "/api/v1/asset-tags/A-3")
		if a3.ManufacturerID != philips.ID || a3.Model != "Legacy Monitor 9" {
			t.Errorf("device of a moved model: got %s %q, want Philips Legacy Monitor 9", a3.Manufacturer, a3.Model)
		}
		if !a2.UpdatedAt.After(a2before.UpdatedAt) {
			t.Errorf("updated_at of a merged device: got %v, want after %v", a2.UpdatedAt, a2before.UpdatedAt)
		}
		for _, dev := range []ward.Device{a2, a3} {
			h := mustGet[list[ward.DeviceChange]](t, srv, "/api/v1/devices/"+id(dev.ID)+"/history").Items
			if len(h) != 2 || h[0].Field != "manufacturer" || h[0].Old != "Philps Medcal" || h[0].New != "Philips" ||
				string(h[0].Actor) != "web:test-admin" {
				t.Errorf("history of %s: got %+v, want a manufacturer change Philps Medcal → Philips by the API, then its creation", dev.AssetTag, h)
			}
		}
		if h := mustGet[list[ward.DeviceChange]](t, srv, "/api/v1/devices/"+id(a1.ID)+"/history").Items; len(h) != 1 {
			t.Errorf("history of a device that did not move: got %+v, want only its creation", h)
		}

		// The old spelling now filters and imports as Philips.
		page := mustGet[devicePage](t, srv, "/api/v1/devices?manufacturer="+url.QueryEscape("philps medcal"))
		if got := tagsOf(page.Items); !slices.Equal(got, []string{"A-1", "A-2", "A-3"}) {
			t.Errorf("devices of the alias: got %v, want [A-1 A-2 A-3]", got)
		}
		models := mustGet[modelPage](t, srv, "/api/v1/models?manufacturer_id="+id(philips.ID)).Items
		var names []string
		for _, mm := range models {
			names = append(names, fmt.Sprintf("%s:%d", mm.Name, mm.Devices))
		}
		if !slices.Equal(names, []string{"IntelliVue MX450:2", "Legacy Monitor 9:1"}) {
			t.Errorf("Philips models: got %v, want [IntelliVue MX450:2 Legacy Monitor 9:1]", names)
		}
		if res := mustImport(t, db, devRec("A-5", "PHILPS MEDCAL", "Legacy Monitor 9", "Patient Monitor", "Northgate Community Hospital")); len(res.UnresolvedManufacturers) != 0 {
			t.Errorf("import after mapping: got unresolved %v, want none", res.UnresolvedManufacturers)
		}

		// A brand-new alias makes the name resolve.
		ge := mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases",
			map[string]string{"manufacturer": "GE HealthCare", "alias": "GE Medical Sys Intl"}), http.StatusOK)
		if ge.Name != "GE HealthCare" {
			t.Errorf("response: got %q, want GE HealthCare", ge.Name)
		}
		if got := mustManufacturer(t, db, "GE Medical Sys Intl"); got.ID != ge.ID {
			t.Errorf("new alias resolves to %q, want GE HealthCare", got.Name)
		}
		// An alias the manufacturer already has is accepted and changes nothing.
		mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases",
			map[string]string{"manufacturer": "Philips", "alias": "Phillips"}), http.StatusOK)

		tests := []struct {
			name       string
			body       string
			wantStatus int
			wantCode   string
			wantInMsg  string
		}{
			{"alias of another known manufacturer", `{"manufacturer": "Philips", "alias": "GE Healthcare"}`, 409, ward.ECONFLICT, "GE"},
			{"registry alias of another manufacturer", `{"manufacturer": "Philips", "alias": "CareFusion"}`, 409, ward.ECONFLICT, "BD"},
			{"unknown target", `{"manufacturer": "Nobody Devices", "alias": "Nobody"}`, 404, ward.ENOTFOUND, "Nobody Devices"},
			{"unresolved target", `{"manufacturer": "Acme Biomedical", "alias": "Acme Bio"}`, 400, ward.EINVALID, "Acme Biomedical"},
			{"alias without letters", `{"manufacturer": "Philips", "alias": "---"}`, 400, ward.EINVALID, "---"},
			{"missing alias", `{"manufacturer": "Philips"}`, 400, ward.EINVALID, "alias"},
			{"unknown field", `{"manufacturer": "Philips", "alias": "X", "force": true}`, 400, ward.EINVALID, "force"},
			{"empty body", ``, 400, ward.EINVALID, "empty"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				msg := mustAPIError(t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases", tt.body), tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.wantInMsg)
				}
			})
		}
		if got := mustManufacturer(t, db, "GE Healthcare"); got.Name != "GE HealthCare" {
			t.Errorf("after a refused alias: GE Healthcare resolves to %q, want GE HealthCare", got.Name)
		}
	})
}

func TestManufacturerConfirm(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		mustImport(t, db, devRec("C-1", "Acme Biomedical", "Widget 3000", "Lab Analyzer", "Northgate Community Hospital"))
		acme := mustManufacturer(t, db, "Acme Biomedical")

		// The alias endpoint refuses an unresolved target until it is confirmed.
		mustAPIError(t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases",
			`{"manufacturer": "Acme Biomedical", "alias": "Acme Bio"}`), http.StatusBadRequest, ward.EINVALID)

		m := mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/confirm",
			`{"name": "ACME BIOMEDICAL INC"}`), http.StatusOK)
		if m.ID != acme.ID || m.Name != "Acme Biomedical" || m.Status != ward.ManufacturerKnown {
			t.Errorf("response: got %+v, want Acme Biomedical (%d), known", m, acme.ID)
		}
		if un := mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers?unresolved=true").Items; len(un) != 0 {
			t.Errorf("unresolved after confirm: got %+v, want none", un)
		}
		// Confirming again is harmless.
		if again := mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/confirm",
			`{"name": "Acme Biomedical"}`), http.StatusOK); again.Status != ward.ManufacturerKnown {
			t.Errorf("second confirm: got %+v, want known", again)
		}
		// A known manufacturer takes aliases and keeps its devices.
		mustDecode[ward.Manufacturer](t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases",
			`{"manufacturer": "Acme Biomedical", "alias": "Acme Bio"}`), http.StatusOK)
		if page := mustGet[devicePage](t, srv, "/api/v1/devices?manufacturer=Acme+Bio"); !slices.Equal(tagsOf(page.Items), []string{"C-1"}) {
			t.Errorf("devices of the new alias: got %v, want [C-1]", tagsOf(page.Items))
		}

		tests := []struct {
			name       string
			body       string
			wantStatus int
			wantCode   string
		}{
			{"unknown", `{"name": "Nobody Devices"}`, 404, ward.ENOTFOUND},
			{"empty name", `{"name": ""}`, 404, ward.ENOTFOUND},
			{"unknown field", `{"name": "Acme Biomedical", "status": "known"}`, 400, ward.EINVALID},
			{"not JSON", `name=Acme`, 400, ward.EINVALID},
			{"empty body", ``, 400, ward.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				mustAPIError(t, mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/confirm", tt.body), tt.wantStatus, tt.wantCode)
			})
		}
	})
}

func TestManufacturerResponsesAreComplete(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		mustImport(t, db,
			devRec("R-1", "Philps Medcal", "IntelliVue MX450", "Patient Monitor", "Northgate Community Hospital"),
			devRec("R-2", "Acme Biomedical", "Widget 3000", "Lab Analyzer", "Northgate Community Hospital"))
		aliasRes := mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/aliases", `{"manufacturer": "Philips", "alias": "Philps Medcal"}`)
		confirmRes := mustDo(t, srv, http.MethodPost, "/api/v1/manufacturers/confirm", `{"name": "Acme Biomedical"}`)
		alias := mustDecode[ward.Manufacturer](t, aliasRes, http.StatusOK)
		confirm := mustDecode[ward.Manufacturer](t, confirmRes, http.StatusOK)
		// Each answer should be the manufacturer as GET /api/v1/manufacturers lists it.
		listed := map[int64]ward.Manufacturer{}
		for _, m := range mustGet[list[ward.Manufacturer]](t, srv, "/api/v1/manufacturers").Items {
			listed[m.ID] = m
		}
		var problems []string
		for _, got := range []struct {
			what string
			m    ward.Manufacturer
			raw  []byte
		}{{"POST aliases", alias, aliasRes.Body}, {"POST confirm", confirm, confirmRes.Body}} {
			want := listed[got.m.ID]
			if fmt.Sprint(got.m) != fmt.Sprint(want) || got.m.Aliases == nil {
				problems = append(problems, fmt.Sprintf("%s answered %s, want the listed manufacturer with %d aliases, %d models, %d devices",
					got.what, strings.TrimSpace(string(got.raw)), len(want.Aliases), want.Models, want.Devices))
			}
		}
		if len(problems) > 0 {
			t.Fatalf("sqlstore/manufacturer.go AddManufacturerAlias and ConfirmManufacturer return the bare row of "+
				"resolveManufacturer (aliases null, models and devices 0), and web/catalog.go answers with it: %s",
				strings.Join(problems, "; "))
		}
	})
}

// mustSeedCatalog adds to the inventory catalog-only models, so each
// manufacturer has a model whether or not devices use it.
func mustSeedCatalog(tb testing.TB, db *sqlstore.DB) map[string]int64 {
	tb.Helper()
	mustSeedInventory(tb, db)
	ids := map[string]int64{
		"IntelliVue MX450":    mustDevice(tb, db, "NCH-0001").ModelID,
		"Infusomat Space":     mustDevice(tb, db, "NCH-0003").ModelID,
		"Widget 3000":         mustDevice(tb, db, "NCH-0004").ModelID,
		"Alaris 8015 PC Unit": mustDevice(tb, db, "RMC-0001").ModelID,
		"CARESCAPE B650":      mustDevice(tb, db, "RMC-0002").ModelID,
	}
	for _, m := range []ward.Model{
		{Manufacturer: "Philips", Name: "IntelliVue MX800", Aliases: []string{"MX800"}, ModelNumbers: []string{"865240"}, DeviceType: "Patient Monitor"},
		{Manufacturer: "Philips Healthcare", Name: "IntelliVue MP70", DeviceType: "Patient Monitor"},
		{Manufacturer: "Baxter", Name: "Sigma Spectrum", DeviceType: "Infusion Pump", ExpectedLifeYears: 8},
	} {
		ids[m.Name] = mustCreateModel(tb, db, m).ID
	}
	return ids
}

func modelNames(ms []ward.Model) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return out
}

func TestModelList(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ids := mustSeedCatalog(t, db)
		srv := mustServe(t, db)
		philips, ge := mustManufacturer(t, db, "Philips"), mustManufacturer(t, db, "GE HealthCare")
		// By manufacturer name ("Acme Biomedical", "Baxter", "B. Braun",
		// "BD", "GE HealthCare", "Philips" compared normalised), then model name.
		all := []string{"Widget 3000", "Sigma Spectrum", "Infusomat Space", "Alaris 8015 PC Unit", "CARESCAPE B650",
			"IntelliVue MP70", "IntelliVue MX450", "IntelliVue MX800"}
		tests := []struct {
			name  string
			query url.Values
			want  []string
		}{
			{"all", url.Values{}, all},
			{"manufacturer_id", url.Values{"manufacturer_id": {id(philips.ID)}}, all[5:]},
			{"type", url.Values{"type": {"Infusion Pump"}}, []string{"Sigma Spectrum", "Infusomat Space", "Alaris 8015 PC Unit"}},
			{"type in other case", url.Values{"type": {"infusion pump"}}, []string{"Sigma Spectrum", "Infusomat Space", "Alaris 8015 PC Unit"}},
			{"type and manufacturer", url.Values{"type": {"Patient Monitor"}, "manufacturer_id": {id(ge.ID)}}, []string{"CARESCAPE B650"}},
			{"unknown type", url.Values{"type": {"Teleporter"}}, nil},
			{"name", url.Values{"name": {"IntelliVue MX450"}}, []string{"IntelliVue MX450"}},
			{"name spelt otherwise", url.Values{"name": {"intellivue mx-450"}}, []string{"IntelliVue MX450"}},
			{"name by alias", url.Values{"name": {"mx800"}}, []string{"IntelliVue MX800"}},
			{"name is exact, not a fragment", url.Values{"name": {"IntelliVue"}}, nil},
			{"q name fragment", url.Values{"q": {"intellivue"}}, all[5:]},
			{"q alias fragment", url.Values{"q": {"MX8"}}, []string{"IntelliVue MX800"}},
			{"q model number", url.Values{"q": {"865240"}}, []string{"IntelliVue MX800"}},
			{"q recorded model number", url.Values{"q": {"865024"}}, []string{"IntelliVue MX450"}},
			{"q manufacturer", url.Values{"q": {"braun"}}, []string{"Infusomat Space"}},
			{"q and manufacturer_id", url.Values{"q": {"monitor"}, "manufacturer_id": {id(ge.ID)}}, nil},
			{"q nothing", url.Values{"q": {"zzzz"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := mustGet[modelPage](t, srv, "/api/v1/models?"+tt.query.Encode())
				if got := modelNames(page.Items); !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
					t.Errorf("models: got %v, want %v", got, tt.want)
				}
				if page.NextCursor != "" {
					t.Errorf("next_cursor: got %q, want none", page.NextCursor)
				}
			})
		}

		for _, limit := range []int{1, 3, 8, 1000} {
			t.Run(fmt.Sprintf("pages of %d", limit), func(t *testing.T) {
				var got []string
				seen := map[int64]bool{}
				q := url.Values{"limit": {fmt.Sprint(limit)}}
				for pages := 0; ; pages++ {
					if pages > len(all) {
						t.Fatalf("pages: got more than %d, want at most %d", len(all), len(all))
					}
					page := mustGet[modelPage](t, srv, "/api/v1/models?"+q.Encode())
					if len(page.Items) > limit {
						t.Fatalf("page size: got %d, want at most %d", len(page.Items), limit)
					}
					for _, m := range page.Items {
						if seen[m.ID] {
							t.Fatalf("model %d (%s): got it twice", m.ID, m.Name)
						}
						seen[m.ID] = true
						got = append(got, m.Name)
					}
					if page.NextCursor == "" {
						break
					}
					q.Set("cursor", page.NextCursor)
				}
				if !slices.Equal(got, all) {
					t.Errorf("models over all pages: got %v, want %v", got, all)
				}
			})
		}
		// Pages of a filtered list stay within the filter.
		q := url.Values{"manufacturer_id": {id(philips.ID)}, "limit": {"2"}}
		first := mustGet[modelPage](t, srv, "/api/v1/models?"+q.Encode())
		q.Set("cursor", first.NextCursor)
		second := mustGet[modelPage](t, srv, "/api/v1/models?"+q.Encode())
		if got := append(modelNames(first.Items), modelNames(second.Items)...); !slices.Equal(got, all[5:]) || second.NextCursor != "" {
			t.Errorf("filtered pages: got %v (next %q), want %v and no next cursor", got, second.NextCursor, all[5:])
		}

		m := mustGet[modelPage](t, srv, "/api/v1/models?name=MX800").Items[0]
		if m.ID != ids["IntelliVue MX800"] || m.Manufacturer != "Philips" || m.ManufacturerID != philips.ID ||
			!slices.Equal(m.Aliases, []string{"MX800"}) || !slices.Equal(m.ModelNumbers, []string{"865240"}) ||
			m.DeviceType != "Patient Monitor" || m.Devices != 0 {
			t.Errorf("model in list: got %+v", m)
		}
		if mx := mustGet[modelPage](t, srv, "/api/v1/models?name=MX450").Items; len(mx) != 0 {
			t.Errorf("name=MX450: got %v, want none (MX450 is no alias)", modelNames(mx))
		}
		if mx := mustGet[modelPage](t, srv, "/api/v1/models?q=mx450").Items; len(mx) != 1 || mx[0].Devices != 3 {
			t.Errorf("q=mx450: got %+v, want MX450 with 3 devices", mx)
		}

		devCursor := mustGet[devicePage](t, srv, "/api/v1/devices?limit=1").NextCursor
		bad := []struct {
			query, wantInMsg string
		}{
			{"manufacturer_id=x", "manufacturer_id"},
			{"manufacturer_id=-1", "manufacturer_id"},
			{"limit=-2", "limit"},
			{"limit=many", "limit"},
			{"cursor=%25%25%25", "cursor"},
			{"cursor=" + url.QueryEscape(devCursor), "cursor"},
		}
		for _, tt := range bad {
			t.Run(tt.query, func(t *testing.T) {
				msg := mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/models?"+tt.query, nil), http.StatusBadRequest, ward.EINVALID)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to mention %q", msg, tt.wantInMsg)
				}
			})
		}
	})
}

func TestModelGet(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ids := mustSeedCatalog(t, db)
		srv := mustServe(t, db)
		m := mustGet[ward.Model](t, srv, "/api/v1/models/"+id(ids["IntelliVue MX450"]))
		if m.Name != "IntelliVue MX450" || m.Manufacturer != "Philips" || m.Devices != 3 || m.DeviceType != "Patient Monitor" ||
			len(m.Aliases) != 0 || !slices.Equal(m.ModelNumbers, []string{"865024"}) || m.LifeSustaining != nil {
			t.Errorf("model: got %+v, want IntelliVue MX450 by Philips, 3 devices, model number 865024", m)
		}
		if s := mustGet[ward.Model](t, srv, "/api/v1/models/"+id(ids["Sigma Spectrum"])); s.Manufacturer != "Baxter" || s.ExpectedLifeYears != 8 {
			t.Errorf("catalog model: got %+v, want Sigma Spectrum by Baxter, 8 years", s)
		}
		for _, tt := range []struct {
			path       string
			wantStatus int
			wantCode   string
		}{
			{"/api/v1/models/999999", 404, ward.ENOTFOUND},
			{"/api/v1/models/abc", 400, ward.EINVALID},
			{"/api/v1/models/0", 400, ward.EINVALID},
		} {
			mustAPIError(t, mustDo(t, srv, http.MethodGet, tt.path, nil), tt.wantStatus, tt.wantCode)
		}
	})
}

func TestModelUpdate(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ids := mustSeedCatalog(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/models/" + id(ids["IntelliVue MX450"])
		device := "/api/v1/asset-tags/NCH-0001"
		tests := []struct {
			name  string
			body  string
			check func(m ward.Model, d ward.Device) (got, want string)
		}{
			{"aliases and numbers", `{"add_aliases": ["MX-450 Monitor", "IntelliVue MX 450"], "add_model_numbers": ["866060"]}`,
				func(m ward.Model, _ ward.Device) (string, string) {
					return fmt.Sprint(m.Aliases, m.ModelNumbers), fmt.Sprint([]string{"MX-450 Monitor"}, []string{"865024", "866060"})
				}},
			{"alias already held is kept once", `{"add_aliases": ["mx 450 monitor"], "add_model_numbers": ["866-060"]}`,
				func(m ward.Model, _ ward.Device) (string, string) {
					return fmt.Sprint(m.Aliases, m.ModelNumbers), fmt.Sprint([]string{"MX-450 Monitor"}, []string{"865024", "866060"})
				}},
			{"alias named like another maker's model", `{"add_aliases": ["Sigma Spectrum"]}`,
				func(m ward.Model, _ ward.Device) (string, string) {
					return fmt.Sprint(m.Aliases), fmt.Sprint([]string{"MX-450 Monitor", "Sigma Spectrum"})
				}},
			{"product code normalised", `{"product_code": " dxn "}`, func(m ward.Model, d ward.Device) (string, string) {
				return m.ProductCode + "/" + d.Criticality, "DXN/" + ward.CriticalityClinical
			}},
			{"lifecycle", `{"parts": "limited", "end_of_sale": "2024-12-31", "end_of_support": "2029-12-31", "expected_life_years": 10}`,
				func(m ward.Model, _ ward.Device) (string, string) {
					return fmt.Sprintf("%s %s %s %d", m.Parts, m.EndOfSale, m.EndOfSupport, m.ExpectedLifeYears), "limited 2024-12-31 2029-12-31 10"
				}},
			{"end of support cleared", `{"end_of_support": ""}`, func(m ward.Model, _ ward.Device) (string, string) {
				return fmt.Sprintf("%s|%s", m.EndOfSale, m.EndOfSupport), "2024-12-31|"
			}},
			{"patient connected", `{"patient_connected": true}`, func(m ward.Model, d ward.Device) (string, string) {
				return fmt.Sprintf("%v %s", m.PatientConnected, d.Criticality), "true " + ward.CriticalityPatientConnected
			}},
			{"life sustaining", `{"life_sustaining": true}`, func(m ward.Model, d ward.Device) (string, string) {
				return fmt.Sprintf("%v %s", m.LifeSustaining != nil && *m.LifeSustaining, d.Criticality), "true " + ward.CriticalityLifeSustaining
			}},
			{"life sustaining cleared", `{"clear_life_sustaining": true}`, func(m ward.Model, d ward.Device) (string, string) {
				return fmt.Sprintf("%v %s", m.LifeSustaining == nil, d.Criticality), "true " + ward.CriticalityPatientConnected
			}},
			{"device type", `{"device_type": "Multiparameter Monitor"}`, func(m ward.Model, _ ward.Device) (string, string) {
				return m.DeviceType, "Multiparameter Monitor"
			}},
			{"product code cleared", `{"product_code": "", "patient_connected": false}`, func(m ward.Model, d ward.Device) (string, string) {
				return m.ProductCode + "/" + d.Criticality, "/" + ward.CriticalityNonClinical
			}},
			{"empty object changes nothing", `{}`, func(m ward.Model, _ ward.Device) (string, string) {
				return fmt.Sprintf("%s %d %d", m.Parts, m.ExpectedLifeYears, m.Devices), "limited 10 3"
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				m := mustDecode[ward.Model](t, mustDo(t, srv, http.MethodPatch, path, tt.body), http.StatusOK)
				d := mustGet[ward.Device](t, srv, device)
				if got, want := tt.check(m, d); got != want {
					t.Errorf("PATCH response: got %s, want %s", got, want)
				}
				again := mustGet[ward.Model](t, srv, path)
				if got, want := tt.check(again, d); got != want {
					t.Errorf("GET after PATCH: got %s, want %s", got, want)
				}
				if m.Name != "IntelliVue MX450" || m.Manufacturer != "Philips" {
					t.Errorf("identity: got %s %s, want Philips IntelliVue MX450", m.Manufacturer, m.Name)
				}
			})
		}
		// A new alias finds the model by name.
		if got := modelNames(mustGet[modelPage](t, srv, "/api/v1/models?name="+url.QueryEscape("MX-450 monitor")).Items); !slices.Equal(got, []string{"IntelliVue MX450"}) {
			t.Errorf("models named by the new alias: got %v, want [IntelliVue MX450]", got)
		}
	})
}

func TestModelUpdateRefused(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ids := mustSeedCatalog(t, db)
		srv := mustServe(t, db)
		path := "/api/v1/models/" + id(ids["IntelliVue MX450"])
		before := mustGet[ward.Model](t, srv, path)
		tests := []struct {
			name       string
			body       string
			wantStatus int
			wantCode   string
			wantInMsg  string
		}{
			{"product code too long", `{"product_code": "DXNN"}`, 400, ward.EINVALID, "DXNN"},
			{"product code with a digit", `{"product_code": "D1N"}`, 400, ward.EINVALID, "D1N"},
			{"bad parts", `{"parts": "plenty"}`, 400, ward.EINVALID, "plenty"},
			{"life too long", `{"expected_life_years": 99}`, 400, ward.EINVALID, "99"},
			{"negative life", `{"expected_life_years": -1}`, 400, ward.EINVALID, "-1"},
			{"empty alias", `{"add_aliases": [""]}`, 400, ward.EINVALID, "alias"},
			{"alias of punctuation", `{"add_aliases": ["---"]}`, 400, ward.EINVALID, "---"},
			{"overlong model number", `{"add_model_numbers": ["` + strings.Repeat("7", 201) + `"]}`, 400, ward.EINVALID, "200"},
			{"bad date", `{"end_of_sale": "12/31/2024"}`, 400, ward.EINVALID, "12/31/2024"},
			{"alias names another model", `{"add_aliases": ["IntelliVue MP70"]}`, 409, ward.ECONFLICT, "IntelliVue MP70"},
			{"alias of another model", `{"add_aliases": ["mx800"]}`, 409, ward.ECONFLICT, "mx800"},
			{"model number of another model", `{"add_model_numbers": ["865240"]}`, 409, ward.ECONFLICT, "865240"},
			{"conflict rolls back other fields", `{"parts": "unavailable", "expected_life_years": 3, "add_aliases": ["IntelliVue MP70"]}`, 409, ward.ECONFLICT, "IntelliVue MP70"},
			{"unknown field", `{"name": "Renamed"}`, 400, ward.EINVALID, "name"},
			{"wrong type", `{"patient_connected": "yes"}`, 400, ward.EINVALID, "patient_connected"},
			{"empty body", ``, 400, ward.EINVALID, "empty"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				msg := mustAPIError(t, mustDo(t, srv, http.MethodPatch, path, tt.body), tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.wantInMsg)
				}
			})
		}
		if after := mustGet[ward.Model](t, srv, path); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("model after refused updates:\ngot  %+v\nwant %+v", after, before)
		}
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/999999", `{"parts": "limited"}`), http.StatusNotFound, ward.ENOTFOUND)
		mustAPIError(t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/abc", `{"parts": "limited"}`), http.StatusBadRequest, ward.EINVALID)
	})
}

func TestProductCodes(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ids := mustSeedCatalog(t, db)
		srv := mustServe(t, db)
		mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/product-codes/CBK", nil), http.StatusNotFound, ward.ENOTFOUND)
		codes := []ward.ProductCode{
			{Code: "DXN", DeviceName: "System, Measurement, Blood-Pressure, Non-Invasive", DeviceClass: "2",
				MedicalSpecialty: "CV", ReviewPanel: "CV", RegulationNumber: "870.1130", SubmissionType: "1", ThirdPartyReview: true},
			{Code: "FRN", DeviceName: "Pump, Infusion", DeviceClass: "2", RegulationNumber: "880.5725", Definition: "An infusion pump."},
			{Code: "CBK", DeviceName: "Ventilator, Continuous, Facility Use", DeviceClass: "2", LifeSustaining: true, GMPExempt: false},
		}
		if _, _, err := db.ImportProductCodes(seedCtx, codes); err != nil {
			t.Fatalf("ImportProductCodes: %v", err)
		}
		tests := []struct {
			code string
			want ward.ProductCode
		}{
			{"DXN", codes[0]},
			{"frn", codes[1]},
			{"Cbk", codes[2]},
		}
		for _, tt := range tests {
			t.Run(tt.code, func(t *testing.T) {
				if got := mustGet[ward.ProductCode](t, srv, "/api/v1/product-codes/"+tt.code); got != tt.want {
					t.Errorf("product code:\ngot  %+v\nwant %+v", got, tt.want)
				}
			})
		}
		msg := mustAPIError(t, mustDo(t, srv, http.MethodGet, "/api/v1/product-codes/ZZZ", nil), http.StatusNotFound, ward.ENOTFOUND)
		if !strings.Contains(msg, "ZZZ") {
			t.Errorf("message: got %q, want it to name the code", msg)
		}

		// A model's product code brings the FDA class and flag, and with
		// them the criticality of its devices.
		m := mustDecode[ward.Model](t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/"+id(ids["Alaris 8015 PC Unit"]),
			`{"product_code": "cbk"}`), http.StatusOK)
		if m.ProductCode != "CBK" || m.DeviceClass != "2" || !m.FDALifeSustain {
			t.Errorf("model: got code %q class %q FDA life-sustaining %v, want CBK, 2, true", m.ProductCode, m.DeviceClass, m.FDALifeSustain)
		}
		if d := mustGet[ward.Device](t, srv, "/api/v1/asset-tags/RMC-0001"); d.Criticality != ward.CriticalityLifeSustaining {
			t.Errorf("device criticality: got %q, want life_sustaining", d.Criticality)
		}
		m = mustDecode[ward.Model](t, mustDo(t, srv, http.MethodPatch, "/api/v1/models/"+id(ids["Alaris 8015 PC Unit"]),
			`{"life_sustaining": false}`), http.StatusOK)
		if m.LifeSustaining == nil || *m.LifeSustaining || !m.FDALifeSustain {
			t.Errorf("model: got override %v and FDA flag %v, want override false and FDA flag true", m.LifeSustaining, m.FDALifeSustain)
		}
		if d := mustGet[ward.Device](t, srv, "/api/v1/asset-tags/RMC-0001"); d.Criticality != ward.CriticalityClinical {
			t.Errorf("device criticality after overriding the FDA flag: got %q, want clinical", d.Criticality)
		}
	})
}
