package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"ward"
	"ward/catalog"
	"ward/demo"
)

// scriptFields are the JSONL fields scripts rely on: every device line
// carries them as strings.
var scriptFields = []string{"asset_tag", "serial", "manufacturer", "model", "software_version", "facility", "department", "status"}

// mostCommon returns the most frequent non-empty value of key among ds,
// ties broken by name so the choice is stable.
func mostCommon(ds []device, key string) string {
	n := map[string]int{}
	for _, d := range ds {
		if v := d.str(key); v != "" {
			n[v]++
		}
	}
	best := ""
	for _, v := range slices.Sorted(maps.Keys(n)) {
		if best == "" || n[v] > n[best] {
			best = v
		}
	}
	return best
}

// registryAlias returns an alias of the registry entry named name that
// differs from it in more than case.
func registryAlias(tb testing.TB, name string) string {
	tb.Helper()
	for _, m := range catalog.Manufacturers {
		if m.Name != name {
			continue
		}
		for _, a := range m.Aliases {
			if !strings.EqualFold(a, name) {
				return a
			}
		}
	}
	tb.Fatalf("registry entry %q has no alias", name)
	return ""
}

// catalogAlias returns an alias of the demo model name that belongs to no
// other model of the catalog, and the model itself.
func catalogAlias(tb testing.TB, manufacturer, name string) string {
	tb.Helper()
	specs, err := demo.Catalog()
	if err != nil {
		tb.Fatal(err)
	}
	owners := map[string]int{}
	for _, s := range specs {
		for _, a := range append([]string{s.Name}, s.Aliases...) {
			owners[strings.ToLower(a)]++
		}
	}
	for _, s := range specs {
		if s.Manufacturer != manufacturer || s.Name != name {
			continue
		}
		for _, a := range s.Aliases {
			if owners[strings.ToLower(a)] == 1 && !strings.EqualFold(a, name) {
				return a
			}
		}
	}
	tb.Fatalf("demo model %s %s has no alias of its own", manufacturer, name)
	return ""
}

