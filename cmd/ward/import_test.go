package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const inventory = "ward-devset/inventory.csv"

// mustEmpty fails tb unless the database holds no devices and no facility,
// model or manufacturer an import creates.
func mustEmpty(tb testing.TB, dsn string) {
	tb.Helper()
	if got := strings.TrimSpace(mustRun(tb, dsn, "devices", "--count")); got != "0" {
		tb.Errorf("devices --count: got %s, want 0", got)
	}
	for _, args := range [][]string{{"facilities"}, {"models"}, {"manufacturers", "--unresolved"}} {
		if got := mustRun(tb, dsn, append(args, "--format", "json")...); strings.TrimSpace(got) != "[]" {
			tb.Errorf("%s: got %s, want []", strings.Join(args, " "), got)
		}
	}
}

func TestImportInventory(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		path := mustCopy(t, inventory, dir)

		out := mustRun(t, dsn, "import", "devices", path)
		mustContain(t, "first import", out, "inventory.csv imported: 62 read, 62 created, 0 updated (0 field changes), 0 unchanged, 0 rejected")
		if strings.Contains(out, "unresolved manufacturers") {
			t.Errorf("first import: got %q, want every manufacturer of the labeled set resolved", out)
		}
		out = mustRun(t, dsn, "import", "devices", path)
		mustContain(t, "second import", out, "62 read, 0 created, 0 updated (0 field changes), 62 unchanged, 0 rejected")

		// One firmware upgrade in the CMMS: one device updated, one change
		// in its history.
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		const row = "DEV-107373,1280-005102,Spacelabs Healthcare,XTR Telemetry Receiver,96280,Telemetry Receiver,v1.0.2,"
		if strings.Count(string(b), row) != 1 {
			t.Fatalf("%s no longer holds the row %q", inventory, row)
		}
		mustWrite(t, path, strings.Replace(string(b), row, strings.Replace(row, "v1.0.2", "v1.0.3", 1), 1))
		out = mustRun(t, dsn, "import", "devices", path)
		mustContain(t, "import with one new version", out, "62 read, 0 created, 1 updated (1 field changes), 61 unchanged, 0 rejected")

		d, hist := mustDevice(t, dsn, "DEV-107373")
		if got := d.str("software_version"); got != "v1.0.3" {
			t.Errorf("DEV-107373 software_version: got %q, want v1.0.3", got)
		}
		if len(hist) != 2 {
			t.Fatalf("DEV-107373 history: got %d entries %v, want 2 (the update, then the creation)", len(hist), hist)
		}
		if h := hist[0]; h["field"] != "software_version" || h["old"] != "v1.0.2" || h["new"] != "v1.0.3" || h["actor"] != "import:inventory.csv" {
			t.Errorf("DEV-107373 newest change: got %v, want software_version v1.0.2 → v1.0.3 by import:inventory.csv", h)
		}
		if h := hist[1]; h["field"] != "created" {
			t.Errorf("DEV-107373 oldest change: got %v, want its creation", h)
		}
		table := mustRun(t, dsn, "device", "DEV-107373")
		if !regexp.MustCompile(`import:inventory\.csv\s+software_version\s+v1\.0\.2\s+v1\.0\.3`).MatchString(table) {
			t.Errorf("device DEV-107373 history table: got\n%s\nwant a software_version row v1.0.2 → v1.0.3", table)
		}
	})
}

// malformedRows are the bad rows of cli-malformed.csv: line → the columns
// its one line on stderr names, in order.
var malformedRows = []struct {
	line    int
	columns []string
}{
	{3, []string{"MAC Address"}},
	{4, []string{"IP Address"}},
	{5, []string{"Acquisition Date"}},
	{7, []string{"Asset Tag"}}, // bad-0001 repeats BAD-0001 of line 2
	{8, []string{"Manufacturer"}},
	{9, []string{"IP Address", "Acquisition Date"}},
}

var rowErrorRE = regexp.MustCompile(`^cli-malformed\.csv:(\d+): (field "[^"]+": .+)$`)
var fieldRE = regexp.MustCompile(`field "([^"]+)": `)

