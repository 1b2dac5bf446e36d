package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"ward"
	"ward/app"
	"ward/ingest/csaf"
	"ward/ingest/cve5"
	"ward/ingest/epss"
	"ward/ingest/kev"
	"ward/ingest/nvd"
)

// filesUnder expands paths into the files with one of exts, walking
// directories recursively, in a stable order.
func filesUnder(paths []string, exts ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "cannot read %s", p)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			for _, ext := range exts {
				if !d.IsDir() && strings.HasSuffix(strings.ToLower(path), ext) {
					out = append(out, path)
					break
				}
			}
			return nil
		})
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "cannot walk %s", p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// fileSource is an AdvisorySource over files, each parsed when reached, so
// a directory of thousands of documents is never held in memory at once.
type fileSource struct {
	files    []string
	i        int
	parse    func(r io.Reader, name string) (*ward.Advisory, error)
	check    func(a *ward.Advisory, name string) error
	skip     bool // --skip-invalid: report a bad file and go on
	rejected []string
	prog     *progress
}

func (s *fileSource) Next() (*ward.Advisory, error) {
	for s.i < len(s.files) {
		path := s.files[s.i]
		s.i++
		s.prog.Report(int64(s.i), int64(len(s.files)))
		a, err := s.parseFile(path)
		if err == nil {
			return a, nil
		}
		if !s.skip || ward.ErrorCode(err) != ward.EINVALID {
			return nil, err
		}
		s.rejected = append(s.rejected, errorText(err))
	}
	return nil, io.EOF
}

func (s *fileSource) parseFile(path string) (*ward.Advisory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "cannot open %s", path)
	}
	defer f.Close()
	a, err := s.parse(f, path)
	if err != nil {
		return nil, err
	}
	if s.check != nil {
		if err := s.check(a, path); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// cmdImportAdvisories is `ward import csaf|vex|cve|nvd PATH...`.
func cmdImportAdvisories(kind string) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs := newFlags(e, "import "+kind, "PATH... [--skip-invalid] [--tolerate RULES]")
		skip := fs.Bool("skip-invalid", false, "import the valid documents and list the invalid ones")
		tolerate := fs.String("tolerate", "", "CSAF: import documents that fail only these mandatory tests, comma-separated (allowed: "+
			strings.Join(csaf.Tolerable, ", ")+")")
		pos, err := parseFlags(fs, args)
		if err != nil {
			return err
		}
		if len(pos) == 0 {
			return usageError(e, fs, "import %s needs at least one file or directory", kind)
		}
		rules, err := tolerableRules(*tolerate)
		if err != nil {
			return usageError(e, fs, "%v", err)
		}
		src, err := advisorySource(kind, pos, *skip, rules)
		if err != nil {
			return err
		}
		db, err := e.open(ctx)
		if err != nil {
			return err
		}
		a := &app.App{Store: db}
		prog := startProgress(e.stderr, "importing "+kind, "documents")
		if fsrc, ok := src.(*fileSource); ok {
			fsrc.prog = prog
		}
		ctx = ward.WithActor(ctx, ward.Actor("import:"+kind))
		pre := prefetch(src)
		res, rep, err := a.ImportAdvisories(ctx, pre)
		pre.stop()
		prog.finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s read, %s added, %s updated, %s unchanged\n", kind, thousands(int64(res.Read)),
			thousands(int64(res.Added)), thousands(int64(res.Updated)), thousands(int64(res.Unchanged)))
		printMatch(e, rep)
		if fsrc, ok := src.(*fileSource); ok && len(fsrc.rejected) > 0 {
			for _, r := range fsrc.rejected {
				fmt.Fprintln(e.stderr, "rejected:", r)
			}
			return ward.Errorf(ward.EINVALID, "%d document(s) rejected", len(fsrc.rejected))
		}
		return nil
	}
}

func printMatch(e *env, rep *app.MatchReport) {
	if rep == nil {
		return
	}
	fmt.Fprintf(e.stdout, "matched %s inventory group(s) against %s advisories: findings %s added, %s updated, %s removed\n",
		thousands(int64(rep.Groups)), thousands(int64(rep.Advisories)), thousands(int64(rep.Changes.Added)),
		thousands(int64(rep.Changes.Updated)), thousands(int64(rep.Changes.Removed)))
}

