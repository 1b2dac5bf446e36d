package app

import (
	"io"
	"runtime"

	"ward"
	"ward/match"
)

// streamChunk is how many groups one matcher task takes: enough to keep
// a core busy, few enough that the findings in flight stay small.
const streamChunk = 8

// matchStream matches groups on every core and yields their findings in
// group order, one chunk at a time, as a ward.FindingSource. At most a
// few chunks are in flight, so a full match of a million devices never
// holds all its findings.
type matchStream struct {
	pending  chan chan *ward.FindingBatch
	stop     chan struct{}
	findings int // findings yielded so far
}

func newMatchStream(idx *match.Index, groups []ward.InventoryGroup) *matchStream {
	workers := runtime.GOMAXPROCS(0)
	s := &matchStream{pending: make(chan chan *ward.FindingBatch, 2*workers), stop: make(chan struct{})}
	sem := make(chan struct{}, workers)
	go func() {
		defer close(s.pending)
		for lo := 0; lo < len(groups); lo += streamChunk {
			part := groups[lo:min(lo+streamChunk, len(groups))]
			fut := make(chan *ward.FindingBatch, 1)
			select {
			case s.pending <- fut:
			case <-s.stop:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-s.stop:
				return
			}
			go func() {
				defer func() { <-sem }()
				fut <- matchChunk(idx, part)
			}()
		}
	}()
	return s
}

// Next returns the next chunk's findings, in group order.
func (s *matchStream) Next() (*ward.FindingBatch, error) {
	fut, ok := <-s.pending
	if !ok {
		return nil, io.EOF
	}
	b := <-fut
	s.findings += len(b.Findings)
	return b, nil
}

// close stops the producer when the consumer gave up early; tasks already
// running finish into their buffered futures and are dropped.
func (s *matchStream) close() {
	close(s.stop)
	for range s.pending {
	}
}

func matchChunk(idx *match.Index, groups []ward.InventoryGroup) *ward.FindingBatch {
	b := &ward.FindingBatch{Groups: make([]ward.GroupKey, len(groups))}
	for i := range groups {
		g := &groups[i]
		b.Groups[i] = g.GroupKey
		for _, r := range idx.Match(toMatchGroup(g)) {
			b.Findings = append(b.Findings, ward.GroupFinding{GroupKey: g.GroupKey, AdvisoryID: r.Advisory.ID,
				Status: r.Status, Confidence: r.Confidence, CVEs: r.CVEs, Evidence: r.Evidence})
		}
	}
	return b
}
