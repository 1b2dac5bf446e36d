package ward

// CapitalFilter selects the devices of a capital plan. Zero fields take
// the defaults.
type CapitalFilter struct {
	FacilityIDs []int64
	Years       int // how many years ahead, this one included; 0: the policy's horizon
	Top         int // devices in the mitigation comparison; default 20, at most 1000
}

// Validate returns EINVALID for a horizon or a list size out of range.
func (f *CapitalFilter) Validate() error {
	if f.Years < 0 || f.Years > 30 {
		return Errorf(EINVALID, "years: %d; give 1 to 30", f.Years)
	}
	if f.Top < 0 || f.Top > 1000 {
		return Errorf(EINVALID, "top: %d; give 1 to 1000", f.Top)
	}
	return nil
}

// CapitalPlan forecasts the replacement of the fleet: what falls due in
// which year at which facility, and, per device, whether keeping it safe
// costs more than replacing it.
//
// A device falls due in the year its life or OEM support ends, whichever
// is earlier; one already past either is due this year (and counted as
// overdue). Devices to be disposed of (retired, or unused and due) are
// left out: they are not replaced like for like.
type CapitalPlan struct {
	FromYear int `json:"from_year"`
	ToYear   int `json:"to_year"`
	// Rows are the replacements by year and facility, in that order.
	Rows []CapitalRow `json:"rows"`
	// Years are the totals of each year of the horizon.
	Years []CapitalYear `json:"years"`
	// Facilities are the totals of each facility.
	Facilities []CapitalFacility `json:"facilities"`
	// Comparison lists the devices whose mitigation costs most against
	// their replacement, highest ratio first.
	Comparison []CapitalComparison `json:"comparison"`
	Total      CapitalFacility     `json:"total"`
}

// CapitalRow is what falls due at one facility in one year. NoCost counts
// the devices with no replacement cost known (their cost is not in Cost).
type CapitalRow struct {
	Year       int    `json:"year"`
	FacilityID int64  `json:"facility_id,omitempty"`
	Facility   string `json:"facility"`
	Devices    int64  `json:"devices"`
	Cost       Money  `json:"cost"`
	Overdue    int64  `json:"overdue"`
	NoCost     int64  `json:"no_cost"`
}

// CapitalYear is what falls due in one year across the facilities.
type CapitalYear struct {
	Year    int   `json:"year"`
	Devices int64 `json:"devices"`
	Cost    Money `json:"cost"`
}

// CapitalFacility sums the plan of one facility (or, as the plan's
// Total, of all of them).
type CapitalFacility struct {
	FacilityID int64  `json:"facility_id,omitempty"`
	Facility   string `json:"facility"`
	// Devices counts the devices evaluated, Recommendations them by
	// recommendation.
	Devices         int64            `json:"devices"`
	Recommendations map[string]int64 `json:"recommendations"`
	// Due within the horizon, Later beyond it, Unplanned with neither an
	// end of life nor an end of support known.
	DueDevices       int64 `json:"due_devices"`
	DueCost          Money `json:"due_cost"`
	LaterDevices     int64 `json:"later_devices"`
	LaterCost        Money `json:"later_cost"`
	UnplannedDevices int64 `json:"unplanned_devices"`
	// Of the devices with open findings or repairs and a replacement
	// cost: what mitigating them costs, what replacing them would, and
	// how many cost more to mitigate than the policy allows.
	MitigatedDevices     int64 `json:"mitigated_devices"`
	MitigationCost       Money `json:"mitigation_cost"`
	ReplacementCost      Money `json:"replacement_cost"`
	MitigationOverBudget int64 `json:"mitigation_over_budget"`
}

// CapitalComparison sets one device's mitigation cost against its
// replacement cost.
type CapitalComparison struct {
	DeviceID            int64   `json:"device_id"`
	AssetTag            string  `json:"asset_tag"`
	Facility            string  `json:"facility"`
	Manufacturer        string  `json:"manufacturer"`
	Model               string  `json:"model"`
	Recommendation      string  `json:"recommendation"`
	OpenFindings        int     `json:"open_findings"`
	UnpatchableCritical int     `json:"unpatchable_critical"`
	MitigationHours     float64 `json:"mitigation_hours"`
	RepairCost          Money   `json:"repair_cost_12m"`
	MitigationCost      Money   `json:"mitigation_cost"`
	ReplacementCost     Money   `json:"replacement_cost"`
	Ratio               float64 `json:"ratio"` // MitigationCost / ReplacementCost
}