func TestDevices(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "demo", "--devices", "300", "--seed", "7")
		all := mustDevices(t, dsn)
		if len(all) != 300 {
			t.Fatalf("devices: got %d, want 300", len(all))
		}

		t.Run("jsonl script contract", func(t *testing.T) {
			seen := map[string]bool{}
			for i, d := range all {
				for _, f := range scriptFields {
					if _, ok := d[f].(string); !ok {
						t.Errorf("device line %d: field %q is %#v, want a string", i+1, f, d[f])
					}
				}
				if tag := d.str("asset_tag"); tag == "" || seen[tag] {
					t.Errorf("device line %d: asset tag %q is empty or repeated", i+1, tag)
				} else {
					seen[tag] = true
				}
				if !slices.Contains(ward.DeviceStatuses, d.str("status")) {
					t.Errorf("device %s: got status %q, want one of %v", d.str("asset_tag"), d.str("status"), ward.DeviceStatuses)
				}
			}
		})

		t.Run("csv", func(t *testing.T) {
			header, rows := mustCSV(t, mustRun(t, dsn, "devices", "--format", "csv"))
			if !slices.Equal(header, deviceCSVColumns) {
				t.Errorf("CSV header: got %v, want %v", header, deviceCSVColumns)
			}
			for _, f := range []string{"asset_tag", "serial", "manufacturer", "model", "software_version", "facility", "department", "status"} {
				if !slices.Contains(header, f) {
					t.Errorf("CSV header: got %v, want it to hold %q", header, f)
				}
			}
			if len(rows) != len(all) {
				t.Fatalf("CSV rows: got %d, want %d", len(rows), len(all))
			}
			var got []string
			for _, r := range rows {
				got = append(got, r[0])
			}
			slices.Sort(got)
			if want := tags(all); !slices.Equal(got, want) {
				t.Errorf("CSV asset tags: got %v, want %v", got, want)
			}
		})

		t.Run("json", func(t *testing.T) {
			var arr []device
			out := mustRun(t, dsn, "devices", "--format", "json")
			if err := json.Unmarshal([]byte(out), &arr); err != nil {
				t.Fatalf("devices --format json is not a JSON array of objects: %v", err)
			}
			if got, want := tags(arr), tags(all); !slices.Equal(got, want) {
				t.Errorf("JSON asset tags: got %d tags, want %d (%v)", len(got), len(want), got)
			}
			var empty []device
			out = mustRun(t, dsn, "devices", "--format", "json", "--status", "disposed")
			if err := json.Unmarshal([]byte(out), &empty); err != nil || empty == nil {
				t.Errorf("devices --format json with no match: got %q (%v), want an empty array", out, err)
			}
		})

		t.Run("table", func(t *testing.T) {
			out := mustRun(t, dsn, "devices")
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != len(all)+1 {
				t.Fatalf("table lines: got %d, want %d", len(lines), len(all)+1)
			}
			var want []string
			for _, c := range deviceTableColumns {
				want = append(want, strings.ToUpper(c))
			}
			if got := strings.Fields(lines[0]); !slices.Equal(got, want) {
				t.Errorf("table header: got %v, want %v", got, want)
			}
			for _, d := range all[:20] {
				mustContain(t, "table", out, d.str("asset_tag"))
			}
		})

		top := func(key string) string { return mostCommon(all, key) }
		topMfr, topModel := top("manufacturer"), top("model")
		var topModelMfr string
		var withIP, withMAC device
		for _, d := range all {
			if d.str("model") == topModel {
				topModelMfr = d.str("manufacturer")
			}
			if withIP == nil && d.str("ip") != "" {
				withIP = d
			}
			if withMAC == nil && d.str("mac") != "" {
				withMAC = d
			}
		}
		if withIP == nil || withMAC == nil {
			t.Fatalf("no demo device has an IP or a MAC address")
		}
		serialPrefix := all[0].str("serial")[:4]
		modelAlias := catalogAlias(t, topModelMfr, topModel)
		const ce = demo.TeamClinicalEngineering

		filters := []struct {
			name string
			args []string
			keep func(d device) bool
		}{
			{"facility code", []string{"--facility", "RUMC"},
				func(d device) bool { return d.str("facility") == "Riverside University Medical Center" }},
			{"facility name", []string{"--facility", "Riverside University Medical Center"},
				func(d device) bool { return d.str("facility") == "Riverside University Medical Center" }},
			{"facility code lower case, two", []string{"--facility", "ngh, mrc"}, func(d device) bool {
				return d.str("facility") == "Northgate Community Hospital" || d.str("facility") == "Mercy Ridge Children's Hospital"
			}},
			{"manufacturer name", []string{"--manufacturer", topMfr}, func(d device) bool { return d.str("manufacturer") == topMfr }},
			{"manufacturer alias", []string{"--manufacturer", registryAlias(t, topMfr)},
				func(d device) bool { return d.str("manufacturer") == topMfr }},
			{"manufacturer upper case", []string{"--manufacturer", strings.ToUpper(topMfr)},
				func(d device) bool { return d.str("manufacturer") == topMfr }},
			{"model name", []string{"--model", topModel}, func(d device) bool { return d.str("model") == topModel }},
			{"model alias", []string{"--model", modelAlias}, func(d device) bool { return d.str("model") == topModel }},
			{"model with manufacturer", []string{"--manufacturer", topModelMfr, "--model", topModel},
				func(d device) bool { return d.str("model") == topModel }},
			{"status", []string{"--status", "in_service"}, func(d device) bool { return d.str("status") == ward.StatusInService }},
			{"statuses as written", []string{"--status", "Out of Service,In Repair,retired"}, func(d device) bool {
				s := d.str("status")
				return s == ward.StatusOutOfService || s == ward.StatusInRepair || s == ward.StatusRetired
			}},
			{"q asset tag prefix", []string{"--q", "RUMC-000001"},
				func(d device) bool { return strings.HasPrefix(d.str("asset_tag"), "RUMC-000001") }},
			{"q asset tag prefix lower case", []string{"--q", "rumc-000001"},
				func(d device) bool { return strings.HasPrefix(d.str("asset_tag"), "RUMC-000001") }},
			{"q serial prefix", []string{"--q", serialPrefix},
				func(d device) bool { return strings.HasPrefix(d.str("serial"), serialPrefix) }},
			{"q exact IP", []string{"--q", withIP.str("ip")}, func(d device) bool { return d.str("ip") == withIP.str("ip") }},
			{"q MAC in another notation", []string{"--q", strings.ToUpper(strings.ReplaceAll(withMAC.str("mac"), ":", "-"))},
				func(d device) bool { return d.str("mac") == withMAC.str("mac") }},
			{"type", []string{"--type", "Infusion Pump"}, func(d device) bool { return d.str("device_type") == "Infusion Pump" }},
			{"type lower case", []string{"--type", "patient monitor"},
				func(d device) bool { return d.str("device_type") == "Patient Monitor" }},
			{"team", []string{"--team", ce}, func(d device) bool { return d.str("team") == ce }},
			{"team lower case", []string{"--team", strings.ToLower(ce)}, func(d device) bool { return d.str("team") == ce }},
			{"unowned", []string{"--unowned"}, func(d device) bool { return d.str("team") == "" }},
			{"facility, type and status", []string{"--facility", "NGH", "--type", "Infusion Pump", "--status", "in_service"},
				func(d device) bool {
					return d.str("facility") == "Northgate Community Hospital" && d.str("device_type") == "Infusion Pump" &&
						d.str("status") == ward.StatusInService
				}},
		}
		for _, tt := range filters {
			t.Run(tt.name, func(t *testing.T) {
				var want []device
				for _, d := range all {
					if tt.keep(d) {
						want = append(want, d)
					}
				}
				if len(want) == 0 {
					t.Fatalf("the demo has no device for this filter; pick another value")
				}
				if got, want := tags(mustDevices(t, dsn, tt.args...)), tags(want); !slices.Equal(got, want) {
					t.Errorf("devices %s: got %d devices %v, want %d %v", strings.Join(tt.args, " "), len(got), got, len(want), want)
				}
				out := mustRun(t, dsn, append([]string{"devices", "--count"}, tt.args...)...)
				if got := strings.TrimSpace(out); got != strconv.Itoa(len(want)) {
					t.Errorf("devices --count %s: got %q, want %d", strings.Join(tt.args, " "), got, len(want))
				}
			})
		}

		t.Run("q model name", func(t *testing.T) {
			word := strings.Fields(topModel)[0]
			got := mustDevices(t, dsn, "--q", word)
			have := map[string]bool{}
			for _, d := range got {
				have[d.str("asset_tag")] = true
			}
			for _, d := range all {
				if strings.Contains(d.str("model"), word) && !have[d.str("asset_tag")] {
					t.Errorf("devices --q %q: got no %s (model %q), want every device of a model named with it", word, d.str("asset_tag"), d.str("model"))
				}
			}
		})

		t.Run("sort desc limit", func(t *testing.T) {
			want := tags(all)
			slices.Reverse(want)
			got := mustDevices(t, dsn, "--sort", "asset_tag", "--desc", "--limit", "5")
			var gotTags []string
			for _, d := range got {
				gotTags = append(gotTags, d.str("asset_tag"))
			}
			if !slices.Equal(gotTags, want[:5]) {
				t.Errorf("devices --sort asset_tag --desc --limit 5: got %v, want %v", gotTags, want[:5])
			}
			got = mustDevices(t, dsn, "--limit", "3")
			gotTags = gotTags[:0]
			for _, d := range got {
				gotTags = append(gotTags, d.str("asset_tag"))
			}
			if want := tags(all)[:3]; !slices.Equal(gotTags, want) {
				t.Errorf("devices --limit 3: got %v, want %v (asset tag order)", gotTags, want)
			}
		})

		errs := []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"unknown facility", []string{"--facility", "Atlantis General"}, 1, `no facility named "Atlantis General"`},
			{"one unknown facility of two", []string{"--facility", "RUMC,Atlantis"}, 1, `no facility named "Atlantis"`},
			{"unknown manufacturer", []string{"--manufacturer", "Acme Rockets"}, 1, `no manufacturer is known as "Acme Rockets"`},
			{"unknown model", []string{"--model", "Flux Capacitor"}, 1, `no model is known as "Flux Capacitor"`},
			{"unknown team", []string{"--team", "Ghostbusters"}, 1, `no team named "Ghostbusters"`},
			{"bad format", []string{"--format", "xml"}, 2, `unknown format "xml"`},
			{"argument", []string{"RUMC"}, 2, `unexpected argument "RUMC"`},
			{"bad limit", []string{"--limit", "many"}, 2, "invalid value"},
			{"unknown flag", []string{"--colour"}, 2, "flag provided but not defined"},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				r := runDB(t, dsn, append([]string{"devices"}, tt.args...)...)
				mustExit(t, r, tt.code, "devices "+strings.Join(tt.args, " "))
				mustContain(t, "stderr", r.stderr, tt.stderr)
				if r.stdout != "" {
					t.Errorf("stdout: got %q, want nothing on failure", r.stdout)
				}
			})
		}

		// A refused filter value must not leave a half-written list on
		// stdout, where a script would take it for an empty result.
		for _, format := range []string{"table", "csv", "json", "jsonl"} {
			for _, arg := range [][]string{{"--status", "bogus"}, {"--sort", "colour"}} {
				t.Run(fmt.Sprintf("refused %s %s", arg[0][2:], format), func(t *testing.T) {
					r := runDB(t, dsn, append([]string{"devices", "--format", format}, arg...)...)
					mustExit(t, r, 1, "devices "+strings.Join(arg, " "))
					mustContain(t, "stderr", r.stderr, strconv.Quote(arg[1]))
					mustNotRegress(t, r.stdout != "", "cmd/ward cmdDevices writes %q to stdout (the list opening) before the store refuses %s %s; it should validate the filter first and print nothing",
						r.stdout, arg[0], arg[1])
				})
			}
		}

		t.Run("facilities", func(t *testing.T) {
			var fs []ward.Facility
			if err := json.Unmarshal([]byte(mustRun(t, dsn, "facilities", "--format", "json")), &fs); err != nil {
				t.Fatal(err)
			}
			var codes []string
			var total int64
			for _, f := range fs {
				codes = append(codes, f.Code)
				total += f.Devices
				if f.Devices == 0 {
					t.Errorf("facility %s: got 0 devices, want some", f.Code)
				}
			}
			if want := []string{"LSH", "MRC", "NGH", "RASC", "RUMC"}; !slices.Equal(codes, want) {
				t.Errorf("facility codes: got %v, want %v", codes, want)
			}
			if total != int64(len(all)) {
				t.Errorf("devices over all facilities: got %d, want %d", total, len(all))
			}
			table := mustRun(t, dsn, "facilities")
			mustContain(t, "facilities table", table, "CODE", "DEVICES", "RUMC", "Riverside University Medical Center")
			header, rows := mustCSV(t, mustRun(t, dsn, "facilities", "--format", "csv"))
			if !slices.Equal(header, []string{"code", "name", "devices"}) || len(rows) != 5 {
				t.Errorf("facilities --format csv: got header %v and %d rows, want code,name,devices and 5", header, len(rows))
			}
			mustExit(t, runDB(t, dsn, "facilities", "--format", "yaml"), 2, "facilities --format yaml")
		})

		t.Run("models", func(t *testing.T) {
			models := func(args ...string) []map[string]any {
				var out []map[string]any
				for _, d := range mustJSONL(t, mustRun(t, dsn, append([]string{"models", "--format", "jsonl"}, args...)...)) {
					out = append(out, d)
				}
				return out
			}
			byName := models("--manufacturer", topMfr)
			if len(byName) == 0 {
				t.Fatalf("models --manufacturer %s: got none", topMfr)
			}
			var units float64
			for _, m := range byName {
				if m["manufacturer"] != topMfr {
					t.Errorf("models --manufacturer %s: got a model of %v", topMfr, m["manufacturer"])
				}
				units += m["devices"].(float64)
			}
			if want := float64(len(mustDevices(t, dsn, "--manufacturer", topMfr))); units != want {
				t.Errorf("devices over the models of %s: got %v, want %v", topMfr, units, want)
			}
			if byAlias := models("--manufacturer", registryAlias(t, topMfr)); len(byAlias) != len(byName) {
				t.Errorf("models by manufacturer alias: got %d, want %d", len(byAlias), len(byName))
			}
			for _, m := range models("--type", "Infusion Pump") {
				if m["device_type"] != "Infusion Pump" {
					t.Errorf("models --type Infusion Pump: got a %v", m["device_type"])
				}
			}
			table := mustRun(t, dsn, "models", "--manufacturer", topMfr)
			mustContain(t, "models table", table, "MANUFACTURER", "PRODUCT_CODE", "CRITICALITY", topModel)
			r := runDB(t, dsn, "models", "--manufacturer", "Acme Rockets")
			mustExit(t, r, 1, "models --manufacturer Acme Rockets")
			mustContain(t, "stderr", r.stderr, "Acme Rockets")
			mustExit(t, runDB(t, dsn, "models", "--format", "xml"), 2, "models --format xml")
		})

		t.Run("device", func(t *testing.T) {
			tag := all[0].str("asset_tag")
			d, hist := mustDevice(t, dsn, tag)
			if d.str("asset_tag") != tag || d.str("serial") != all[0].str("serial") {
				t.Errorf("device %s --format json: got %v, want the device %v", tag, d, all[0])
			}
			if len(hist) != 1 || hist[0]["field"] != "created" || hist[0]["new"] != tag || hist[0]["actor"] != "demo" {
				t.Errorf("history of %s: got %v, want one creation by demo", tag, hist)
			}
			out := mustRun(t, dsn, "device", tag)
			mustContain(t, "device table", out, "FIELD", "VALUE", "asset_tag", tag, "owner_source", "AT", "ACTOR", "created")
			mustContain(t, "device table", out, all[0].str("serial"), all[0].str("facility"))

			r := runDB(t, dsn, "device", "NOPE-404")
			mustExit(t, r, 1, "device NOPE-404")
			mustContain(t, "stderr", r.stderr, `no device with asset tag "NOPE-404"`)
			mustExit(t, runDB(t, dsn, "device"), 2, "device without a tag")
			mustExit(t, runDB(t, dsn, "device", tag, all[1].str("asset_tag")), 2, "device with two tags")

			r = runDB(t, dsn, "device", tag, "--format", "xml")
			mustNotRegress(t, r.code == 0, "cmd/ward cmdDevice accepts --format xml (exit 0, prints the table); every other command exits 2 for an unknown format")
			mustExit(t, r, 2, "device --format xml")
		})
	})
}

