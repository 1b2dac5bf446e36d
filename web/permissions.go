package web

import (
	"slices"

	"ward"
)

// Perm is what a route requires. Every route declares one in the route
// table (routes.go), and rolePerms says which roles hold it: together they
// are the single statement of who may do what.
type Perm string

// Permissions, from the weakest.
const (
	// PermPublic: no sign-in (health, login, the OpenAPI document).
	PermPublic Perm = "public"
	// PermRead: read anything in the user's facilities.
	PermRead Perm = "read"
	// PermTriage: record triage decisions and run matches.
	PermTriage Perm = "triage"
	// PermInventory: change devices, models, manufacturers' aliases.
	PermInventory Perm = "inventory"
	// PermWork: create and progress work orders.
	PermWork Perm = "work"
	// PermPlan: patches catalog, recalls, lifecycle and risk policy.
	PermPlan Perm = "plan"
	// PermAudit: read and export the audit trail and the access review.
	PermAudit Perm = "audit"
	// PermAdmin: users, tokens, teams and the responsibility matrix.
	PermAdmin Perm = "admin"
)

// rolePerms grants permissions to roles. Auditors use the viewer role.
var rolePerms = map[string][]Perm{
	ward.RoleAdmin:               {PermRead, PermTriage, PermInventory, PermWork, PermPlan, PermAudit, PermAdmin},
	ward.RoleClinicalEngineering: {PermRead, PermTriage, PermInventory, PermWork, PermPlan},
	ward.RoleITSecurity:          {PermRead, PermTriage, PermPlan},
	ward.RoleTechnician:          {PermRead, PermWork},
	ward.RoleViewer:              {PermRead, PermAudit},
}

// allowed reports whether a principal holds perm; nil is anonymous.
func allowed(p *ward.Principal, perm Perm) bool {
	if perm == PermPublic {
		return true
	}
	if p == nil || p.User == nil || p.User.Disabled {
		return false
	}
	// A token's role must not grant what its user's role lacks: roles are
	// not a ladder (a viewer may read the audit trail, a technician not).
	return slices.Contains(rolePerms[p.Role], perm) && slices.Contains(rolePerms[p.User.Role], perm)
}
