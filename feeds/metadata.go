package feeds

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"ward"
)

// wellKnown is where CSAF 2.0 requirement 9 puts the provider metadata,
// relative to the provider's web root.
const wellKnown = ".well-known/csaf/provider-metadata.json"

// distribution is one public source the metadata lists.
type distribution struct {
	rolie bool     // a ROLIE feed; otherwise a directory distribution
	url   *url.URL // the feed, or the directory with a trailing slash
}

// discover finds and reads the listings behind providerURL and returns
// their merged entries.
func (r *run) discover(ctx context.Context, providerURL string) ([]entry, error) {
	u, err := parseHTTPURL(nil, providerURL)
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "provider URL")
	}
	r.allow(u)
	switch {
	case strings.HasSuffix(u.Path, "/provider-metadata.json"):
		return r.fromMetadata(ctx, u)
	case strings.HasSuffix(u.Path, ".json"):
		return r.listROLIE(ctx, u)
	}
	dir := asDirectory(u)
	meta, err := parseHTTPURL(dir, wellKnown)
	if err != nil {
		return nil, err
	}
	body, err := r.get(ctx, meta, maxMetadata)
	switch {
	case err == nil:
		return r.useMetadata(ctx, meta, body)
	case !ward.IsNotFound(err):
		return nil, err
	}
	// No metadata: the URL may be a bare directory distribution, which a
	// publisher without provider-metadata.json can still offer.
	entries, err := r.listDirectory(ctx, dir)
	if ward.IsNotFound(err) {
		return nil, ward.Errorf(ward.ENOTFOUND, "%s has neither %s nor index.txt or changes.csv", dir.Redacted(), wellKnown)
	}
	return entries, err
}

// asDirectory returns u with a trailing slash, so relative references
// resolve inside it rather than next to it.
func asDirectory(u *url.URL) *url.URL {
	d := *u
	d.RawQuery = ""
	if !strings.HasSuffix(d.Path, "/") {
		d.Path += "/"
		d.RawPath = ""
	}
	return &d
}

// fromMetadata reads the provider metadata at u and lists its public
// distributions.
func (r *run) fromMetadata(ctx context.Context, u *url.URL) ([]entry, error) {
	body, err := r.get(ctx, u, maxMetadata)
	if err != nil {
		return nil, err
	}
	return r.useMetadata(ctx, u, body)
}

// useMetadata checks the provider metadata read from u and lists its
// public distributions.
func (r *run) useMetadata(ctx context.Context, u *url.URL, body []byte) ([]entry, error) {
	dists, err := parseMetadata(body, u)
	if err != nil {
		return nil, err
	}
	if len(dists) == 0 {
		return nil, ward.Errorf(ward.ENOTFOUND, "%s lists no TLP:WHITE or TLP:CLEAR distribution", u.Redacted())
	}
	for _, d := range dists {
		r.allow(d.url)
	}
	var lists [][]entry
	for _, d := range dists {
		var list []entry
		if d.rolie {
			list, err = r.listROLIE(ctx, d.url)
		} else {
			list, err = r.listDirectory(ctx, d.url)
		}
		if err != nil {
			return nil, err
		}
		lists = append(lists, list)
	}
	return mergeEntries(lists...), nil
}