// TestDevicesSortPaging lists more devices than one store page (1000) in
// every sort order and checks that each device comes exactly once, in order.
func TestDevicesSortPaging(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "demo", "--devices", "1500", "--seed", "3")
		all := mustDevices(t, dsn)
		if len(all) != 1500 {
			t.Fatalf("devices: got %d, want 1500", len(all))
		}
		key := func(sort string, d device) string {
			if sort == ward.SortAssetTag || sort == ward.SortSerial {
				return strings.ToUpper(d.str(sort)) // the store sorts these by their upper-case keys
			}
			return d.str(sort)
		}
		for _, sort := range ward.DeviceSorts {
			for _, desc := range []bool{false, true} {
				args := []string{"devices", "--format", "jsonl", "--sort", sort}
				if desc {
					args = append(args, "--desc")
				}
				t.Run(strings.Join(args[3:], " "), func(t *testing.T) {
					r := runDB(t, dsn, args...)
					mustExit(t, r, 0, strings.Join(args, " "))
					got := mustJSONL(t, r.stdout)
					if len(got) != len(all) {
						empty := 0
						for _, d := range all {
							if key(sort, d) == "" {
								empty++
							}
						}
						mustNotRegress(t, empty > 0 && len(got) < len(all),
							"sqlstore FindDevices keyset paging loses devices whose %s is empty (stored NULL): the cursor compares (col, id) > (NULL, id), which is never true; got %d of %d devices (%d have an empty %s)",
							sort, len(got), len(all), empty, sort)
						t.Fatalf("got %d devices, want %d", len(got), len(all))
					}
					if g, w := tags(got), tags(all); !slices.Equal(g, w) {
						t.Fatalf("the sorted listing does not hold every device exactly once")
					}
					// Empty values sort first or last depending on the
					// engine (NULL); only the order of the others is fixed.
					var prev string
					for i, d := range got {
						k := key(sort, d)
						if k == "" {
							continue
						}
						if prev != "" && (!desc && k < prev || desc && k > prev) {
							t.Fatalf("device %d (%s): got %s %q after %q, want %s order", i, d.str("asset_tag"), sort, k, prev,
								map[bool]string{false: "ascending", true: "descending"}[desc])
						}
						prev = k
					}
				})
			}
		}
	})
}

