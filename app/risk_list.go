package app

import (
	"container/heap"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"ward"
)

// Risk listings read findings briefly (no evidence), score each row, and
// keep what the filter asks for. Scoring needs no query of its own: it is
// a pure function of values the listing has already read, and the part of
// a score that depends only on the finding and its model is worked out
// once per finding, not once per device.

// validateRiskFilter returns EINVALID for an unknown priority.
func validateRiskFilter(rf *ward.RiskFilter) error {
	for _, p := range rf.Priorities {
		if !slices.Contains(ward.Priorities, p) {
			return ward.Errorf(ward.EINVALID, "priority %q is not one of %s", p, strings.Join(ward.Priorities, ", "))
		}
	}
	return nil
}

// keep reports whether a scored finding passes the filter's priority,
// overdue and team conditions.
func keep(rf *ward.RiskFilter, f *ward.Finding) bool {
	if len(rf.Priorities) > 0 && !slices.Contains(rf.Priorities, f.Priority) {
		return false
	}
	if rf.Overdue && !f.Overdue {
		return false
	}
	if rf.Unowned && f.OwnerTeamID != 0 {
		return false
	}
	return rf.TeamID == 0 || f.OwnerTeamID == rf.TeamID
}

// EachRiskFinding streams the scored findings matching rf, in the store's
// order (by finding, then device). With explain, each carries its
// breakdown.
func (a *App) EachRiskFinding(ctx context.Context, rf ward.RiskFilter, explain bool, fn func(*ward.RiskFinding) error) error {
	if err := validateRiskFilter(&rf); err != nil {
		return err
	}
	s, err := a.newScorer(ctx, explain)
	if err != nil {
		return err
	}
	f := ward.FindingFilter{Statuses: rf.Statuses, FacilityIDs: rf.FacilityIDs, DeviceID: rf.DeviceID, ModelID: rf.ModelID, Brief: !explain}
	return a.Store.EachFinding(ctx, f, func(fd *ward.Finding) error {
		s.apply(fd)
		if !keep(&rf, fd) {
			return nil
		}
		r := ward.RiskFindingOf(fd)
		return fn(&r)
	})
}

// riskCursor is the position after the last row of a page of a risk
// listing: score (descending), then the finding and device IDs (or, for
// devices, 0 and the device ID).
type riskCursor struct {
	score          int
	finding, devID int64
}

func (c riskCursor) encode(kind string) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%s:%d:%d:%d", kind, c.score, c.finding, c.devID))
}

// decodeRiskCursor reads a cursor of kind; EINVALID for anything else.
func decodeRiskCursor(s, kind string) (*riskCursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(b), ":")
	if err != nil || len(b) > 100 || len(parts) != 4 || parts[0] != kind {
		return nil, ward.Errorf(ward.EINVALID, "bad cursor: it belongs to another list")
	}
	var n [3]int64
	for i, p := range parts[1:] {
		if n[i], err = strconv.ParseInt(p, 10, 64); err != nil {
			return nil, ward.Errorf(ward.EINVALID, "bad cursor")
		}
	}
	return &riskCursor{score: int(n[0]), finding: n[1], devID: n[2]}, nil
}

// before reports whether position a comes before b in a risk listing.
func (a riskCursor) before(b riskCursor) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.finding != b.finding {
		return a.finding < b.finding
	}
	return a.devID < b.devID
}

// topFindings is a heap of the best rows seen, worst on top, so a page of
// k rows out of any number costs O(n log k) time and O(k) memory.
type topFindings []ward.RiskFinding

func posOf(f *ward.RiskFinding) riskCursor { return riskCursor{f.RiskScore, f.FindingID, f.DeviceID} }

func (h topFindings) Len() int           { return len(h) }
func (h topFindings) Less(i, j int) bool { return posOf(&h[j]).before(posOf(&h[i])) }
func (h topFindings) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topFindings) Push(x any)        { *h = append(*h, x.(ward.RiskFinding)) }
func (h *topFindings) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// FindRiskFindings returns a page of the findings matching rf, highest
// risk first (then by finding and device). Every page scores every
// matching finding: the cost is that of reading them briefly.
func (a *App) FindRiskFindings(ctx context.Context, rf ward.RiskFilter) (*ward.Page[ward.RiskFinding], error) {
	cur, err := decodeRiskCursor(rf.After, "rf")
	if err != nil {
		return nil, err
	}
	limit := pageSize(rf.Limit)
	h := make(topFindings, 0, limit+1)
	err = a.EachRiskFinding(ctx, rf, false, func(f *ward.RiskFinding) error {
		pos := posOf(f)
		if cur != nil && !cur.before(pos) {
			return nil
		}
		if len(h) <= limit {
			heap.Push(&h, *f)
		} else if pos.before(posOf(&h[0])) {
			h[0] = *f
			heap.Fix(&h, 0)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	items := []ward.RiskFinding(h)
	slices.SortFunc(items, func(x, y ward.RiskFinding) int { return cmpPos(posOf(&x), posOf(&y)) })
	page := &ward.Page[ward.RiskFinding]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = posOf(&items[limit-1]).encode("rf")
	}
	return page, nil
}

func cmpPos(a, b riskCursor) int {
	switch {
	case a.before(b):
		return -1
	case b.before(a):
		return 1
	}
	return 0
}

// pageSize clamps a page size: default 100, at most 1000.
func pageSize(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
