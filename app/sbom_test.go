package app_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ward"
	"ward/app"
	"ward/ingest/nvd"
	"ward/sqlstore"
	"ward/sqlstore/sqltest"
)

// The NVD fixtures and the medical SBOMs share no product, so these tests
// take real NVD records of testdata/nvd/cves-2023.json.gz and change only
// the criteria of their CPE matches to components of the SBOMs, keeping
// each record's version bounds and AND/OR structure.
const (
	// CVE-2022-41920 (lancet): OR of "< 1.3.4" and ">= 2.0.0, < 2.1.10";
	// retargeted to log4net, which the SBOMs list at 2.0.8.
	cveLog4net = "CVE-2022-41920"
	// CVE-2022-36432 (amasty blog_pro): "< 2.10.5"; retargeted to wolfSSL,
	// listed at 4.8.1, outside.
	cveWolfSSL = "CVE-2022-36432"
	// CVE-2022-43096 (Mediatrix): firmware "< 48.5.2718" AND the hardware
	// (not vulnerable); retargeted to FreeRTOS (10.0.1 in the extended
	// SBOM) running on an ARM Cortex-M4.
	cveFreeRTOS = "CVE-2022-43096"
	// CVE-2022-39834 (EJBCA): "<= 7.9.0.2"; retargeted to the Qualcomm
	// QCA9563, listed without a version.
	cveQualcomm = "CVE-2022-39834"

	log4netCPE  = "cpe:2.3:a:the_apache_software_foundation:log4net:*:*:*:*:*:*:*:*"
	wolfSSLCPE  = "cpe:2.3:a:wolfssl:wolfssl:*:*:*:*:*:*:*:*"
	freeRTOSCPE = "cpe:2.3:o:amazon:freertos:*:*:*:*:*:*:*:*"
	armCPE      = "cpe:2.3:h:arm:cortex-m4_microcontroller:-:*:*:*:*:*:*:*"
	qualcommCPE = "cpe:2.3:h:qualcomm:atheros_qca9563:*:*:*:*:*:*:*:*"
)

// retargetedNVD returns the four NVD records above, derived from the real
// page, as advisories read by the NVD importer. A lastModified other than
// "" makes them a later revision of each record.
func retargetedNVD(tb testing.TB, lastModified string) []*ward.Advisory {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "nvd", "cves-2023.json.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var page struct {
		Vulnerabilities []map[string]map[string]any `json:"vulnerabilities"`
	}
	if err := json.NewDecoder(zr).Decode(&page); err != nil {
		tb.Fatal(err)
	}
	// criteria maps a CVE's original criteria (by vulnerable flag) to the
	// new ones.
	retarget := map[string]map[bool]string{
		cveLog4net:  {true: log4netCPE},
		cveWolfSSL:  {true: wolfSSLCPE},
		cveFreeRTOS: {true: freeRTOSCPE, false: armCPE},
		cveQualcomm: {true: qualcommCPE},
	}
	var items []any
	for _, item := range page.Vulnerabilities {
		cve := item["cve"]
		to, ok := retarget[cve["id"].(string)]
		if !ok {
			continue
		}
		if lastModified != "" {
			cve["lastModified"] = lastModified
		}
		for _, cfg := range cve["configurations"].([]any) {
			for _, n := range cfg.(map[string]any)["nodes"].([]any) {
				for _, m := range n.(map[string]any)["cpeMatch"].([]any) {
					m := m.(map[string]any)
					m["criteria"] = to[m["vulnerable"].(bool)]
				}
			}
		}
		items = append(items, item)
	}
	if len(items) != len(retarget) {
		tb.Fatalf("found %d of the %d NVD records", len(items), len(retarget))
	}
	b, err := json.Marshal(items)
	if err != nil {
		tb.Fatal(err)
	}
	rd, err := nvd.NewReader(bytes.NewReader(b), "cves-2023-retargeted.json")
	if err != nil {
		tb.Fatal(err)
	}
	var out []*ward.Advisory
	for {
		a, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			tb.Fatalf("read derived NVD records: %v", err)
		}
		out = append(out, a)
	}
}