// TestDevicesExportReimport checks that the CSV export is an import file:
// imported back over its own database it changes nothing, and imported
// into an empty one it yields the same devices.
func TestDevicesExportReimport(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, newDB func() string) {
		dsn := newDB()
		mustRun(t, dsn, "demo", "--devices", "300", "--seed", "5")
		export := mustRun(t, dsn, "devices", "--format", "csv")
		path := mustWrite(t, t.TempDir()+"/export.csv", export)

		r := runDB(t, dsn, "import", "devices", path)
		mustExit(t, r, 0, "import of the export")
		mustContain(t, "re-import of the export", r.stdout, "300 read, 0 created, 0 updated (0 field changes), 300 unchanged, 0 rejected")
		mustContain(t, "ignored columns", r.stderr, `"effective_criticality"`, `"owner"`)

		fresh := newDB()
		mustContain(t, "import of the export into an empty database", mustRun(t, fresh, "import", "devices", path), "300 created")
		header, want := mustCSV(t, export)
		_, got := mustCSV(t, mustRun(t, fresh, "devices", "--format", "csv"))
		// Criticality and owner come from the catalog and the matrix,
		// which an export does not carry.
		derived := map[string]bool{"effective_criticality": true, "owner": true}
		if len(got) != len(want) {
			t.Fatalf("devices after import: got %d, want %d", len(got), len(want))
		}
		for i := range want {
			for j, col := range header {
				if !derived[col] && got[i][j] != want[i][j] {
					t.Errorf("device %s, %s: got %q, want %q", want[i][0], col, got[i][j], want[i][j])
				}
			}
		}
	})
}

