package main

import (
	"slices"
	"strings"
	"testing"

	"ward"
)

const teamsFile = `Asset Tag,Manufacturer,Model,Device Type,Facility
T-1,Philips,IntelliVue MX450,Patient Monitor,Northgate Community Hospital
T-2,Philips,IntelliVue MX450,Patient Monitor,Northgate Community Hospital
T-3,BD,Alaris 8015 PC Unit,Infusion Pump,Northgate Community Hospital
T-4,Welch Allyn,Connex Spot Monitor,Vital Signs Monitor,Northgate Community Hospital
`

func TestTeamsAndResponsibility(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "import", "devices", mustWrite(t, t.TempDir()+"/teams.csv", teamsFile))
		unowned := func() []string { return tags(mustDevices(t, dsn, "--unowned")) }
		if got := unowned(); len(got) != 4 {
			t.Fatalf("devices --unowned before any rule: got %v, want all 4", got)
		}

		out := mustRun(t, dsn, "teams", "create", "Biomed", "--kind", ward.TeamClinicalEngineering, "--email", "biomed@example.org")
		mustContain(t, "teams create", out, "created team Biomed (clinical_engineering)")
		mustRun(t, dsn, "teams", "create", "Pump Vendor", "--kind", ward.TeamVendor)
		teams := mustJSONL(t, mustRun(t, dsn, "teams", "--format", "jsonl"))
		if len(teams) != 2 || teams[0].str("name") != "Biomed" || teams[0].str("kind") != ward.TeamClinicalEngineering ||
			teams[0].str("email") != "biomed@example.org" {
			t.Errorf("teams: got %v, want Biomed (clinical_engineering, biomed@example.org) and Pump Vendor", teams)
		}
		mustContain(t, "teams table", mustRun(t, dsn, "teams", "list"), "NAME", "KIND", "Biomed", "Pump Vendor")

		steps := []struct {
			args    []string
			stdout  string
			unowned []string
		}{
			{[]string{"set", "--type", "Patient Monitor", "--task", "owner", "--team", "Biomed"},
				"owner of Patient Monitor → Biomed", []string{"T-3", "T-4"}},
			{[]string{"set", "--type", "Infusion Pump", "--team", "pump vendor"}, // owner is the default task
				"owner of Infusion Pump → Pump Vendor", []string{"T-4"}},
			{[]string{"set", "--task", "owner", "--team", "Biomed"}, // the default for every other type
				"owner of any device type → Biomed", nil},
			{[]string{"set", "--type", "Patient Monitor", "--task", "patch", "--team", "Pump Vendor"}, // not ownership
				"patch of Patient Monitor → Pump Vendor", nil},
			{[]string{"unset", "--task", "owner"}, "removed the owner rule for any device type", []string{"T-4"}},
			{[]string{"unset", "--type", "Infusion Pump", "--task", "owner"}, "removed the owner rule for Infusion Pump", []string{"T-3", "T-4"}},
		}
		for _, s := range steps {
			out := mustRun(t, dsn, append([]string{"responsibility"}, s.args...)...)
			mustContain(t, "responsibility "+strings.Join(s.args, " "), out, s.stdout)
			if got := unowned(); !slices.Equal(got, s.unowned) {
				t.Errorf("after responsibility %s: devices --unowned got %v, want %v", strings.Join(s.args, " "), got, s.unowned)
			}
		}
		if got := tags(mustDevices(t, dsn, "--team", "Biomed")); !slices.Equal(got, []string{"T-1", "T-2"}) {
			t.Errorf("devices --team Biomed: got %v, want [T-1 T-2]", got)
		}
		d, _ := mustDevice(t, dsn, "T-1")
		if d.str("team") != "Biomed" || d.str("owner_source") != "matrix" {
			t.Errorf("T-1: got team %q from %q, want Biomed from the matrix", d.str("team"), d.str("owner_source"))
		}

		rules := mustJSONL(t, mustRun(t, dsn, "responsibility", "--format", "jsonl"))
		var cells []string
		for _, r := range rules {
			cells = append(cells, r.str("device_type")+"|"+r.str("task_type")+"|"+r.str("team"))
		}
		slices.Sort(cells)
		if want := []string{"Patient Monitor|owner|Biomed", "Patient Monitor|patch|Pump Vendor"}; !slices.Equal(cells, want) {
			t.Errorf("responsibility: got %v, want %v", cells, want)
		}
		mustRun(t, dsn, "responsibility", "set", "--task", "recall", "--team", "Biomed")
		mustContain(t, "responsibility table", mustRun(t, dsn, "responsibility", "list"), "DEVICE_TYPE", "(any type)", "recall", "Patient Monitor")

		// A device's own team, from the CMMS, wins over the matrix.
		own := mustWrite(t, t.TempDir()+"/own.csv", "Asset Tag,Manufacturer,Model,Responsible Team\nT-1,Philips,IntelliVue MX450,Pump Vendor\n")
		mustContain(t, "import with a team column", mustRun(t, dsn, "import", "devices", own), "1 updated")
		d, _ = mustDevice(t, dsn, "T-1")
		if d.str("team") != "Pump Vendor" || d.str("owner_source") != "device" {
			t.Errorf("T-1: got team %q from %q, want Pump Vendor from the device", d.str("team"), d.str("owner_source"))
		}

		t.Run("unknown team in an import", func(t *testing.T) {
			unknown := mustWrite(t, t.TempDir()+"/unknown.csv", "Asset Tag,Manufacturer,Model,Responsible Team\nT-2,Philips,IntelliVue MX450,Ghostbusters\n")
			r := runDB(t, dsn, "import", "devices", unknown)
			mustExit(t, r, 1, "import naming an unknown team")
			mustContain(t, "stderr", r.stderr, `unknown.csv:2: field "`, `no team named "Ghostbusters"`)
			mustNotRegress(t, strings.Contains(r.stderr, `field "team"`), `sqlstore unknownTeam (sqlstore/device_import_write.go) reports an unknown team as field "team", not as the file's column "Responsible Team"`)
			mustContain(t, "stderr", r.stderr, `unknown.csv:2: field "Responsible Team": no team named "Ghostbusters"`)
		})

		t.Run("type spelled otherwise", func(t *testing.T) {
			out := mustRun(t, dsn, "responsibility", "set", "--type", "patient MONITOR", "--task", "inspection", "--team", "Biomed")
			rules := mustRun(t, dsn, "responsibility", "--format", "csv")
			mustContain(t, "responsibility", rules, "Patient Monitor,inspection,Biomed")
			mustNotRegress(t, strings.Contains(out, "patient MONITOR"), `sqlstore SetResponsibility returns the device type as the caller spelled it (printed %q), not the stored name "Patient Monitor" that FindResponsibilities lists`, strings.TrimSpace(out))
			mustContain(t, "responsibility set", out, "inspection of Patient Monitor → Biomed")
		})
	})
}

