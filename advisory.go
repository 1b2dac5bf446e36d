package ward

import (
	"context"
	"time"
)

// Advisory sources.
const (
	SourceCSAF = "csaf" // a CSAF 2.0 advisory (CISA ICSMA, vendor PSIRTs)
	SourceNVD  = "nvd"  // an NVD CVE API 2.0 record
	SourceCVE5 = "cve5" // a CVE Program record in CVE JSON 5
)

// Product status values within an advisory, after CSAF's product_status.
const (
	ProductAffected           = "known_affected"
	ProductFixed              = "fixed"
	ProductNotAffected        = "known_not_affected"
	ProductUnderInvestigation = "under_investigation"
)

// Advisory is a published statement about vulnerabilities in products: a
// CSAF document, or one CVE record from NVD or the CVE Program. TrackingID
// is unique per source: the CSAF document.tracking.id as written
// ("ICSMA-21-294-01") or the CVE ID.
type Advisory struct {
	ID         int64     `json:"id"`
	Source     string    `json:"source"`
	TrackingID string    `json:"tracking_id"`
	Title      string    `json:"title"`
	Publisher  string    `json:"publisher"`
	Published  time.Time `json:"published,omitzero"`
	Updated    time.Time `json:"updated,omitzero"`
	// Revision is the document version (CSAF tracking.version, NVD's last
	// modified time): a newer revision of the same tracking ID replaces
	// the older one, and triage decisions taken on an older revision reopen.
	Revision string `json:"revision"`
	// Status is the CSAF tracking status (final, interim, draft), or "".
	Status string `json:"status,omitempty"`
	// VEX is set for CSAF documents of the VEX profile.
	VEX bool `json:"vex,omitempty"`
	// Summary is the advisory's main description or summary note.
	Summary         string          `json:"summary,omitempty"`
	URL             string          `json:"url,omitempty"`
	Products        []Product       `json:"products"`
	Vulnerabilities []Vulnerability `json:"vulnerabilities"`
	References      []Reference     `json:"references,omitempty"`
	// SHA256 is the hash of the source document, to skip re-imports.
	SHA256 string `json:"sha256,omitempty"`
	// ImportedAt is when this revision was stored.
	ImportedAt time.Time `json:"imported_at,omitzero"`
	// KEV is set when one of the advisory's CVEs is in CISA's Known
	// Exploited Vulnerabilities catalog; KEVDueDate is the earliest due
	// date among them. EPSS is the highest EPSS score among its CVEs and
	// EPSSPercentile that CVE's percentile (0 when none has a score). The
	// store fills them from the imported catalogs when it reads an
	// advisory; a parser leaves them zero, and zero values are omitted
	// from JSON, so parsed and stored documents carry none of them.
	KEV            bool    `json:"kev,omitzero"`
	KEVDueDate     Date    `json:"kev_due_date,omitzero"`
	EPSS           float64 `json:"epss,omitzero"`
	EPSSPercentile float64 `json:"epss_percentile,omitzero"`
}

// CVEs returns the CVE IDs of the advisory's vulnerabilities, in order.
func (a *Advisory) CVEs() []string {
	var out []string
	for _, v := range a.Vulnerabilities {
		if v.CVE != "" {
			out = append(out, v.CVE)
		}
	}
	return out
}

