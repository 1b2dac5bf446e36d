package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"ward"
	"ward/app"
)

// The triage queue ranks every open finding in its filters by risk, which
// takes seconds at a million devices. Its first pages are therefore served
// from the report cache (the top triageTop rows of each filter), and rows
// that this server's users decided after the cache was computed show the
// decision at once instead of their stale status, until the background
// refresh re-ranks them.

// triageTop is how many ranked rows the cache keeps per filter; later
// pages are read directly.
const triageTop = 500

// cachedCursor prefixes page cursors that point into the cached rows.
const cachedCursor = "c:"

type decisionKey struct {
	model           int64
	version, source string
	ref             string
}

type decided struct {
	status string
	at     time.Time
}

// recentDecisions remembers the decisions recorded through this server for
// a while, so pages read from the cache can show them.
type recentDecisions struct {
	mu sync.Mutex
	m  map[decisionKey]decided
}

func (s *Server) noteDecisions(ds []app.Decision) {
	now := time.Now()
	s.decisions.mu.Lock()
	defer s.decisions.mu.Unlock()
	if s.decisions.m == nil {
		s.decisions.m = map[decisionKey]decided{}
	}
	for k, d := range s.decisions.m {
		if now.Sub(d.at) > 2*reportTTL {
			delete(s.decisions.m, k)
		}
	}
	for _, d := range ds {
		s.decisions.m[decisionKey{d.ModelID, d.SoftwareVersion, d.Source, d.AdvisoryRef}] = decided{d.Status, now}
	}
	s.invalidateReports()
}

// decidedSince returns the status of a decision recorded after since for
// a model, version and advisory.
func (s *Server) decidedSince(model int64, version, source, ref string, since time.Time) (string, bool) {
	s.decisions.mu.Lock()
	defer s.decisions.mu.Unlock()
	d, ok := s.decisions.m[decisionKey{model, version, source, ref}]
	if !ok || d.at.Before(since) {
		return "", false
	}
	return d.status, true
}

// triageRow is a row of the triage queue; Decided is a decision recorded
// since the row was ranked.
type triageRow struct {
	ward.RiskFinding
	Decided string
}

// triagePage reads one page of the queue: from the cached top rows when
// the cursor is empty or points into them, directly otherwise.
func (s *Server) triagePage(ctx context.Context, f ward.RiskFilter, scope []int64) ([]triageRow, string, time.Time, error) {
	size := f.Limit
	if f.After != "" && !strings.HasPrefix(f.After, cachedCursor) {
		page, err := s.app.FindRiskFindings(ctx, f)
		if err != nil {
			return nil, "", time.Time{}, err
		}
		return s.markDecided(page.Items, time.Time{}), page.NextCursor, time.Time{}, nil
	}
	offset := 0
	if f.After != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(f.After, cachedCursor))
		if err != nil || n < 0 || n >= triageTop {
			return nil, "", time.Time{}, ward.Errorf(ward.EINVALID, "bad cursor")
		}
		offset = n
	}
	top := f
	top.Limit, top.After = triageTop, ""
	v, at, err := s.report(ctx, fmt.Sprintf("triage %+v %v", top, scope), false, func(ctx context.Context) (any, error) {
		return s.app.FindRiskFindings(ctx, top)
	})
	if err != nil {
		return nil, "", at, err
	}
	cached := v.(*ward.Page[ward.RiskFinding])
	end := min(offset+size, len(cached.Items))
	offset = min(offset, end)
	next := ""
	switch {
	case end < len(cached.Items):
		next = cachedCursor + strconv.Itoa(end)
	case cached.NextCursor != "":
		next = cached.NextCursor
	}
	return s.markDecided(cached.Items[offset:end], at), next, at, nil
}

// markDecided wraps rows, marking those decided after since (the zero
// time: rows just read, nothing to mark).
func (s *Server) markDecided(items []ward.RiskFinding, since time.Time) []triageRow {
	out := make([]triageRow, len(items))
	for i, it := range items {
		out[i].RiskFinding = it
		if !since.IsZero() {
			out[i].Decided, _ = s.decidedSince(it.ModelID, it.SoftwareVersion, it.Source, it.AdvisoryRef, since)
		}
	}
	return out
}

// triageGroupRow is a row of the grouped triage view; Decided is a
// decision recorded since the groups were computed.
type triageGroupRow struct {
	app.TriageGroup
	Decided string
}

// triageGroups reads the grouped view from the report cache.
func (s *Server) triageGroups(ctx context.Context, f ward.RiskFilter, scope []int64) ([]triageGroupRow, time.Time, error) {
	f.Limit, f.After = 0, ""
	v, at, err := s.report(ctx, fmt.Sprintf("triage groups %+v %v", f, scope), false, func(ctx context.Context) (any, error) {
		return s.app.TriageGroups(ctx, f, maxGroups)
	})
	if err != nil {
		return nil, at, err
	}
	gs := v.([]app.TriageGroup)
	out := make([]triageGroupRow, len(gs))
	for i, g := range gs {
		out[i].TriageGroup = g
		out[i].Decided, _ = s.decidedSince(g.ModelID, g.SoftwareVersion, g.Source, g.AdvisoryRef, at)
	}
	return out, at, nil
}
