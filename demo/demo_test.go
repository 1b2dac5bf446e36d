package demo

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/catalog"
	"ward/ingest/fdaclass"
	"ward/names"
)

// mustCatalog returns the demo catalog, failing tb if it does not load.
func mustCatalog(tb testing.TB) []ModelSpec {
	tb.Helper()
	specs, err := Catalog()
	if err != nil {
		tb.Fatalf("Catalog: %v", err)
	}
	return specs
}

// mustGenerate returns every record of a generator for opts.
func mustGenerate(tb testing.TB, specs []ModelSpec, opts Options) []*ward.DeviceRecord {
	tb.Helper()
	g := NewGenerator(specs, opts)
	var out []*ward.DeviceRecord
	for {
		rec, err := g.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			tb.Fatalf("Next after %d records: %v", len(out), err)
		}
		out = append(out, rec)
	}
}

// profileTypes returns every device type some department profile uses.
func profileTypes() map[string]bool {
	out := map[string]bool{}
	for _, units := range profiles {
		for _, u := range units {
			out[u.Type] = true
		}
	}
	return out
}

func TestCatalog(t *testing.T) {
	specs := mustCatalog(t)
	if len(specs) < 100 {
		t.Fatalf("catalog: got %d models, want a few hundred", len(specs))
	}
	seen := map[string]bool{}
	types := map[string]bool{}
	for _, s := range specs {
		k := s.Manufacturer + "|" + s.Name
		if seen[k] {
			t.Errorf("catalog: %s %s appears twice", s.Manufacturer, s.Name)
		}
		seen[k] = true
		types[s.DeviceType] = true
		if s.PriceUSD <= 0 {
			t.Errorf("%s %s: got price %d, want a positive list price", s.Manufacturer, s.Name, s.PriceUSD)
		}
		switch s.Network {
		case ward.ConnectionWired, ward.ConnectionWireless, ward.ConnectionBoth, ward.ConnectionNone, "":
		default:
			t.Errorf("%s %s: got network %q, want wired, wireless, both or none", s.Manufacturer, s.Name, s.Network)
		}
		if len(s.Advisories) > 0 && len(s.Versions) < 2 {
			t.Errorf("%s %s: named in %v but got %d versions, want at least 2 to straddle the affected range",
				s.Manufacturer, s.Name, s.Advisories, len(s.Versions))
		}
	}

	// A type no profile uses never gets a device; a profile type with no
	// model is skipped by NewGenerator. Neither is an error in itself, so
	// the test names them; there are none today.
	used := profileTypes()
	var unused, empty []string
	for typ := range types {
		if !used[typ] {
			unused = append(unused, typ)
		}
	}
	for typ := range used {
		if !types[typ] {
			empty = append(empty, typ)
		}
	}
	slices.Sort(unused)
	slices.Sort(empty)
	if len(unused) > 0 {
		t.Errorf("catalog device types no department profile uses (their models never get a device): got %v, want none", unused)
	}
	if len(empty) > 0 {
		t.Errorf("profile device types without a catalog model (NewGenerator skips them): got %v, want none", empty)
	}
	t.Logf("catalog: %d models of %d device types, all used by department profiles", len(specs), len(types))
}

// TestCatalogModelKeys checks that no two models of one manufacturer share
// a name, an alias or a model number after normalisation: the store keeps
// each unique per manufacturer and refuses (ECONFLICT) the second model.
func TestCatalogModelKeys(t *testing.T) {
	type key struct{ mfr, kind, key string }
	owner := map[key]string{}
	var clashes []string
	for _, s := range mustCatalog(t) {
		keys := map[key]string{}
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			keys[key{s.Manufacturer, "name or alias", names.Key(n)}] = n
		}
		for _, n := range s.ModelNumbers {
			keys[key{s.Manufacturer, "model number", names.Key(n)}] = n
		}
		for _, k := range slices.SortedFunc(maps.Keys(keys), func(a, b key) int { return cmp.Compare(a.kind+a.key, b.kind+b.key) }) {
			if prev, ok := owner[k]; ok {
				clashes = append(clashes, fmt.Sprintf("%s %q of %s %s is also %s's", k.kind, keys[k], s.Manufacturer, s.Name, prev))
				continue
			}
			owner[k] = s.Name
		}
	}
	if len(clashes) > 0 {
		t.Errorf("demo/data/models.json: %d alias(es) shared between models of one manufacturer; the store refuses the later model:\n%s",
			len(clashes), strings.Join(clashes, "\n"))
	}
}

