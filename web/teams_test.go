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

func TestDeviceTypes(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		if r := mustDo(t, srv, http.MethodGet, "/api/v1/device-types", nil); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"items":[]`) {
			t.Errorf("device types of an empty database: got %d %s, want 200 with an empty list", r.Status, r.Body)
		}
		mustSeedInventory(t, db)
		mustCreateModel(t, db, ward.Model{Manufacturer: "Hamilton Medical", Name: "HAMILTON-C6", DeviceType: "Ventilator"})
		ts := mustGet[list[ward.DeviceType]](t, srv, "/api/v1/device-types").Items
		var got []string
		for _, dt := range ts {
			if dt.ID == 0 {
				t.Errorf("device type %q: got id 0, want one", dt.Name)
			}
			got = append(got, fmt.Sprintf("%s:%d", dt.Name, dt.Devices))
		}
		want := []string{"Infusion Pump:2", "Lab Analyzer:1", "Patient Monitor:4", "Ventilator:0"}
		if !slices.Equal(got, want) {
			t.Errorf("device types: got %v, want %v", got, want)
		}
	})
}

func TestTeams(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		if r := mustDo(t, srv, http.MethodGet, "/api/v1/teams", nil); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"items":[]`) {
			t.Errorf("teams of an empty database: got %d %s, want 200 with an empty list", r.Status, r.Body)
		}
		created := []struct {
			body string
			want ward.Team
		}{
			{`{"name": " Biomed ", "kind": "clinical_engineering", "email": "biomed@example.org"}`,
				ward.Team{Name: "Biomed", Kind: ward.TeamClinicalEngineering, Email: "biomed@example.org"}},
			{`{"name": "Security", "kind": "it_security"}`, ward.Team{Name: "Security", Kind: ward.TeamITSecurity}},
			{`{"name": "Helpers"}`, ward.Team{Name: "Helpers", Kind: ward.TeamOther}},
			{`{"id": 77, "name": "Vendor Desk", "kind": "vendor", "devices": 12}`, ward.Team{Name: "Vendor Desk", Kind: ward.TeamVendor}},
		}
		ids := map[int64]bool{}
		for _, c := range created {
			got := mustDecode[ward.Team](t, mustDo(t, srv, http.MethodPost, "/api/v1/teams", c.body), http.StatusCreated)
			if got.ID == 0 || got.ID == 77 || ids[got.ID] {
				t.Errorf("team %s: got id %d, want a new id chosen by the store", c.want.Name, got.ID)
			}
			ids[got.ID] = true
			c.want.ID = got.ID
			if got != c.want {
				t.Errorf("created team: got %+v, want %+v", got, c.want)
			}
		}

		ts := mustGet[list[ward.Team]](t, srv, "/api/v1/teams").Items
		var names []string
		for _, tm := range ts {
			names = append(names, tm.Name)
			if tm.Devices != 0 {
				t.Errorf("team %s: got %d devices, want 0", tm.Name, tm.Devices)
			}
		}
		if !slices.Equal(names, []string{"Biomed", "Helpers", "Security", "Vendor Desk"}) {
			t.Errorf("teams: got %v, want [Biomed Helpers Security Vendor Desk]", names)
		}

		tests := []struct {
			name       string
			body       string
			wantStatus int
			wantCode   string
			wantInMsg  string
		}{
			{"duplicate name", `{"name": "Biomed", "kind": "it"}`, 409, ward.ECONFLICT, "Biomed"},
			{"duplicate name in other case", `{"name": "BIOMED", "kind": "it"}`, 409, ward.ECONFLICT, "BIOMED"},
			{"duplicate name with punctuation", `{"name": "bio-med"}`, 409, ward.ECONFLICT, "bio-med"},
			{"bad kind", `{"name": "Wizards", "kind": "wizards"}`, 400, ward.EINVALID, "wizards"},
			{"blank name", `{"name": "   ", "kind": "it"}`, 400, ward.EINVALID, "name"},
			{"no name", `{"kind": "it"}`, 400, ward.EINVALID, "name"},
			{"unknown field", `{"name": "Painters", "colour": "red"}`, 400, ward.EINVALID, "colour"},
			{"wrong type", `{"name": 7}`, 400, ward.EINVALID, "name"},
			{"empty body", ``, 400, ward.EINVALID, "empty"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				msg := mustAPIError(t, mustDo(t, srv, http.MethodPost, "/api/v1/teams", tt.body), tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.wantInMsg)
				}
			})
		}
		if got := mustGet[list[ward.Team]](t, srv, "/api/v1/teams").Items; len(got) != 4 {
			t.Errorf("teams after refused creations: got %d, want 4", len(got))
		}
	})
}

