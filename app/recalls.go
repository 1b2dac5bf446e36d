package app

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"ward"
)

// RecallStore is what the recall use cases need from storage: recalls,
// their matches, and the work-order area's bulk creation.
type RecallStore interface {
	ward.RecallService
	ward.RecallMatchService
	ward.RecallMatchStore
	ward.ManufacturerService
	CreateWorkOrders(ctx context.Context, wos []ward.WorkOrder) ([]ward.WorkOrder, error)
}

// RecallMatchReport says what a recall match did.
type RecallMatchReport struct {
	Recalls int                     `json:"recalls"`
	Matches int                     `json:"matches"`
	Changes ward.RecallMatchChanges `json:"changes"`
}

// fullRecallThreshold is the number of changed recalls (a first import of
// FDA's whole download, say) above which the re-match names no list.
const fullRecallThreshold = 5000

// ImportRecalls stores the recalls of src, then matches those that are new
// or revised against the devices they can concern.
func (a *App) ImportRecalls(ctx context.Context, src ward.RecallSource, skipInvalid bool) (*ward.RecallImportResult, *RecallMatchReport, error) {
	res, err := a.Store.ImportRecalls(ctx, src, skipInvalid)
	if err != nil {
		return nil, nil, err
	}
	rep, err := a.MatchRecalls(ctx, res.Changed)
	return res, rep, err
}

// MatchRecalls re-matches the listed recalls and replaces their matches.
func (a *App) MatchRecalls(ctx context.Context, ids []int64) (*RecallMatchReport, error) {
	if len(ids) == 0 {
		return &RecallMatchReport{}, nil
	}
	if len(ids) > fullRecallThreshold {
		return a.MatchAllRecalls(ctx)
	}
	return a.matchRecalls(ctx, ward.RecallMatchScope{RecallIDs: ids}, ids)
}