// TestDemoCatalogStored checks that demo stores every model of its catalog
// with its catalog facts.
func TestDemoCatalogStored(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		mustRun(t, dsn, "demo", "--devices", "10", "--seed", "1")
		type key struct{ mfr, name string }
		stored := map[key]map[string]any{}
		for _, m := range mustJSONL(t, mustRun(t, dsn, "models", "--format", "jsonl")) {
			stored[key{m.str("manufacturer"), m.str("name")}] = m
		}
		specs, err := demo.Catalog()
		if err != nil {
			t.Fatal(err)
		}
		var missing []string
		for _, s := range specs {
			m, ok := stored[key{s.Manufacturer, s.Name}]
			if !ok {
				missing = append(missing, s.Manufacturer+" "+s.Name)
				continue
			}
			if m["product_code"] != s.ProductCode || m["device_type"] != s.DeviceType {
				t.Errorf("model %s %s: got product code %v, type %v; want %q, %q", s.Manufacturer, s.Name,
					m["product_code"], m["device_type"], s.ProductCode, s.DeviceType)
			}
			if s.ProductCode != "" && m["device_class"] == "" {
				t.Errorf("model %s %s (product code %s): got no FDA class", s.Manufacturer, s.Name, s.ProductCode)
			}
		}
		mustNotRegress(t, len(missing) > 0, "cmd/ward buildDemo drops %d catalog model(s) without a word: %s. CreateModel refuses them with ECONFLICT "+
			"because demo/data/models.json gives them an alias another model of the same manufacturer already holds "+
			"(e.g. \"IntelliVue patient monitor MX400-MX850\", \"Ultrasound EPIQ/Affiniti\", \"Vivid\"), and keepExisting takes every ECONFLICT "+
			"for \"already exists\"; their devices then get bare models without product code, class or criticality",
			len(missing), strings.Join(missing, ", "))
	})
}

