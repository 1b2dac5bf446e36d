package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// isTerminal reports whether w is an interactive terminal, where progress
// lines are wanted; in scripts and pipes Ward stays quiet.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress draws "label: 45% 450,000 rows 120,000/s" on a terminal, at
// most five times a second. It implements ward.Progress.
type progress struct {
	w       io.Writer
	label   string
	unit    string
	total   atomic.Int64 // bytes or items; 0 when unknown
	done    atomic.Int64 // bytes or items so far
	items   atomic.Int64
	start   time.Time
	stop    chan struct{}
	stopped sync.WaitGroup
}

// startProgress returns a running progress line, or nil when w is not a
// terminal. All methods accept a nil receiver.
func startProgress(w io.Writer, label, unit string) *progress {
	if !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, label: label, unit: unit, start: time.Now(), stop: make(chan struct{})}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.draw()
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// Report implements ward.Progress: items processed so far.
func (p *progress) Report(done, total int64) {
	if p == nil {
		return
	}
	p.items.Store(done)
}

// Read counts bytes read through countingReader for the percentage.
func (p *progress) addBytes(n int) {
	if p != nil {
		p.done.Add(int64(n))
	}
}

func (p *progress) setTotal(n int64) {
	if p != nil {
		p.total.Store(n)
	}
}

func (p *progress) draw() {
	items := p.items.Load()
	rate := float64(items) / time.Since(p.start).Seconds()
	pct := ""
	if t := p.total.Load(); t > 0 {
		pct = fmt.Sprintf("%3.0f%% ", 100*float64(p.done.Load())/float64(t))
	}
	fmt.Fprintf(p.w, "\r%s: %s%s %s  %s/s   ", p.label, pct, thousands(items), p.unit, thousands(int64(rate)))
}

// finish draws the final line and ends it.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.stopped.Wait()
	p.draw()
	fmt.Fprintln(p.w)
}

// countingReader feeds bytes read into a progress line.
type countingReader struct {
	r io.Reader
	p *progress
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.addBytes(n)
	return n, err
}

// thousands formats n with thousands separators: 1234567 → "1,234,567".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
