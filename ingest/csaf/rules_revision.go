package csaf

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// docVersion is a parsed CSAF version_t: integer versioning ("3") or
// semantic versioning ("1.2.0-rc.1+build.5").
type docVersion struct {
	integer bool
	major   uint64
	minor   uint64
	patch   uint64
	pre     string
	build   string
}

var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// parseVersion parses s; ok is false for anything the schema's version_t
// pattern would reject, or numbers too large to compare.
func parseVersion(s string) (v docVersion, ok bool) {
	if n, err := strconv.ParseUint(s, 10, 64); err == nil && (s == "0" || s[0] != '0') {
		return docVersion{integer: true, major: n}, true
	}
	m := semverRE.FindStringSubmatch(s)
	if m == nil {
		return v, false
	}
	var errs [3]error
	v.major, errs[0] = strconv.ParseUint(m[1], 10, 64)
	v.minor, errs[1] = strconv.ParseUint(m[2], 10, 64)
	v.patch, errs[2] = strconv.ParseUint(m[3], 10, 64)
	v.pre, v.build = m[4], m[5]
	return v, errs[0] == nil && errs[1] == nil && errs[2] == nil
}

// compareVersions orders versions by semantic versioning precedence (build
// metadata ignored); integers compare as majors.
func compareVersions(a, b docVersion) int {
	if c := cmp.Or(cmp.Compare(a.major, b.major), cmp.Compare(a.minor, b.minor), cmp.Compare(a.patch, b.patch)); c != 0 {
		return c
	}
	switch {
	case a.pre == b.pre:
		return 0
	case a.pre == "":
		return 1
	case b.pre == "":
		return -1
	}
	ap, bp := strings.Split(a.pre, "."), strings.Split(b.pre, ".")
	for i := 0; i < len(ap) && i < len(bp); i++ {
		an, aErr := strconv.ParseUint(ap[i], 10, 64)
		bn, bErr := strconv.ParseUint(bp[i], 10, 64)
		var c int
		switch {
		case aErr == nil && bErr == nil:
			c = cmp.Compare(an, bn)
		case aErr == nil:
			c = -1 // numeric identifiers sort before alphanumeric ones
		case bErr == nil:
			c = 1
		default:
			c = strings.Compare(ap[i], bp[i])
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(len(ap), len(bp))
}

// revItem is one revision history entry, parsed.
type revItem struct {
	index int
	date  time.Time
	ver   docVersion
	ok    bool
}

// revisions runs the tests on the revision history and document version:
// 6.1.14, 6.1.16 to 6.1.22 and 6.1.30.
func (c *checker) revisions() {
	tr := c.d.Document.Tracking
	const base = "/document/tracking"
	items := make([]revItem, len(tr.RevisionHistory))
	numbers := map[string]bool{}
	for i, r := range tr.RevisionHistory {
		it := revItem{index: i}
		it.date, _ = time.Parse(time.RFC3339Nano, r.Date)
		it.ver, it.ok = parseVersion(r.Number)
		items[i] = it
		p := fmt.Sprintf("%s/revision_history/%d/number", base, i)
		if numbers[r.Number] {
			c.add(fmt.Sprintf("%s/revision_history/%d", base, i), "6.1.22", "version %s appears more than once", r.Number)
		}
		numbers[r.Number] = true
		if it.ok && it.ver.pre != "" {
			c.add(p, "6.1.19", "%s is a pre-release version", r.Number)
		}
		if it.ok && it.ver.major == 0 && (tr.Status == "final" || tr.Status == "interim") {
			c.add(p, "6.1.18", "%s is a draft version but the document is %s", r.Number, tr.Status)
		}
	}
	ver, verOK := parseVersion(tr.Version)
	if verOK {
		if tr.Status != "draft" && (ver.major == 0 || ver.pre != "") {
			c.add(base+"/status", "6.1.17", "version %s is a draft version but the status is %s", tr.Version, tr.Status)
		}
		if ver.pre != "" && (tr.Status == "final" || tr.Status == "interim") {
			c.add(base+"/version", "6.1.20", "version %s has a pre-release part but the status is %s", tr.Version, tr.Status)
		}
		for _, it := range items {
			if it.ok && it.ver.integer != ver.integer {
				c.add(fmt.Sprintf("%s/revision_history/%d/number", base, it.index), "6.1.30",
					"%s and the document version %s mix integer and semantic versioning", tr.RevisionHistory[it.index].Number, tr.Version)
				break
			}
		}
	}

	// Sort by date; entries of the same instant keep their version order,
	// since nothing says which of them came first.
	var sorted []revItem
	for _, it := range items {
		if it.ok {
			sorted = append(sorted, it)
		}
	}
	slices.SortStableFunc(sorted, func(a, b revItem) int {
		return cmp.Or(a.date.Compare(b.date), compareVersions(a.ver, b.ver))
	})
	for i := 1; i < len(sorted); i++ {
		prev, cur := sorted[i-1], sorted[i]
		if compareVersions(prev.ver, cur.ver) > 0 {
			c.add(fmt.Sprintf("%s/revision_history/%d", base, cur.index), "6.1.14", "version %s is dated after %s but is lower",
				tr.RevisionHistory[cur.index].Number, tr.RevisionHistory[prev.index].Number)
		}
		if cur.ver.major > prev.ver.major+1 {
			c.add(fmt.Sprintf("%s/revision_history/%d", base, cur.index), "6.1.21", "versions between %d and %d are missing", prev.ver.major, cur.ver.major)
		}
	}
	if len(sorted) > 0 && sorted[0].ver.major > 1 {
		c.add(fmt.Sprintf("%s/revision_history/%d", base, sorted[0].index), "6.1.21", "the first version is %s, not 0 or 1", tr.RevisionHistory[sorted[0].index].Number)
	}
	if len(sorted) > 0 && verOK {
		last := sorted[len(sorted)-1].ver
		a, b := ver, last
		a.build, b.build = "", ""
		if tr.Status == "draft" {
			a.pre, b.pre = "", ""
		}
		if a.integer != b.integer || compareVersions(a, b) != 0 {
			c.add(base+"/version", "6.1.16", "version is %s but the latest revision is %s", tr.Version, tr.RevisionHistory[sorted[len(sorted)-1].index].Number)
		}
	}
}
