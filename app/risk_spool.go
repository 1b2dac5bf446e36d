package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"

	"ward"
)

// EachRiskFindingRanked streams every finding matching rf as a JSON
// object (a RiskFinding), highest risk first and, among equal scores, in
// the store's order. Scores are integers from 0 to 100, so the rows are
// ranked by a bucket sort in one pass: they are spooled per score, in
// memory up to spoolMemory bytes and in temporary files past it, and
// replayed from the highest score down. The cost is linear and the memory
// bounded however many findings there are.
func (a *App) EachRiskFindingRanked(ctx context.Context, rf ward.RiskFilter, fn func(obj []byte) error) error {
	sp := &spool{}
	defer sp.close()
	err := a.EachRiskFinding(ctx, rf, false, func(f *ward.RiskFinding) error {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		return sp.add(f.RiskScore, b)
	})
	if err != nil {
		return err
	}
	return sp.replay(fn)
}

// spoolMemory is how much a spool holds in memory before it spills.
const spoolMemory = 64 << 20

// spool holds newline-terminated records in 101 buckets, one per score.
type spool struct {
	mem   [101][]byte
	files [101]*os.File
	bufs  [101]*bufio.Writer
	size  int
	spilt bool
}

func (s *spool) add(score int, rec []byte) error {
	score = min(100, max(0, score))
	if s.spilt {
		return s.write(score, rec)
	}
	s.mem[score] = append(append(s.mem[score], rec...), '\n')
	s.size += len(rec) + 1
	if s.size > spoolMemory {
		return s.spill()
	}
	return nil
}

// spill moves every bucket to its temporary file.
func (s *spool) spill() error {
	s.spilt = true
	for i := range s.mem {
		if len(s.mem[i]) == 0 {
			continue
		}
		if err := s.write(i, s.mem[i][:len(s.mem[i])-1]); err != nil {
			return err
		}
		s.mem[i] = nil
	}
	return nil
}

func (s *spool) write(score int, rec []byte) error {
	if s.files[score] == nil {
		f, err := os.CreateTemp("", "ward-risk-*.jsonl")
		if err != nil {
			return ward.WrapError(ward.EINTERNAL, err, "cannot create a temporary file to rank findings")
		}
		os.Remove(f.Name()) // unlinked: gone when closed, even after a crash
		s.files[score], s.bufs[score] = f, bufio.NewWriterSize(f, 64<<10)
	}
	s.bufs[score].Write(rec)
	return s.bufs[score].WriteByte('\n')
}

// replay calls fn with each record, highest score first.
func (s *spool) replay(fn func([]byte) error) error {
	for score := 100; score >= 0; score-- {
		if err := eachLine(s.mem[score], fn); err != nil {
			return err
		}
		f := s.files[score]
		if f == nil {
			continue
		}
		if err := s.bufs[score].Flush(); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r := bufio.NewReaderSize(f, 256<<10)
		for {
			line, err := r.ReadBytes('\n')
			if len(line) > 1 {
				if ferr := fn(line[:len(line)-1]); ferr != nil {
					return ferr
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func eachLine(b []byte, fn func([]byte) error) error {
	for len(b) > 0 {
		i := 0
		for b[i] != '\n' {
			i++
		}
		if err := fn(b[:i]); err != nil {
			return err
		}
		b = b[i+1:]
	}
	return nil
}

func (s *spool) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
}