func TestTeamCreateResponseMatchesStore(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		created := mustDecode[ward.Team](t, mustDo(t, srv, http.MethodPost, "/api/v1/teams",
			`{"name": "Security", "kind": "it_security", "email": "  sec@example.org  "}`), http.StatusCreated)
		listed := mustGet[list[ward.Team]](t, srv, "/api/v1/teams").Items
		if len(listed) != 1 {
			t.Fatalf("teams: got %d, want 1", len(listed))
		}
		if listed[0].Email != "sec@example.org" {
			t.Errorf("stored email: got %q, want sec@example.org", listed[0].Email)
		}
		if created != listed[0] {
			t.Fatalf("sqlstore/team.go CreateTeam trims t.Name in place but stores strings.TrimSpace(t.Email) without "+
				"updating t.Email, so POST /api/v1/teams answers %+v while the store holds %+v", created, listed[0])
		}
	})
}

// responsibilityRows describes matrix cells without their IDs, which change
// when a cell is replaced.
func responsibilityRows(rs []ward.Responsibility) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s/%s→%s(%d)", r.DeviceType, r.TaskType, r.Team, r.TeamID))
	}
	return out
}

func TestResponsibilities(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		inv := mustSeedInventory(t, db)
		srv := mustServe(t, db)
		b, s := inv.biomed.ID, inv.security.ID
		rows := func(t *testing.T) []string {
			t.Helper()
			rs := mustGet[list[ward.Responsibility]](t, srv, "/api/v1/responsibilities").Items
			for _, r := range rs {
				if r.ID == 0 {
					t.Errorf("responsibility %+v: got id 0, want one", r)
				}
			}
			return responsibilityRows(rs)
		}
		// The inventory seeds one rule.
		if got, want := rows(t), []string{fmt.Sprintf("Lab Analyzer/owner→Security(%d)", s)}; !slices.Equal(got, want) {
			t.Fatalf("matrix: got %v, want %v", got, want)
		}

		steps := []struct {
			body string
			want ward.Responsibility
		}{
			{fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "owner", "team_id": %d}`, b),
				ward.Responsibility{DeviceType: "Infusion Pump", TaskType: ward.TaskOwner, TeamID: b, Team: "Biomed"}},
			{fmt.Sprintf(`{"device_type": "", "task_type": "owner", "team_id": %d}`, s),
				ward.Responsibility{DeviceType: "", TaskType: ward.TaskOwner, TeamID: s, Team: "Security"}},
			{fmt.Sprintf(`{"task_type": "patch", "team_id": %d}`, s),
				ward.Responsibility{DeviceType: "", TaskType: ward.TaskPatch, TeamID: s, Team: "Security"}},
			{fmt.Sprintf(`{"device_type": " Infusion Pump ", "task_type": "repair", "team_id": %d}`, s),
				ward.Responsibility{DeviceType: "Infusion Pump", TaskType: ward.TaskRepair, TeamID: s, Team: "Security"}},
			// Replacing a cell.
			{fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "repair", "team_id": %d}`, b),
				ward.Responsibility{DeviceType: "Infusion Pump", TaskType: ward.TaskRepair, TeamID: b, Team: "Biomed"}},
		}
		for _, st := range steps {
			got := mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities", st.body), http.StatusOK)
			if got.ID == 0 {
				t.Errorf("PUT %s: got id 0, want one", st.body)
			}
			st.want.ID = got.ID
			if got != st.want {
				t.Errorf("PUT %s: got %+v, want %+v", st.body, got, st.want)
			}
		}
		// A type no device or model has is refused, so a misspelt type
		// is not silently a rule that matches nothing.
		mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
			fmt.Sprintf(`{"device_type": "Defibrilator", "task_type": "recall", "team_id": %d}`, b)), http.StatusNotFound, ward.ENOTFOUND)
		want := []string{
			fmt.Sprintf("/owner→Security(%d)", s),
			fmt.Sprintf("/patch→Security(%d)", s),
			fmt.Sprintf("Infusion Pump/owner→Biomed(%d)", b),
			fmt.Sprintf("Infusion Pump/repair→Biomed(%d)", b),
			fmt.Sprintf("Lab Analyzer/owner→Security(%d)", s),
		}
		if got := rows(t); !slices.Equal(got, want) {
			t.Errorf("matrix:\ngot  %v\nwant %v", got, want)
		}
		types := mustGet[list[ward.DeviceType]](t, srv, "/api/v1/device-types").Items
		if slices.ContainsFunc(types, func(dt ward.DeviceType) bool { return dt.Name == "Defibrilator" }) {
			t.Errorf("device types: got %+v, want no type made up by a refused rule", types)
		}

		refused := []struct {
			name       string
			body       string
			wantStatus int
			wantCode   string
			wantInMsg  string
		}{
			{"unknown task type", fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "juggling", "team_id": %d}`, b), 400, ward.EINVALID, "juggling"},
			{"missing task type", fmt.Sprintf(`{"device_type": "Infusion Pump", "team_id": %d}`, b), 400, ward.EINVALID, "task type"},
			{"unknown team", `{"device_type": "Infusion Pump", "task_type": "owner", "team_id": 999999}`, 404, ward.ENOTFOUND, "999999"},
			{"missing team", `{"device_type": "Infusion Pump", "task_type": "owner"}`, 404, ward.ENOTFOUND, "team"},
			{"team by name", `{"device_type": "Infusion Pump", "task_type": "owner", "team_id": "Biomed"}`, 400, ward.EINVALID, "team_id"},
			{"unknown field", fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "owner", "team_id": %d, "team": "Biomed"}`, b), 400, ward.EINVALID, "team"},
			{"empty body", ``, 400, ward.EINVALID, "empty"},
		}
		for _, tt := range refused {
			t.Run("PUT "+tt.name, func(t *testing.T) {
				msg := mustAPIError(t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities", tt.body), tt.wantStatus, tt.wantCode)
				if !strings.Contains(msg, tt.wantInMsg) {
					t.Errorf("message: got %q, want it to contain %q", msg, tt.wantInMsg)
				}
			})
		}
		if got := rows(t); !slices.Equal(got, want) {
			t.Errorf("matrix after refused changes:\ngot  %v\nwant %v", got, want)
		}

		deletes := []struct {
			query      url.Values
			wantStatus int
			wantCode   string
		}{
			{url.Values{"device_type": {"Infusion Pump"}, "task_type": {"repair"}}, 204, ""},
			{url.Values{"device_type": {"Infusion Pump"}, "task_type": {"repair"}}, 404, ward.ENOTFOUND},
			{url.Values{"device_type": {"infusion-pump"}, "task_type": {"owner"}}, 204, ""},
			{url.Values{"task_type": {"patch"}}, 204, ""},
			{url.Values{"device_type": {""}, "task_type": {"patch"}}, 404, ward.ENOTFOUND},
			{url.Values{"device_type": {"Teleporter"}, "task_type": {"owner"}}, 404, ward.ENOTFOUND},
			{url.Values{"device_type": {"Lab Analyzer"}, "task_type": {"repair"}}, 404, ward.ENOTFOUND},
		}
		for _, tt := range deletes {
			t.Run("DELETE "+tt.query.Encode(), func(t *testing.T) {
				r := mustDo(t, srv, http.MethodDelete, "/api/v1/responsibilities?"+tt.query.Encode(), nil)
				if tt.wantStatus == http.StatusNoContent {
					if r.Status != http.StatusNoContent || len(r.Body) != 0 {
						t.Errorf("DELETE: got %d %q, want 204 without a body", r.Status, r.Body)
					}
					return
				}
				mustAPIError(t, r, tt.wantStatus, tt.wantCode)
			})
		}
		want = []string{
			fmt.Sprintf("/owner→Security(%d)", s),
			fmt.Sprintf("Lab Analyzer/owner→Security(%d)", s),
		}
		if got := rows(t); !slices.Equal(got, want) {
			t.Errorf("matrix after deletes:\ngot  %v\nwant %v", got, want)
		}
	})
}

