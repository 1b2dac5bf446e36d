package demo

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"ward"
	"ward/patchplan"
	"ward/version"
)

// PatchCatalog returns the demo's OEM patch catalog: for each catalog model
// named in an advisory, a release one step above every version in the
// field, applying to all of them and fixing the model's advisories. Most
// are validated by the manufacturer, some pending, a few rejected, as the
// seed decides. Every entry is labelled demo data in its reference and
// notes: the releases are invented, the advisories real.
func PatchCatalog(specs []ModelSpec, seed uint64) []ward.Patch {
	var out []ward.Patch
	for i := range specs {
		if p, ok := demoPatch(&specs[i], seed); ok {
			out = append(out, p)
		}
	}
	return out
}

// demoPatch builds one model's entry; ok is false when the model's versions
// leave no release the version engine can place above them all.
func demoPatch(s *ModelSpec, seed uint64) (ward.Patch, bool) {
	if len(s.Advisories) == 0 || len(s.Versions) == 0 {
		return ward.Patch{}, false
	}
	top := s.Versions[0].V
	for _, r := range s.Versions[1:] {
		if version.Compare(r.V, top) > 0 {
			top = r.V
		}
	}
	next, ok := bump(top)
	if !ok {
		return ward.Patch{}, false
	}
	for _, r := range s.Versions {
		if version.Compare(r.V, next) >= 0 {
			return ward.Patch{}, false
		}
	}
	x := patchHash(s, seed)
	p := ward.Patch{Manufacturer: s.Manufacturer, Model: s.Name, AppliesTo: "< " + next, InstallsVersion: next,
		Advisories: append([]string(nil), s.Advisories...), Status: demoPatchStatus(x),
		Date:           ward.DateOf(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(x%300))),
		Reference:      fmt.Sprintf("Demo data: %s product security bulletin for %s %s (invented by ward demo; not a manufacturer document)", s.Manufacturer, s.Name, next),
		Notes:          "DEMO DATA, not a statement of " + s.Manufacturer + ". " + installNotes(s),
		InstallMinutes: 20 + int(x>>8%8)*10, RequiresDowntime: s.PatientConnected}
	if len(patchplan.Check(&p)) > 0 {
		return ward.Patch{}, false
	}
	r := patchplan.Compile(&p)
	for _, v := range s.Versions {
		if ok, _ := r.Applies(v.V); ok {
			return p, true
		}
	}
	return ward.Patch{}, false
}

// bump returns v with its last number one higher ("P.01.02" → "P.01.03",
// "VF10.1" → "VF10.2", "11SP04" → "11SP05").
func bump(v string) (string, bool) {
	end := strings.LastIndexFunc(v, isDigit) + 1
	if end == 0 {
		return "", false
	}
	start := strings.LastIndexFunc(v[:end], func(r rune) bool { return !isDigit(r) }) + 1
	n, err := strconv.Atoi(v[start:end])
	if err != nil {
		return "", false
	}
	digits := fmt.Sprintf("%0*d", end-start, n+1)
	return v[:start] + digits + v[end:], true
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func patchHash(s *ModelSpec, seed uint64) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "patch\x00%d\x00%s\x00%s", seed, s.Manufacturer, s.Name)
	return h.Sum64()
}

// demoPatchStatus gives seven in ten entries the manufacturer's validation,
// two in ten pending and one in ten rejected.
func demoPatchStatus(x uint64) string {
	switch x % 10 {
	case 0:
		return ward.PatchRejected
	case 1, 2:
		return ward.PatchPending
	}
	return ward.PatchValidated
}

// installNotes are the steps a clinical engineer would write for the kind
// of device.
func installNotes(s *ModelSpec) string {
	switch {
	case s.PatientConnected:
		return "Take the unit out of clinical use, back up its configuration, install, then run the manufacturer's " +
			"performance verification before returning it to service."
	case s.StoresPHI:
		return "Schedule with the clinical system owner; back up the database, install during the agreed downtime, " +
			"and check interfaces afterwards."
	}
	return "Install from the service tool; check the version shown after restart."
}
