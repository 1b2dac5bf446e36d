package cve5

// The wire structs follow the CVE JSON 5.x record format
// (https://github.com/CVEProject/cve-schema) and hold only what Ward
// keeps; encoding/json skips the rest (x_legacyV4Record, credits,
// timelines, supportingMedia, …).

type record struct {
	DataType    string   `json:"dataType"`
	DataVersion string   `json:"dataVersion"`
	CVEMetadata metadata `json:"cveMetadata"`
	Containers  struct {
		CNA container   `json:"cna"`
		ADP []container `json:"adp"`
	} `json:"containers"`
}

type metadata struct {
	CVEID             string `json:"cveId"`
	AssignerShortName string `json:"assignerShortName"`
	State             string `json:"state"`
	DatePublished     string `json:"datePublished"`
	DateUpdated       string `json:"dateUpdated"`
}

type container struct {
	ProviderMetadata struct {
		ShortName string `json:"shortName"`
	} `json:"providerMetadata"`
	Title        string        `json:"title"`
	Descriptions []langString  `json:"descriptions"`
	Affected     []affected    `json:"affected"`
	Metrics      []metric      `json:"metrics"`
	ProblemTypes []problemType `json:"problemTypes"`
	References   []reference   `json:"references"`
	Solutions    []langString  `json:"solutions"`
	Workarounds  []langString  `json:"workarounds"`
}

type langString struct {
	Lang  string `json:"lang"`
	Value string `json:"value"`
}

type affected struct {
	Vendor        string    `json:"vendor"`
	Product       string    `json:"product"`
	CollectionURL string    `json:"collectionURL"`
	PackageName   string    `json:"packageName"`
	CPEs          []string  `json:"cpes"`
	Platforms     []string  `json:"platforms"`
	DefaultStatus string    `json:"defaultStatus"`
	Versions      []version `json:"versions"`
}

type version struct {
	Version         string   `json:"version"`
	Status          string   `json:"status"`
	VersionType     string   `json:"versionType"`
	LessThan        string   `json:"lessThan"`
	LessThanOrEqual string   `json:"lessThanOrEqual"`
	Changes         []change `json:"changes"`
}

type change struct {
	At     string `json:"at"`
	Status string `json:"status"`
}

type metric struct {
	CVSSV40 *cvss `json:"cvssV4_0"`
	CVSSV31 *cvss `json:"cvssV3_1"`
	CVSSV30 *cvss `json:"cvssV3_0"`
	CVSSV20 *cvss `json:"cvssV2_0"`
}

type cvss struct {
	Version      string   `json:"version"`
	VectorString string   `json:"vectorString"`
	BaseScore    *float64 `json:"baseScore"`
	BaseSeverity string   `json:"baseSeverity"`
}

type problemType struct {
	Descriptions []struct {
		CWEID       string `json:"cweId"`
		Description string `json:"description"`
		Type        string `json:"type"`
	} `json:"descriptions"`
}

type reference struct {
	URL  string   `json:"url"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}
