package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"ward"
)

// Options size the demo.
type Options struct {
	Devices int    // number of devices; DefaultDevices when 0
	Seed    uint64 // the same seed gives the same health system
}

// DefaultDevices is the size of the default demo.
const DefaultDevices = 5000

// refDate anchors every generated date, so a seed gives the same data
// whatever day the demo is built.
var refDate = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// slot is one (facility, department, device type) cell with its weight:
// the number of such devices a real hospital of that size has.
type slot struct {
	fac    *Facility
	facIdx int
	dept   *Department
	typ    string
}

// Generator yields the demo's devices. It implements ward.DeviceSource, so
// the demo is stored by the same code path as a CMMS import.
type Generator struct {
	n       int
	i       int
	rng     *rand.Rand
	slots   []slot
	cum     []float64
	byType  map[string][]*ModelSpec
	primary map[string]int // facility code + type → index into byType
	seq     map[string]int
}

// NewGenerator returns a generator of opts.Devices devices over specs.
func NewGenerator(specs []ModelSpec, opts Options) *Generator {
	if opts.Devices <= 0 {
		opts.Devices = DefaultDevices
	}
	g := &Generator{
		n: opts.Devices, rng: rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		byType: map[string][]*ModelSpec{}, primary: map[string]int{}, seq: map[string]int{},
	}
	for i := range specs {
		g.byType[specs[i].DeviceType] = append(g.byType[specs[i].DeviceType], &specs[i])
	}
	var total float64
	for fi := range Facilities {
		f := &Facilities[fi]
		for di := range f.Departments {
			d := &f.Departments[di]
			for _, u := range profiles[d.Profile] {
				if len(g.byType[u.Type]) == 0 {
					continue
				}
				total += u.Per * d.Size
				g.slots = append(g.slots, slot{fac: f, facIdx: fi, dept: d, typ: u.Type})
				g.cum = append(g.cum, total)
			}
		}
	}
	// Each facility standardises on one model per device type, as
	// hospitals do for fleets; other models make up the rest.
	for _, f := range Facilities {
		for _, t := range sortedKeys(g.byType) {
			g.primary[f.Code+"|"+t] = g.rng.IntN(len(g.byType[t]))
		}
	}
	return g
}

// Name implements ward.DeviceSource.
func (g *Generator) Name() string { return "demo" }

// Next implements ward.DeviceSource.
func (g *Generator) Next() (*ward.DeviceRecord, error) {
	if g.i == g.n {
		return nil, io.EOF
	}
	g.i++
	r := g.rng
	s := &g.slots[sort.SearchFloat64s(g.cum, r.Float64()*g.cum[len(g.cum)-1])]
	m := g.pickModel(s)
	g.seq[s.fac.Code]++
	seq := g.seq[s.fac.Code]
	rec := &ward.DeviceRecord{
		Line: g.i, Present: demoFields,
		AssetTag:     fmt.Sprintf("%s-%07d", s.fac.Code, seq),
		Serial:       serial(r),
		Manufacturer: m.Manufacturer, Model: m.Name, DeviceType: m.DeviceType,
		SoftwareVersion: pickVersion(r, m), OperatingSystem: m.OS,
		Facility: s.fac.Name, Building: s.fac.Building, Floor: s.dept.Floor, Department: s.dept.Name,
		Room: room(r, s.dept), Status: pickStatus(r), StoresPHI: &m.StoresPHI,
	}
	if len(m.ModelNumbers) > 0 {
		rec.ModelNumber = m.ModelNumbers[0]
	}
	g.network(rec, s, m, seq)
	rec.AcquisitionDate, rec.AcquisitionCost, rec.WarrantyEnd = purchase(r, m)
	return rec, nil
}

// demoFields are the fields the demo sets, so a re-run with another seed
// updates them all.
var demoFields = func() ward.FieldSet {
	var s ward.FieldSet
	for _, f := range ward.DeviceFields() {
		if f != ward.FieldUDI && f != ward.FieldTeam && f != ward.FieldCriticality {
			s = s.With(f)
		}
	}
	return s
}()

func (g *Generator) pickModel(s *slot) *ModelSpec {
	ms := g.byType[s.typ]
	if len(ms) == 1 || g.rng.Float64() < 0.7 {
		return ms[g.primary[s.fac.Code+"|"+s.typ]]
	}
	return ms[g.rng.IntN(len(ms))]
}