// TestDevicesCSVFormulaSafe checks that CSV exports defuse cells a
// spreadsheet would run as formulas, while JSONL keeps the values as
// recorded.
func TestDevicesCSVFormulaSafe(t *testing.T) {
	dsn := newSQLite(t)
	in := "Asset Tag,Serial Number,Manufacturer,Model,Facility,Department\n" +
		"X-1,-2+3,Philips,\"=HYPERLINK(\"\"http://example.com\"\")\",Northgate,@SUM(A1)\n" +
		"X-2,+1,Philips,IntelliVue MX450,Northgate,ICU\n"
	mustExit(t, runIn(t, strings.NewReader(in), "--db", dsn, "import", "devices", "-"), 0, "import of formula-like cells")
	header, rows := mustCSV(t, mustRun(t, dsn, "devices", "--format", "csv", "--sort", "asset_tag"))
	col := func(name string) int { return slices.Index(header, name) }
	want := [][2]string{{"'-2+3", "'=HYPERLINK(\"http://example.com\")"}, {"'+1", "IntelliVue MX450"}}
	for i, w := range want {
		if got := [2]string{rows[i][col("serial")], rows[i][col("model")]}; got != w {
			t.Errorf("CSV row %d serial, model: got %q, want %q", i+1, got, w)
		}
	}
	if got := rows[0][col("department")]; got != "'@SUM(A1)" {
		t.Errorf("CSV department: got %q, want '@SUM(A1)", got)
	}
	d, _ := mustDevice(t, dsn, "X-1")
	if d.str("serial") != "-2+3" || d.str("model") != `=HYPERLINK("http://example.com")` {
		t.Errorf("X-1 as JSON: got serial %q, model %q; want the values as recorded", d.str("serial"), d.str("model"))
	}
}