// owners returns "tag:team:source" for every device, in the order given.
func owners(devs []ward.Device) []string {
	var out []string
	for _, d := range devs {
		out = append(out, fmt.Sprintf("%s:%s:%s", d.AssetTag, d.Team, d.OwnerSource))
	}
	return out
}

func TestOwnershipFollowsMatrix(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := mustServe(t, db)
		biomed := mustCreateTeam(t, db, "Biomed", ward.TeamClinicalEngineering)
		imaging := mustCreateTeam(t, db, "Imaging", ward.TeamVendor)
		security := mustCreateTeam(t, db, "Security", ward.TeamITSecurity)
		const fac = "Northgate Community Hospital"
		p2 := devRec("P-2", "B. Braun", "Infusomat Space", "Infusion Pump", fac)
		p2.Team = "Security"
		mustImport(t, db,
			devRec("M-1", "Philips", "IntelliVue MX450", "Patient Monitor", fac),
			devRec("P-1", "B. Braun", "Infusomat Space", "Infusion Pump", fac),
			p2,
			devRec("X-1", "Abbott", "Alinity ci", "Lab Analyzer", fac),
		)
		p1 := mustDevice(t, db, "P-1")
		x1 := mustDevice(t, db, "X-1")

		type check struct {
			query url.Values
			want  []string
		}
		teamCounts := func(t *testing.T) string {
			t.Helper()
			var out []string
			for _, tm := range mustGet[list[ward.Team]](t, srv, "/api/v1/teams").Items {
				out = append(out, fmt.Sprintf("%s=%d", tm.Name, tm.Devices))
			}
			return strings.Join(out, " ")
		}
		verify := func(t *testing.T, wantOwners []string, checks []check, wantCounts string) {
			t.Helper()
			if got := owners(mustGet[devicePage](t, srv, "/api/v1/devices").Items); !slices.Equal(got, wantOwners) {
				t.Errorf("owners:\ngot  %v\nwant %v", got, wantOwners)
			}
			for _, c := range checks {
				if got := tagsOf(mustGet[devicePage](t, srv, "/api/v1/devices?"+c.query.Encode()).Items); !slices.Equal(got, c.want) &&
					!(len(got) == 0 && len(c.want) == 0) {
					t.Errorf("devices?%s: got %v, want %v", c.query.Encode(), got, c.want)
				}
			}
			if got := teamCounts(t); got != wantCounts {
				t.Errorf("team device counts: got %q, want %q", got, wantCounts)
			}
			// The single-device endpoint agrees with the list.
			if d := mustGet[ward.Device](t, srv, "/api/v1/devices/"+id(p1.ID)); fmt.Sprintf("%s:%s:%s", d.AssetTag, d.Team, d.OwnerSource) != wantOwners[1] {
				t.Errorf("GET P-1: got team %q (%s), want %s", d.Team, d.OwnerSource, wantOwners[1])
			}
		}
		unowned := url.Values{"unowned": {"true"}}
		byTeam := func(tm ward.Team) url.Values { return url.Values{"team_id": {id(tm.ID)}} }

		t.Run("no rules: only the device's own team", func(t *testing.T) {
			verify(t, []string{"M-1::", "P-1::", "P-2:Security:device", "X-1::"}, []check{
				{unowned, []string{"M-1", "P-1", "X-1"}},
				{byTeam(security), []string{"P-2"}},
				{byTeam(biomed), nil},
			}, "Biomed=0 Imaging=0 Security=1")
		})

		t.Run("any-type rule", func(t *testing.T) {
			mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
				fmt.Sprintf(`{"device_type": "", "task_type": "owner", "team_id": %d}`, biomed.ID)), http.StatusOK)
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Biomed:matrix", "P-2:Security:device", "X-1:Biomed:matrix"}, []check{
				{unowned, nil},
				{byTeam(biomed), []string{"M-1", "P-1", "X-1"}},
				{byTeam(security), []string{"P-2"}},
			}, "Biomed=3 Imaging=0 Security=1")
		})

		t.Run("type rule beats the any-type rule", func(t *testing.T) {
			mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
				fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "owner", "team_id": %d}`, imaging.ID)), http.StatusOK)
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Imaging:matrix", "P-2:Security:device", "X-1:Biomed:matrix"}, []check{
				{byTeam(imaging), []string{"P-1"}},
				{byTeam(biomed), []string{"M-1", "X-1"}},
				{url.Values{"team_id": {id(imaging.ID)}, "type": {"Infusion Pump"}}, []string{"P-1"}},
			}, "Biomed=2 Imaging=1 Security=1")
		})

		t.Run("other task types do not decide the owner", func(t *testing.T) {
			mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
				fmt.Sprintf(`{"device_type": "Patient Monitor", "task_type": "repair", "team_id": %d}`, security.ID)), http.StatusOK)
			mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
				fmt.Sprintf(`{"device_type": "", "task_type": "patch", "team_id": %d}`, security.ID)), http.StatusOK)
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Imaging:matrix", "P-2:Security:device", "X-1:Biomed:matrix"}, nil,
				"Biomed=2 Imaging=1 Security=1")
		})

		t.Run("device's own team beats the type rule", func(t *testing.T) {
			d := mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, "/api/v1/devices/"+id(p1.ID),
				fmt.Sprintf(`{"team_id": %d}`, security.ID)), http.StatusOK)
			if d.Team != "Security" || d.OwnerSource != "device" {
				t.Errorf("PATCH response: got %q (%s), want Security (device)", d.Team, d.OwnerSource)
			}
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Security:device", "P-2:Security:device", "X-1:Biomed:matrix"}, []check{
				{byTeam(security), []string{"P-1", "P-2"}},
				{byTeam(imaging), nil},
			}, "Biomed=2 Imaging=0 Security=2")
		})

		t.Run("clearing the device's team returns it to the matrix", func(t *testing.T) {
			mustDecode[ward.Device](t, mustDo(t, srv, http.MethodPatch, "/api/v1/devices/"+id(p1.ID), `{"team_id": 0}`), http.StatusOK)
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Imaging:matrix", "P-2:Security:device", "X-1:Biomed:matrix"}, nil,
				"Biomed=2 Imaging=1 Security=1")
		})

		t.Run("replacing a rule", func(t *testing.T) {
			mustDecode[ward.Responsibility](t, mustDo(t, srv, http.MethodPut, "/api/v1/responsibilities",
				fmt.Sprintf(`{"device_type": "Infusion Pump", "task_type": "owner", "team_id": %d}`, biomed.ID)), http.StatusOK)
			verify(t, []string{"M-1:Biomed:matrix", "P-1:Biomed:matrix", "P-2:Security:device", "X-1:Biomed:matrix"}, []check{
				{byTeam(imaging), nil},
			}, "Biomed=3 Imaging=0 Security=1")
		})

		t.Run("deleting the any-type rule leaves devices unowned", func(t *testing.T) {
			r := mustDo(t, srv, http.MethodDelete, "/api/v1/responsibilities?task_type=owner", nil)
			if r.Status != http.StatusNoContent {
				t.Fatalf("DELETE: got %d %s, want 204", r.Status, r.Body)
			}
			verify(t, []string{"M-1::", "P-1:Biomed:matrix", "P-2:Security:device", "X-1::"}, []check{
				{unowned, []string{"M-1", "X-1"}},
				{url.Values{"unowned": {"true"}, "type": {"Lab Analyzer"}}, []string{"X-1"}},
				{url.Values{"unowned": {"true"}, "count": {"true"}, "q": {"M-"}}, []string{"M-1"}},
			}, "Biomed=1 Imaging=0 Security=1")
			if d := mustGet[ward.Device](t, srv, "/api/v1/devices/"+id(x1.ID)); d.TeamID != 0 || d.Team != "" || d.OwnerSource != "" {
				t.Errorf("unowned device: got team %d %q (%s), want none", d.TeamID, d.Team, d.OwnerSource)
			}
		})
	})
}