// Product is one product an advisory speaks about. Vendor and Name are as
// the advisory writes them; Version is the version expression as published
// (free text such as "<= L81", "Rev J-M", "vers:all/*", or a vers: range
// built from NVD or CVE 5 ranges). Key is unique within the advisory (the
// CSAF product_id).
type Product struct {
	Key      string `json:"key"`
	Vendor   string `json:"vendor"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	FullName string `json:"full_name,omitempty"`
	// Identification helpers, when the advisory gives them.
	CPE          string   `json:"cpe,omitempty"`
	PURL         string   `json:"purl,omitempty"`
	ModelNumbers []string `json:"model_numbers,omitempty"`
	SKUs         []string `json:"skus,omitempty"`
	// Default marks a CVE 5 product's defaultStatus entry, which applies
	// to versions no other entry of the product covers.
	Default bool `json:"default,omitempty"`
}

// Vulnerability is one vulnerability of an advisory and the products it
// concerns.
type Vulnerability struct {
	CVE      string          `json:"cve,omitempty"`
	Title    string          `json:"title,omitempty"`
	CWEs     []string        `json:"cwes,omitempty"`
	Scores   []Score         `json:"scores,omitempty"`
	Statuses []ProductStatus `json:"statuses"`
	// Remediations say what to do, per product.
	Remediations []Remediation `json:"remediations,omitempty"`
	// Configurations are NVD applicability statements (CPE criteria
	// combined with AND/OR), when the source has them.
	Configurations []Configuration `json:"configurations,omitempty"`
	Published      time.Time       `json:"published,omitzero"`
}

// ProductStatus says how one product stands against one vulnerability.
// Justification is the VEX justification for known_not_affected
// (component_not_present, vulnerable_code_not_present, …).
type ProductStatus struct {
	ProductKey    string `json:"product"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

// Score is one CVSS score of a vulnerability from one source.
type Score struct {
	Source    string  `json:"source"`  // who scored: "csaf", "nvd", the CNA's name
	Version   string  `json:"version"` // "3.0", "3.1", "4.0"
	Vector    string  `json:"vector"`
	BaseScore float64 `json:"base_score"`
	Severity  string  `json:"severity,omitempty"`
	// Primary marks NVD's own score as opposed to a CNA's.
	Primary bool `json:"primary,omitempty"`
}

// Remediation categories, after CSAF.
const (
	RemediationVendorFix     = "vendor_fix"
	RemediationMitigation    = "mitigation"
	RemediationWorkaround    = "workaround"
	RemediationNoneAvailable = "none_available"
	RemediationNoFixPlanned  = "no_fix_planned"
	RemediationOptionalPatch = "optional_patch"
	RemediationFixPlanned    = "fix_planned"
)

// Remediation is a published fix or mitigation for some products.
type Remediation struct {
	Category    string   `json:"category"`
	Details     string   `json:"details"`
	URL         string   `json:"url,omitempty"`
	ProductKeys []string `json:"products,omitempty"`
}

// Reference is a link an advisory cites.
type Reference struct {
	URL      string `json:"url"`
	Summary  string `json:"summary,omitempty"`
	Category string `json:"category,omitempty"`
}

// Configuration is one NVD applicability statement: its nodes combined by
// Operator (AND/OR). A product is vulnerable when the configuration holds.
type Configuration struct {
	Operator string `json:"operator,omitempty"` // "AND" or "OR"; "" means OR
	Negate   bool   `json:"negate,omitempty"`
	Nodes    []Node `json:"nodes"`
}

// Node is a set of CPE match criteria combined by Operator.
type Node struct {
	Operator string     `json:"operator"`
	Negate   bool       `json:"negate,omitempty"`
	Matches  []CPEMatch `json:"matches"`
}

// CPEMatch is one CPE criterion of a node. Vulnerable false marks a
// platform ("running on/with") criterion: it must hold for the
// configuration to apply, but the vulnerability is not in that product.
type CPEMatch struct {
	Vulnerable            bool   `json:"vulnerable"`
	Criteria              string `json:"criteria"`
	VersionStartIncluding string `json:"version_start_including,omitempty"`
	VersionStartExcluding string `json:"version_start_excluding,omitempty"`
	VersionEndIncluding   string `json:"version_end_including,omitempty"`
	VersionEndExcluding   string `json:"version_end_excluding,omitempty"`
}

// KEV is an entry of CISA's Known Exploited Vulnerabilities catalog.
type KEV struct {
	CVE            string `json:"cve"`
	VendorProject  string `json:"vendor_project"`
	Product        string `json:"product"`
	Name           string `json:"name"`
	DateAdded      Date   `json:"date_added"`
	DueDate        Date   `json:"due_date"`
	RequiredAction string `json:"required_action,omitempty"`
	// Ransomware is CISA's knownRansomwareCampaignUse: "Known" or "Unknown".
	Ransomware string   `json:"ransomware"`
	CWEs       []string `json:"cwes,omitempty"`
	Notes      string   `json:"notes,omitempty"`
}

// EPSS is FIRST's Exploit Prediction Scoring System estimate for a CVE.
type EPSS struct {
	CVE        string  `json:"cve"`
	Score      float64 `json:"score"`
	Percentile float64 `json:"percentile"` // 0 when the source has none (model v1)
	Date       Date    `json:"date"`
	Model      string  `json:"model,omitempty"`
}

// AdvisoryFilter selects advisories.
type AdvisoryFilter struct {
	Source string
	CVE    string
	Q      string // in the tracking ID or title
	After  string
	Limit  int
}

// AdvisorySource yields advisories one at a time, as a streaming importer
// reads them. Next returns io.EOF after the last.
type AdvisorySource interface {
	Next() (*Advisory, error)
}

// AdvisoryImportResult counts what an advisory import did. Changed lists
// the IDs of advisories added or replaced by a newer revision, for the
// matcher to re-match.
type AdvisoryImportResult struct {
	Read      int     `json:"read"`
	Added     int     `json:"added"`
	Updated   int     `json:"updated"`
	Unchanged int     `json:"unchanged"`
	Changed   []int64 `json:"-"`
}

// AdvisoryService stores advisories and vulnerability intelligence.
type AdvisoryService interface {
	// ImportAdvisories stores every advisory of src in one transaction. An
	// advisory replaces the stored revision of the same (source, tracking
	// ID) when it is newer; an older or identical one changes nothing.
	ImportAdvisories(ctx context.Context, src AdvisorySource) (*AdvisoryImportResult, error)
	// FindAdvisories returns a page of advisories, newest first.
	FindAdvisories(ctx context.Context, f AdvisoryFilter) (*Page[Advisory], error)
	// FindAdvisory returns an advisory by source and tracking ID;
	// ENOTFOUND if there is none.
	FindAdvisory(ctx context.Context, source, trackingID string) (*Advisory, error)
	// ImportKEV replaces the KEV catalog with entries.
	ImportKEV(ctx context.Context, entries []KEV) (added, removed int, err error)
	// ImportEPSS upserts EPSS scores.
	ImportEPSS(ctx context.Context, scores []EPSS) (int, error)
}

// FeedDocument records a document imported from a CSAF provider, so the
// next sync downloads only what changed.
type FeedDocument struct {
	URL        string    `json:"url"`
	Hash       string    `json:"hash"` // SHA-512 (or SHA-256) hex of the document
	Updated    time.Time `json:"updated,omitzero"`
	TrackingID string    `json:"tracking_id"`
	FetchedAt  time.Time `json:"fetched_at"`
}

// FeedService remembers what provider syncs imported.
type FeedService interface {
	// FindFeedDocuments returns the documents recorded under a URL prefix.
	FindFeedDocuments(ctx context.Context, prefix string) ([]FeedDocument, error)
	// RecordFeedDocuments upserts document records by URL.
	RecordFeedDocuments(ctx context.Context, docs []FeedDocument) error
}
