package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"ward"
	"ward/app"
	"ward/ingest/openfda"
)

// cmdImportRecalls imports openFDA device recall and enforcement files
// in one transaction, then matches the new and revised recalls.
func cmdImportRecalls(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import recalls", "FILE.json[.gz]... [--skip-invalid]")
	skip := fs.Bool("skip-invalid", false, "import the valid records and list the refused ones")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError(e, fs, "import recalls needs at least one openFDA device recall or enforcement file")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	prog := startProgress(e.stderr, "importing recalls", "records")
	src := &recallFiles{e: e, paths: pos, prog: prog}
	defer src.close()
	ctx = ward.WithActor(ctx, ward.Actor("import:recalls"))
	res, rep, err := (&app.App{Store: db}).ImportRecalls(ctx, src, *skip)
	prog.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recalls: %s read, %s added, %s updated, %s unchanged\n", thousands(int64(res.Read)),
		thousands(int64(res.Created)), thousands(int64(res.Updated)), thousands(int64(res.Unchanged)))
	printRecallMatch(e, rep)
	for _, r := range res.Rejected {
		fmt.Fprintln(e.stderr, "refused:", r.Error())
	}
	if res.RejectedCount > len(res.Rejected) {
		fmt.Fprintf(e.stderr, "refused: … and %d more\n", res.RejectedCount-len(res.Rejected))
	}
	return nil
}

func printRecallMatch(e *env, rep *app.RecallMatchReport) {
	if rep == nil {
		return
	}
	fmt.Fprintf(e.stdout, "matched %s recall(s) against the inventory: %s device match(es); %s added, %s updated, %s removed\n",
		thousands(int64(rep.Recalls)), thousands(int64(rep.Matches)), thousands(int64(rep.Changes.Added)),
		thousands(int64(rep.Changes.Updated)), thousands(int64(rep.Changes.Removed)))
}

// recallFiles reads openFDA files one after the other as one
// ward.RecallSource, so several files import all or nothing together.
type recallFiles struct {
	e     *env
	paths []string
	prog  *progress
	cur   *openfda.Reader
	in    io.Closer
	names []string
	n     int64
}

// Name names the files read so far, for the audit trail and messages.
func (s *recallFiles) Name() string { return strings.Join(s.names, ",") }

// Next implements ward.RecallSource.
func (s *recallFiles) Next() (*ward.Recall, error) {
	for {
		if s.cur == nil {
			if len(s.paths) == 0 {
				return nil, io.EOF
			}
			if err := s.open(s.paths[0]); err != nil {
				return nil, err
			}
			s.paths = s.paths[1:]
		}
		r, err := s.cur.Next()
		if err == io.EOF {
			s.close()
			continue
		}
		s.n++
		s.prog.Report(s.n, 0)
		return r, err
	}
}

func (s *recallFiles) open(path string) error {
	f, name, size, err := openInput(s.e, path)
	if err != nil {
		return err
	}
	s.prog.setTotal(size)
	rd, err := openfda.NewReader(countingReader{f, s.prog}, name)
	if err != nil {
		f.Close()
		return err
	}
	s.cur, s.in = rd, f
	s.names = append(s.names, name)
	return nil
}

func (s *recallFiles) close() {
	if s.in != nil {
		s.in.Close()
	}
	s.cur, s.in = nil, nil
}

// openRecallReader reads an openFDA upload for the web server.
func openRecallReader(r io.Reader, name string) (ward.RecallSource, error) {
	return openfda.NewReader(r, name)
}
