package patchplan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ward"
)

// validPatch is a well-formed catalog entry tests change one field of.
func validPatch() ward.Patch {
	return ward.Patch{Manufacturer: "ICU Medical", Model: "Medfusion 4000", AppliesTo: "<= 1.6", InstallsVersion: "1.6.1",
		Advisories: []string{"icsma-17-250-02a"}, CVEs: []string{" cve-2017-12725 ", "CVE-2017-12725"}, Status: "Validated",
		Reference: "https://example.org/bulletin.pdf", ReferenceSHA256: strings.Repeat("AB", 32), InstallMinutes: 30}
}

func TestCheckNormalises(t *testing.T) {
	p := validPatch()
	if probs := Check(&p); len(probs) > 0 {
		t.Fatalf("got problems %v, want none", probs)
	}
	if !slices.Equal(p.Advisories, []string{"ICSMA-17-250-02A"}) || !slices.Equal(p.CVEs, []string{"CVE-2017-12725"}) {
		t.Errorf("got advisories %v and CVEs %v, want upper case without duplicates", p.Advisories, p.CVEs)
	}
	if p.Status != ward.PatchValidated || p.ReferenceSHA256 != strings.Repeat("ab", 32) {
		t.Errorf("got status %q and hash %q, want lower case", p.Status, p.ReferenceSHA256)
	}
	q := validPatch()
	q.Status = ""
	Check(&q)
	if q.Status != ward.PatchPending {
		t.Errorf("empty status: got %q, want pending", q.Status)
	}
}

func TestCheckProblems(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *ward.Patch)
		field string
		want  string // part of the message
	}{
		{"no manufacturer", func(p *ward.Patch) { p.Manufacturer = " " }, FieldManufacturer, "required"},
		{"no model", func(p *ward.Patch) { p.Model = "" }, FieldModel, "required"},
		{"no applicable versions", func(p *ward.Patch) { p.AppliesTo = "" }, FieldAppliesTo, "required"},
		{"unreadable versions", func(p *ward.Patch) { p.AppliesTo = "< july 1 2017" }, FieldAppliesTo, "cannot read"},
		{"a condition", func(p *ward.Patch) { p.AppliesTo = "all versions running on Windows 2000" }, FieldAppliesTo, "condition"},
		{"no installed version", func(p *ward.Patch) { p.InstallsVersion = "" }, FieldInstallsVersion, "required"},
		{"installs a version it applies to", func(p *ward.Patch) { p.AppliesTo = "<= 2.0" }, FieldInstallsVersion, "inside the versions"},
		{"fixes nothing", func(p *ward.Patch) { p.Advisories, p.CVEs = nil, []string{" "} }, FieldAdvisories, "at least one"},
		{"bad CVE", func(p *ward.Patch) { p.CVEs = []string{"CVE-17-1"} }, FieldCVEs, "not a CVE ID"},
		{"bad advisory", func(p *ward.Patch) { p.Advisories = []string{"ICSMA 17"} }, FieldAdvisories, "not an advisory"},
		{"bad status", func(p *ward.Patch) { p.Status = "approved" }, FieldStatus, "not one of"},
		{"bad hash", func(p *ward.Patch) { p.ReferenceSHA256 = "abc" }, FieldReferenceSHA256, "SHA-256"},
		{"hash of nothing", func(p *ward.Patch) { p.Reference = "" }, FieldReferenceSHA256, "needs the reference"},
		{"negative minutes", func(p *ward.Patch) { p.InstallMinutes = -1 }, FieldInstallMinutes, "between"},
		{"control character", func(p *ward.Patch) { p.Model = "Pump\x00" }, FieldModel, "control"},
		{"over-long notes", func(p *ward.Patch) { p.Notes = strings.Repeat("n", maxNotes+1) }, FieldNotes, "longer"},
		{"too many CVEs", func(p *ward.Patch) {
			p.CVEs = nil
			for i := range maxRefs + 1 {
				p.CVEs = append(p.CVEs, fmt.Sprintf("CVE-2020-%05d", i))
			}
		}, FieldCVEs, "at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPatch()
			tt.edit(&p)
			probs := Check(&p)
			for _, pr := range probs {
				if pr.Field == tt.field && strings.Contains(pr.Message, tt.want) {
					return
				}
			}
			t.Errorf("got %v, want a problem of %s saying %q", probs, tt.field, tt.want)
		})
	}
}

func TestCheckModelByID(t *testing.T) {
	p := validPatch()
	p.Manufacturer, p.Model, p.ModelID = "", "", 12
	if probs := Check(&p); len(probs) > 0 {
		t.Errorf("got %v, want none for a model given by ID", probs)
	}
}

func TestSplitList(t *testing.T) {
	got := SplitList(" CVE-2020-1, CVE-2020-2;CVE-2020-3 | CVE-2020-4\nCVE-2020-5 ")
	want := []string{"CVE-2020-1", "CVE-2020-2", "CVE-2020-3", "CVE-2020-4", "CVE-2020-5"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
