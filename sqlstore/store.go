package sqlstore

import "ward"

// The store implements every service of the domain.
var (
	_ ward.FacilityService     = (*DB)(nil)
	_ ward.ManufacturerService = (*DB)(nil)
	_ ward.ModelService        = (*DB)(nil)
	_ ward.DeviceService       = (*DB)(nil)
	_ ward.TeamService         = (*DB)(nil)
)