// advisorySource builds the source for one kind of advisory input.
func advisorySource(kind string, paths []string, skip bool, tolerate []string) (ward.AdvisorySource, error) {
	switch kind {
	case "csaf", "vex":
		files, err := filesUnder(paths, ".json")
		if err != nil {
			return nil, err
		}
		parse := func(r io.Reader, name string) (*ward.Advisory, error) { return csaf.ParseTolerating(r, name, tolerate) }
		src := &fileSource{files: files, parse: parse, skip: skip}
		if kind == "vex" {
			src.check = func(a *ward.Advisory, name string) error {
				if !a.VEX {
					return ward.Errorf(ward.EINVALID, "%s is not a CSAF VEX document (category csaf_vex); import it with 'ward import csaf'", name)
				}
				return nil
			}
		}
		return src, nil
	case "cve":
		files, err := filesUnder(paths, ".json")
		if err != nil {
			return nil, err
		}
		return &fileSource{files: files, parse: cve5Parse, skip: skip}, nil
	case "nvd":
		files, err := filesUnder(paths, ".json", ".json.gz")
		if err != nil {
			return nil, err
		}
		return &nvdFiles{files: files}, nil
	}
	return nil, fmt.Errorf("unknown advisory kind %q", kind)
}

// tolerableRules reads --tolerate: mandatory CSAF tests an import may
// let pass, which must be among csaf.Tolerable.
func tolerableRules(list string) ([]string, error) {
	rules := splitList(list)
	for _, r := range rules {
		if !slices.Contains(csaf.Tolerable, r) {
			return nil, fmt.Errorf("--tolerate %s: only %s may be tolerated; every other mandatory test guards what Ward reads",
				r, strings.Join(csaf.Tolerable, ", "))
		}
	}
	return rules, nil
}

// cve5Parse parses a CVE record, skipping rejected CVEs.
func cve5Parse(r io.Reader, name string) (*ward.Advisory, error) {
	a, err := cve5.Parse(r, name)
	if errors.Is(err, cve5.ErrRejected) {
		return nil, ward.WrapError(ward.EINVALID, err, "%s is a rejected CVE record", name)
	}
	return a, err
}

// nvdFiles streams the records of several NVD files in turn.
type nvdFiles struct {
	files []string
	cur   *nvd.Reader
	f     *os.File
}

func (s *nvdFiles) Next() (*ward.Advisory, error) {
	for {
		if s.cur == nil {
			if len(s.files) == 0 {
				return nil, io.EOF
			}
			f, err := os.Open(s.files[0])
			if err != nil {
				return nil, ward.WrapError(ward.EINVALID, err, "cannot open %s", s.files[0])
			}
			r, err := nvd.NewReader(f, filepath.Base(s.files[0]))
			if err != nil {
				f.Close()
				return nil, err
			}
			s.files, s.f, s.cur = s.files[1:], f, r
		}
		a, err := s.cur.Next()
		if err == io.EOF {
			s.f.Close()
			s.cur = nil
			continue
		}
		return a, err
	}
}

func cmdImportKEV(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import kev", "known_exploited_vulnerabilities.json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "import kev needs one FILE")
	}
	in, name, _, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	entries, version, err := kev.Parse(in, name)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	added, removed, err := db.ImportKEV(ctx, entries)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "KEV catalog %s: %s entries, %s added, %s removed\n", version, thousands(int64(len(entries))),
		thousands(int64(added)), thousands(int64(removed)))
	return nil
}

func cmdImportEPSS(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import epss", "epss_scores.csv[.gz]")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError(e, fs, "import epss needs one FILE")
	}
	in, name, _, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	scores, err := epss.Parse(in, name)
	if err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	n, err := db.ImportEPSS(ctx, scores)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "EPSS: %s scores stored\n", thousands(int64(n)))
	return nil
}

// prefetched parses advisories on another goroutine while the store writes
// the previous ones, so an import uses two cores.
type prefetched struct {
	items chan prefetchItem
	done  chan struct{}
}

type prefetchItem struct {
	a   *ward.Advisory
	err error
}

func prefetch(src ward.AdvisorySource) *prefetched {
	p := &prefetched{items: make(chan prefetchItem, 256), done: make(chan struct{})}
	go func() {
		defer close(p.items)
		for {
			a, err := src.Next()
			select {
			case p.items <- prefetchItem{a, err}:
			case <-p.done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return p
}

// Next returns the next advisory parsed, or the source's error (io.EOF
// after the last).
func (p *prefetched) Next() (*ward.Advisory, error) {
	it, ok := <-p.items
	if !ok {
		return nil, io.EOF
	}
	return it.a, it.err
}

// stop ends the parsing goroutine when the import stopped early.
func (p *prefetched) stop() {
	close(p.done)
	for range p.items {
	}
}