func TestImportMalformed(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		path := mustCopy(t, "cmms/cli-malformed.csv", t.TempDir())
		r := runDB(t, dsn, "import", "devices", path)
		mustExit(t, r, 1, "import of a file with bad rows")
		if r.stdout != "" {
			t.Errorf("stdout: got %q, want nothing", r.stdout)
		}
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if len(lines) != len(malformedRows)+1 {
			t.Fatalf("stderr: got %d lines, want one per bad row (%d) and a summary:\n%s", len(lines), len(malformedRows), r.stderr)
		}
		mustContain(t, "summary", lines[len(lines)-1], "cli-malformed.csv: 6 invalid row(s); nothing was imported", "--skip-invalid")
		var dupColumn string
		for i, want := range malformedRows {
			m := rowErrorRE.FindStringSubmatch(lines[i])
			if m == nil {
				t.Errorf("stderr line %d: got %q, want FILE:LINE: field \"COLUMN\": …", i+1, lines[i])
				continue
			}
			if m[1] != strconv.Itoa(want.line) {
				t.Errorf("stderr line %d: got line %s, want %d", i+1, m[1], want.line)
			}
			var cols []string
			for _, f := range fieldRE.FindAllStringSubmatch(m[2], -1) {
				cols = append(cols, f[1])
			}
			if want.line == 7 {
				dupColumn = strings.Join(cols, ",")
				mustContain(t, "duplicate row", lines[i], `"bad-0001" appears again (first on line 2)`)
				continue
			}
			if !slices.Equal(cols, want.columns) {
				t.Errorf("line %d: got columns %q, want %q (%s)", want.line, cols, want.columns, lines[i])
			}
		}
		mustEmpty(t, dsn)
		mustNotRegress(t, dupColumn == "asset_tag", `sqlstore importer.add (sqlstore/device_import.go) reports a repeated asset tag as field "asset_tag" (the canonical field name), not as the file's column "Asset Tag" that FieldProblem.Field promises and every other problem uses`)
		if dupColumn != "Asset Tag" {
			t.Errorf("line 7: got column %q, want \"Asset Tag\"", dupColumn)
		}
	})
}

func TestImportSkipInvalid(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		dir := t.TempDir()
		path := mustCopy(t, "cmms/cli-malformed.csv", dir)
		r := runDB(t, dsn, "import", "devices", path, "--skip-invalid")
		mustExit(t, r, 0, "import --skip-invalid")
		mustContain(t, "stdout", r.stdout, "9 read, 3 created, 0 updated (0 field changes), 0 unchanged, 6 rejected")
		rejects := filepath.Join(dir, "cli-malformed.rejected.csv")
		mustContain(t, "stderr", r.stderr, "6 row(s) rejected", rejects)
		if got, want := tags(mustDevices(t, dsn)), []string{"BAD-0001", "BAD-0005", "BAD-0009"}; !slices.Equal(got, want) {
			t.Errorf("devices: got %v, want %v", got, want)
		}

		b, err := os.ReadFile(rejects)
		if err != nil {
			t.Fatalf("rejects file: %v", err)
		}
		header, rows := mustCSV(t, string(b))
		src, _ := os.ReadFile(path)
		orig, origRows := mustCSV(t, string(src))
		if want := append(orig, "ward_line", "ward_problems"); !slices.Equal(header, want) {
			t.Errorf("rejects header: got %v, want %v", header, want)
		}
		if len(rows) != len(malformedRows) {
			t.Fatalf("rejects: got %d rows, want %d", len(rows), len(malformedRows))
		}
		for i, want := range malformedRows {
			row := rows[i]
			if got := row[len(orig)]; got != strconv.Itoa(want.line) {
				t.Errorf("reject %d: got ward_line %s, want %d", i+1, got, want.line)
			}
			if !slices.Equal(row[:len(orig)], origRows[want.line-2]) {
				t.Errorf("reject %d: got cells %v, want the original row %v", i+1, row[:len(orig)], origRows[want.line-2])
			}
			if want.line == 7 {
				continue // the column name of a repeated tag: see TestImportMalformed
			}
			for _, col := range want.columns {
				mustContain(t, "ward_problems", row[len(orig)+1], col+": ")
			}
		}

		// --rejects names the file; the good rows are now unchanged.
		other := filepath.Join(t.TempDir(), "bad-rows.csv")
		os.Remove(rejects)
		r = runDB(t, dsn, "import", "devices", "--skip-invalid", "--rejects", other, path)
		mustExit(t, r, 0, "import --skip-invalid --rejects")
		mustContain(t, "stdout", r.stdout, "0 created, 0 updated (0 field changes), 3 unchanged, 6 rejected")
		mustContain(t, "stderr", r.stderr, other)
		if _, err := os.Stat(other); err != nil {
			t.Errorf("--rejects %s: %v", other, err)
		}
		if _, err := os.Stat(rejects); err == nil {
			t.Errorf("--rejects %s also wrote the default %s", other, rejects)
		}
	})
}

