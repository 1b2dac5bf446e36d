package ward

import "context"

// Manufacturer status values.
const (
	// ManufacturerKnown is a manufacturer from the registry or confirmed by a user.
	ManufacturerKnown = "known"
	// ManufacturerUnresolved is a name met in an import that matched no
	// registry entry. It is kept as written until a user maps or confirms it.
	ManufacturerUnresolved = "unresolved"
)

// Manufacturer is a device maker. Aliases are other names that resolve to it:
// legal names, misspellings and legacy brands ("CareFusion" for BD).
type Manufacturer struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Status  string   `json:"status"`
	// Models and Devices are counts, filled by list queries.
	Models  int64 `json:"models"`
	Devices int64 `json:"devices"`
}

// ManufacturerService reads and manages the manufacturer registry.
type ManufacturerService interface {
	// FindManufacturers returns manufacturers, only unresolved ones when
	// unresolvedOnly is set, ordered by name.
	FindManufacturers(ctx context.Context, unresolvedOnly bool) ([]Manufacturer, error)
	// ResolveManufacturer returns the manufacturer whose name or alias
	// matches name after normalisation; ENOTFOUND if none does.
	ResolveManufacturer(ctx context.Context, name string) (*Manufacturer, error)
	// AddManufacturerAlias makes alias resolve to the manufacturer named
	// target. An unresolved manufacturer spelled like alias is merged into
	// target: its models and devices move and each moved device records the
	// change. ENOTFOUND for an unknown target, ECONFLICT if alias already
	// belongs to another known manufacturer.
	AddManufacturerAlias(ctx context.Context, target, alias string) (*Manufacturer, error)
	// ConfirmManufacturer marks an unresolved manufacturer as a genuine,
	// known one; ENOTFOUND if there is none by that name.
	ConfirmManufacturer(ctx context.Context, name string) (*Manufacturer, error)
}
