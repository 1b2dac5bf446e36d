// Package app holds Ward's use cases that span the store and the pure
// cores, so the CLI and the web layer run the same sequence: import
// advisories then re-match their candidate devices; import or change
// inventory then match the groups that are new; run a full match.
package app

import (
	"context"
	"runtime"
	"sync"

	"ward"
	"ward/match"
)

// Store is what the use cases need from storage.
type Store interface {
	ward.MatchStore
	ward.ManufacturerService
	ward.AdvisoryService
	ward.DeviceService
	ward.SBOMService
	ward.ModelService
}

// App runs Ward's use cases over a store.
type App struct {
	Store Store
}

// MatchReport says what a match did.
type MatchReport struct {
	Groups     int                 `json:"groups"`
	Advisories int                 `json:"advisories"`
	Findings   int                 `json:"findings"`
	Changes    ward.FindingChanges `json:"changes"`
}

// MatchAll matches every inventory group against every advisory that can
// concern it and replaces all findings.
func (a *App) MatchAll(ctx context.Context) (*MatchReport, error) {
	groups, err := a.Store.FindInventoryGroups(ctx, ward.GroupFilter{})
	if err != nil {
		return nil, err
	}
	return a.matchGroups(ctx, groups, ward.FindingScope{All: true})
}

// MatchStale matches the groups that appeared, or whose identity changed,
// since they were last matched (after an inventory import or update).
func (a *App) MatchStale(ctx context.Context) (*MatchReport, error) {
	groups, err := a.Store.FindInventoryGroups(ctx, ward.GroupFilter{Unmatched: true})
	if err != nil || len(groups) == 0 {
		return &MatchReport{}, err
	}
	keys := make([]ward.GroupKey, len(groups))
	for i, g := range groups {
		keys[i] = g.GroupKey
	}
	return a.matchGroups(ctx, groups, ward.FindingScope{Groups: keys})
}

// matchGroups matches groups against their candidate advisories and
// replaces the findings of scope.
func (a *App) matchGroups(ctx context.Context, groups []ward.InventoryGroup, scope ward.FindingScope) (*MatchReport, error) {
	res, err := newResolver(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	cf := ward.CandidateFilter{}
	mfrs := map[int64]bool{}
	idents := map[ward.Identifier]bool{}
	for i := range groups {
		g := &groups[i]
		if !mfrs[g.ManufacturerID] {
			mfrs[g.ManufacturerID] = true
			cf.ManufacturerIDs = append(cf.ManufacturerIDs, g.ManufacturerID)
		}
		for _, id := range match.GroupIdentifiers(toMatchGroup(g)) {
			if !idents[id] {
				idents[id] = true
				cf.Identifiers = append(cf.Identifiers, id)
			}
		}
	}
	idx := match.NewIndex(res)
	if err := a.Store.EachCandidateAdvisory(ctx, cf, func(adv *ward.Advisory) error {
		idx.Add(adv)
		return nil
	}); err != nil {
		return nil, err
	}
	findings := matchAll(idx, groups)
	ch, err := a.Store.ReplaceFindings(ctx, scope, findings)
	if err != nil {
		return nil, err
	}
	return &MatchReport{Groups: len(groups), Advisories: idx.Len(), Findings: len(findings), Changes: *ch}, nil
}

// MatchAdvisories re-matches the given (new or revised) advisories against
// their candidate groups only: those of the manufacturers their vendors
// resolve to and those carrying their identifiers.
func (a *App) MatchAdvisories(ctx context.Context, ids []int64) (*MatchReport, error) {
	if len(ids) == 0 {
		return &MatchReport{}, nil
	}
	res, err := newResolver(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	idx := match.NewIndex(res)
	gf := ward.GroupFilter{}
	mfrs := map[int64]bool{}
	if err := a.Store.EachCandidateAdvisory(ctx, ward.CandidateFilter{AdvisoryIDs: ids}, func(adv *ward.Advisory) error {
		idx.Add(adv)
		for _, p := range adv.Products {
			if adv.Source == ward.SourceNVD {
				break
			}
			for _, r := range res.Resolve(p.Vendor) {
				if !mfrs[r.ID] {
					mfrs[r.ID] = true
					gf.ManufacturerIDs = append(gf.ManufacturerIDs, r.ID)
				}
			}
		}
		gf.Identifiers = append(gf.Identifiers, match.AdvisoryIdentifiers(adv)...)
		return nil
	}); err != nil {
		return nil, err
	}
	var groups []ward.InventoryGroup
	if len(gf.ManufacturerIDs) > 0 || len(gf.Identifiers) > 0 {
		if groups, err = a.Store.FindInventoryGroups(ctx, gf); err != nil {
			return nil, err
		}
	}
	findings := matchAll(idx, groups)
	ch, err := a.Store.ReplaceFindings(ctx, ward.FindingScope{AdvisoryIDs: ids}, findings)
	if err != nil {
		return nil, err
	}
	return &MatchReport{Groups: len(groups), Advisories: idx.Len(), Findings: len(findings), Changes: *ch}, nil
}

// matchAll runs the matcher over groups on every core.
func matchAll(idx *match.Index, groups []ward.InventoryGroup) []ward.GroupFinding {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(groups)/64))
	parts := make([][]ward.GroupFinding, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(groups); i += workers {
				g := &groups[i]
				for _, r := range idx.Match(toMatchGroup(g)) {
					parts[w] = append(parts[w], ward.GroupFinding{GroupKey: g.GroupKey, AdvisoryID: r.Advisory.ID,
						Status: r.Status, Confidence: r.Confidence, CVEs: r.CVEs, Evidence: r.Evidence})
				}
			}
		}()
	}
	wg.Wait()
	var out []ward.GroupFinding
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func toMatchGroup(g *ward.InventoryGroup) *match.Group {
	mg := &match.Group{ModelID: g.ModelID, Version: g.SoftwareVersion, DeviceID: g.DeviceID, ManufacturerID: g.ManufacturerID,
		Manufacturer: g.Manufacturer, Model: g.Model, Aliases: g.Aliases, ModelNumbers: g.ModelNumbers, Components: g.Components}
	if g.CPE != "" {
		mg.CPEs = []string{g.CPE}
	}
	return mg
}
