package feeds

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"ward"
)

// rolieWire is the part of a ROLIE feed (RFC 8322 in JSON, as CSAF 2.0
// requirement 15 and its example feed use it) that a sync needs.
type rolieWire struct {
	Feed *struct {
		Entry []struct {
			ID      string `json:"id"`
			Updated string `json:"updated"`
			Link    []struct {
				Rel string `json:"rel"`
				// Ref is a misspelling of rel that CISA's published feeds
				// use on their hash and signature links.
				Ref  string `json:"ref"`
				Href string `json:"href"`
			} `json:"link"`
			Content *struct {
				Src string `json:"src"`
			} `json:"content"`
		} `json:"entry"`
	} `json:"feed"`
}

// listROLIE fetches and parses the ROLIE feed at u.
func (r *run) listROLIE(ctx context.Context, u *url.URL) ([]entry, error) {
	body, err := r.get(ctx, u, r.maxListing)
	if err != nil {
		return nil, err
	}
	return parseROLIE(body, u)
}

// parseROLIE reads a ROLIE feed fetched from where. Each entry's document
// is its content src, else its self link; relative links resolve against
// the feed. A malformed feed, an entry without a document link or with a
// bad updated time makes the whole feed EINVALID: the feed is the
// provider's list of record, and a half-read list would silently drop
// documents.
func parseROLIE(body []byte, where *url.URL) ([]entry, error) {
	var w rolieWire
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%s is not a ROLIE feed", where.Redacted())
	}
	if w.Feed == nil {
		return nil, ward.Errorf(ward.EINVALID, "%s is not a ROLIE feed: /feed missing", where.Redacted())
	}
	var out []entry
	for i, we := range w.Feed.Entry {
		var self string
		var hashes []string
		for _, l := range we.Link {
			rel := l.Rel
			if rel == "" {
				rel = l.Ref
			}
			switch {
			case rel == "self" && self == "":
				self = l.Href
			case rel == "hash" && l.Href != "":
				hashes = append(hashes, l.Href)
			}
		}
		doc := self
		if we.Content != nil && we.Content.Src != "" {
			doc = we.Content.Src
		}
		if doc == "" {
			return nil, ward.Errorf(ward.EINVALID, "%s: /feed/entry/%d (%q): no content src or self link", where.Redacted(), i, we.ID)
		}
		e := entry{url: resolve(where, doc)}
		for _, h := range hashes {
			e.hashes = append(e.hashes, resolve(where, h))
		}
		if we.Updated != "" {
			t, err := time.Parse(time.RFC3339, we.Updated)
			if err != nil {
				return nil, ward.Errorf(ward.EINVALID, "%s: /feed/entry/%d/updated: got %q, want RFC 3339", where.Redacted(), i, we.Updated)
			}
			e.updated = t
		}
		out = append(out, e)
	}
	return out, nil
}

// resolve resolves ref against base, leaving ref as it is when it does
// not parse, so that the per-document URL check reports it.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}
