package vexport_test

import (
	"time"

	"ward"
)

// The test product: BD Alaris Infusion Central 1.3.2 (real names; the
// findings and decisions are invented for the test).

var (
	day1 = time.Date(2025, 2, 1, 8, 0, 0, 0, time.UTC)
	day2 = time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC)
	day3 = time.Date(2025, 4, 15, 16, 45, 12, 0, time.UTC)
)

// validated and pending are catalog patches of the model.
func validated() ward.Patch {
	return ward.Patch{ID: 1, Manufacturer: "BD", Model: "Alaris Infusion Central", AppliesTo: "<= 1.3.2", InstallsVersion: "1.4.0",
		Advisories: []string{"ICSMA-23-047-01"}, Status: ward.PatchValidated, Date: ward.DateOf(day2),
		Reference: "https://www.bd.com/en-us/about-bd/cybersecurity/bulletin/alaris-infusion-central", Notes: "Back up the database first."}
}

func pending() ward.Patch {
	return ward.Patch{ID: 2, Manufacturer: "BD", Model: "Alaris Infusion Central", AppliesTo: "<= 1.3.2", InstallsVersion: "1.5.0",
		CVEs: []string{"CVE-2024-0001"}, Status: ward.PatchPending, Reference: "BD bulletin 2024-01"}
}

// testReport covers every status and source a VEX export meets.
func testReport() *ward.VEXReport {
	decided := func(status, just string, at time.Time) *ward.Triage {
		return &ward.Triage{ID: 9, Status: status, Justification: just, Comment: "reviewed with the OEM", Actor: "alice",
			At: at, State: ward.TriageCurrent, AdvisoryRevision: "1"}
	}
	st := func(ref, source, status string, cves ...string) ward.VEXStatement {
		return ward.VEXStatement{FindingID: int64(len(ref)), Source: source, AdvisoryRef: ref, AdvisoryTitle: "Title of " + ref,
			AdvisoryRevision: "1", CVEs: cves, Status: status, ComputedStatus: status, Confidence: ward.ConfidenceNameVersion,
			Explanation: `manufacturer "BD" = vendor "BD" (same name); version "1.3.2" satisfies "<= 1.3.2"`,
			Patches:     []ward.Patch{}, FirstSeen: day1, UpdatedAt: day1}
	}
	affected := st("ICSMA-23-047-01", ward.SourceCSAF, ward.FindingAffected, "CVE-2022-47376")
	affected.Patches = []ward.Patch{validated()}
	// The NVD record of the same CVE, not triaged, merges into it.
	nvd := st("CVE-2022-47376", ward.SourceNVD, ward.FindingAffected, "CVE-2022-47376")
	noPatch := st("ICSMA-24-001-01", ward.SourceCSAF, ward.FindingAffected, "CVE-2024-0001")
	noPatch.Patches = []ward.Patch{pending()}
	decidedNot := st("ICSMA-20-001-01", ward.SourceCSAF, ward.FindingNotAffected, "CVE-2020-0001", "CVE-2020-0002")
	decidedNot.ComputedStatus = ward.FindingAffected
	decidedNot.Triage = decided(ward.TriageNotAffected, "vulnerable_code_not_in_execute_path", day2)
	vendorNot := st("ICSMA-21-001-01", ward.SourceCSAF, ward.FindingNotAffected, "CVE-2021-0001")
	fixed := st("ICSMA-22-001-01", ward.SourceCSAF, ward.FindingFixed, "CVE-2022-0001")
	fixed.Triage = decided(ward.TriageFixed, "", day3)
	investigating := st("ICSMA-19-001-01", ward.SourceCSAF, ward.FindingUnderInvestigation, "CVE-2019-0001")
	accepted := st("ICSMA-18-001-01", ward.SourceCSAF, ward.FindingAffected, "CVE-2018-0001")
	accepted.Triage = decided(ward.TriageRiskAccepted, "", day2)
	accepted.Triage.Expires = ward.Date{Year: 2027, Month: 3, Day: 31}
	noCVE := st("ICSMA-17-001-01", ward.SourceCSAF, ward.FindingUnderInvestigation)
	// An expired decision no longer speaks: the computed status does.
	expired := st("ICSMA-16-001-01", ward.SourceCSAF, ward.FindingAffected, "CVE-2016-0001")
	expired.Triage = decided(ward.TriageNotAffected, "component_not_present", day1)
	expired.Triage.State = ward.TriageExpired
	return &ward.VEXReport{
		Product: ward.VEXProduct{ManufacturerID: 3, Manufacturer: "BD", ModelID: 42, Model: "Alaris Infusion Central",
			ModelNumbers: []string{"8000-AIC"}, DeviceType: "Infusion Data Server", Version: "1.3.2", Devices: 17},
		Statements: []ward.VEXStatement{affected, nvd, noPatch, decidedNot, vendorNot, fixed, investigating, accepted, noCVE, expired},
	}
}

// wantStatus is each vulnerability's expected Ward status.
var wantStatus = map[string]string{
	"CVE-2022-47376":  ward.FindingAffected,
	"CVE-2024-0001":   ward.FindingAffected,
	"CVE-2020-0001":   ward.FindingNotAffected,
	"CVE-2020-0002":   ward.FindingNotAffected,
	"CVE-2021-0001":   ward.FindingNotAffected,
	"CVE-2022-0001":   ward.FindingFixed,
	"CVE-2019-0001":   ward.FindingUnderInvestigation,
	"CVE-2018-0001":   ward.FindingAffected,
	"ICSMA-17-001-01": ward.FindingUnderInvestigation,
	"CVE-2016-0001":   ward.FindingAffected,
}
