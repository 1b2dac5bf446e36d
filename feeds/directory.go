package feeds

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"

	"ward"
)

// listDirectory lists a directory-based distribution (CSAF 2.0
// requirements 11–14): index.txt names every document, changes.csv names
// every document with its last update. Either one suffices; with both,
// their union is synced, so a document missing from one is not lost.
func (r *run) listDirectory(ctx context.Context, dir *url.URL) ([]entry, error) {
	var lists [][]entry
	found := false
	for _, name := range []string{"index.txt", "changes.csv"} {
		u := dir.ResolveReference(&url.URL{Path: name})
		body, err := r.get(ctx, u, r.maxListing)
		if ward.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		found = true
		var list []entry
		if name == "index.txt" {
			list, err = parseIndex(body, dir, u)
		} else {
			list, err = parseChanges(body, dir, u)
		}
		if err != nil {
			return nil, err
		}
		lists = append(lists, list)
	}
	if !found {
		return nil, ward.Errorf(ward.ENOTFOUND, "directory %s has neither index.txt nor changes.csv", dir.Redacted())
	}
	return mergeEntries(lists...), nil
}

// parseIndex reads an index.txt: one document path per line, relative to
// dir. Lines that do not name a .json file make the whole index EINVALID:
// they mean the server sent something else, such as an HTML error page.
func parseIndex(body []byte, dir, where *url.URL) ([]entry, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff"))
	var out []entry
	for i, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		e, err := listedEntry(dir, line)
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "%s line %d", where.Redacted(), i+1)
		}
		out = append(out, e)
	}
	return out, nil
}

// parseChanges reads a changes.csv: rows of document path (relative to
// dir) and RFC 3339 update time, quoted or not.
func parseChanges(body []byte, dir, where *url.URL) ([]entry, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	cr.FieldsPerRecord = 2
	cr.ReuseRecord = true
	var out []entry
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "%s is not a changes.csv", where.Redacted())
		}
		e, err := listedEntry(dir, rec[0])
		if err != nil {
			return nil, ward.WrapError(ward.EINVALID, err, "%s line %d", where.Redacted(), line)
		}
		e.updated, err = time.Parse(time.RFC3339, strings.TrimSpace(rec[1]))
		if err != nil {
			return nil, ward.Errorf(ward.EINVALID, "%s line %d: got time %q, want RFC 3339", where.Redacted(), line, rec[1])
		}
		out = append(out, e)
	}
}

// listedEntry resolves a listed path against dir. The URL policy (scheme,
// host) is applied per document later, so that one bad line is reported
// against that document instead of failing the listing.
func listedEntry(dir *url.URL, path string) (entry, error) {
	path = strings.TrimSpace(path)
	ref, err := url.Parse(path)
	if err != nil {
		return entry{}, ward.WrapError(ward.EINVALID, err, "got %q, want the path of a .json file", path)
	}
	u := dir.ResolveReference(ref)
	if !strings.HasSuffix(u.Path, ".json") {
		return entry{}, ward.Errorf(ward.EINVALID, "got %q, want the path of a .json file", path)
	}
	return entry{url: u.String()}, nil
}
