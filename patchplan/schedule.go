package patchplan

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"ward"
)

// DefaultMaxShare is the share of a care unit's units of one model that a
// schedule takes out of service at once unless told otherwise.
const DefaultMaxShare = 0.25

// Device is a device ready for a patch, as the scheduler sees it.
type Device struct {
	DeviceID        int64  `json:"device_id"`
	AssetTag        string `json:"asset_tag"`
	ModelID         int64  `json:"model_id"`
	Model           string `json:"model"`
	FacilityID      int64  `json:"facility_id"`
	Facility        string `json:"facility"`
	Department      string `json:"department"`
	PatchID         int64  `json:"patch_id"`
	InstallsVersion string `json:"installs_version"`
	// Fleet is the number of active units of the model in the device's
	// care unit, ready or not.
	Fleet int `json:"fleet"`
}

// CareUnit identifies a facility's department; devices with no
// department recorded share their facility's "" unit.
type CareUnit struct {
	FacilityID int64  `json:"facility_id"`
	Department string `json:"department"`
}

// unitKey compares departments as a person would: case and surrounding
// space do not make two units.
func unitKey(d *Device) CareUnit {
	return CareUnit{d.FacilityID, strings.ToLower(strings.TrimSpace(d.Department))}
}

// Limit says how one model's ready units in one care unit are spread.
// Busy counts the units already out for open patch work orders; MinimumOne
// is set when the share of the fleet rounds down to zero and the schedule
// takes one unit at a time so that the unit is patched at all.
type Limit struct {
	CareUnit
	Facility   string `json:"facility"`
	ModelID    int64  `json:"model_id"`
	Model      string `json:"model"`
	Fleet      int    `json:"fleet"`
	Ready      int    `json:"ready"`
	Busy       int    `json:"busy"`
	PerWave    int    `json:"per_wave"`
	Waves      int    `json:"waves"`
	MinimumOne bool   `json:"minimum_one"`
}

// Wave is a set of devices patched together in one window of days, from
// Start to End inclusive. Wave 1 starts on the schedule's start date; each
// later wave starts when the window before it ends.
type Wave struct {
	Number  int       `json:"wave"`
	Start   ward.Date `json:"start"`
	End     ward.Date `json:"end"`
	Devices []Device  `json:"devices"`
}

// Plan is a schedule: the waves, and the limit applied to each model in
// each care unit.
type Plan struct {
	MaxShare   float64   `json:"max_share"`
	Start      ward.Date `json:"start"`
	WindowDays int       `json:"window_days"`
	Waves      []Wave    `json:"waves"`
	Limits     []Limit   `json:"limits"`
}

// Busy is patch work already ordered: Devices units of a model in a care
// unit out of service in the window holding Scheduled. Work with no date,
// or one before the schedule's start (overdue, or under way), counts in
// the first window.
type Busy struct {
	CareUnit
	ModelID   int64     `json:"model_id"`
	Scheduled ward.Date `json:"scheduled"`
	Devices   int       `json:"devices"`
}

// Options tune a schedule.
type Options struct {
	// MaxShare is the largest share of a care unit's units of one model
	// out of service in one window, in (0, 1].
	MaxShare float64
	// Start is the first window's first day; WindowDays the length of a
	// window (at least 1).
	Start      ward.Date
	WindowDays int
	// Busy is the patch work already ordered, which takes its place in
	// the windows before new work does.
	Busy []Busy
}

// PerWave is how many units of a model a care unit with fleet units may
// have out of service at once under maxShare: the share rounded down, but
// at least one when the unit has any, so every device is eventually
// scheduled.
func PerWave(fleet int, maxShare float64) int {
	if fleet <= 0 {
		return 0
	}
	// The epsilon keeps 0.3 × 10 at 3 despite binary fractions.
	return max(1, int(math.Floor(maxShare*float64(fleet)+1e-9)))
}

// groupKey identifies the units of one model in one care unit.
type groupKey struct {
	unit  CareUnit
	model int64
}

