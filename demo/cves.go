package demo

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// CVE records for benchmarks are synthetic: their IDs use the year 9999,
// which no real CVE has, and their descriptions say they are synthetic.
// A small share concerns the packages of the demo SBOMs, with realistic
// version ranges; the rest name packages no demo device has, as most of
// NVD does for any one hospital.

// relevantShare is the share of synthetic records about demo SBOM packages.
const relevantShare = 0.04

// nvd wire structs: only what the generated records use.
type nvdFile struct {
	ResultsPerPage  int       `json:"resultsPerPage"`
	StartIndex      int       `json:"startIndex"`
	TotalResults    int       `json:"totalResults"`
	Format          string    `json:"format"`
	Version         string    `json:"version"`
	Timestamp       string    `json:"timestamp"`
	Vulnerabilities []nvdItem `json:"vulnerabilities"`
}

type nvdItem struct {
	CVE nvdCVE `json:"cve"`
}

type nvdCVE struct {
	ID             string         `json:"id"`
	SourceID       string         `json:"sourceIdentifier"`
	Published      string         `json:"published"`
	LastModified   string         `json:"lastModified"`
	VulnStatus     string         `json:"vulnStatus"`
	Descriptions   []nvdText      `json:"descriptions"`
	Metrics        nvdMetrics     `json:"metrics"`
	Weaknesses     []nvdWeakness  `json:"weaknesses"`
	Configurations []nvdConfig    `json:"configurations"`
	References     []nvdReference `json:"references"`
}

type nvdText struct {
	Lang  string `json:"lang"`
	Value string `json:"value"`
}

type nvdMetrics struct {
	V31 []nvdV31 `json:"cvssMetricV31"`
}

type nvdV31 struct {
	Source  string  `json:"source"`
	Type    string  `json:"type"`
	Data    nvdData `json:"cvssData"`
	Exploit float64 `json:"exploitabilityScore"`
	Impact  float64 `json:"impactScore"`
}

type nvdData struct {
	Version      string  `json:"version"`
	VectorString string  `json:"vectorString"`
	BaseScore    float64 `json:"baseScore"`
	BaseSeverity string  `json:"baseSeverity"`
}

type nvdWeakness struct {
	Source      string    `json:"source"`
	Type        string    `json:"type"`
	Description []nvdText `json:"description"`
}

type nvdConfig struct {
	Operator string    `json:"operator,omitempty"`
	Nodes    []nvdNode `json:"nodes"`
}

type nvdNode struct {
	Operator string     `json:"operator"`
	Negate   bool       `json:"negate"`
	CPEMatch []nvdMatch `json:"cpeMatch"`
}

type nvdMatch struct {
	Vulnerable            bool   `json:"vulnerable"`
	Criteria              string `json:"criteria"`
	VersionStartIncluding string `json:"versionStartIncluding,omitempty"`
	VersionEndExcluding   string `json:"versionEndExcluding,omitempty"`
	MatchCriteriaID       string `json:"matchCriteriaId"`
}

type nvdReference struct {
	URL    string `json:"url"`
	Source string `json:"source"`
}

