package ward

import "testing"

func TestGroupFindingDigest(t *testing.T) {
	base := GroupFinding{GroupKey: GroupKey{ModelID: 1, SoftwareVersion: "1.0"}, AdvisoryID: 7, Status: FindingAffected,
		Confidence: ConfidenceNameVersion, CVEs: []string{"CVE-2024-0001", "CVE-2024-0002"},
		Evidence: Evidence{Manufacturer: "BD", Vendor: "BD", Model: "Alaris", Product: "Alaris PC", Version: "1.0",
			ProductKeys: []string{"CSAFPID-1"}}}
	changes := map[string]func(*GroupFinding){
		"status":         func(f *GroupFinding) { f.Status = FindingFixed },
		"confidence":     func(f *GroupFinding) { f.Confidence = ConfidenceExact },
		"one CVE fewer":  func(f *GroupFinding) { f.CVEs = f.CVEs[:1] },
		"CVEs reordered": func(f *GroupFinding) { f.CVEs = []string{"CVE-2024-0002", "CVE-2024-0001"} },
		"text moved":     func(f *GroupFinding) { f.Evidence.Vendor, f.Evidence.Model = "BDA", "laris" },
		"VEX note":       func(f *GroupFinding) { f.Evidence.VEX = "says fixed" },
		"product key":    func(f *GroupFinding) { f.Evidence.ProductKeys = nil },
		"CVE into product": func(f *GroupFinding) {
			f.CVEs, f.Evidence.ProductKeys = nil, []string{"CVE-2024-0001", "CVE-2024-0002", "CSAFPID-1"}
		},
	}
	want := base.Digest()
	if want == 0 {
		t.Fatal("Digest is 0, which stores read as unknown")
	}
	same := base
	same.GroupKey, same.AdvisoryID = GroupKey{ModelID: 9}, 8 // not part of what the finding says
	if got := same.Digest(); got != want {
		t.Errorf("Digest changed with the group or advisory: %x, want %x", got, want)
	}
	for name, change := range changes {
		f := base
		f.CVEs = append([]string(nil), base.CVEs...)
		f.Evidence.ProductKeys = append([]string(nil), base.Evidence.ProductKeys...)
		change(&f)
		if f.Digest() == want {
			t.Errorf("%s: Digest unchanged", name)
		}
	}
}