// accented are the names the encoding fixtures must come out with.
var accented = map[string][3]string{ // asset tag suffix → facility, department, room
	"001": {"Hôpital Saint-Éloi", "Réanimation", "Chambre 3 – fenêtre"},
	"002": {"Hôpital Saint-Éloi", "Pédiatrie", "Salle 12"},
	"003": {"Hôpital Saint-Éloi", "Urgences", "Box 4 – côté jardin"},
}

func TestImportEncodings(t *testing.T) {
	tests := []struct {
		file, prefix string
		args         []string
	}{
		{"cmms/cli-windows-1252.csv", "W1252-", nil},
		{"cmms/cli-windows-1252.csv", "W1252-", []string{"--encoding", "windows-1252"}},
		{"cmms/cli-utf8-bom.csv", "BOM-", nil},
		{"cmms/cli-utf8-bom.csv", "BOM-", []string{"--encoding", "utf-8"}},
	}
	forEachDSN(t, func(t *testing.T, dsn string) {
		for _, tt := range tests {
			t.Run(strings.TrimSpace(filepath.Base(tt.file)+" "+strings.Join(tt.args, " ")), func(t *testing.T) {
				args := append([]string{"import", "devices", repoFile(tt.file)}, tt.args...)
				out := mustRun(t, dsn, args...)
				mustContain(t, "stdout", out, "3 read", "0 rejected", `"Société Lyonnaise d’Équipement"`)
				found := 0
				for _, d := range mustDevices(t, dsn, "--q", tt.prefix) {
					want, ok := accented[strings.TrimPrefix(d.str("asset_tag"), tt.prefix)]
					if !ok {
						t.Errorf("unexpected device %s", d.str("asset_tag"))
						continue
					}
					found++
					got := [3]string{d.str("facility"), d.str("department"), d.str("room")}
					if got != want {
						t.Errorf("%s: got %q, want %q", d.str("asset_tag"), got, want)
					}
					if tag := d.str("asset_tag"); strings.HasSuffix(tag, "001") && d.str("manufacturer") != "Dräger" {
						t.Errorf("%s manufacturer: got %q, want Dräger", tag, d.str("manufacturer"))
					}
					if tag := d.str("asset_tag"); strings.HasSuffix(tag, "002") && d.str("recorded_manufacturer") != "Société Lyonnaise d’Équipement" {
						t.Errorf("%s recorded manufacturer: got %q, want Société Lyonnaise d’Équipement", tag, d.str("recorded_manufacturer"))
					}
				}
				if found != 3 {
					t.Errorf("devices %s…: got %d, want 3", tt.prefix, found)
				}
			})
		}
		// Both files name one manufacturer and one facility, whatever
		// their encoding.
		var unresolved []map[string]any
		json.Unmarshal([]byte(mustRun(t, dsn, "manufacturers", "--unresolved", "--format", "json")), &unresolved)
		if len(unresolved) != 1 || unresolved[0]["name"] != "Société Lyonnaise d’Équipement" {
			t.Errorf("unresolved manufacturers: got %v, want only Société Lyonnaise d’Équipement", unresolved)
		}
		if got := mustRun(t, dsn, "facilities", "--format", "csv"); got != "code,name,devices\n,Hôpital Saint-Éloi,6\n" {
			t.Errorf("facilities: got %q, want one Hôpital Saint-Éloi with 6 devices", got)
		}
		// Strict UTF-8 refuses the Windows-1252 file and names the line.
		r := runDB(t, dsn, "import", "devices", repoFile("cmms/cli-windows-1252.csv"), "--encoding", "utf-8")
		mustExit(t, r, 1, "--encoding utf-8 on a Windows-1252 file")
		mustContain(t, "stderr", r.stderr, "cli-windows-1252.csv:2: not valid UTF-8")
	})
}

