package ward

import "context"

// Facility is one hospital or site of a health system.
type Facility struct {
	ID   int64  `json:"id"`
	Code string `json:"code"` // short code shown in lists, e.g. "SAR"
	Name string `json:"name"`
	// Devices is the number of devices at the facility, filled by list queries.
	Devices int64 `json:"devices"`
}

// Location is a place inside a facility. Every part except the facility may
// be empty: CMMS exports rarely record all of them.
type Location struct {
	ID         int64  `json:"id"`
	FacilityID int64  `json:"facility_id"`
	Facility   string `json:"facility"`
	Building   string `json:"building"`
	Floor      string `json:"floor"`
	Department string `json:"department"`
	Room       string `json:"room"`
}

// FacilityService reads and manages facilities and their locations.
type FacilityService interface {
	// FindFacilities returns every facility with its device count.
	FindFacilities(ctx context.Context) ([]Facility, error)
	// FindFacility returns a facility by ID; ENOTFOUND if there is none.
	FindFacility(ctx context.Context, id int64) (*Facility, error)
	// FindFacilityByName returns the facility whose code or name equals name,
	// ignoring case; ENOTFOUND if there is none.
	FindFacilityByName(ctx context.Context, name string) (*Facility, error)
	// CreateFacility adds a facility; ECONFLICT if its code or name is taken.
	CreateFacility(ctx context.Context, f *Facility) error
	// FindLocations returns the locations of a facility; ENOTFOUND for an
	// unknown facility.
	FindLocations(ctx context.Context, facilityID int64) ([]Location, error)
}