// Schedule spreads ready devices over successive windows so that no window
// holds more than PerWave of one model's units in one care unit, counting
// the work already ordered (opts.Busy) first. The fleet of a group is
// never taken as smaller than its ready and busy units. Devices are taken
// in asset-tag order within their group and each window is filled as far
// as its limit allows before the next is used. EINVALID when the share or
// the window is out of range, the start date is missing, or a device
// appears twice.
func Schedule(devs []Device, opts Options) (*Plan, error) {
	if !(opts.MaxShare > 0 && opts.MaxShare <= 1) {
		return nil, ward.Errorf(ward.EINVALID, "the maximum share must be more than 0 and at most 1, not %v", opts.MaxShare)
	}
	if opts.WindowDays < 1 || opts.WindowDays > 366 {
		return nil, ward.Errorf(ward.EINVALID, "a window must last 1 to 366 days, not %d", opts.WindowDays)
	}
	if opts.Start.IsZero() {
		return nil, ward.Errorf(ward.EINVALID, "a schedule needs a start date")
	}
	groups := map[groupKey][]Device{}
	seen := map[int64]bool{}
	for _, d := range devs {
		if seen[d.DeviceID] {
			return nil, ward.Errorf(ward.EINVALID, "device %s (id %d) is listed twice", d.AssetTag, d.DeviceID)
		}
		seen[d.DeviceID] = true
		k := groupKey{unitKey(&d), d.ModelID}
		groups[k] = append(groups[k], d)
	}
	busy := busyWindows(opts)
	plan := &Plan{MaxShare: opts.MaxShare, Start: opts.Start, WindowDays: opts.WindowDays, Waves: []Wave{}, Limits: []Limit{}}
	for k, g := range groups {
		slices.SortFunc(g, func(a, b Device) int {
			return cmp.Or(cmp.Compare(strings.ToLower(a.AssetTag), strings.ToLower(b.AssetTag)), cmp.Compare(a.DeviceID, b.DeviceID))
		})
		plan.Limits = append(plan.Limits, plan.place(g, busy[k]))
	}
	for i := range plan.Waves {
		slices.SortFunc(plan.Waves[i].Devices, compareDevices)
	}
	slices.SortFunc(plan.Limits, func(a, b Limit) int {
		return cmp.Or(cmp.Compare(a.FacilityID, b.FacilityID), cmp.Compare(strings.ToLower(a.Department), strings.ToLower(b.Department)),
			cmp.Compare(a.Model, b.Model), cmp.Compare(a.ModelID, b.ModelID))
	})
	return plan, nil
}

// busyWindows counts the ordered work per group and window index.
func busyWindows(opts Options) map[groupKey]map[int]int {
	out := map[groupKey]map[int]int{}
	for _, b := range opts.Busy {
		k := groupKey{CareUnit{b.FacilityID, strings.ToLower(strings.TrimSpace(b.Department))}, b.ModelID}
		w := 0
		if !b.Scheduled.IsZero() && !b.Scheduled.Before(opts.Start) {
			w = int(b.Scheduled.Time().Sub(opts.Start.Time()).Hours()/24) / opts.WindowDays
		}
		if out[k] == nil {
			out[k] = map[int]int{}
		}
		out[k][w] += b.Devices
	}
	return out
}

// place puts one group's devices, in order, into the first windows with
// room under its limit, and returns the limit.
func (p *Plan) place(g []Device, busy map[int]int) Limit {
	taken := 0
	for _, n := range busy {
		taken += n
	}
	fleet := max(g[0].Fleet, len(g)+taken)
	per := PerWave(fleet, p.MaxShare)
	l := Limit{CareUnit: CareUnit{g[0].FacilityID, g[0].Department}, Facility: g[0].Facility, ModelID: g[0].ModelID,
		Model: g[0].Model, Fleet: fleet, Ready: len(g), Busy: taken, PerWave: per,
		MinimumOne: p.MaxShare*float64(fleet)+1e-9 < 1}
	for w, i := 0, 0; i < len(g); w++ {
		room := per - busy[w]
		if room <= 0 {
			continue
		}
		n := min(room, len(g)-i)
		p.wave(w).Devices = append(p.wave(w).Devices, g[i:i+n]...)
		i += n
		l.Waves = w + 1
	}
	return l
}

// wave returns the wave of index w (0 for the first), adding the waves up
// to it with their windows.
func (p *Plan) wave(w int) *Wave {
	for len(p.Waves) <= w {
		n := len(p.Waves)
		start := ward.DateOf(p.Start.Time().AddDate(0, 0, n*p.WindowDays))
		end := ward.DateOf(p.Start.Time().AddDate(0, 0, (n+1)*p.WindowDays-1))
		p.Waves = append(p.Waves, Wave{Number: n + 1, Start: start, End: end, Devices: []Device{}})
	}
	return &p.Waves[w]
}

// compareDevices orders a wave by care unit, model and asset tag, as a
// technician walks it.
func compareDevices(a, b Device) int {
	return cmp.Or(cmp.Compare(a.FacilityID, b.FacilityID), cmp.Compare(strings.ToLower(a.Department), strings.ToLower(b.Department)),
		cmp.Compare(a.Model, b.Model), cmp.Compare(a.ModelID, b.ModelID),
		cmp.Compare(strings.ToLower(a.AssetTag), strings.ToLower(b.AssetTag)), cmp.Compare(a.DeviceID, b.DeviceID))
}

// String describes a limit for people: "NGH / ICU: Alaris 8015 PC Unit,
// 12 ready of 40 units, 10 per wave, 2 wave(s)", adding the units already
// ordered and the one-at-a-time exception when they apply.
func (l Limit) String() string {
	unit := l.Facility
	if l.Department != "" {
		unit += " / " + l.Department
	}
	s := fmt.Sprintf("%s: %s, %d ready of %d units", unit, l.Model, l.Ready, l.Fleet)
	if l.Busy > 0 {
		s += fmt.Sprintf(" (%d already ordered)", l.Busy)
	}
	s += fmt.Sprintf(", %d per wave, %d wave(s)", l.PerWave, l.Waves)
	if l.MinimumOne {
		s += " (one at a time: the share is less than one unit)"
	}
	return s
}