func pickVersion(r *rand.Rand, m *ModelSpec) string {
	if len(m.Versions) == 0 || r.Float64() < 0.04 {
		return "" // unknown: not every CMMS record has it
	}
	total := 0
	for _, v := range m.Versions {
		total += v.W
	}
	n := r.IntN(total)
	for _, v := range m.Versions {
		if n < v.W {
			return v.V
		}
		n -= v.W
	}
	return m.Versions[len(m.Versions)-1].V
}

func pickStatus(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.92:
		return ward.StatusInService
	case x < 0.95:
		return ward.StatusInRepair
	case x < 0.985:
		return ward.StatusOutOfService
	default:
		return ward.StatusRetired
	}
}

const serialChars = "ABCDEFGHJKLMNPRSTUVWXYZ"

func serial(r *rand.Rand) string {
	return fmt.Sprintf("%c%c%08d", serialChars[r.IntN(len(serialChars))], serialChars[r.IntN(len(serialChars))], r.IntN(1e8))
}

func room(r *rand.Rand, d *Department) string {
	switch d.Profile {
	case "icu", "stepdown", "medsurg", "oncology", "ed", "pacu", "ld", "nicu":
		return fmt.Sprintf("Bed %d", 1+r.IntN(max(1, int(d.Size))))
	case "or":
		return fmt.Sprintf("OR %d", 1+r.IntN(max(1, int(d.Size))))
	default:
		return fmt.Sprintf("Room %s-%03d", d.Floor, 100+r.IntN(12))
	}
}

// network fills the network identity of networked models. A tenth of them
// have no IP recorded, as in real CMMS data.
func (g *Generator) network(rec *ward.DeviceRecord, s *slot, m *ModelSpec, seq int) {
	switch m.Network {
	case ward.ConnectionWired, ward.ConnectionWireless, ward.ConnectionBoth:
		rec.Connection = m.Network
	default:
		rec.Connection = ward.ConnectionNone
		return
	}
	r := g.rng
	rec.VLAN = vlanOf(m.DeviceType)
	if r.Float64() < 0.9 {
		rec.IP = fmt.Sprintf("10.%d.%d.%d", 16*(s.facIdx+1)+seq>>16&15, seq>>8&255, seq&255)
	}
	rec.MAC = fmt.Sprintf("02:%02x:%02x:%02x:%02x:%02x", s.facIdx, r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256))
	if m.OS != "" {
		rec.Hostname = strings.ToLower(fmt.Sprintf("%s-%s-%06d", s.fac.Code, typeAbbrev(m.DeviceType), seq))
	}
	days := r.Float64() * 3
	if r.Float64() < 0.05 {
		days = 60 + r.Float64()*340 // stale: possibly gone or unused
	}
	rec.LastSeen = refDate.Add(-time.Duration(days * 24 * float64(time.Hour))).Truncate(time.Second)
}

func vlanOf(deviceType string) string {
	switch deviceType {
	case "Patient Monitor", "Central Monitoring Station", "Telemetry Transmitter", "Telemetry Receiver",
		"Vital Signs Monitor", "Fetal Monitor", "Interface Hub":
		return "CLIN-MON"
	case "Infusion Pump", "Syringe Pump", "PCA Pump", "Wireless Module":
		return "CLIN-PUMP"
	case "CT Scanner", "MRI Scanner", "X-Ray System", "Mobile X-Ray", "C-Arm", "Ultrasound", "Mammography",
		"Nuclear Medicine Camera", "PET/CT", "PACS", "Imaging Workstation", "Radiation Therapy":
		return "IMAGING"
	case "Lab Analyzer", "Blood Gas Analyzer", "Microbiology System", "Sequencer", "Point-of-Care Analyzer":
		return "LAB"
	}
	return "MED-DEVICE"
}

func typeAbbrev(t string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '/' || r == '-' }) {
		b.WriteByte(w[0])
	}
	return b.String()
}

// purchase returns when a device was bought, for how much, and when its
// warranty ends: within the product's market years, at list price ±15%.
func purchase(r *rand.Rand, m *ModelSpec) (ward.Date, ward.Money, ward.Date) {
	latest := refDate.AddDate(0, -1, 0)
	if !m.EndOfSale.IsZero() && m.EndOfSale.Time().Before(latest) {
		latest = m.EndOfSale.Time()
	}
	span := 8 * 365 * 24 * time.Hour
	bought := latest.Add(-time.Duration(r.Float64() * float64(span))).Truncate(24 * time.Hour)
	cost := ward.Money(float64(m.PriceUSD*100) * (0.85 + 0.3*r.Float64()))
	warranty := bought.AddDate(1+r.IntN(3), 0, 0)
	return ward.DateOf(bought), cost / 100 * 100, ward.DateOf(warranty)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
