package patchplan

import (
	"fmt"
	"strings"
	"testing"

	"ward"
)

func TestPerWave(t *testing.T) {
	tests := []struct {
		fleet int
		share float64
		want  int
	}{
		{0, 0.25, 0},
		{1, 0.25, 1}, // at least one when the unit has any
		{3, 0.25, 1},
		{4, 0.25, 1},
		{7, 0.25, 1},
		{8, 0.25, 2},
		{10, 0.3, 3}, // 0.3 × 10 is 2.9999… in binary
		{40, 0.25, 10},
		{5, 1, 5},
		{5, 0.5, 2},
	}
	for _, tt := range tests {
		if got := PerWave(tt.fleet, tt.share); got != tt.want {
			t.Errorf("PerWave(%d, %v): got %d, want %d", tt.fleet, tt.share, got, tt.want)
		}
	}
}

// unitDevices makes n ready devices of one model in one care unit with the
// given fleet.
func unitDevices(prefix string, facility int64, dept string, model int64, n, fleet int, firstID int64) []Device {
	var out []Device
	for i := 0; i < n; i++ {
		out = append(out, Device{DeviceID: firstID + int64(i), AssetTag: fmt.Sprintf("%s-%02d", prefix, i+1), ModelID: model,
			Model: fmt.Sprintf("Model %d", model), FacilityID: facility, Facility: fmt.Sprintf("F%d", facility), Department: dept, Fleet: fleet})
	}
	return out
}

// waveTags renders a plan as "wave: tags; wave: tags" for comparison.
func waveTags(p *Plan) string {
	var parts []string
	for _, w := range p.Waves {
		var tags []string
		for _, d := range w.Devices {
			tags = append(tags, d.AssetTag)
		}
		parts = append(parts, fmt.Sprintf("%d: %s", w.Number, strings.Join(tags, " ")))
	}
	return strings.Join(parts, "; ")
}

func TestSchedule(t *testing.T) {
	tests := []struct {
		name  string
		devs  []Device
		share float64
		want  string
	}{
		{"nothing ready", nil, 0.25, ""},
		{"one device in a unit of one", unitDevices("A", 1, "ICU", 7, 1, 1, 1), 0.25, "1: A-01"},
		{"a quarter of eight, all ready", unitDevices("A", 1, "ICU", 7, 8, 8, 1), 0.25,
			"1: A-01 A-02; 2: A-03 A-04; 3: A-05 A-06; 4: A-07 A-08"},
		{"three ready of a fleet of twelve", unitDevices("A", 1, "ICU", 7, 3, 12, 1), 0.25, "1: A-01 A-02 A-03"},
		{"a small unit still gets one per wave", unitDevices("A", 1, "ICU", 7, 3, 3, 1), 0.25, "1: A-01; 2: A-02; 3: A-03"},
		{"a fleet smaller than the ready devices is corrected", unitDevices("A", 1, "ICU", 7, 4, 2, 1), 0.5,
			"1: A-01 A-02; 2: A-03 A-04"},
		{"care units and models are limited apart",
			append(append(unitDevices("A", 1, "ICU", 7, 2, 4, 1), unitDevices("B", 1, "ED", 7, 2, 4, 10)...),
				unitDevices("C", 1, "ICU", 8, 2, 8, 20)...), 0.25,
			// ED (B) sorts before ICU (A, C); model 8 in ICU has a fleet of 8, so two at once.
			"1: B-01 A-01 C-01 C-02; 2: B-02 A-02"},
		{"departments differ only in case are one unit",
			append(unitDevices("A", 1, "ICU", 7, 1, 2, 1), unitDevices("B", 1, " icu ", 7, 1, 2, 5)...), 0.5, "1: A-01; 2: B-01"},
		{"share of one takes every unit at once", unitDevices("A", 2, "", 7, 5, 5, 1), 1, "1: A-01 A-02 A-03 A-04 A-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Schedule(tt.devs, opts(tt.share))
			if err != nil {
				t.Fatal(err)
			}
			if got := waveTags(p); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			checkLimits(t, p)
		})
	}
}

// checkLimits verifies the invariant the schedule promises: no wave holds
// more than the per-wave limit of a model in a care unit, the limit keeps
// to the share (or is one), and every ready device is in exactly one wave.
func checkLimits(t *testing.T, p *Plan) {
	t.Helper()
	ready := 0
	for _, l := range p.Limits {
		ready += l.Ready
		if l.PerWave < 1 || float64(l.PerWave) > max(1, p.MaxShare*float64(l.Fleet)) {
			t.Errorf("%s: per-wave limit %d breaks the share %v", l, l.PerWave, p.MaxShare)
		}
	}
	type key struct {
		unit  CareUnit
		model int64
	}
	scheduled := 0
	for _, w := range p.Waves {
		count := map[key]int{}
		for _, d := range w.Devices {
			k := key{unitKey(&d), d.ModelID}
			if count[k]++; count[k] > perOf(p, d) {
				t.Errorf("wave %d takes %d units of model %d in %v, more than allowed", w.Number, count[k], d.ModelID, k.unit)
			}
			scheduled++
		}
	}
	if scheduled != ready {
		t.Errorf("scheduled %d devices, want %d", scheduled, ready)
	}
}