// MatchAllRecalls re-matches every recall against the inventory, as after
// manufacturer aliases, models or devices changed, and replaces all
// matches; users' statuses and notes are kept.
func (a *App) MatchAllRecalls(ctx context.Context) (*RecallMatchReport, error) {
	var ids []int64
	err := a.Store.EachCandidateRecall(ctx, ward.RecallCandidateFilter{All: true}, func(r *ward.Recall) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a.matchRecalls(ctx, ward.RecallMatchScope{All: true}, ids)
}

// maxDeviceMatch is the number of devices above which a device-side
// match gives way to a full one, which reads devices by index per recall
// instead of holding them.
const maxDeviceMatch = 20000

// MatchRecallDevices re-matches the listed devices (changed or new)
// against the recalls that can concern them: those of their
// manufacturers and those listing their UDI device identifiers. Only
// these devices' matches are replaced.
func (a *App) MatchRecallDevices(ctx context.Context, deviceIDs []int64) (*RecallMatchReport, error) {
	if len(deviceIDs) == 0 {
		return &RecallMatchReport{}, nil
	}
	if len(deviceIDs) > maxDeviceMatch {
		return a.MatchAllRecalls(ctx)
	}
	units := []ward.RecallUnit{}
	var cf ward.RecallCandidateFilter
	mfrs, dis := map[int64]bool{}, map[string]bool{}
	err := a.Store.EachRecallUnit(ctx, ward.RecallUnitFilter{DeviceIDs: deviceIDs}, func(u *ward.RecallUnit) error {
		units = append(units, *u)
		if !mfrs[u.ManufacturerID] {
			mfrs[u.ManufacturerID] = true
			cf.ManufacturerIDs = append(cf.ManufacturerIDs, u.ManufacturerID)
		}
		if u.UDIDI != "" && !dis[u.UDIDI] {
			dis[u.UDIDI] = true
			cf.UDIDIs = append(cf.UDIDIs, u.UDIDI)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var ids []int64
	if len(units) > 0 {
		err = a.Store.EachCandidateRecall(ctx, cf, func(r *ward.Recall) error {
			ids = append(ids, r.ID)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return a.matchRecallsOf(ctx, ward.RecallMatchScope{DeviceIDs: deviceIDs}, ids, units)
}

func (a *App) matchRecalls(ctx context.Context, scope ward.RecallMatchScope, ids []int64) (*RecallMatchReport, error) {
	return a.matchRecallsOf(ctx, scope, ids, nil)
}

func (a *App) matchRecallsOf(ctx context.Context, scope ward.RecallMatchScope, ids []int64, units []ward.RecallUnit) (*RecallMatchReport, error) {
	res, err := newResolver(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	src := newRecallVerdicts(ctx, a.Store, res, ids)
	src.units = units
	ch, err := a.Store.ReplaceRecallMatches(ctx, scope, src)
	if err != nil {
		return nil, err
	}
	return &RecallMatchReport{Recalls: src.recalls, Matches: src.matches, Changes: *ch}, nil
}

// RecallWorkOrderOptions shapes the work orders CreateRecallWorkOrders
// makes.
type RecallWorkOrderOptions struct {
	Due      ward.Date
	Assignee string
	DryRun   bool // count, create nothing
}

// RecallWorkOrderReport says what CreateRecallWorkOrders did.
type RecallWorkOrderReport struct {
	Matches    int              `json:"matches"`
	WorkOrders []ward.WorkOrder `json:"work_orders"`
	ByRecall   map[string]int   `json:"by_recall"`
	DryRun     bool             `json:"dry_run,omitempty"`
}

// woBatch is how many recall work orders one CreateWorkOrders call
// stores: each batch is one transaction, and a batch created is not made
// again, since its matches are then in progress.
const woBatch = 5000

// CreateRecallWorkOrders creates one recall work order for each open
// match f selects (matches in progress already have their work): linked
// to the recall, so that completing it completes the recall on the
// device. Its priority follows the recall's class (I critical, II high,
// III medium); its team comes from the responsibility matrix.
func (a *App) CreateRecallWorkOrders(ctx context.Context, f ward.RecallMatchFilter, opts RecallWorkOrderOptions) (*RecallWorkOrderReport, error) {
	f.Statuses = []string{ward.RecallOpen}
	rep := &RecallWorkOrderReport{WorkOrders: []ward.WorkOrder{}, ByRecall: map[string]int{}, DryRun: opts.DryRun}
	var pending []ward.WorkOrder
	err := a.Store.EachRecallMatch(ctx, f, func(m *ward.RecallMatch) error {
		rep.Matches++
		rep.ByRecall[m.RecallNumber]++
		if !opts.DryRun {
			pending = append(pending, recallWorkOrder(m, opts))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for len(pending) > 0 {
		n := min(woBatch, len(pending))
		wos, err := a.Store.CreateWorkOrders(ctx, pending[:n])
		if err != nil {
			return rep, err
		}
		rep.WorkOrders = append(rep.WorkOrders, wos...)
		pending = pending[n:]
	}
	return rep, nil
}

// recallWorkOrder is the work order for one match.
func recallWorkOrder(m *ward.RecallMatch, opts RecallWorkOrderOptions) ward.WorkOrder {
	priority := map[string]string{"I": "critical", "II": "high", "III": "medium"}[m.Classification]
	if priority == "" {
		priority = "medium"
	}
	class := "not yet classified"
	if m.Classification != "" {
		class = "Class " + m.Classification
	}
	title := fmt.Sprintf("FDA recall %s (%s): %s %s", m.RecallNumber, class, m.Manufacturer, m.Model)
	desc := fmt.Sprintf("FDA recall %s (%s) by %s.\n\nReason: %s\n\nWhy Ward matched this device (%s, confidence %s): %s\n\n"+
		"Do what the firm's notice asks for this unit, then complete this work order: that completes the recall on %s.",
		m.RecallNumber, class, m.Firm, m.Reason, m.AssetTag, m.Confidence, m.Explanation, m.AssetTag)
	return ward.WorkOrder{
		Type: ward.WorkOrderRecall, DeviceID: m.DeviceID, Priority: priority, Due: opts.Due, Assignee: opts.Assignee,
		Title:       clip(oneLine(title), 200),
		Description: clip(desc, 4000),
		Links:       []ward.WorkOrderLink{{Kind: ward.LinkRecall, ID: m.RecallID, Ref: m.RecallNumber}},
	}
}

// oneLine turns line breaks and other control characters into spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsControl), " ")
}

// clip cuts s to at most n characters, marking the cut.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return ' '
		}
		return r
	}, s)
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
