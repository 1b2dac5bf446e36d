package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
)

// mustCreateModels adds catalog models straight through the store, for
// what no command does: a model with an FDA product code.
func mustCreateModels(tb testing.TB, dsn string, models ...ward.Model) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for i := range models {
		if err := db.CreateModel(ctx, &models[i]); err != nil {
			tb.Fatalf("create model %s: %v", models[i].Name, err)
		}
	}
}

func TestImportClassification(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(repoFile("fdaclass/foiclass-excerpt.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []ward.ProductCode
	if err := json.Unmarshal(b, &codes); err != nil {
		t.Fatal(err)
	}
	golden := map[string]ward.ProductCode{}
	for _, c := range codes {
		golden[c.Code] = c
	}
	tests := []struct {
		code, criticality string
	}{
		{"LWP", ward.CriticalityLifeSustaining}, // pacemaker, class 3, life-sustaining
		{"ONM", ward.CriticalityClinical},       // infant warmer cabinet, class 2
		{"LXO", ward.CriticalityClinical},       // unclassified (U)
		{"OAZ", ward.CriticalityClinical},       // class f
	}
	forEachDSN(t, func(t *testing.T, dsn string) {
		var models []ward.Model
		for _, tt := range tests {
			if _, ok := golden[tt.code]; !ok {
				t.Fatalf("product code %s is not in the excerpt", tt.code)
			}
			models = append(models, ward.Model{Manufacturer: "Medtronic", Name: "Test Model " + tt.code, ProductCode: tt.code, DeviceType: "Test Device"})
		}
		mustCreateModels(t, dsn, models...)
		listModels := func() map[string]device {
			out := map[string]device{}
			for _, m := range mustJSONL(t, mustRun(t, dsn, "models", "--manufacturer", "Medtronic", "--format", "jsonl")) {
				out[m.str("product_code")] = m
			}
			return out
		}
		for code, m := range listModels() {
			if m.str("device_class") != "" {
				t.Errorf("model with %s before the classification import: got class %q, want none", code, m.str("device_class"))
			}
		}

		path := repoFile("fdaclass/foiclass-excerpt.txt")
		out := mustRun(t, dsn, "import", "classification", path)
		if want := fmt.Sprintf("foiclass-excerpt.txt: %d product codes read, %d added, 0 changed", len(codes), len(codes)); !strings.Contains(out, want) {
			t.Errorf("import classification: got %q, want %q", out, want)
		}
		out = mustRun(t, dsn, "import", "classification", path)
		mustContain(t, "second classification import", out, fmt.Sprintf("%d product codes read, 0 added, 0 changed", len(codes)))

		got := listModels()
		table := mustRun(t, dsn, "models", "--manufacturer", "Medtronic")
		for _, tt := range tests {
			m, ok := got[tt.code]
			if !ok {
				t.Errorf("models: got none with product code %s", tt.code)
				continue
			}
			want := golden[tt.code]
			if m.str("device_class") != want.DeviceClass || m["fda_life_sustaining"] != want.LifeSustaining {
				t.Errorf("model with %s: got class %q, life-sustaining %v; want %q, %v", tt.code,
					m.str("device_class"), m["fda_life_sustaining"], want.DeviceClass, want.LifeSustaining)
			}
			line := ""
			for _, l := range strings.Split(table, "\n") {
				if strings.Contains(l, "Test Model "+tt.code) {
					line = l
				}
			}
			if f := strings.Fields(line); len(f) < 8 || !slices.Contains(f, want.DeviceClass) || !slices.Contains(f, tt.criticality) {
				t.Errorf("models table row of %s: got %q, want class %s and criticality %s", tt.code, line, want.DeviceClass, tt.criticality)
			}
		}

		r := runDB(t, dsn, "import", "classification", repoFile("fdaclass/nope.txt"))
		mustExit(t, r, 1, "import classification of a missing file")
		mustContain(t, "stderr", r.stderr, "cannot open")
		r = runDB(t, dsn, "import", "classification", repoFile(inventory))
		mustExit(t, r, 1, "import classification of a CMMS file")
		mustExit(t, runDB(t, dsn, "import", "classification"), 2, "import classification without a file")
	})
}

// manufacturerFile is an export with a legacy Philips name the registry
// does not know and a maker nobody knows.
const manufacturerFile = `Asset Tag,Manufacturer,Model,Device Type,Software Version,Facility
M-1,Philips Medizinsysteme Boeblingen,IntelliVue MX450,Patient Monitor,M.00.03,Northgate Community Hospital
M-2,Acme Biomedical,Widget 3000,Widget,1.0,Northgate Community Hospital
M-3,Philips,IntelliVue MX450,Patient Monitor,L.01.05,Northgate Community Hospital
`

func TestManufacturers(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		path := mustWrite(t, t.TempDir()+"/mfr.csv", manufacturerFile)
		out := mustRun(t, dsn, "import", "devices", path)
		mustContain(t, "import", out, "3 created",
			`unresolved manufacturers (map them with 'ward manufacturers alias'): "Acme Biomedical", "Philips Medizinsysteme Boeblingen"`)

		unresolved := func() []string {
			var names []string
			for _, m := range mustJSONL(t, mustRun(t, dsn, "manufacturers", "--unresolved", "--format", "jsonl")) {
				names = append(names, m.str("name"))
				if m.str("status") != ward.ManufacturerUnresolved {
					t.Errorf("manufacturers --unresolved: got %s with status %s", m.str("name"), m.str("status"))
				}
			}
			return names
		}
		if got, want := unresolved(), []string{"Acme Biomedical", "Philips Medizinsysteme Boeblingen"}; !slices.Equal(got, want) {
			t.Errorf("manufacturers --unresolved: got %v, want %v", got, want)
		}
		mustContain(t, "manufacturers --unresolved table", mustRun(t, dsn, "manufacturers", "--unresolved"), "NAME", "STATUS", "unresolved", "Acme Biomedical")

		out = mustRun(t, dsn, "manufacturers", "alias", "Philips", "Philips Medizinsysteme Boeblingen")
		mustContain(t, "alias", out, `"Philips Medizinsysteme Boeblingen" now resolves to Philips`)
		if got, want := unresolved(), []string{"Acme Biomedical"}; !slices.Equal(got, want) {
			t.Errorf("manufacturers --unresolved after the alias: got %v, want %v", got, want)
		}
		d, hist := mustDevice(t, dsn, "M-1")
		if d.str("manufacturer") != "Philips" || d.str("recorded_manufacturer") != "Philips Medizinsysteme Boeblingen" {
			t.Errorf("M-1: got manufacturer %q (recorded %q), want Philips (recorded Philips Medizinsysteme Boeblingen)",
				d.str("manufacturer"), d.str("recorded_manufacturer"))
		}
		if len(hist) == 0 || hist[0]["field"] != "manufacturer" || hist[0]["new"] != "Philips" || hist[0]["actor"] != "cli:manufacturers" {
			t.Errorf("M-1 history: got %v, want the move to Philips by cli:manufacturers first", hist)
		}
		for _, name := range []string{"Philips", "Philips Medizinsysteme Boeblingen"} {
			if got := tags(mustDevices(t, dsn, "--manufacturer", name)); !slices.Equal(got, []string{"M-1", "M-3"}) {
				t.Errorf("devices --manufacturer %q: got %v, want [M-1 M-3]", name, got)
			}
		}
		var philips []map[string]any
		json.Unmarshal([]byte(mustRun(t, dsn, "models", "--manufacturer", "Philips", "--format", "json")), &philips)
		if len(philips) != 1 || philips[0]["devices"] != 2.0 {
			t.Errorf("Philips models after the merge: got %v, want one IntelliVue MX450 with 2 devices", philips)
		}
		out = mustRun(t, dsn, "import", "devices", path)
		mustContain(t, "re-import", out, "0 created, 0 updated (0 field changes), 3 unchanged",
			`unresolved manufacturers (map them with 'ward manufacturers alias'): "Acme Biomedical"`)

		out = mustRun(t, dsn, "manufacturers", "confirm", "acme biomedical")
		mustContain(t, "confirm", out, "Acme Biomedical is now a known manufacturer")
		if got := unresolved(); len(got) != 0 {
			t.Errorf("manufacturers --unresolved after confirm: got %v, want none", got)
		}
		var acme device
		for _, m := range mustJSONL(t, mustRun(t, dsn, "manufacturers", "list", "--format", "jsonl")) {
			if m.str("name") == "Acme Biomedical" {
				acme = m
			}
		}
		if acme.str("status") != ward.ManufacturerKnown || acme["devices"] != 1.0 {
			t.Errorf("Acme Biomedical: got %v, want known with 1 device", acme)
		}

		errs := []struct {
			name   string
			args   []string
			code   int
			stderr string
		}{
			{"alias to an unknown manufacturer", []string{"alias", "Acme Rockets", "ACME"}, 1, `no manufacturer is known as "Acme Rockets"`},
			{"alias taken by another manufacturer", []string{"alias", "Philips", "GE Healthcare"}, 1, `"GE Healthcare" already names GE HealthCare`},
			{"alias with one argument", []string{"alias", "Philips"}, 2, "alias needs the manufacturer and the alias"},
			{"confirm an unknown name", []string{"confirm", "Nobody Inc"}, 1, "Nobody Inc"},
			{"confirm without a name", []string{"confirm"}, 2, "confirm needs one NAME"},
			{"unknown subcommand", []string{"rename"}, 2, "Usage: ward manufacturers"},
			{"bad format", []string{"--format", "xml"}, 2, `unknown format "xml"`},
		}
		for _, tt := range errs {
			t.Run(tt.name, func(t *testing.T) {
				r := runDB(t, dsn, append([]string{"manufacturers"}, tt.args...)...)
				mustExit(t, r, tt.code, "manufacturers "+strings.Join(tt.args, " "))
				mustContain(t, "stderr", r.stderr, tt.stderr)
			})
		}
	})
}
