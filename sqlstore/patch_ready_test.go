package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// readyLines renders queue lines for comparison: "facility/department
// model team devices versions patches".
func readyLines(gs []ward.PatchReadyGroup) []string {
	var out []string
	for _, g := range gs {
		var patches []string
		for _, p := range g.Patches {
			patches = append(patches, fmt.Sprintf("%s×%d", p.InstallsVersion, p.Devices))
		}
		out = append(out, fmt.Sprintf("%s/%s %s team=%q devices=%d versions=%v patches=%v", g.Facility, g.Department, g.Model,
			g.Team, g.Devices, g.Versions, patches))
	}
	return out
}

func TestPatchReadyQueue(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		if gs := mustReady(t, db, ward.PatchReadyFilter{}); len(gs) != 0 {
			t.Errorf("without a catalog: got %v, want an empty queue", readyLines(gs))
		}
		pending := aicPatch()
		pending.Status = ward.PatchPending
		mustCreatePatch(t, db, pending)
		if gs := mustReady(t, db, ward.PatchReadyFilter{}); len(gs) != 0 {
			t.Errorf("with a pending patch only: got %v, want an empty queue", readyLines(gs))
		}

		// A validated patch fixing the advisory, another fixing its CVE for
		// 1.2.0 only and installing a lower version: 1.2.0 gets the higher.
		main := aicPatch()
		main.InstallsVersion = "1.4.0.1"
		mustCreatePatch(t, db, main)
		cveOnly := aicPatch()
		cveOnly.AppliesTo, cveOnly.InstallsVersion, cveOnly.Advisories, cveOnly.CVEs = "1.2.0", "1.3.3", nil, []string{"CVE-2022-47376"}
		mustCreatePatch(t, db, cveOnly)

		want := []string{
			`North Hospital/Pharmacy Alaris Infusion Central team="Clinical Engineering" devices=5 versions=[1.3.2] patches=[1.4.0.1×5]`,
			`South Hospital/ICU Alaris Infusion Central team="Clinical Engineering" devices=2 versions=[1.2.0] patches=[1.4.0.1×2]`,
		}
		gs := mustReady(t, db, ward.PatchReadyFilter{})
		if got := readyLines(gs); !slices.Equal(got, want) {
			t.Errorf("queue:\ngot  %q\nwant %q", got, want)
		}
		if len(gs) > 0 && (gs[0].InstallMinutes != 5*45 || !gs[0].RequiresDowntime || !slices.Equal(gs[0].Advisories, []string{aicAdvisory}) ||
			!slices.Equal(gs[0].CVEs, []string{"CVE-2022-47376"}) || gs[0].DeviceType != "Infusion Data Server" || gs[0].Manufacturer != "BD") {
			t.Errorf("first line: got %+v, want 225 minutes with downtime, the advisory, its CVE, the type and BD", gs[0])
		}

		north, err := db.FindFacilityByName(s.ctx, "North Hospital")
		if err != nil {
			t.Fatal(err)
		}
		if got := readyLines(mustReady(t, db, ward.PatchReadyFilter{FacilityIDs: []int64{north.ID}})); !slices.Equal(got, want[:1]) {
			t.Errorf("North only: got %q, want %q", got, want[:1])
		}
		if gs := mustReady(t, db, ward.PatchReadyFilter{TeamID: s.security.ID}); len(gs) != 0 {
			t.Errorf("IT Security's queue: got %q, want empty (the matrix gives patch work to Clinical Engineering)", readyLines(gs))
		}

		// Without the matrix rule the owner does the work: P-08's own team,
		// nobody for the others.
		if err := db.DeleteResponsibility(s.ctx, "Infusion Data Server", ward.TaskPatch); err != nil {
			t.Fatal(err)
		}
		want = []string{
			`North Hospital/Pharmacy Alaris Infusion Central team="" devices=5 versions=[1.3.2] patches=[1.4.0.1×5]`,
			`South Hospital/ICU Alaris Infusion Central team="" devices=1 versions=[1.2.0] patches=[1.4.0.1×1]`,
			`South Hospital/ICU Alaris Infusion Central team="IT Security" devices=1 versions=[1.2.0] patches=[1.4.0.1×1]`,
		}
		if got := readyLines(mustReady(t, db, ward.PatchReadyFilter{})); !slices.Equal(got, want) {
			t.Errorf("owners do the work:\ngot  %q\nwant %q", got, want)
		}
		if got := readyLines(mustReady(t, db, ward.PatchReadyFilter{TeamID: s.security.ID})); !slices.Equal(got, want[2:]) {
			t.Errorf("IT Security's queue: got %q, want %q", got, want[2:])
		}

		// A not_affected decision for 1.2.0 closes its finding: the group
		// leaves the queue.
		tr := &ward.Triage{ModelID: s.model, SoftwareVersion: "1.2.0", AdvisoryID: s.advisory.ID, Status: ward.TriageNotAffected,
			Justification: "vulnerable_code_not_in_execute_path"}
		if err := db.SetTriage(s.ctx, tr); err != nil {
			t.Fatal(err)
		}
		if got := readyLines(mustReady(t, db, ward.PatchReadyFilter{})); !slices.Equal(got, want[:1]) {
			t.Errorf("after triage: got %q, want %q", got, want[:1])
		}
		if _, err := db.FindPatchReady(s.ctx, ward.PatchReadyFilter{FacilityIDs: []int64{-1}}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad facility: got %v, want EINVALID", err)
		}
	})
}

