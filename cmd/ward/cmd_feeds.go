package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"ward"
	"ward/app"
	"ward/feeds"
	"ward/ingest/csaf"
	"ward/sqlstore"
)

func init() {
	register("feeds", "sync CSAF advisories from providers (sync URL…, list)", cmdFeeds)
}

// feedBatch is how many fetched documents are imported per transaction: a
// sync interrupted half way keeps every batch already committed and
// recorded, so the next sync resumes, and memory stays bounded.
const feedBatch = 200

func cmdFeeds(ctx context.Context, e *env, args []string) error {
	switch {
	case len(args) > 0 && args[0] == "sync":
		return cmdFeedsSync(ctx, e, args[1:])
	case len(args) > 0 && args[0] == "list":
		return cmdFeedsList(ctx, e, args[1:])
	}
	fmt.Fprintln(e.stderr, "Usage: ward feeds sync URL... | ward feeds list [--prefix URL]")
	return errUsage
}

func cmdFeedsSync(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds sync", "URL... [--max-document BYTES] [--tolerate RULES]")
	maxDoc := fs.Int64("max-document", feeds.DefaultMaxDocument, "refuse documents larger than this many bytes")
	tolerate := fs.String("tolerate", "", "import documents that fail only these mandatory tests (allowed: "+
		strings.Join(csaf.Tolerable, ", ")+")")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	rules, err := tolerableRules(*tolerate)
	if err != nil {
		return usageError(e, fs, "%v", err)
	}
	if len(pos) == 0 {
		return usageError(e, fs, "feeds sync needs a provider URL (provider-metadata.json, a ROLIE feed or a directory)")
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	fi := &feedImport{db: db, app: &app.App{Store: db}, prog: startProgress(e.stderr, "syncing", "documents"), tolerate: rules}
	if err := fi.loadKnown(ctx); err != nil {
		return err
	}
	ctx = ward.WithActor(ctx, ward.Actor("feeds:sync"))
	syncer := &feeds.Syncer{MaxDocument: *maxDoc}
	var failed []error
	for _, url := range pos {
		rep, err := syncer.Sync(ctx, url, fi.known, func(d feeds.Document) error { return fi.add(ctx, d) })
		if err == nil {
			err = fi.flush(ctx)
		}
		if err != nil {
			fi.prog.finish()
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s listed, %s downloaded, %s unchanged, %s failed\n", url, thousands(int64(rep.Listed)),
			thousands(int64(rep.Downloaded)), thousands(int64(rep.Unchanged)), thousands(int64(rep.Failed)))
		failed = append(failed, rep.Errors...)
	}
	fi.prog.finish()
	failed = append(failed, fi.rejected...)
	fmt.Fprintf(e.stdout, "advisories: %s added, %s updated, %s unchanged\n", thousands(int64(fi.res.Added)),
		thousands(int64(fi.res.Updated)), thousands(int64(fi.res.Unchanged)))
	rep, err := fi.app.MatchAdvisories(ctx, fi.res.Changed)
	if err != nil {
		return err
	}
	printMatch(e, rep)
	for _, err := range failed {
		fmt.Fprintln(e.stderr, "failed:", errorText(err))
	}
	if len(failed) > 0 {
		return ward.Errorf(ward.EINVALID, "%d document(s) failed; the others were imported", len(failed))
	}
	return nil
}

// feedImport parses fetched documents and imports them in batches,
// recording each document only once its advisory is committed.
type feedImport struct {
	db       *sqlstore.DB
	app      *app.App
	prog     *progress
	known    feeds.Known
	pending  []*ward.Advisory
	docs     []ward.FeedDocument
	rejected []error
	tolerate []string
	res      ward.AdvisoryImportResult
	fetched  int64
}

func (fi *feedImport) loadKnown(ctx context.Context) error {
	docs, err := fi.db.FindFeedDocuments(ctx, "")
	if err != nil {
		return err
	}
	byURL := make(map[string]ward.FeedDocument, len(docs))
	for _, d := range docs {
		byURL[d.URL] = d
	}
	fi.known = func(url string) (string, time.Time, bool) {
		d, ok := byURL[url]
		return d.Hash, d.Updated, ok
	}
	return nil
}

// add parses one verified document. A document that is not valid CSAF is
// reported and left unrecorded, so the next sync tries it again.
func (fi *feedImport) add(ctx context.Context, d feeds.Document) error {
	fi.fetched++
	fi.prog.Report(fi.fetched, 0)
	a, err := csaf.ParseTolerating(bytes.NewReader(d.Body), d.URL, fi.tolerate)
	if err != nil {
		if ward.ErrorCode(err) != ward.EINVALID {
			return err
		}
		fi.rejected = append(fi.rejected, err)
		return nil
	}
	fi.pending = append(fi.pending, a)
	fi.docs = append(fi.docs, ward.FeedDocument{URL: d.URL, Hash: d.SHA512, Updated: d.Updated, TrackingID: a.TrackingID})
	if len(fi.pending) >= feedBatch {
		return fi.flush(ctx)
	}
	return nil
}

// flush imports the pending advisories, then records their documents.
func (fi *feedImport) flush(ctx context.Context) error {
	if len(fi.pending) == 0 {
		return nil
	}
	res, err := fi.db.ImportAdvisories(ctx, &sliceAdvisories{advs: fi.pending})
	if err != nil {
		return err
	}
	if err := fi.db.RecordFeedDocuments(ctx, fi.docs); err != nil {
		return err
	}
	fi.res.Read += res.Read
	fi.res.Added += res.Added
	fi.res.Updated += res.Updated
	fi.res.Unchanged += res.Unchanged
	fi.res.Changed = append(fi.res.Changed, res.Changed...)
	fi.pending, fi.docs = nil, nil
	return nil
}

func cmdFeedsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds list", "[--prefix URL] [--format …]")
	prefix := fs.String("prefix", "", "only documents whose URL starts with this")
	format := fs.String("format", formatTable, "output format: table, csv, json or jsonl")
	if err := parseListFlags(e, fs, args, format); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	docs, err := db.FindFeedDocuments(ctx, *prefix)
	if err != nil {
		return err
	}
	w := newListWriter(e.stdout, *format, []string{"url", "tracking_id", "updated", "fetched_at"})
	for i := range docs {
		d := &docs[i]
		if err := w.row([]string{d.URL, d.TrackingID, dateText(d.Updated), dateText(d.FetchedAt)}, d, nil); err != nil {
			return err
		}
	}
	return w.close()
}
