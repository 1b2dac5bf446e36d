package sqlstore

import "ward"

// The store implements every service of the domain.
var (
	_ ward.FacilityService     = (*DB)(nil)
	_ ward.ManufacturerService = (*DB)(nil)
	_ ward.ModelService        = (*DB)(nil)
	_ ward.DeviceService       = (*DB)(nil)
	_ ward.TeamService         = (*DB)(nil)
	_ ward.AdvisoryService     = (*DB)(nil)
	_ ward.FindingService      = (*DB)(nil)
	_ ward.SBOMService         = (*DB)(nil)
	_ ward.MatchStore          = (*DB)(nil)
	_ ward.FeedService         = (*DB)(nil)
	_ ward.UserService         = (*DB)(nil)
	_ ward.AuditService        = (*DB)(nil)
	_ ward.WorkOrderStore      = (*DB)(nil)
	_ ward.RecallService       = (*DB)(nil)
	_ ward.RecallMatchService  = (*DB)(nil)
	_ ward.RecallMatchStore    = (*DB)(nil)
	_ ward.LifecycleService    = (*DB)(nil)
)