// withoutComponent returns s without the components whose CPE contains
// part.
func withoutComponent(s *ward.SBOM, part string) *ward.SBOM {
	c := *s
	c.ID = 0
	c.Components = slices.DeleteFunc(slices.Clone(s.Components), func(x ward.Component) bool { return strings.Contains(x.CPE, part) })
	return &c
}

// nvdFindings returns a device's findings of NVD advisories by CVE.
func nvdFindings(tb testing.TB, db *sqlstore.DB, tag string) map[string]ward.Finding {
	tb.Helper()
	out := map[string]ward.Finding{}
	for _, f := range mustFindings(tb, db, ward.FindingFilter{DeviceID: mustTag(tb, db, tag).ID, Statuses: allStatuses}) {
		if f.Source == ward.SourceNVD {
			out[f.AdvisoryRef] = f
		}
	}
	return out
}

// servoUnits adds Maquet SERVO-U ventilators: one more at V4.2 (the group
// of DEV-158682) and two at V4.3.
func servoUnits(tb testing.TB, a *app.App) {
	tb.Helper()
	mustImportCSV(tb, a,
		"DEV-900020,3061099,MAQUET,SERVO-U Ventilator,,Ventilator,V4.2,St. Aldhelm Regional Medical Center,ICU,Bldg A / 4 West / Bed 9,,,In Service",
		"DEV-900021,3061100,MAQUET,SERVO-U Ventilator,,Ventilator,V4.3,St. Aldhelm Regional Medical Center,ICU,Bldg A / 4 West / Bed 10,,,In Service",
		"DEV-900022,3061101,MAQUET,SERVO-U Ventilator,,Ventilator,V4.3,St. Aldhelm Regional Medical Center,ICU,Bldg A / 4 West / Bed 11,,,In Service")
}