func TestImportFormats(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		t.Run("semicolon", func(t *testing.T) {
			out := mustRun(t, dsn, "import", "devices", repoFile("cmms/cli-semicolon.csv"))
			mustContain(t, "stdout", out, "3 read, 3 created", "0 rejected")
			ds := mustDevices(t, dsn, "--q", "SEMI-")
			if len(ds) != 3 {
				t.Fatalf("devices SEMI-…: got %d, want 3", len(ds))
			}
			d := ds[0]
			if d.str("asset_tag") != "SEMI-001" || d.str("department") != "ICU, East" || d.str("room") != "Bed 1, window" ||
				d.str("manufacturer") != "GE HealthCare" || d.str("ip") != "10.52.7.11" || d["acquisition_cost"] != 1234.5 {
				t.Errorf("SEMI-001: got %v, want department \"ICU, East\", room \"Bed 1, window\", GE HealthCare, 10.52.7.11, 1234.50", d)
			}
			if got := ds[2].str("status"); got != "out_of_service" {
				t.Errorf("SEMI-003 status: got %q, want out_of_service", got)
			}
		})

		t.Run("decimal comma", func(t *testing.T) {
			// Semicolon files come from European Excel, which writes a
			// decimal comma. Reading "2999,00" as 299900.00 is a silent
			// hundredfold error; refusing the cell or reading 2999.00 are
			// both acceptable.
			path := mustWrite(t, filepath.Join(t.TempDir(), "eu.csv"),
				"Asset Tag;Manufacturer;Model;Acquisition Cost\nEU-001;Baxter;Spectrum IQ;2999,00\n")
			r := runDB(t, dsn, "import", "devices", path)
			if r.code != 0 {
				mustContain(t, "stderr", r.stderr, `eu.csv:2: field "Acquisition Cost"`)
				return
			}
			d, _ := mustDevice(t, dsn, "EU-001")
			mustNotRegress(t, d["acquisition_cost"] == 299900.0, `ward.ParseMoney (value.go) drops every comma as a thousands separator, so the decimal comma of "2999,00" becomes 299900.00; it should refuse a comma not followed by exactly three digits (or read it as a decimal comma)`)
			if d["acquisition_cost"] != 2999.0 {
				t.Errorf("EU-001 acquisition cost: got %v, want 2999.00 or a refused cell", d["acquisition_cost"])
			}
		})

		t.Run("stdin", func(t *testing.T) {
			b, err := os.ReadFile(repoFile(inventory))
			if err != nil {
				t.Fatal(err)
			}
			r := runIn(t, strings.NewReader(string(b)), "--db", dsn, "import", "devices", "-")
			mustExit(t, r, 0, "import devices -")
			mustContain(t, "stdout", r.stdout, "stdin imported: 62 read, 62 created")
			r = runIn(t, strings.NewReader(string(b)), "--db", dsn, "import", "devices", "-")
			mustContain(t, "stdout", r.stdout, "stdin imported: 62 read, 0 created, 0 updated (0 field changes), 62 unchanged")
		})

		t.Run("stdin rejects", func(t *testing.T) {
			b, err := os.ReadFile(repoFile("cmms/cli-malformed.csv"))
			if err != nil {
				t.Fatal(err)
			}
			t.Chdir(t.TempDir())
			r := runIn(t, strings.NewReader(string(b)), "--db", dsn, "import", "devices", "-")
			mustExit(t, r, 1, "import devices - with bad rows")
			mustContain(t, "stderr", r.stderr, "stdin:3: field \"MAC Address\"")
			r = runIn(t, strings.NewReader(string(b)), "--db", dsn, "import", "devices", "-", "--skip-invalid")
			mustExit(t, r, 0, "import devices - --skip-invalid")
			mustNotRegress(t, strings.Contains(r.stderr, "-.rejected.csv"), `cmd/ward cmdImportDevices derives the default rejects path from the argument "-", writing "-.rejected.csv" into the working directory; for stdin it should use "stdin.rejected.csv" or require --rejects`)
		})
	})
}

