// Package feeds syncs CSAF 2.0 advisories from a CSAF provider over HTTP(S),
// following section 7 of the OASIS CSAF 2.0 standard: it reads the
// provider-metadata.json, lists the documents of its TLP:WHITE (or
// TLP:CLEAR) distributions — ROLIE feeds and directory-based distributions
// with index.txt and changes.csv — and downloads the ones that are new or
// changed, each checked against its published .sha512 or .sha256 file.
//
// The provider is treated as untrusted input: every response is capped in
// size, only http and https URLs are followed, documents must live on a
// host the provider metadata names, and a document is handed to the caller
// only after its hash matched. OpenPGP signatures (.asc files), ROLIE
// service and category documents, security.txt and DNS discovery are out
// of scope.
package feeds

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"time"

	"ward"
)

// Default caps. A CISA advisory is 5–60 KB and CISA's whole OT ROLIE feed
// is a few MB; the caps leave room for that while bounding what a hostile
// or broken server can make Ward hold in memory.
const (
	// DefaultMaxDocument caps one CSAF document.
	DefaultMaxDocument = 32 << 20
	// DefaultMaxListing caps one ROLIE feed, index.txt or changes.csv.
	DefaultMaxListing = 64 << 20
	// maxMetadata caps provider-metadata.json, which is a few KB in practice.
	maxMetadata = 1 << 20
	// maxHashFile caps a .sha512 or .sha256 file: a hex digest and a file name.
	maxHashFile = 4 << 10
)

// Document is one CSAF document fetched from a provider and verified
// against its published hash.
type Document struct {
	URL     string    // where it was fetched
	Body    []byte    // the CSAF JSON, byte for byte as served
	SHA256  string    // lower-case hex SHA-256 of Body
	SHA512  string    // lower-case hex SHA-512 of Body
	Updated time.Time // from changes.csv or the ROLIE entry; zero when neither gives it
}

// Syncer downloads CSAF documents from providers. The zero value is ready
// to use; a Syncer holds no state between syncs and is safe for concurrent
// use when its Client is.
type Syncer struct {
	// Client makes the requests; nil means a client with connect, header
	// and overall timeouts (see DefaultClient). Its CheckRedirect is
	// replaced during a sync so that redirects obey the same URL policy
	// as the links they follow.
	Client *http.Client
	// MaxDocument caps each document's size; 0 means DefaultMaxDocument.
	MaxDocument int64
	// MaxListing caps each ROLIE feed, index.txt and changes.csv; 0 means
	// DefaultMaxListing.
	MaxListing int64
	// UserAgent is sent with every request; "" means "ward-csaf-sync/1".
	UserAgent string
}

// Known reports what was imported before from a document URL: the hex
// SHA-512 (or SHA-256) of its bytes and the update time it was listed
// with. ok is false for a URL never imported.
type Known func(url string) (hash string, updated time.Time, ok bool)

// Report counts what one sync did. Listed = Downloaded + Unchanged +
// Failed unless the sync was aborted.
type Report struct {
	Listed     int     // distinct document URLs in the provider's listings
	Downloaded int     // documents downloaded, verified and accepted by fn
	Unchanged  int     // documents skipped because Known already has them
	Failed     int     // documents that could not be fetched or verified
	Errors     []error // one *ward.Error per failed document, naming its URL
}

// Sync reads providerURL, lists the documents of its TLP:WHITE/CLEAR
// distributions and calls fn, in URL order, for each document that is new
// or changed. providerURL may be a provider-metadata.json URL, a
// directory holding one at .well-known/csaf/provider-metadata.json, a
// ROLIE feed (any other .json URL) or a directory distribution with
// index.txt or changes.csv.
//
// A document whose listed update time is not after the Known one is
// skipped without any request; otherwise its .sha512 (else .sha256) file
// is fetched and the document is skipped if Known has that hash. Anything
// else is downloaded and verified. Per-document failures (404, hash
// mismatch, oversize, a URL outside the provider's hosts, not a CSAF
// TLP:WHITE/CLEAR document) are counted in the Report and sync continues.
//
// Sync returns EINVALID when providerURL, the metadata or a listing is
// malformed or too big; ENOTFOUND when they are missing or list no public
// distribution; EFORBIDDEN when the server answers 401 or 403; EINTERNAL
// for other HTTP and network failures; the code of fn's error when fn
// fails, which stops the sync; and the context's error (wrapped, code
// EINTERNAL) when ctx ends. The Report is never nil and counts what
// happened before an error.
func (s *Syncer) Sync(ctx context.Context, providerURL string, known Known, fn func(Document) error) (*Report, error) {
	rep := &Report{}
	if fn == nil {
		return rep, ward.Errorf(ward.EINVALID, "feeds: Sync needs a function to receive documents")
	}
	r := s.newRun()
	entries, err := r.discover(ctx, providerURL)
	if err != nil {
		return rep, stopped(ctx, err)
	}
	rep.Listed = len(entries)
	for _, e := range entries {
		if ctx.Err() != nil {
			return rep, stopped(ctx, ctx.Err())
		}
		doc, unchanged, err := r.fetchDocument(ctx, e, known)
		switch {
		case err != nil && ctx.Err() != nil:
			return rep, stopped(ctx, err)
		case err != nil:
			rep.Failed++
			rep.Errors = append(rep.Errors, err)
		case unchanged:
			rep.Unchanged++
		default:
			if err := fn(doc); err != nil {
				return rep, ward.WrapError(ward.ErrorCode(err), err, "importing %s", doc.URL)
			}
			rep.Downloaded++
		}
	}
	return rep, nil
}

// entry is one document as a listing names it.
type entry struct {
	url     string
	updated time.Time // zero when the listing gives no time
	// hashes holds the hash-file URLs a ROLIE entry links; nil means the
	// conventional url+".sha512" and url+".sha256" are tried.
	hashes []string
}

// mergeEntries dedupes entries by URL and sorts them, so that a document
// listed by both a ROLIE feed and a directory is fetched once and fn sees
// documents in the same order on every sync. The later update time wins:
// either listing may lag behind the other.
func mergeEntries(lists ...[]entry) []entry {
	byURL := map[string]int{}
	var out []entry
	for _, list := range lists {
		for _, e := range list {
			i, seen := byURL[e.url]
			if !seen {
				byURL[e.url] = len(out)
				out = append(out, e)
				continue
			}
			if e.updated.After(out[i].updated) {
				out[i].updated = e.updated
			}
			if out[i].hashes == nil {
				out[i].hashes = e.hashes
			}
		}
	}
	slices.SortFunc(out, func(a, b entry) int { return cmp.Compare(a.url, b.url) })
	return out
}
