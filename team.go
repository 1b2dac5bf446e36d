package ward

import "context"

// Team kinds.
const (
	TeamClinicalEngineering = "clinical_engineering"
	TeamITSecurity          = "it_security"
	TeamIT                  = "it"
	TeamVendor              = "vendor"
	TeamFacilities          = "facilities"
	TeamOther               = "other"
)

// TeamKinds lists the accepted team kinds.
var TeamKinds = []string{TeamClinicalEngineering, TeamITSecurity, TeamIT, TeamVendor, TeamFacilities, TeamOther}

// Task types of the responsibility matrix. TaskOwner decides which team a
// device belongs to; the others say who does each kind of work on it.
const (
	TaskOwner        = "owner"
	TaskMaintenance  = "preventive_maintenance"
	TaskRepair       = "repair"
	TaskPatch        = "patch"
	TaskRecall       = "recall"
	TaskMitigation   = "security_mitigation"
	TaskInspection   = "inspection"
	TaskDecommission = "decommission"
)

// TaskTypes lists the task types in display order.
var TaskTypes = []string{TaskOwner, TaskMaintenance, TaskRepair, TaskPatch, TaskRecall, TaskMitigation, TaskInspection, TaskDecommission}

// Team is a group that answers for devices and does work on them.
type Team struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Email string `json:"email"`
	// Devices is the number of devices the team owns, filled by list queries.
	Devices int64 `json:"devices"`
}

// Responsibility is one cell of the responsibility matrix: for devices of
// DeviceType ("" means any type without a more specific rule), TaskType work
// belongs to the team.
type Responsibility struct {
	ID         int64  `json:"id"`
	DeviceType string `json:"device_type"`
	TaskType   string `json:"task_type"`
	TeamID     int64  `json:"team_id"`
	Team       string `json:"team"`
}

// TeamService manages teams and the responsibility matrix.
type TeamService interface {
	// FindTeams returns every team with its device count.
	FindTeams(ctx context.Context) ([]Team, error)
	// FindTeamByName returns a team by name, ignoring case; ENOTFOUND if none.
	FindTeamByName(ctx context.Context, name string) (*Team, error)
	// CreateTeam adds a team; EINVALID for a bad kind, ECONFLICT for a
	// name in use.
	CreateTeam(ctx context.Context, t *Team) error
	// FindResponsibilities returns the whole matrix.
	FindResponsibilities(ctx context.Context) ([]Responsibility, error)
	// SetResponsibility assigns (deviceType, taskType) to a team, replacing
	// any previous assignment; EINVALID for an unknown task type,
	// ENOTFOUND for an unknown team or device type.
	SetResponsibility(ctx context.Context, deviceType, taskType string, teamID int64) (*Responsibility, error)
	// DeleteResponsibility removes the assignment of (deviceType,
	// taskType); ENOTFOUND if there is none.
	DeleteResponsibility(ctx context.Context, deviceType, taskType string) error
	// FindDeviceTypes returns every known device type with its device count.
	FindDeviceTypes(ctx context.Context) ([]DeviceType, error)
}

// DeviceType is a category of device, such as "Infusion Pump".
type DeviceType struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Devices int64  `json:"devices"`
}