// TestImportLocationWithoutFacility checks that a department, building,
// floor or room is not lost when the file has no facility column.
func TestImportLocationWithoutFacility(t *testing.T) {
	dsn := newSQLite(t)
	in := "Asset Tag,Manufacturer,Model,Building,Floor,Department,Room\nL-1,Philips,IntelliVue MX450,Tower,5,Medical ICU,Bed 12\n"
	r := runIn(t, strings.NewReader(in), "--db", dsn, "import", "devices", "-")
	if r.code != 0 {
		mustContain(t, "refusal", r.stderr, "stdin: line 1:", "no facility column") // refused at the header
		return
	}
	d, _ := mustDevice(t, dsn, "L-1")
	got := [4]string{d.str("building"), d.str("floor"), d.str("department"), d.str("room")}
	mustNotRegress(t, got == [4]string{} && !strings.Contains(r.stderr, "facility"),
		"sqlstore refCache.location (sqlstore/refcache.go) returns no location when a record names no facility, so the import drops building, floor, department and room without a word (exit 0, no warning); it should keep them or refuse the row")
	if want := [4]string{"Tower", "5", "Medical ICU", "Bed 12"}; got != want {
		t.Errorf("L-1 location: got %q, want %q", got, want)
	}
}

func TestImportMapping(t *testing.T) {
	mappings := []struct{ name, content string }{
		{"mapping.txt", `# columns of the German CMMS export
asset_tag = Kennung
manufacturer = Hersteller
model = Typbezeichnung
device_type = Geräteart
software_version = Softwarestand
facility = Standort
department = Station
`},
		{"mapping.json", `{"asset_tag": "Kennung", "manufacturer": "Hersteller", "model": "Typbezeichnung",
 "device_type": "Geräteart", "software_version": "Softwarestand", "facility": "Standort", "department": "Station"}`},
	}
	forEachEngine(t, func(t *testing.T, newDB func() string) {
		file := repoFile("cmms/cli-mapping.csv")
		r := runDB(t, newDB(), "import", "devices", file)
		mustExit(t, r, 1, "import without --mapping")
		mustContain(t, "stderr", r.stderr, "missing required column asset_tag", "missing required column manufacturer",
			"missing required column model", "--mapping")

		for _, m := range mappings {
			t.Run(m.name, func(t *testing.T) {
				dsn := newDB()
				mapping := mustWrite(t, filepath.Join(t.TempDir(), m.name), m.content)
				r := runDB(t, dsn, "import", "devices", file, "--mapping", mapping)
				mustExit(t, r, 0, "import --mapping")
				mustContain(t, "stdout", r.stdout, "3 read, 3 created", "0 rejected")
				if r.stderr != "" {
					t.Errorf("stderr: got %q, want no ignored columns", r.stderr)
				}
				d, _ := mustDevice(t, dsn, "MAP-003")
				want := map[string]string{"manufacturer": "B. Braun", "model": "Space Infusomat", "device_type": "Infusion Pump",
					"software_version": "688F", "facility": "Northgate Community Hospital", "department": "Station 4"}
				for k, v := range want {
					if d.str(k) != v {
						t.Errorf("MAP-003 %s: got %q, want %q", k, d.str(k), v)
					}
				}
			})
		}

		bad := []struct{ name, content, stderr string }{
			{"unknown-field.txt", "asset_tag = Kennung\ncolour = Farbe\n", `unknown-field.txt:2: unknown field "colour"`},
			{"no-equals.txt", "asset_tag Kennung\n", `no-equals.txt:1: want "field = column"`},
			{"absent-column.txt", "asset_tag = Inventarnummer\nmanufacturer = Hersteller\nmodel = Typbezeichnung\n",
				`the mapping names column "Inventarnummer" for asset_tag, but the file has no such column`},
			{"not-object.json", `{"asset_tag": 7}`, "not a JSON object of strings"},
		}
		for _, b := range bad {
			t.Run(b.name, func(t *testing.T) {
				dsn := newDB()
				mapping := mustWrite(t, filepath.Join(t.TempDir(), b.name), b.content)
				r := runDB(t, dsn, "import", "devices", file, "--mapping", mapping)
				mustExit(t, r, 1, "import with a bad mapping")
				mustContain(t, "stderr", r.stderr, b.stderr)
			})
		}
		r = runDB(t, newDB(), "import", "devices", file, "--mapping", filepath.Join(t.TempDir(), "nope.txt"))
		mustExit(t, r, 1, "import with a missing mapping file")
		mustContain(t, "stderr", r.stderr, "cannot open mapping")
	})
}