func TestCatalogProductCodesClassified(t *testing.T) {
	codes, err := fdaclass.Parse(bytes.NewReader(FDAClassification), "foiclass-demo.txt")
	if err != nil {
		t.Fatalf("FDAClassification does not parse: %v", err)
	}
	known := map[string]ward.ProductCode{}
	for _, c := range codes {
		known[c.Code] = c
	}
	used := map[string]bool{}
	for _, s := range mustCatalog(t) {
		if s.ProductCode == "" {
			continue
		}
		used[s.ProductCode] = true
		c, ok := known[s.ProductCode]
		if !ok {
			t.Errorf("%s %s: product code %s is not in FDAClassification", s.Manufacturer, s.Name, s.ProductCode)
			continue
		}
		if c.DeviceClass == "" {
			t.Errorf("product code %s: got no device class", c.Code)
		}
	}
	var spare []string
	for code := range known {
		if !used[code] {
			spare = append(spare, code)
		}
	}
	slices.Sort(spare)
	if len(spare) > 0 {
		t.Logf("FDAClassification rows no catalog model uses: %v", spare)
	}
}

func TestCatalogManufacturersResolve(t *testing.T) {
	idx, err := catalog.NewIndex(catalog.Manufacturers)
	if err != nil {
		t.Fatal(err)
	}
	mfrs := map[string]bool{}
	for _, s := range mustCatalog(t) {
		mfrs[s.Manufacturer] = true
	}
	for _, name := range slices.Sorted(maps.Keys(mfrs)) {
		m, ok := idx.Resolve(name)
		switch {
		case !ok:
			t.Errorf("catalog manufacturer %q: got no registry entry, want one", name)
		case m.Name != name:
			t.Errorf("catalog manufacturer %q: got registry entry %q, want the canonical name itself", name, m.Name)
		}
	}
}