func TestPatchReadyDevices(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		p := mustCreatePatch(t, db, aicPatch())
		devs := mustReadyDevices(t, db, ward.PatchReadyFilter{})
		var got []string
		for _, d := range devs {
			got = append(got, fmt.Sprintf("%s %s %s/%s fleet=%d", d.AssetTag, d.SoftwareVersion, d.Facility, d.Department, d.UnitFleet))
			if d.PatchID != p.ID || d.InstallsVersion != "1.4.0" || len(d.FindingIDs) != 1 || d.Team != "Clinical Engineering" ||
				!slices.Equal(d.CVEs, []string{"CVE-2022-47376"}) || d.InstallMinutes != 45 || !d.RequiresDowntime {
				t.Errorf("%s: got %+v, want the patch, its finding and CVE, Clinical Engineering", d.AssetTag, d)
			}
		}
		// P-06 is retired, P-09 already runs 1.4.0 and P-10's 1.0.4 is
		// outside the advisory; the fleets count every active unit.
		want := []string{
			"P-01 1.3.2 North Hospital/Pharmacy fleet=6", "P-02 1.3.2 North Hospital/Pharmacy fleet=6",
			"P-03 1.3.2 North Hospital/Pharmacy fleet=6", "P-04 1.3.2 North Hospital/Pharmacy fleet=6",
			"P-05 1.3.2 North Hospital/Pharmacy fleet=6", // "pharmacy" is the same location
			"P-07 1.2.0 South Hospital/ICU fleet=3", "P-08 1.2.0 South Hospital/ICU fleet=3",
		}
		if !slices.Equal(got, want) {
			t.Errorf("devices:\ngot  %q\nwant %q", got, want)
		}
		south, err := db.FindFacilityByName(s.ctx, "South Hospital")
		if err != nil {
			t.Fatal(err)
		}
		devs = mustReadyDevices(t, db, ward.PatchReadyFilter{FacilityIDs: []int64{south.ID}, ModelID: s.model})
		if len(devs) != 2 || !strings.HasPrefix(devs[0].AssetTag, "P-07") {
			t.Errorf("South only: got %d devices, want P-07 and P-08", len(devs))
		}
	})
}

// TestPatchReadyOrdered checks that open patch work orders show in the
// queue and in the work load a schedule counts, and that finished ones
// do not.
func TestPatchReadyOrdered(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		p := mustCreatePatch(t, db, aicPatch())
		day := ward.Date{Year: 2025, Month: 3, Day: 5}
		order := func(tag, status string) ward.WorkOrder {
			return ward.WorkOrder{Type: ward.WorkOrderPatch, Status: status, AssetTag: tag, TargetVersion: "1.4.0", Scheduled: day,
				Links: []ward.WorkOrderLink{{Kind: ward.LinkPatch, ID: p.ID}}}
		}
		wos, err := db.CreateWorkOrders(s.ctx, []ward.WorkOrder{order("P-01", ward.WorkOrderScheduled),
			order("P-02", ward.WorkOrderCancelled), order("P-07", ward.WorkOrderOpen)})
		if err != nil {
			t.Fatal(err)
		}
		gs := mustReady(t, db, ward.PatchReadyFilter{})
		if len(gs) != 2 || gs[0].Ordered != 1 || gs[1].Ordered != 1 {
			t.Errorf("ordered per line: got %q, want one in each line", readyLines(gs))
		}
		for _, d := range mustReadyDevices(t, db, ward.PatchReadyFilter{}) {
			want := map[string]string{"P-01": wos[0].Number, "P-07": wos[2].Number}[d.AssetTag]
			if d.WorkOrder != want {
				t.Errorf("%s: work order %q, want %q", d.AssetTag, d.WorkOrder, want)
			}
		}
		load, err := db.FindPatchWorkLoad(s.ctx, []int64{s.model}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range load {
			got = append(got, fmt.Sprintf("%d/%s %s %d", l.FacilityID, l.Department, l.Scheduled, l.Devices))
		}
		slices.Sort(got)
		north, _ := db.FindFacilityByName(s.ctx, "North Hospital")
		south, _ := db.FindFacilityByName(s.ctx, "South Hospital")
		want := []string{fmt.Sprintf("%d/ICU 2025-03-05 1", south.ID), fmt.Sprintf("%d/Pharmacy 2025-03-05 1", north.ID)}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("work load: got %q, want %q", got, want)
		}
		if load, err := db.FindPatchWorkLoad(s.ctx, []int64{s.model}, []int64{north.ID}); err != nil || len(load) != 1 {
			t.Errorf("North's work load: got %v, %v; want one line", load, err)
		}
	})
}