func TestImportRefused(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		tests := []struct {
			name   string
			args   []string
			code   int
			stderr []string
		}{
			{"missing required columns", []string{repoFile("cmms/cli-missing-columns.csv")}, 1,
				[]string{"cli-missing-columns.csv: line 1: missing required column asset_tag", "missing required column manufacturer"}},
			{"no such file", []string{filepath.Join(t.TempDir(), "nope.csv")}, 1, []string{"cannot open", "nope.csv"}},
			{"no file", nil, 2, []string{"needs exactly one FILE"}},
			{"two files", []string{"a.csv", "b.csv"}, 2, []string{"needs exactly one FILE"}},
			{"bad date order", []string{repoFile(inventory), "--date-order", "ymd"}, 2, []string{"--date-order must be mdy or dmy"}},
			{"bad encoding", []string{repoFile(inventory), "--encoding", "ebcdic"}, 1, []string{`unknown encoding "ebcdic"`}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := runDB(t, dsn, append([]string{"import", "devices"}, tt.args...)...)
				mustExit(t, r, tt.code, "import devices "+strings.Join(tt.args, " "))
				mustContain(t, "stderr", r.stderr, tt.stderr...)
				if r.stdout != "" {
					t.Errorf("stdout: got %q, want nothing", r.stdout)
				}
			})
		}
		if r := runDB(t, dsn, "import", "devices", repoFile("cmms/cli-missing-columns.csv")); strings.Contains(r.stderr, "missing required column model") {
			t.Errorf("stderr: got %q, want model not reported missing", r.stderr)
		}
		mustEmpty(t, dsn)
	})
}

func TestImportDryRun(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		path := mustCopy(t, inventory, t.TempDir())
		for range 2 {
			out := mustRun(t, dsn, "import", "devices", "--dry-run", path)
			mustContain(t, "dry run", out, "inventory.csv checked (dry run, nothing written): 62 read, 62 created")
			mustEmpty(t, dsn)
		}
		mustRun(t, dsn, "import", "devices", path)
		out := mustRun(t, dsn, "import", "devices", "--dry-run", path)
		mustContain(t, "dry run over the imported file", out, "0 created, 0 updated (0 field changes), 62 unchanged")

		// A dry run of a bad file reports the rows and still writes nothing.
		bad := mustCopy(t, "cmms/cli-malformed.csv", t.TempDir())
		r := runDB(t, dsn, "import", "devices", "--dry-run", bad)
		mustExit(t, r, 1, "dry run of a bad file")
		mustContain(t, "stderr", r.stderr, "cli-malformed.csv:3:", "6 invalid row(s)")
		if got := strings.TrimSpace(mustRun(t, dsn, "devices", "--count")); got != "62" {
			t.Errorf("devices after dry runs: got %s, want 62", got)
		}
	})
}
