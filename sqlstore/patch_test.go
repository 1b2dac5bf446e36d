package sqlstore_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"ward"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

var patchDay = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func TestPatchCRUD(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		p := mustCreatePatch(t, db, aicPatch())
		if p.ID == 0 || p.ModelID != s.model || p.Manufacturer != "BD" || p.Model != "Alaris Infusion Central" {
			t.Fatalf("created: got id %d model %d %q %q, want the scenario's model under BD", p.ID, p.ModelID, p.Manufacturer, p.Model)
		}
		got, err := db.FindPatch(s.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AppliesTo != p.AppliesTo || !slices.Equal(got.Advisories, []string{aicAdvisory}) || got.CVEs == nil ||
			!got.RequiresDowntime || got.InstallMinutes != 45 || got.Date != ward.DateOf(patchDay) {
			t.Errorf("read back: got %+v, want what was created", got)
		}

		dup := aicPatch()
		dup.InstallsVersion = "V1.4.0" // the same release, written differently
		if err := db.CreatePatch(s.ctx, dup); ward.ErrorCode(err) != ward.ECONFLICT {
			t.Errorf("second patch installing 1.4.0: got %v, want ECONFLICT", err)
		}
		bad := aicPatch()
		bad.Model = "Alaris 9000"
		if err := db.CreatePatch(s.ctx, bad); ward.ErrorCode(err) != ward.ENOTFOUND || !strings.Contains(err.Error(), "Alaris 9000") {
			t.Errorf("unknown model: got %v, want ENOTFOUND naming it", err)
		}
		bad = aicPatch()
		bad.AppliesTo = "< july 1 2017"
		if err := db.CreatePatch(s.ctx, bad); ward.ErrorCode(err) != ward.EINVALID || !strings.Contains(err.Error(), "applies_to") {
			t.Errorf("unreadable versions: got %v, want EINVALID naming applies_to", err)
		}

		status, cves := ward.PatchRejected, []string{"cve-2022-47376"}
		upd, err := db.UpdatePatch(s.ctx, p.ID, ward.PatchUpdate{Status: &status, CVEs: &cves})
		if err != nil {
			t.Fatal(err)
		}
		if upd.Status != ward.PatchRejected || !slices.Equal(upd.CVEs, []string{"CVE-2022-47376"}) || upd.AppliesTo != p.AppliesTo {
			t.Errorf("updated: got status %q CVEs %v applies %q, want rejected, the CVE in upper case, applies unchanged",
				upd.Status, upd.CVEs, upd.AppliesTo)
		}
		bogus := "approved"
		if _, err := db.UpdatePatch(s.ctx, p.ID, ward.PatchUpdate{Status: &bogus}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad status: got %v, want EINVALID", err)
		}
		if _, err := db.UpdatePatch(s.ctx, 999999, ward.PatchUpdate{Status: &status}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("unknown patch: got %v, want ENOTFOUND", err)
		}

		page, err := db.FindPatches(s.ctx, ward.PatchFilter{Fixes: "CVE-2022-47376"})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != p.ID {
			t.Errorf("patches fixing the CVE: got %v %v, want the one patch", page, err)
		}
		if page, _ := db.FindPatches(s.ctx, ward.PatchFilter{Status: ward.PatchValidated}); len(page.Items) != 0 {
			t.Errorf("validated patches: got %d, want none", len(page.Items))
		}
		if _, err := db.FindPatches(s.ctx, ward.PatchFilter{Status: "approved"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad status filter: got %v, want EINVALID", err)
		}
		if err := db.DeletePatch(s.ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePatch(s.ctx, p.ID); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("second delete: got %v, want ENOTFOUND", err)
		}
		// Refused changes leave no trace; an update that changes nothing
		// neither.
		if _, err := db.UpdatePatch(s.ctx, 999999, ward.PatchUpdate{}); ward.ErrorCode(err) != ward.ENOTFOUND {
			t.Errorf("unknown patch: got %v, want ENOTFOUND", err)
		}
		audit, err := db.FindAudit(s.ctx, ward.AuditFilter{Entity: "patch"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range audit.Items {
			actions = append(actions, e.Action+" "+e.EntityID+" by "+e.Actor)
		}
		id := strconv.FormatInt(p.ID, 10)
		want := []string{"patch.create " + id + " by test", "patch.update " + id + " by test", "patch.delete " + id + " by test"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit trail: got %q, want %q", actions, want)
		}
		if len(audit.Items) == 3 && !strings.Contains(string(audit.Items[1].Before), `"validated"`) {
			t.Errorf("update's before: got %s, want the validated patch", audit.Items[1].Before)
		}
	})
}

func TestFindPatchesPages(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		for _, v := range []string{"1.4.0", "1.4.1", "1.5", "2.0", "2.1"} {
			p := aicPatch()
			p.InstallsVersion = v
			mustCreatePatch(t, db, p)
		}
		var got []string
		f := ward.PatchFilter{ModelID: s.model, Limit: 2}
		for {
			page, err := db.FindPatches(s.ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Items {
				got = append(got, p.InstallsVersion)
			}
			if page.NextCursor == "" {
				break
			}
			f.After = page.NextCursor
		}
		if want := []string{"1.4.0", "1.4.1", "1.5", "2.0", "2.1"}; !slices.Equal(got, want) {
			t.Errorf("paged: got %v, want %v", got, want)
		}
		if _, err := db.FindPatches(s.ctx, ward.PatchFilter{After: "garbage"}); ward.ErrorCode(err) != ward.EINVALID {
			t.Errorf("bad cursor: got %v, want EINVALID", err)
		}
	})
}

// batch builds an import batch from patches, one per line from line 2.
func batch(ps ...ward.Patch) *ward.PatchBatch {
	b := &ward.PatchBatch{Name: "catalog.csv", Columns: map[string]string{"model": "Product", "installs_version": "Fixed In"}}
	for i, p := range ps {
		b.Records = append(b.Records, ward.PatchRecord{Line: i + 2, Patch: p})
	}
	return b
}

func TestImportPatches(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		a, b := *aicPatch(), *aicPatch()
		b.InstallsVersion, b.Status = "1.5", ""
		res, err := db.ImportPatches(s.ctx, batch(a, b), false)
		if err != nil || res.Created != 2 || res.Read != 2 {
			t.Fatalf("first import: got %+v %v, want 2 created", res, err)
		}
		res, err = db.ImportPatches(s.ctx, batch(a, b), false)
		if err != nil || res.Unchanged != 2 || res.Created+res.Updated != 0 {
			t.Errorf("same file again: got %+v %v, want 2 unchanged", res, err)
		}
		b.Notes = "validated on the bench"
		res, err = db.ImportPatches(s.ctx, batch(a, b), false)
		if err != nil || res.Updated != 1 || res.Unchanged != 1 {
			t.Errorf("one change: got %+v %v, want 1 updated and 1 unchanged", res, err)
		}
		page, _ := db.FindPatches(s.ctx, ward.PatchFilter{ModelID: s.model})
		if len(page.Items) != 2 || page.Items[1].Notes != "validated on the bench" || page.Items[1].Status != ward.PatchPending {
			t.Errorf("stored: got %+v, want the note and the default pending status", page.Items)
		}

		unknown, dup, bad := *aicPatch(), *aicPatch(), *aicPatch()
		unknown.Model, unknown.InstallsVersion = "Alaris 9000", "3.0"
		dup.InstallsVersion = "v1.5"
		bad.InstallsVersion, bad.CVEs = "4.0", []string{"CVE-22-1"}
		_, err = db.ImportPatches(s.ctx, batch(b, unknown, dup, bad), false)
		var ie *ward.ImportError
		if !errors.As(err, &ie) || len(ie.Rows) != 3 {
			t.Fatalf("invalid rows: got %v, want an ImportError with 3 rows", err)
		}
		want := []string{`catalog.csv:3: field "Product": BD has no model known as "Alaris 9000"`,
			`catalog.csv:4: field "Fixed In": line 2 already has a patch for BD Alaris Infusion Central installing "v1.5"`,
			`catalog.csv:5: field "cves": "CVE-22-1" is not a CVE ID (CVE-YYYY-NNNN)`}
		for i, r := range ie.Rows {
			if got := r.Error(); got != want[i] {
				t.Errorf("problem %d: got %q, want %q", i, got, want[i])
			}
		}
		if page, _ := db.FindPatches(s.ctx, ward.PatchFilter{ModelID: s.model}); len(page.Items) != 2 {
			t.Errorf("after a refused import: got %d patches, want the 2 from before", len(page.Items))
		}

		good := *aicPatch()
		good.InstallsVersion = "2.0"
		res, err = db.ImportPatches(s.ctx, batch(good, unknown), true)
		if err != nil || res.Created != 1 || len(res.Rejected) != 1 || res.Rejected[0].Line != 3 {
			t.Errorf("skip invalid: got %+v %v, want 1 created and line 3 rejected", res, err)
		}
	})
}

func TestImportPatchesUnresolvedManufacturer(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := mustPatchScenario(t, db)
		mustImportCMMS(t, s.app, "Asset Tag,Manufacturer,Model\nX-1,Acme Biomedical Widgets,Widget 5\n")
		p := *aicPatch()
		p.Manufacturer, p.Model = "Acme Biomedical Widgets", "Widget 5"
		_, err := db.ImportPatches(s.ctx, batch(p), false)
		var ie *ward.ImportError
		if !errors.As(err, &ie) || !strings.Contains(ie.Rows[0].Error(), "not resolved") {
			t.Errorf("unresolved manufacturer: got %v, want a problem saying it is not resolved", err)
		}
	})
}