func TestSystem(t *testing.T) {
	codes, names := map[string]bool{}, map[string]bool{}
	for _, f := range Facilities {
		if codes[f.Code] || names[f.Name] {
			t.Errorf("facility %s %q: code or name repeated", f.Code, f.Name)
		}
		codes[f.Code], names[f.Name] = true, true
		if !regexp.MustCompile(`^[A-Z]{2,5}$`).MatchString(f.Code) {
			t.Errorf("facility code %q: want 2-5 capital letters", f.Code)
		}
		depts := map[string]bool{}
		for _, d := range f.Departments {
			if depts[d.Name] {
				t.Errorf("%s: department %q repeated", f.Code, d.Name)
			}
			depts[d.Name] = true
			if _, ok := profiles[d.Profile]; !ok {
				t.Errorf("%s %s: unknown profile %q", f.Code, d.Name, d.Profile)
			}
			if d.Size <= 0 {
				t.Errorf("%s %s: got size %v, want positive", f.Code, d.Name, d.Size)
			}
		}
	}
	if got, want := len(profileKeys()), len(profiles); got != want {
		t.Errorf("profileKeys: got %d, want every one of the %d profiles", got, want)
	}

	teams := map[string]bool{}
	for _, tm := range Teams {
		teams[tm.Name] = true
		if !slices.Contains(ward.TeamKinds, tm.Kind) {
			t.Errorf("team %s: got kind %q, want one of %v", tm.Name, tm.Kind, ward.TeamKinds)
		}
	}
	used := profileTypes()
	cells := map[[2]string]bool{}
	owned := map[string]bool{}
	for _, r := range Responsibilities {
		if !teams[r.Team] {
			t.Errorf("rule %v: team %q is not a demo team", r, r.Team)
		}
		if !slices.Contains(ward.TaskTypes, r.Task) {
			t.Errorf("rule %v: task %q is not one of %v", r, r.Task, ward.TaskTypes)
		}
		if r.Type != "" && !used[r.Type] {
			t.Errorf("rule %v: no profile has device type %q", r, r.Type)
		}
		if cells[[2]string{r.Type, r.Task}] {
			t.Errorf("rule %v: a second rule for the same type and task", r)
		}
		cells[[2]string{r.Type, r.Task}] = true
		if r.Task == ward.TaskOwner {
			owned[r.Type] = true
		}
	}
	var unowned []string
	for typ := range used {
		if !owned[typ] {
			unowned = append(unowned, typ)
		}
	}
	slices.Sort(unowned)
	if want := []string{"Exam Light", "Patient Lift", "Scale"}; !slices.Equal(unowned, want) {
		t.Errorf("types without an owner rule: got %v, want %v (left unowned on purpose)", unowned, want)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	specs := mustCatalog(t)
	tests := []struct {
		name string
		a, b Options
		same bool
	}{
		{"same seed", Options{Devices: 500, Seed: 7}, Options{Devices: 500, Seed: 7}, true},
		{"seed 0", Options{Devices: 500, Seed: 0}, Options{Devices: 500, Seed: 0}, true},
		{"other seed", Options{Devices: 500, Seed: 7}, Options{Devices: 500, Seed: 8}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustGenerate(t, specs, tt.a), mustGenerate(t, specs, tt.b)
			if got := reflect.DeepEqual(a, b); got != tt.same {
				t.Errorf("records of %+v and %+v equal: got %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
	// Record i does not depend on the size asked for: a larger demo over a
	// smaller one with the same seed only adds devices.
	small := mustGenerate(t, specs, Options{Devices: 300, Seed: 7})
	large := mustGenerate(t, specs, Options{Devices: 1000, Seed: 7})
	for i := range small {
		if !reflect.DeepEqual(small[i], large[i]) {
			t.Fatalf("record %d: got %+v in a demo of 1000, want %+v as in a demo of 300", i+1, large[i], small[i])
		}
	}
	// The catalog is not shared state: a generator leaves it as it was.
	if again := mustCatalog(t); !reflect.DeepEqual(again, specs) {
		t.Errorf("the catalog changed while generating")
	}
}

func TestGenerateDefaultSize(t *testing.T) {
	specs := mustCatalog(t)
	for _, n := range []int{0, -3} {
		if got := len(mustGenerate(t, specs, Options{Devices: n, Seed: 1})); got != DefaultDevices {
			t.Errorf("Options{Devices: %d}: got %d records, want DefaultDevices (%d)", n, got, DefaultDevices)
		}
	}
}

var (
	assetTagRE = regexp.MustCompile(`^([A-Z]+)-(\d{7})$`)
	hostnameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
)

func TestGenerateRecords(t *testing.T) {
	specs := mustCatalog(t)
	byModel := map[string]*ModelSpec{}
	for i := range specs {
		byModel[specs[i].Manufacturer+"|"+specs[i].Name] = &specs[i]
	}
	facByName := map[string]*Facility{}
	for i := range Facilities {
		facByName[Facilities[i].Name] = &Facilities[i]
	}
	const n = 20000
	g := NewGenerator(specs, Options{Devices: n, Seed: 42})
	if g.Name() != "demo" {
		t.Errorf("Name: got %q, want demo", g.Name())
	}
	var recs []*ward.DeviceRecord
	for {
		rec, err := g.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	for range 2 {
		if rec, err := g.Next(); rec != nil || err != io.EOF {
			t.Errorf("Next after the end: got %v, %v; want nil, io.EOF", rec, err)
		}
	}
	if len(recs) != n {
		t.Fatalf("records: got %d, want %d", len(recs), n)
	}

	tags, ips, hosts := map[string]int{}, map[string]int{}, map[string]int{}
	macs := map[string]int{}
	for i, r := range recs {
		where := fmt.Sprintf("record %d (%s)", i+1, r.AssetTag)
		if r.Line != i+1 {
			t.Errorf("%s: got line %d, want %d", where, r.Line, i+1)
		}
		if len(r.Problems) > 0 {
			t.Errorf("%s: got problems %v, want none", where, r.Problems)
		}
		m := assetTagRE.FindStringSubmatch(r.AssetTag)
		f := facByName[r.Facility]
		if m == nil || f == nil || m[1] != f.Code {
			t.Errorf("%s: got tag %q at facility %q, want FACILITYCODE-NNNNNNN of a demo facility", where, r.AssetTag, r.Facility)
		} else if r.Building != f.Building {
			t.Errorf("%s: got building %q, want %q", where, r.Building, f.Building)
		}
		if prev, dup := tags[r.AssetTag]; dup {
			t.Errorf("%s: asset tag repeats record %d", where, prev)
		}
		tags[r.AssetTag] = i + 1
		if !slices.Contains(ward.DeviceStatuses, r.Status) {
			t.Errorf("%s: got status %q, want one of %v", where, r.Status, ward.DeviceStatuses)
		}
		spec := byModel[r.Manufacturer+"|"+r.Model]
		if spec == nil {
			t.Errorf("%s: %s %s is not a catalog model", where, r.Manufacturer, r.Model)
			continue
		}
		if r.DeviceType != spec.DeviceType || r.OperatingSystem != spec.OS {
			t.Errorf("%s: got type %q, OS %q; want the model's %q, %q", where, r.DeviceType, r.OperatingSystem, spec.DeviceType, spec.OS)
		}
		if r.SoftwareVersion != "" && !slices.ContainsFunc(spec.Versions, func(v Release) bool {
			return v.V == r.SoftwareVersion
		}) {
			t.Errorf("%s: got version %q, want one of the model's", where, r.SoftwareVersion)
		}
		if r.IP != "" {
			if norm, err := ward.NormalizeIP(r.IP); err != nil || norm != r.IP {
				t.Errorf("%s: IP %q normalises to %q, %v; want itself", where, r.IP, norm, err)
			}
			if prev, dup := ips[r.IP]; dup {
				t.Errorf("%s: IP %s repeats record %d", where, r.IP, prev)
			}
			ips[r.IP] = i + 1
		}
		if r.MAC != "" {
			if norm, err := ward.NormalizeMAC(r.MAC); err != nil || norm != r.MAC {
				t.Errorf("%s: MAC %q normalises to %q, %v; want itself", where, r.MAC, norm, err)
			}
			macs[r.MAC]++
		}
		if (r.IP != "" || r.MAC != "") && r.Connection == ward.ConnectionNone {
			t.Errorf("%s: has an address but connection none", where)
		}
		if r.Hostname != "" {
			if !hostnameRE.MatchString(r.Hostname) {
				t.Errorf("%s: got host name %q, want a DNS label", where, r.Hostname)
			}
			if prev, dup := hosts[r.Hostname]; dup {
				t.Errorf("%s: host name %s repeats record %d", where, r.Hostname, prev)
			}
			hosts[r.Hostname] = i + 1
		}
		if r.AcquisitionDate.IsZero() || !r.AcquisitionDate.Before(r.WarrantyEnd) {
			t.Errorf("%s: got acquired %v, warranty to %v; want a purchase before the warranty end", where, r.AcquisitionDate, r.WarrantyEnd)
		}
		if r.AcquisitionDate.Time().After(refDate) || (!r.LastSeen.IsZero() && r.LastSeen.After(refDate)) {
			t.Errorf("%s: got acquired %v, last seen %v; want both before %v", where, r.AcquisitionDate, r.LastSeen, refDate)
		}
		if r.AcquisitionCost <= 0 {
			t.Errorf("%s: got cost %v, want positive", where, r.AcquisitionCost)
		}
		if r.StoresPHI == nil || *r.StoresPHI != spec.StoresPHI {
			t.Errorf("%s: got stores PHI %v, want the model's %v", where, r.StoresPHI, spec.StoresPHI)
		}
		for _, f := range []ward.DeviceField{ward.FieldUDI, ward.FieldTeam, ward.FieldCriticality} {
			if r.Present.Has(f) {
				t.Errorf("%s: claims field %v, which the demo leaves to the matrix and the catalog", where, f)
			}
		}
		if !r.Present.Has(ward.FieldSoftwareVersion) || !r.Present.Has(ward.FieldIP) {
			t.Errorf("%s: does not claim software_version and ip, so a re-run could not clear them", where)
		}
	}
	// MAC addresses are random (locally administered, 02:…); repeats are
	// unlikely at this size and would confuse address-based matching.
	var dupMACs []string
	for mac, k := range macs {
		if k > 1 {
			dupMACs = append(dupMACs, mac)
		}
	}
	if len(dupMACs) > 0 {
		t.Errorf("MAC addresses used by several devices: got %v, want none", dupMACs)
	}
}

func TestGenerateProportions(t *testing.T) {
	specs := mustCatalog(t)
	advisory := map[string]bool{}
	versioned := map[string]bool{}
	for _, s := range specs {
		if len(s.Advisories) > 0 {
			advisory[s.Manufacturer+"|"+s.Name] = true
		}
		if len(s.Versions) > 0 {
			versioned[s.Manufacturer+"|"+s.Name] = true
		}
	}
	const n = 20000
	recs := mustGenerate(t, specs, Options{Devices: n, Seed: 1})
	types, facilities, statuses := map[string]int{}, map[string]int{}, map[string]int{}
	var withVersions, emptyVersions, advisoryVersioned, emptyAll int
	for _, r := range recs {
		types[r.DeviceType]++
		facilities[r.Facility]++
		statuses[r.Status]++
		key := r.Manufacturer + "|" + r.Model
		if r.SoftwareVersion == "" {
			emptyAll++
		}
		if versioned[key] {
			withVersions++
			if r.SoftwareVersion == "" {
				emptyVersions++
			}
		}
		if advisory[key] && r.SoftwareVersion != "" {
			advisoryVersioned++
		}
	}
	ranked := slices.SortedFunc(maps.Keys(types), func(a, b string) int { return cmp.Compare(types[b], types[a]) })
	if ranked[0] != "Infusion Pump" {
		t.Errorf("most common type: got %s, want Infusion Pump (ranking %v)", ranked[0], ranked[:5])
	}
	if i := slices.Index(ranked, "Patient Monitor"); i < 0 || i > 4 {
		t.Errorf("Patient Monitor: got rank %d of %d types, want among the five most common %v", i+1, len(ranked), ranked[:5])
	}
	if types["Infusion Pump"] < n/10 {
		t.Errorf("infusion pumps: got %d of %d, want at least a tenth, as in hospital inventories", types["Infusion Pump"], n)
	}
	// Every type a hospital of this size has a handful of must appear;
	// the rarest (a couple of linacs) may by chance not.
	weight, total := map[string]float64{}, 0.0
	for _, f := range Facilities {
		for _, d := range f.Departments {
			for _, u := range profiles[d.Profile] {
				weight[u.Type] += u.Per * d.Size
				total += u.Per * d.Size
			}
		}
	}
	for typ, w := range weight {
		if expect := w / total * n; expect >= 20 && types[typ] == 0 {
			t.Errorf("%s: got no device, want about %.0f", typ, expect)
		}
	}
	for _, f := range Facilities {
		if facilities[f.Name] < n/100 {
			t.Errorf("facility %s: got %d devices, want at least %d", f.Code, facilities[f.Name], n/100)
		}
	}
	if facilities["Riverside University Medical Center"] < facilities["Lakeshore Hospital"]*3 {
		t.Errorf("the academic medical center: got %d devices, want several times the community hospital's %d",
			facilities["Riverside University Medical Center"], facilities["Lakeshore Hospital"])
	}
	share := func(k int) float64 { return float64(k) / float64(n) }
	if s := share(statuses[ward.StatusInService]); s < 0.90 || s > 0.94 {
		t.Errorf("in service: got %.3f, want about 0.92", s)
	}
	if statuses[ward.StatusRetired] == 0 || statuses[ward.StatusInRepair] == 0 || statuses[ward.StatusOutOfService] == 0 {
		t.Errorf("statuses: got %v, want some retired, in repair and out of service", statuses)
	}
	if s := float64(emptyVersions) / float64(withVersions); s < 0.03 || s > 0.05 {
		t.Errorf("empty software version among models with versions: got %.3f (%d of %d), want about 0.04", s, emptyVersions, withVersions)
	}
	if s := share(advisoryVersioned); s < 0.05 {
		t.Errorf("devices of advisory products with a version: got %.3f (%d), want at least 0.05", s, advisoryVersioned)
	}
	t.Logf("of %d devices: %d (%.0f%%) of advisory products with a version; %d (%.0f%%) without any version, mostly of the %d catalog models that list none",
		n, advisoryVersioned, 100*share(advisoryVersioned), emptyAll, 100*share(emptyAll), len(specs)-len(versioned))
}

// BenchmarkGenerate measures a demo of 100,000 devices, the size of a
// large health system.
func BenchmarkGenerate(b *testing.B) {
	specs := mustCatalog(b)
	const n = 100_000
	b.ReportAllocs()
	for b.Loop() {
		g := NewGenerator(specs, Options{Devices: n, Seed: 1})
		for {
			if _, err := g.Next(); err != nil {
				break
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/device")
}
