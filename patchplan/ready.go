package patchplan

import (
	"fmt"
	"slices"
	"strings"

	"ward"
	"ward/version"
)

// Rule is a catalog entry prepared for deciding many versions: its
// applicable-versions expression is read once.
type Rule struct {
	Patch   *ward.Patch
	applies version.Expr
	advs    map[string]bool
	cves    map[string]bool
}

// Compile prepares p for Applies and Fixes.
func Compile(p *ward.Patch) *Rule {
	r := &Rule{Patch: p, applies: version.Parse(p.AppliesTo), advs: map[string]bool{}, cves: map[string]bool{}}
	for _, a := range p.Advisories {
		r.advs[strings.ToUpper(strings.TrimSpace(a))] = true
	}
	for _, c := range p.CVEs {
		r.cves[strings.ToUpper(strings.TrimSpace(c))] = true
	}
	return r
}

// Applies says whether the patch may be installed on a unit running v, and
// why: v must be inside the versions the patch applies to, as decided by
// the version engine (a version it cannot decide never applies), and
// below the version the patch installs.
func (r *Rule) Applies(v string) (bool, string) {
	res, why := r.applies.Match(v)
	if res != version.Yes {
		return false, why
	}
	if version.Compare(v, r.Patch.InstallsVersion) >= 0 {
		return false, fmt.Sprintf("version %q is not below %q, the version the patch installs", v, r.Patch.InstallsVersion)
	}
	return true, fmt.Sprintf("%s; the patch installs %s", why, r.Patch.InstallsVersion)
}

// Fixes returns the CVEs of a finding the patch fixes: all of them when
// the patch lists the finding's advisory, otherwise those it lists
// itself. ok is false when it fixes none of the finding.
func (r *Rule) Fixes(advisoryRef string, cves []string) (fixed []string, ok bool) {
	if r.advs[strings.ToUpper(strings.TrimSpace(advisoryRef))] {
		return slices.Clone(cves), true
	}
	for _, c := range cves {
		if r.cves[strings.ToUpper(c)] {
			fixed = append(fixed, c)
		}
	}
	return fixed, len(fixed) > 0
}

// Finding is an open finding of one inventory group (a model at a software
// version) that a validated patch of the model names.
type Finding struct {
	ID          int64
	AdvisoryRef string
	CVEs        []string
	PatchID     int64
}

// Offer is the patch chosen for one group and what it closes.
type Offer struct {
	Patch      *ward.Patch
	FindingIDs []int64
	Advisories []string
	CVEs       []string
	Reason     string
}

// Choose decides which patch to offer a group running version v, given
// its open findings that validated patches name and the compiled patches
// by ID. Among the patches that apply to v, it takes the one that closes
// the most findings, then the one installing the highest version (the
// manufacturer's latest validated release), then the lowest ID. ok is
// false when no patch applies.
func Choose(v string, findings []Finding, rules map[int64]*Rule) (Offer, bool) {
	offers := map[int64]*Offer{}
	for _, f := range findings {
		r := rules[f.PatchID]
		if r == nil {
			continue
		}
		o := offers[f.PatchID]
		if o == nil {
			ok, why := r.Applies(v)
			if !ok {
				offers[f.PatchID] = &Offer{} // remembered as not applying
				continue
			}
			o = &Offer{Patch: r.Patch, Reason: why}
			offers[f.PatchID] = o
		}
		if o.Patch == nil {
			continue
		}
		if cves, ok := r.Fixes(f.AdvisoryRef, f.CVEs); ok && !slices.Contains(o.FindingIDs, f.ID) {
			o.FindingIDs = append(o.FindingIDs, f.ID)
			o.Advisories = appendNew(o.Advisories, f.AdvisoryRef)
			o.CVEs = appendNew(o.CVEs, cves...)
		}
	}
	var best *Offer
	for _, o := range offers {
		if o.Patch != nil && len(o.FindingIDs) > 0 && (best == nil || better(o, best)) {
			best = o
		}
	}
	if best == nil {
		return Offer{}, false
	}
	slices.Sort(best.FindingIDs)
	slices.Sort(best.Advisories)
	slices.Sort(best.CVEs)
	return *best, true
}

// better orders offers: more findings closed, then a higher installed
// version, then the lower ID.
func better(a, b *Offer) bool {
	if len(a.FindingIDs) != len(b.FindingIDs) {
		return len(a.FindingIDs) > len(b.FindingIDs)
	}
	if c := version.Compare(a.Patch.InstallsVersion, b.Patch.InstallsVersion); c != 0 {
		return c > 0
	}
	return a.Patch.ID < b.Patch.ID
}

func appendNew(list []string, more ...string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}
