// Package app holds Ward's use cases that span the store and the pure
// cores, so the CLI and the web layer run the same sequence: import
// advisories then re-match their candidate devices; import or change
// inventory then match the groups that are new; run a full match.
package app

import (
	"context"
	"slices"

	"ward"
	"ward/auth"
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
	RiskStore
	ward.UserService
	ward.AuditService
	RecallStore
	ward.StatsService
	ward.WorkOrderStore
	PatchStore
}

// App runs Ward's use cases over a store.
type App struct {
	Store Store
	// PasswordParams is the argon2id cost of new password hashes; zero
	// means auth.Default.
	PasswordParams auth.Params
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
	return a.matchGroups(ctx, groups)
}

// MatchStale matches the groups that appeared, or whose identity changed,
// since they were last matched (after an inventory import or update).
func (a *App) MatchStale(ctx context.Context) (*MatchReport, error) {
	groups, err := a.Store.FindInventoryGroups(ctx, ward.GroupFilter{Unmatched: true})
	if err != nil || len(groups) == 0 {
		return &MatchReport{}, err
	}
	return a.matchGroups(ctx, groups)
}

// matchGroups matches groups against their candidate advisories and
// replaces their findings.
func (a *App) matchGroups(ctx context.Context, groups []ward.InventoryGroup) (*MatchReport, error) {
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
	src := newMatchStream(idx, groups)
	defer src.close()
	ch, err := a.Store.ReplaceFindings(ctx, ward.FindingScope{}, src)
	if err != nil {
		return nil, err
	}
	return &MatchReport{Groups: len(groups), Advisories: idx.Len(), Findings: src.findings, Changes: *ch}, nil
}

// fullMatchThreshold is the number of changed advisories (a first NVD
// import, say) above which a full match, which streams group by group, is
// cheaper than holding every changed advisory's findings at once.
const fullMatchThreshold = 5000

// MatchAdvisories re-matches the given (new or revised) advisories against
// their candidate groups only: those of the manufacturers their vendors
// resolve to and those carrying their identifiers. Advisories sharing a CVE
// with a VEX document among them (or VEX documents sharing a CVE with
// them) are re-matched too, since the VEX changes their findings.
func (a *App) MatchAdvisories(ctx context.Context, ids []int64) (*MatchReport, error) {
	if len(ids) == 0 {
		return &MatchReport{}, nil
	}
	if len(ids) > fullMatchThreshold {
		return a.MatchAll(ctx)
	}
	related, err := a.Store.VEXRelated(ctx, ids)
	if err != nil {
		return nil, err
	}
	ids = append(slices.Clip(ids), related...)
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
	src := newMatchStream(idx, groups)
	defer src.close()
	ch, err := a.Store.ReplaceFindings(ctx, ward.FindingScope{AdvisoryIDs: ids}, src)
	if err != nil {
		return nil, err
	}
	return &MatchReport{Groups: len(groups), Advisories: idx.Len(), Findings: src.findings, Changes: *ch}, nil
}

func toMatchGroup(g *ward.InventoryGroup) *match.Group {
	mg := &match.Group{ModelID: g.ModelID, Version: g.SoftwareVersion, DeviceID: g.DeviceID, ManufacturerID: g.ManufacturerID,
		Manufacturer: g.Manufacturer, Model: g.Model, Aliases: g.Aliases, ModelNumbers: g.ModelNumbers, Components: g.Components}
	if g.CPE != "" {
		mg.CPEs = []string{g.CPE}
	}
	return mg
}