// perOf returns the per-wave limit of d's model in d's care unit.
func perOf(p *Plan, d Device) int {
	for _, l := range p.Limits {
		if unitKey(&Device{FacilityID: l.FacilityID, Department: l.Department}) == unitKey(&d) && l.ModelID == d.ModelID {
			return l.PerWave
		}
	}
	return 0
}

func TestScheduleRefuses(t *testing.T) {
	devs := unitDevices("A", 1, "ICU", 7, 2, 2, 1)
	for _, share := range []float64{0, -0.5, 1.5} {
		if _, err := Schedule(devs, opts(share)); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("share %v: got %v, want EINVALID", share, err)
		}
	}
	if _, err := Schedule(append(devs, devs[0]), opts(0.25)); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("duplicate device: got %v, want EINVALID", err)
	}
	for _, days := range []int{0, -7, 400} {
		o := opts(0.25)
		o.WindowDays = days
		if _, err := Schedule(devs, o); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("window of %d days: got %v, want EINVALID", days, err)
		}
	}
	if _, err := Schedule(devs, Options{MaxShare: 0.25, WindowDays: 7}); ward.ErrorCode(err) != ward.EINVALID {
		t.Errorf("no start date: got %v, want EINVALID", err)
	}
}

// opts are the options of most tests: weekly windows from 2025-03-03.
func opts(share float64) Options {
	return Options{MaxShare: share, Start: ward.Date{Year: 2025, Month: 3, Day: 3}, WindowDays: 7}
}

func TestScheduleWindows(t *testing.T) {
	p, err := Schedule(unitDevices("A", 1, "ICU", 7, 3, 4, 1), opts(0.25))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range p.Waves {
		got = append(got, fmt.Sprintf("%d %s..%s %d", w.Number, w.Start, w.End, len(w.Devices)))
	}
	want := "1 2025-03-03..2025-03-09 1, 2 2025-03-10..2025-03-16 1, 3 2025-03-17..2025-03-23 1"
	if strings.Join(got, ", ") != want {
		t.Errorf("windows: got %q, want %q", strings.Join(got, ", "), want)
	}
}

func TestScheduleBusy(t *testing.T) {
	icu := CareUnit{1, "icu"}
	day := func(d int) ward.Date { return ward.Date{Year: 2025, Month: 3, Day: d} }
	tests := []struct {
		name string
		busy []Busy
		want string
	}{
		{"nothing ordered", nil, "1: A-01 A-02; 2: A-03 A-04"},
		{"one ordered this week leaves room for one",
			[]Busy{{CareUnit: icu, ModelID: 7, Scheduled: day(5), Devices: 1}}, "1: A-01; 2: A-02 A-03; 3: A-04"},
		{"overdue and undated work counts now",
			[]Busy{{CareUnit: icu, ModelID: 7, Scheduled: day(1), Devices: 1}, {CareUnit: CareUnit{1, " ICU"}, ModelID: 7, Devices: 1}},
			"2: A-01 A-02; 3: A-03 A-04"},
		{"next week full", []Busy{{CareUnit: icu, ModelID: 7, Scheduled: day(12), Devices: 2}}, "1: A-01 A-02; 3: A-03 A-04"},
		{"another model or unit does not count",
			[]Busy{{CareUnit: icu, ModelID: 8, Scheduled: day(3), Devices: 5}, {CareUnit: CareUnit{1, "ED"}, ModelID: 7, Devices: 5}},
			"1: A-01 A-02; 2: A-03 A-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts(0.25)
			o.Busy = tt.busy
			// Four ready of a fleet of eight: two at a time.
			p, err := Schedule(unitDevices("A", 1, "ICU", 7, 4, 8, 1), o)
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, w := range p.Waves {
				if len(w.Devices) > 0 {
					parts = append(parts, strings.SplitN(waveTags(&Plan{Waves: []Wave{w}}), " ", 2)[1])
					parts[len(parts)-1] = fmt.Sprintf("%d: %s", w.Number, parts[len(parts)-1])
				}
			}
			if got := strings.Join(parts, "; "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			checkLimits(t, p)
			ordered := busyWindows(o)[groupKey{icu, 7}]
			for _, w := range p.Waves {
				if out := ordered[w.Number-1] + len(w.Devices); out > 2 {
					t.Errorf("wave %d: %d units out at once, more than 2 of 8", w.Number, out)
				}
			}
		})
	}
}

func TestLimitString(t *testing.T) {
	l := Limit{CareUnit: CareUnit{1, "ICU"}, Facility: "NGH", Model: "Alaris 8015 PC Unit", Fleet: 40, Ready: 12, PerWave: 10, Waves: 2}
	if got, want := l.String(), "NGH / ICU: Alaris 8015 PC Unit, 12 ready of 40 units, 10 per wave, 2 wave(s)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	l = Limit{CareUnit: CareUnit{1, ""}, Facility: "NGH", Model: "Pump", Fleet: 2, Ready: 1, Busy: 1, PerWave: 1, Waves: 1, MinimumOne: true}
	if got, want := l.String(), "NGH: Pump, 1 ready of 2 units (1 already ordered), 1 per wave, 1 wave(s) (one at a time: the share is less than one unit)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