// vectors are CVSS 3.1 vectors with their base scores, from common cases.
var vectors = []struct {
	v     string
	score float64
	sev   string
	cwe   string
}{
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "CRITICAL", "CWE-787"},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5, "HIGH", "CWE-400"},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "HIGH", "CWE-125"},
	{"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "HIGH", "CWE-416"},
	{"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, "HIGH", "CWE-362"},
	{"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "MEDIUM", "CWE-79"},
	{"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 4.3, "MEDIUM", "CWE-200"},
	{"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 5.5, "MEDIUM", "CWE-476"},
}

// WriteCVEs writes n synthetic NVD CVE API 2.0 records, gzip-compressed,
// deterministic for seed.
func WriteCVEs(w io.Writer, n int, seed uint64) error {
	zw := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(zw, 1<<20)
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	head, _ := json.Marshal(nvdFile{ResultsPerPage: n, TotalResults: n, Format: "NVD_CVE", Version: "2.0",
		Timestamp: refDate.Format("2006-01-02T15:04:05.000")})
	// Stream: write the head without its empty list, then each record.
	bw.Write(head[:len(head)-len(`null}`)])
	bw.WriteByte('[')
	total := 0
	for _, c := range components {
		total += c.weight
	}
	enc := json.NewEncoder(bw)
	for i := 0; i < n; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		if err := enc.Encode(nvdItem{CVE: synthCVE(r, i, total)}); err != nil {
			return err
		}
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

func synthCVE(r *rand.Rand, i, totalWeight int) nvdCVE {
	id := fmt.Sprintf("CVE-9999-%07d", i+1)
	published := refDate.Add(-time.Duration(r.IntN(3650*24)) * time.Hour)
	vec := vectors[r.IntN(len(vectors))]
	cve := nvdCVE{ID: id, SourceID: "synthetic@ward.example", VulnStatus: "Analyzed",
		Published: published.Format("2006-01-02T15:04:05.000"), LastModified: published.Add(72 * time.Hour).Format("2006-01-02T15:04:05.000"),
		Metrics:    nvdMetrics{V31: []nvdV31{{Source: "nvd@nist.gov", Type: "Primary", Data: nvdData{Version: "3.1", VectorString: vec.v, BaseScore: vec.score, BaseSeverity: vec.sev}}}},
		Weaknesses: []nvdWeakness{{Source: "nvd@nist.gov", Type: "Primary", Description: []nvdText{{Lang: "en", Value: vec.cwe}}}},
		References: []nvdReference{{URL: "https://ward.example/synthetic/" + id, Source: "synthetic@ward.example"}},
	}
	var criteria, vendorProduct string
	var m nvdMatch
	if r.Float64() < relevantShare {
		c := pickComponent(r, totalWeight)
		vendorProduct = c.vendor + ":" + c.product
		criteria = "cpe:2.3:" + c.part + ":" + vendorProduct + ":*:*:*:*:*:*:*:*"
		lo := r.IntN(len(c.versions))
		hi := lo + 1 + r.IntN(len(c.versions)-lo)
		m = nvdMatch{Vulnerable: true, Criteria: criteria, VersionStartIncluding: c.versions[lo]}
		if hi < len(c.versions) {
			m.VersionEndExcluding = c.versions[hi]
		}
		cve.Descriptions = []nvdText{{Lang: "en", Value: fmt.Sprintf("Synthetic benchmark record: a vulnerability in %s from %s before %s.", c.name, c.versions[lo], orLater(m.VersionEndExcluding))}}
	} else {
		vendorProduct = fmt.Sprintf("vendor%04d:product%05d", r.IntN(5000), r.IntN(60000))
		criteria = "cpe:2.3:a:" + vendorProduct + ":*:*:*:*:*:*:*:*"
		m = nvdMatch{Vulnerable: true, Criteria: criteria, VersionEndExcluding: fmt.Sprintf("%d.%d", 1+r.IntN(9), r.IntN(20))}
		cve.Descriptions = []nvdText{{Lang: "en", Value: "Synthetic benchmark record about a product no demo device carries."}}
	}
	m.MatchCriteriaID = fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1)
	cve.Configurations = []nvdConfig{{Nodes: []nvdNode{{Operator: "OR", CPEMatch: []nvdMatch{m}}}}}
	if strings.HasPrefix(criteria, "cpe:2.3:a:") && r.Float64() < 0.2 {
		// An application flaw that needs a platform: vulnerable only when
		// running on Windows, as NVD records "running on/with".
		platform := nvdMatch{Vulnerable: false, Criteria: "cpe:2.3:o:microsoft:windows_10:*:*:*:*:*:*:*:*",
			MatchCriteriaID: fmt.Sprintf("00000000-0000-4000-9000-%012d", i+1)}
		cve.Configurations = []nvdConfig{{Operator: "AND", Nodes: []nvdNode{
			{Operator: "OR", CPEMatch: []nvdMatch{m}}, {Operator: "OR", CPEMatch: []nvdMatch{platform}}}}}
	}
	return cve
}

func orLater(v string) string {
	if v == "" {
		return "any later release"
	}
	return v
}

func pickComponent(r *rand.Rand, total int) component {
	n := r.IntN(total)
	for _, c := range components {
		if n < c.weight {
			return c
		}
		n -= c.weight
	}
	return components[0]
}
