package lifecycle

import (
	"fmt"
	"slices"

	"ward"
	"ward/patchplan"
	"ward/risk"
)

// Finding is one open finding of an inventory group (a model at a software
// version, or a device with an SBOM of its own), as Assess reads it.
type Finding struct {
	AdvisoryRef string
	CVEs        []string
	KEV         []string         // those of CVEs in CISA's KEV catalog
	Scores      []ward.CVEScores // every published score of each CVE
}

// Findings summarises the open findings of a group for the recommendation
// of each of its units.
type Findings struct {
	Open int
	// Patchable counts the findings whose every CVE a validated OEM patch
	// applicable to the group's version fixes; PatchHours is the labour
	// of installing those patches, each once.
	Patchable  int
	PatchHours float64
	// Unpatched counts the others; UnpatchableCritical those of them that
	// are critical under the policy.
	Unpatched           int
	UnpatchableCritical int
	// CriticalRefs and PatchableRefs name the findings, for details.
	CriticalRefs  []string
	PatchableRefs []string
}

// Assess decides, for a group running version v, which of its open
// findings a validated patch fixes and which unpatched ones are critical.
// rules are the compiled validated catalog entries of the group's model.
//
// A finding is patchable when each of its CVEs is fixed by a patch that
// applies to v (patchplan: v inside the patch's versions and below the
// version it installs); a patch that lists the finding's advisory fixes
// them all. An unpatched finding is critical when the CVSS base score of
// its unfixed CVEs, chosen by risk scoring's precedence (vendor, NVD,
// CNA), reaches CriticalCVSS, or, with KEVCritical, when one of them is
// known to be exploited.
func Assess(v string, fs []Finding, rules []*patchplan.Rule, p *ward.LifecyclePolicy) *Findings {
	out := &Findings{Open: len(fs)}
	var applicable []*patchplan.Rule
	for _, r := range rules {
		if ok, _ := r.Applies(v); ok {
			applicable = append(applicable, r)
		}
	}
	used := map[int64]bool{}
	for i := range fs {
		f := &fs[i]
		unfixed, patches := unfixedCVEs(f, applicable)
		if len(unfixed) == 0 && len(patches) > 0 {
			out.Patchable++
			out.PatchableRefs = append(out.PatchableRefs, f.AdvisoryRef)
			for _, r := range patches {
				if !used[r.Patch.ID] {
					used[r.Patch.ID] = true
					out.PatchHours += patchHours(r.Patch, p)
				}
			}
			continue
		}
		out.Unpatched++
		if sev, ok := critical(f, unfixed, p); ok {
			out.UnpatchableCritical++
			out.CriticalRefs = append(out.CriticalRefs, sev)
		}
	}
	return out
}

// unfixedCVEs returns the CVEs of f no applicable patch fixes and the
// patches that fix the others: the first patch that fixes all of them
// alone, else every patch that fixes some. A finding that names no CVE
// is fixed only by a patch listing its advisory.
func unfixedCVEs(f *Finding, rules []*patchplan.Rule) (unfixed []string, patches []*patchplan.Rule) {
	fixed := map[string]bool{}
	for _, r := range rules {
		cves, ok := r.Fixes(f.AdvisoryRef, f.CVEs)
		if !ok {
			continue
		}
		if len(cves) == len(f.CVEs) {
			return nil, []*patchplan.Rule{r}
		}
		patches = append(patches, r)
		for _, c := range cves {
			fixed[c] = true
		}
	}
	for _, c := range f.CVEs {
		if !fixed[c] {
			unfixed = append(unfixed, c)
		}
	}
	return unfixed, patches
}

// critical reports whether the unfixed CVEs of f make it critical, and
// describes it ("ICSMA-20-254-01 (CVSS 9.8, KEV)").
func critical(f *Finding, unfixed []string, p *ward.LifecyclePolicy) (string, bool) {
	var scores []ward.CVEScores
	for _, s := range f.Scores {
		if slices.Contains(unfixed, s.CVE) {
			scores = append(scores, s)
		}
	}
	kev := false
	for _, c := range f.KEV {
		kev = kev || slices.Contains(unfixed, c)
	}
	sev := risk.SeverityOf(scores, risk.Env{})
	scored := sev.CVE != ""
	isCritical := scored && sev.Base >= p.CriticalCVSS || p.KEVCritical && kev
	if !isCritical {
		return "", false
	}
	desc := f.AdvisoryRef + " ("
	if scored {
		desc += fmt.Sprintf("CVSS %.1f", sev.Base)
	} else {
		desc += "no CVSS"
	}
	if kev {
		desc += ", KEV"
	}
	return desc + ")", true
}

// patchHours is the labour of installing p once.
func patchHours(p *ward.Patch, pol *ward.LifecyclePolicy) float64 {
	if p.InstallMinutes > 0 {
		return float64(p.InstallMinutes) / 60
	}
	return pol.PatchHours
}