func TestTeamsRefused(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "teams", "create", "Biomed")
		mustRun(t, dsn, "import", "devices", mustWrite(t, t.TempDir()+"/teams.csv", teamsFile))
		tests := []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"team name taken", []string{"teams", "create", "biomed"}, 1, "exists"},
			{"bad kind", []string{"teams", "create", "Plumbers", "--kind", "plumbing"}, 1, "plumbing"},
			{"create without a name", []string{"teams", "create"}, 2, "teams create needs one NAME"},
			{"teams bad format", []string{"teams", "--format", "xml"}, 2, `unknown format "xml"`},
			{"set without a team", []string{"responsibility", "set", "--type", "Patient Monitor"}, 2, "set needs --team"},
			{"set for an unknown team", []string{"responsibility", "set", "--type", "Patient Monitor", "--team", "Ghostbusters"}, 1, `no team named "Ghostbusters"`},
			{"set an unknown task", []string{"responsibility", "set", "--type", "Patient Monitor", "--task", "dusting", "--team", "Biomed"}, 1, "dusting"},
			{"responsibility bad format", []string{"responsibility", "--format", "xml"}, 2, `unknown format "xml"`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := runDB(t, dsn, tt.args...)
				mustExit(t, r, tt.code, strings.Join(tt.args, " "))
				mustContain(t, "stderr", r.stderr, tt.stderr)
			})
		}
		if got := mustRun(t, dsn, "responsibility", "--format", "json"); strings.TrimSpace(got) != "[]" {
			t.Errorf("responsibility after refused changes: got %s, want []", got)
		}
		r := runDB(t, dsn, "responsibility", "unset", "--type", "Patient Monitor", "--task", "owner")
		mustExit(t, r, 1, "unset of a rule that does not exist")
		mustContain(t, "stderr", r.stderr, `no owner rule for device type "Patient Monitor"`)

		// A misspelt type must not become a rule that matches nothing.
		r = runDB(t, dsn, "responsibility", "set", "--type", "Infusion Pumps", "--team", "Biomed")
		mustNotRegress(t, r.code == 0, `sqlstore SetResponsibility creates the unknown device type "Infusion Pumps" (deviceTypeID(…, true)) and a rule that matches no device; ward.TeamService documents ENOTFOUND for an unknown device type`)
		mustExit(t, r, 1, "responsibility set for an unknown type")
		mustContain(t, "stderr", r.stderr, "Infusion Pumps")
	})
}
