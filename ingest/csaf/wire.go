package csaf

import "encoding/json"

// The wire types below mirror the parts of the CSAF 2.0 JSON that Ward maps
// or that the mandatory tests inspect. They are narrow on purpose: the JSON
// schema has already checked the shape, so these only carry values. A nil
// slice means the property is absent, which the schema lets us rely on
// because it forbids empty arrays almost everywhere.

type csafDoc struct {
	Document        document        `json:"document"`
	ProductTree     *productTree    `json:"product_tree"`
	Vulnerabilities []vulnerability `json:"vulnerabilities"`
}

type document struct {
	Category    string      `json:"category"`
	CSAFVersion string      `json:"csaf_version"`
	Lang        string      `json:"lang"`
	SourceLang  string      `json:"source_lang"`
	Notes       []note      `json:"notes"`
	Publisher   publisher   `json:"publisher"`
	References  []reference `json:"references"`
	Title       string      `json:"title"`
	Tracking    tracking    `json:"tracking"`
}

type note struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Title    string `json:"title"`
}

type publisher struct {
	Category  string `json:"category"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

type reference struct {
	Category string `json:"category"`
	Summary  string `json:"summary"`
	URL      string `json:"url"`
}

type tracking struct {
	CurrentReleaseDate string     `json:"current_release_date"`
	ID                 string     `json:"id"`
	InitialReleaseDate string     `json:"initial_release_date"`
	RevisionHistory    []revision `json:"revision_history"`
	Status             string     `json:"status"`
	Version            string     `json:"version"`
}

type revision struct {
	Date    string `json:"date"`
	Number  string `json:"number"`
	Summary string `json:"summary"`
}

type productTree struct {
	Branches         []branch          `json:"branches"`
	FullProductNames []fullProductName `json:"full_product_names"`
	ProductGroups    []productGroup    `json:"product_groups"`
	Relationships    []relationship    `json:"relationships"`
}

type branch struct {
	Category string           `json:"category"`
	Name     string           `json:"name"`
	Product  *fullProductName `json:"product"`
	Branches []branch         `json:"branches"`
}

type fullProductName struct {
	Name      string  `json:"name"`
	ProductID string  `json:"product_id"`
	Helper    *helper `json:"product_identification_helper"`
}

type helper struct {
	CPE          string   `json:"cpe"`
	PURL         string   `json:"purl"`
	ModelNumbers []string `json:"model_numbers"`
	SKUs         []string `json:"skus"`
	Hashes       []hashes `json:"hashes"`
}

type hashes struct {
	FileHashes []fileHash `json:"file_hashes"`
	Filename   string     `json:"filename"`
}

type fileHash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}

type productGroup struct {
	GroupID    string   `json:"group_id"`
	ProductIDs []string `json:"product_ids"`
	Summary    string   `json:"summary"`
}

type relationship struct {
	Category                  string          `json:"category"`
	FullProductName           fullProductName `json:"full_product_name"`
	ProductReference          string          `json:"product_reference"`
	RelatesToProductReference string          `json:"relates_to_product_reference"`
}

type vulnerability struct {
	CVE           string         `json:"cve"`
	CWE           *cwe           `json:"cwe"`
	IDs           []vulnID       `json:"ids"`
	Title         string         `json:"title"`
	Notes         []note         `json:"notes"`
	ReleaseDate   string         `json:"release_date"`
	Flags         []vexFlag      `json:"flags"`
	Involvements  []involvement  `json:"involvements"`
	ProductStatus *productStatus `json:"product_status"`
	Remediations  []remediation  `json:"remediations"`
	Scores        []score        `json:"scores"`
	Threats       []threat       `json:"threats"`
}

type cwe struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type vulnID struct {
	SystemName string `json:"system_name"`
	Text       string `json:"text"`
}

type productStatus struct {
	FirstAffected      []string `json:"first_affected"`
	FirstFixed         []string `json:"first_fixed"`
	Fixed              []string `json:"fixed"`
	KnownAffected      []string `json:"known_affected"`
	KnownNotAffected   []string `json:"known_not_affected"`
	LastAffected       []string `json:"last_affected"`
	Recommended        []string `json:"recommended"`
	UnderInvestigation []string `json:"under_investigation"`
}

// statusList is one named list of a product_status, in document order.
type statusList struct {
	name string
	ids  []string
}

// lists returns the lists of s in a fixed order, so problems and mapped
// statuses come out the same way on every run.
func (s *productStatus) lists() []statusList {
	if s == nil {
		return nil
	}
	return []statusList{
		{"first_affected", s.FirstAffected},
		{"first_fixed", s.FirstFixed},
		{"fixed", s.Fixed},
		{"known_affected", s.KnownAffected},
		{"known_not_affected", s.KnownNotAffected},
		{"last_affected", s.LastAffected},
		{"recommended", s.Recommended},
		{"under_investigation", s.UnderInvestigation},
	}
}

type vexFlag struct {
	Label      string   `json:"label"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
}

type involvement struct {
	Party  string `json:"party"`
	Status string `json:"status"`
	Date   string `json:"date"`
}

type remediation struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	URL        string   `json:"url"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
}

// score keeps the CVSS objects raw: the mandatory tests need every
// property as written, the mapping only a few.
type score struct {
	Products []string        `json:"products"`
	CVSSv2   json.RawMessage `json:"cvss_v2"`
	CVSSv3   json.RawMessage `json:"cvss_v3"`
	CVSSv4   json.RawMessage `json:"cvss_v4"`
}

type threat struct {
	Category   string   `json:"category"`
	Details    string   `json:"details"`
	GroupIDs   []string `json:"group_ids"`
	ProductIDs []string `json:"product_ids"`
}
