package ward

import "context"

// Parts availability values for a model.
const (
	PartsAvailable   = "available"
	PartsLimited     = "limited"
	PartsUnavailable = "unavailable"
)

// Model is a catalog entry shared by all units of one product.
type Model struct {
	ID             int64    `json:"id"`
	ManufacturerID int64    `json:"manufacturer_id"`
	Manufacturer   string   `json:"manufacturer"`
	Name           string   `json:"name"`
	Aliases        []string `json:"aliases"`
	ModelNumbers   []string `json:"model_numbers"`
	DeviceType     string   `json:"device_type"`
	// ProductCode is the FDA product code; DeviceClass and the FDA
	// life-sustaining flag come from the classification file for that code.
	ProductCode      string `json:"product_code"`
	DeviceClass      string `json:"device_class"`
	FDALifeSustain   bool   `json:"fda_life_sustaining"`
	LifeSustaining   *bool  `json:"life_sustaining"` // user override of the FDA flag
	PatientConnected bool   `json:"patient_connected"`
	// ExpectedLifeYears is the expected service life of one unit.
	ExpectedLifeYears int    `json:"expected_life_years"`
	EndOfSale         Date   `json:"end_of_sale"`
	EndOfSupport      Date   `json:"end_of_support"`
	Parts             string `json:"parts"` // PartsAvailable, PartsLimited, PartsUnavailable or ""
	// ReplacementCost is what a new unit costs today (0: unknown, and each
	// unit's acquisition cost stands in for lifecycle decisions).
	ReplacementCost Money `json:"replacement_cost"`
	// CPE identifies the model in NVD's dictionary, when known
	// ("cpe:2.3:o:philips:intellivue_mx450_firmware:*:…"); the matcher
	// then also finds NVD records that name it.
	CPE string `json:"cpe"`
	// Devices is the number of units, filled by list queries.
	Devices int64 `json:"devices"`
}

// IsLifeSustaining reports whether failure of the model can threaten life:
// the user's override when set, otherwise the FDA flag.
func (m *Model) IsLifeSustaining() bool {
	if m.LifeSustaining != nil {
		return *m.LifeSustaining
	}
	return m.FDALifeSustain
}

// DefaultCriticality is the clinical criticality a device of this model has
// unless the device overrides it.
func (m *Model) DefaultCriticality() string {
	switch {
	case m.IsLifeSustaining():
		return CriticalityLifeSustaining
	case m.PatientConnected:
		return CriticalityPatientConnected
	case m.ProductCode != "":
		return CriticalityClinical
	default:
		return CriticalityNonClinical
	}
}

// ModelFilter selects models.
type ModelFilter struct {
	ManufacturerID int64
	DeviceType     string
	Name           string // exact name or alias, compared normalised
	Q              string // matches name, alias or model number
	After          string
	Limit          int
}

// ModelUpdate changes catalog fields of a model; nil fields are left alone.
type ModelUpdate struct {
	DeviceType        *string
	ProductCode       *string
	LifeSustaining    **bool
	PatientConnected  *bool
	ExpectedLifeYears *int
	EndOfSale         *Date
	EndOfSupport      *Date
	Parts             *string
	ReplacementCost   *Money
	CPE               *string
	AddAliases        []string
	AddModelNumbers   []string
}

// ProductCode is one row of the FDA product classification file.
type ProductCode struct {
	Code               string `json:"product_code"`
	DeviceName         string `json:"device_name"`
	DeviceClass        string `json:"device_class"` // "1", "2", "3", "U" (unclassified), "N", "F"
	MedicalSpecialty   string `json:"medical_specialty"`
	ReviewPanel        string `json:"review_panel"`
	RegulationNumber   string `json:"regulation_number"`
	SubmissionType     string `json:"submission_type"`
	Implant            bool   `json:"implant"`
	LifeSustaining     bool   `json:"life_sustaining"`
	ThirdPartyReview   bool   `json:"third_party_review"`
	GMPExempt          bool   `json:"gmp_exempt"`
	Definition         string `json:"definition,omitempty"`
	UnclassifiedReason string `json:"unclassified_reason,omitempty"`
}

// ModelService reads and manages the model catalog.
type ModelService interface {
	// FindModels returns a page of models ordered by manufacturer and name.
	FindModels(ctx context.Context, f ModelFilter) (*Page[Model], error)
	// FindModel returns a model by ID; ENOTFOUND if there is none.
	FindModel(ctx context.Context, id int64) (*Model, error)
	// CreateModel adds a model to the catalog under the manufacturer named
	// m.Manufacturer (resolved through aliases), with its aliases, model
	// numbers and catalog fields, and sets m.ID. ENOTFOUND for an unknown
	// manufacturer, ECONFLICT when the name, an alias or a model number
	// already belongs to a model of that manufacturer.
	CreateModel(ctx context.Context, m *Model) error
	// UpdateModel applies upd; ENOTFOUND for an unknown model, EINVALID
	// for bad values, ECONFLICT when an alias belongs to another model.
	UpdateModel(ctx context.Context, id int64, upd ModelUpdate) (*Model, error)
	// ImportProductCodes upserts FDA product classification rows in one
	// transaction and returns how many were new and changed.
	ImportProductCodes(ctx context.Context, codes []ProductCode) (added, changed int, err error)
	// FindProductCode returns one FDA product code; ENOTFOUND if unknown.
	FindProductCode(ctx context.Context, code string) (*ProductCode, error)
}