// metadataWire holds the fields of provider_json_schema.json that a sync
// relies on; strings stay strings so that "" and missing read the same.
type metadataWire struct {
	CanonicalURL    string `json:"canonical_url"`
	MetadataVersion string `json:"metadata_version"`
	Role            string `json:"role"`
	LastUpdated     string `json:"last_updated"`
	Publisher       *struct {
		Category  string `json:"category"`
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"publisher"`
	Distributions []struct {
		DirectoryURL string `json:"directory_url"`
		ROLIE        *struct {
			Feeds []struct {
				TLPLabel string `json:"tlp_label"`
				URL      string `json:"url"`
			} `json:"feeds"`
		} `json:"rolie"`
	} `json:"distributions"`
}

// Enumerations from the CSAF 2.0 provider and document schemas. CLEAR is
// TLP 2.0's name for WHITE, which CSAF 2.1 uses; accepting it costs
// nothing and keeps newer metadata readable.
var (
	roles              = []string{"csaf_publisher", "csaf_provider", "csaf_trusted_provider"}
	publisherTypes     = []string{"coordinator", "discoverer", "other", "translator", "user", "vendor"}
	tlpLabels          = []string{"UNLABELED", "WHITE", "CLEAR", "GREEN", "AMBER", "RED"}
	publicLabels       = []string{"WHITE", "CLEAR"}
	maxMetadataProblem = 10
)

// parseMetadata checks a provider-metadata.json read from u and returns
// its TLP:WHITE/CLEAR distributions. It returns one EINVALID error naming
// u and every problem found, as JSON pointers.
func parseMetadata(body []byte, u *url.URL) ([]distribution, error) {
	var m metadataWire
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%s is not a provider-metadata.json", u.Redacted())
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if m.CanonicalURL == "" {
		bad("/canonical_url: missing")
	} else if c, err := parseHTTPURL(nil, m.CanonicalURL); err != nil || !strings.HasSuffix(c.Path, "/provider-metadata.json") {
		bad("/canonical_url: got %q, want an http(s) URL ending in /provider-metadata.json", m.CanonicalURL)
	}
	if m.MetadataVersion != "2.0" {
		bad("/metadata_version: got %q, want \"2.0\"", m.MetadataVersion)
	}
	if !slices.Contains(roles, m.Role) {
		bad("/role: got %q, want one of %s", m.Role, strings.Join(roles, ", "))
	}
	if _, err := time.Parse(time.RFC3339, m.LastUpdated); m.LastUpdated != "" && err != nil {
		bad("/last_updated: got %q, want an RFC 3339 date-time", m.LastUpdated)
	}
	switch p := m.Publisher; {
	case p == nil:
		bad("/publisher: missing")
	default:
		if !slices.Contains(publisherTypes, p.Category) {
			bad("/publisher/category: got %q, want one of %s", p.Category, strings.Join(publisherTypes, ", "))
		}
		if strings.TrimSpace(p.Name) == "" {
			bad("/publisher/name: missing")
		}
		if _, err := parseHTTPURL(nil, p.Namespace); err != nil {
			bad("/publisher/namespace: got %q, want an http(s) URL", p.Namespace)
		}
	}
	if len(m.Distributions) == 0 {
		bad("/distributions: missing; there is nothing to sync")
	}
	var dists []distribution
	for i, d := range m.Distributions {
		if d.DirectoryURL == "" && d.ROLIE == nil {
			bad("/distributions/%d: neither directory_url nor rolie", i)
		}
		if d.DirectoryURL != "" {
			if du, err := parseHTTPURL(nil, d.DirectoryURL); err != nil {
				bad("/distributions/%d/directory_url: %v", i, err)
			} else {
				// CSAF 2.0 gives directories no TLP label: anything not
				// TLP:WHITE must sit behind access control, so a directory
				// Ward can read without credentials is the public one.
				// Each document's own label is checked after download.
				dists = append(dists, distribution{url: asDirectory(du)})
			}
		}
		if d.ROLIE == nil {
			continue
		}
		if len(d.ROLIE.Feeds) == 0 {
			bad("/distributions/%d/rolie/feeds: missing", i)
		}
		for j, f := range d.ROLIE.Feeds {
			label := strings.ToUpper(f.TLPLabel)
			if !slices.Contains(tlpLabels, label) {
				bad("/distributions/%d/rolie/feeds/%d/tlp_label: got %q, want one of %s", i, j, f.TLPLabel, strings.Join(tlpLabels, ", "))
			}
			fu, err := parseHTTPURL(nil, f.URL)
			switch {
			case err != nil:
				bad("/distributions/%d/rolie/feeds/%d/url: %v", i, j, err)
			case !strings.HasSuffix(fu.Path, ".json"):
				bad("/distributions/%d/rolie/feeds/%d/url: got %q, want a URL ending in .json", i, j, f.URL)
			case slices.Contains(publicLabels, label):
				dists = append(dists, distribution{rolie: true, url: fu})
			}
		}
	}
	if len(problems) > maxMetadataProblem {
		problems = append(problems[:maxMetadataProblem], fmt.Sprintf("and %d more", len(problems)-maxMetadataProblem))
	}
	if len(problems) > 0 {
		return nil, ward.Errorf(ward.EINVALID, "%s: %s", u.Redacted(), strings.Join(problems, "; "))
	}
	return dists, nil
}