// TestSBOMAndNVD attaches the real medical SBOM to a model and version and
// matches NVD configurations against its components.
func TestSBOMAndNVD(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		servoUnits(t, a)
		res, rep := mustImportAdvisories(t, a, retargetedNVD(t, "")...)
		if res.Added != 4 || rep.Findings != 0 {
			t.Fatalf("NVD import before any SBOM: got %+v, %+v; want 4 added and no findings", res, rep)
		}
		servo := mustTag(t, db, "DEV-158682")
		extended := mustSBOMFile(t, "medical/extended.sbom.json")
		extended.ModelID, extended.SoftwareVersion = servo.ModelID, servo.SoftwareVersion
		rep, err := a.SaveSBOM(ctx, extended)
		if err != nil {
			t.Fatalf("SaveSBOM: %v", err)
		}
		if rep.Groups != 1 || rep.Changes.Added != 3 {
			t.Errorf("SaveSBOM match: got %+v, want 1 group and 3 findings added", rep)
		}

		for _, tag := range []string{"DEV-158682", "DEV-900020"} {
			got := nvdFindings(t, db, tag)
			f, ok := got[cveLog4net]
			switch {
			case !ok:
				t.Errorf("%s: no %s finding from log4net 2.0.8", tag, cveLog4net)
			case f.Status != ward.FindingAffected || f.Confidence != ward.ConfidenceExact || f.DeviceID == 0:
				t.Errorf("%s %s: got %s %s, want affected exact_identifier", tag, cveLog4net, f.Status, f.Confidence)
			case f.Evidence.Component != "log4net 2.0.8" || !strings.Contains(f.Explanation, "component log4net 2.0.8") ||
				!strings.Contains(f.Explanation, ">= 2.0.0") || !strings.Contains(f.Explanation, "< 2.1.10"):
				t.Errorf("%s %s: component %q, explanation %q: want the component log4net 2.0.8 and the range >= 2.0.0, < 2.1.10",
					tag, cveLog4net, f.Evidence.Component, f.Explanation)
			}
			if f, ok := got[cveWolfSSL]; ok {
				t.Errorf("%s: got %s %s from wolfSSL 4.8.1 against < 2.10.5, want nothing", tag, cveWolfSSL, f.Status)
			}
			if f := got[cveFreeRTOS]; f.Status != ward.FindingAffected || f.Evidence.Component != "FreeRTOS 10.0.1" {
				t.Errorf("%s %s (FreeRTOS AND ARM Cortex-M4): got %q component %q, want affected by FreeRTOS 10.0.1", tag, cveFreeRTOS, f.Status, f.Evidence.Component)
			}
			if f := got[cveQualcomm]; f.Status != ward.FindingUnderInvestigation || !strings.Contains(f.Explanation, "unknown") {
				t.Errorf("%s %s (QCA9563, no version): got %q %q, want under_investigation saying the version is unknown", tag, cveQualcomm, f.Status, f.Explanation)
			}
			if len(got) != 3 {
				t.Errorf("%s: got %d NVD findings, want 3", tag, len(got))
			}
		}
		for _, tag := range []string{"DEV-900021", "DEV-900022"} {
			if got := nvdFindings(t, db, tag); len(got) != 0 {
				t.Errorf("%s (V4.3, no SBOM): got %d NVD findings, want none", tag, len(got))
			}
		}

		// The same SBOM without the ARM platform: the AND no longer holds.
		noARM := withoutComponent(extended, ":arm:cortex-m4")
		if len(noARM.Components) != len(extended.Components)-1 {
			t.Fatalf("removing the ARM component: %d of %d components left", len(noARM.Components), len(extended.Components))
		}
		if _, err := a.SaveSBOM(ctx, noARM); err != nil {
			t.Fatal(err)
		}
		got := nvdFindings(t, db, "DEV-158682")
		if f, ok := got[cveFreeRTOS]; ok {
			t.Errorf("FreeRTOS without the ARM platform: got %s %s, want nothing", cveFreeRTOS, f.Status)
		}
		if _, ok := got[cveLog4net]; !ok || len(got) != 2 {
			t.Errorf("after replacing the SBOM: got %d NVD findings, want the log4net and Qualcomm ones", len(got))
		}
		// A log4net outside the range: nothing.
		newer := withoutComponent(noARM, "~none~")
		for i, c := range newer.Components {
			if strings.Contains(c.CPE, ":log4net:") {
				newer.Components[i].Version = "2.1.10"
				newer.Components[i].CPE = strings.Replace(c.CPE, "2.0.8", "2.1.10", 1)
			}
		}
		if _, err := a.SaveSBOM(ctx, newer); err != nil {
			t.Fatal(err)
		}
		if f, ok := nvdFindings(t, db, "DEV-158682")[cveLog4net]; ok {
			t.Errorf("log4net 2.1.10 against < 2.1.10: got %s, want nothing", f.Status)
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestDeviceSBOM: an SBOM of one device gives findings to that device
// only, and follows it when its version changes.
func TestDeviceSBOM(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		servoUnits(t, a)
		mustImportAdvisories(t, a, retargetedNVD(t, "")...)
		own := mustTag(t, db, "DEV-900021")
		narrow := mustSBOMFile(t, "medical/narrow.sbom.json")
		narrow.DeviceID = own.ID
		rep, err := a.SaveSBOM(ctx, narrow)
		if err != nil {
			t.Fatalf("SaveSBOM for a device: %v", err)
		}
		if rep.Groups != 1 {
			t.Errorf("device SBOM match: got %d groups, want 1", rep.Groups)
		}
		got := nvdFindings(t, db, "DEV-900021")
		f, ok := got[cveLog4net]
		if !ok || f.Status != ward.FindingAffected || f.Confidence != ward.ConfidenceExact || f.Evidence.Component != "log4net 2.0.8" {
			t.Errorf("DEV-900021 %s: got %v %s %s %q, want affected exact_identifier from log4net 2.0.8", cveLog4net, ok, f.Status, f.Confidence, f.Evidence.Component)
		}
		if f := got[cveQualcomm]; f.Status != ward.FindingUnderInvestigation {
			t.Errorf("DEV-900021 %s: got %q, want under_investigation", cveQualcomm, f.Status)
		}
		if _, ok := got[cveFreeRTOS]; ok || len(got) != 2 {
			t.Errorf("DEV-900021: got %d NVD findings (FreeRTOS one: %v), want 2: the narrow SBOM has no FreeRTOS", len(got), ok)
		}
		for _, tag := range []string{"DEV-900022", "DEV-158682", "DEV-900020"} {
			if got := nvdFindings(t, db, tag); len(got) != 0 {
				t.Errorf("%s: got %d NVD findings from another device's SBOM, want none", tag, len(got))
			}
		}
		// Findings filtered by model list the device-level ones too.
		var byModel int
		for _, f := range mustFindings(t, db, ward.FindingFilter{ModelID: own.ModelID}) {
			if f.Source == ward.SourceNVD {
				byModel++
				if f.AssetTag != "DEV-900021" {
					t.Errorf("model listing: %s %s belongs to DEV-900021's SBOM", f.AssetTag, f.AdvisoryRef)
				}
			}
		}
		if byModel != 2 {
			t.Errorf("model listing: got %d NVD findings, want 2", byModel)
		}

		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestDeviceSBOMVersionChange moves a device with its own SBOM to another
// software version, then runs the matches that follow: a revision of an
// NVD record it matches and a full match.
func TestDeviceSBOMVersionChange(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		servoUnits(t, a)
		mustImportAdvisories(t, a, retargetedNVD(t, "")...)
		own := mustTag(t, db, "DEV-900021")
		narrow := mustSBOMFile(t, "medical/narrow.sbom.json")
		narrow.DeviceID = own.ID
		if _, err := a.SaveSBOM(ctx, narrow); err != nil {
			t.Fatal(err)
		}
		if _, err := a.UpdateDevice(ctx, own.ID, ward.DeviceUpdate{SoftwareVersion: new("V4.4")}); err != nil {
			t.Fatal(err)
		}
		var bugs []string
		got := nvdFindings(t, db, "DEV-900021")
		if len(got) != 2 {
			t.Errorf("DEV-900021 at V4.4: got %d NVD findings, want its 2 SBOM findings", len(got))
		}
		for cve, f := range got {
			if f.SoftwareVersion != "V4.4" {
				bugs = append(bugs, fmt.Sprintf("its %s finding still lists version %s", cve, f.SoftwareVersion))
			}
		}
		if _, _, err := a.ImportAdvisories(ctx, &advisorySlice{advs: retargetedNVD(t, "2023-01-10T08:00:00.000")}); err != nil {
			bugs = append(bugs, fmt.Sprintf("importing revised NVD records fails: %v", err))
		}
		if _, err := a.MatchAll(ctx); err != nil {
			bugs = append(bugs, fmt.Sprintf("MatchAll fails: %v", err))
		}
		if len(bugs) > 0 {
			t.Fatalf("regression: device-level findings are keyed by the software version the device ran when matched "+
				"(sqlstore ReplaceFindings/findingsInScope key on model, version and device; deviceGroups never re-matches "+
				"a device that has findings), so after DEV-900021 moved from V4.3 to V4.4: %s", strings.Join(bugs, "; "))
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}

// TestDeviceSBOMWithoutFindings: a device SBOM that matches nothing must
// not make every later inventory change match that device again.
func TestDeviceSBOMWithoutFindings(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		servoUnits(t, a)
		narrow := mustSBOMFile(t, "medical/narrow.sbom.json") // no NVD record is loaded: it matches nothing
		narrow.DeviceID = mustTag(t, db, "DEV-900021").ID
		if _, err := a.SaveSBOM(ctx, narrow); err != nil {
			t.Fatal(err)
		}
		_, rep := mustImportCSV(t, a, "DEV-900023,3061102,MAQUET,SERVO-U Ventilator,,Ventilator,V4.3,St. Aldhelm Regional Medical Center,ICU,Bldg A / 4 West / Bed 12,,,In Service")
		rep2, err := a.MatchStale(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Groups != 0 || rep2.Groups != 0 {
			t.Fatalf("regression: sqlstore deviceGroups treats a device whose own SBOM gave no finding as never matched "+
				"(NOT EXISTS findings), so every MatchStale matches it again: adding a unit of a matched group got "+
				"%d groups matched, a MatchStale with nothing new got %d; want 0 and 0", rep.Groups, rep2.Groups)
		}
	})
}

// TestDeviceAndGroupSBOM: a device with an SBOM of its own whose model and
// version also has one must list each advisory once. The device is matched
// on its own SBOM, which says what it runs: it lists its device findings
// only, never its group's, while the other units of the group list the
// group's.
func TestDeviceAndGroupSBOM(t *testing.T) {
	sqltest.ForEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		a := loadDevset(t, db)
		servoUnits(t, a) // DEV-900020 runs V4.2 like DEV-158682
		mustImportAdvisories(t, a, retargetedNVD(t, "")...)
		servo := mustTag(t, db, "DEV-158682")
		sibling := mustTag(t, db, "DEV-900020")
		if sibling.ModelID != servo.ModelID || sibling.SoftwareVersion != servo.SoftwareVersion {
			t.Fatalf("DEV-900020: got model %d %s, want DEV-158682's, %d %s", sibling.ModelID, sibling.SoftwareVersion,
				servo.ModelID, servo.SoftwareVersion)
		}
		extended := mustSBOMFile(t, "medical/extended.sbom.json")
		extended.ModelID, extended.SoftwareVersion = servo.ModelID, servo.SoftwareVersion
		if _, err := a.SaveSBOM(ctx, extended); err != nil {
			t.Fatal(err)
		}
		narrow := mustSBOMFile(t, "medical/narrow.sbom.json")
		narrow.DeviceID = servo.ID
		if _, err := a.SaveSBOM(ctx, narrow); err != nil {
			t.Fatal(err)
		}
		listed := func(d *ward.Device) map[string]ward.Finding {
			out := map[string]ward.Finding{}
			for _, f := range mustFindings(t, db, ward.FindingFilter{DeviceID: d.ID, Statuses: allStatuses}) {
				if g, dup := out[f.AdvisoryRef]; dup {
					t.Errorf("%s: %s listed twice, as findings %d and %d", d.AssetTag, f.AdvisoryRef, g.ID, f.ID)
				}
				out[f.AdvisoryRef] = f
			}
			return out
		}
		own, group := listed(servo), listed(sibling)
		// The narrow SBOM lists log4net and the Qualcomm chip but not
		// FreeRTOS, which only the model's extended SBOM lists.
		if got := slices.Sorted(maps.Keys(own)); !slices.Equal(got, []string{cveQualcomm, cveLog4net}) {
			t.Errorf("DEV-158682 with its own SBOM: got %v, want its device findings only, [%s %s]", got, cveQualcomm, cveLog4net)
		}
		if _, ok := group[cveFreeRTOS]; !ok || group[cveLog4net].ID == 0 {
			t.Errorf("DEV-900020 (same group, no SBOM of its own): got %v, want the group's log4net and FreeRTOS findings",
				slices.Sorted(maps.Keys(group)))
		}
		for ref, f := range own {
			if g, ok := group[ref]; ok && g.ID == f.ID {
				t.Errorf("DEV-158682 %s: got the group's finding %d, want its device finding", ref, f.ID)
			}
			// A device finding concerns that device alone.
			var tags []string
			for _, e := range mustFindings(t, db, ward.FindingFilter{ID: f.ID, Statuses: allStatuses}) {
				tags = append(tags, e.AssetTag)
			}
			if !slices.Equal(tags, []string{servo.AssetTag}) {
				t.Errorf("finding %d (DEV-158682 %s) lists devices %v, want only DEV-158682", f.ID, ref, tags)
			}
		}
		for ref, g := range group {
			for _, e := range mustFindings(t, db, ward.FindingFilter{ID: g.ID, Statuses: allStatuses}) {
				if e.DeviceID == servo.ID {
					t.Errorf("group finding %d (%s) lists DEV-158682, which has its own SBOM", g.ID, ref)
				}
			}
		}
		mustAgreeWithFullMatch(t, a, db)
	})
}
