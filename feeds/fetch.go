package feeds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"ward"
)

// DefaultClient returns the client a Syncer uses when its Client is nil.
// Every stage of a request has a deadline, so a server that accepts the
// connection and then stalls cannot hold a sync forever.
func DefaultClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 30 * time.Second
	t.MaxResponseHeaderBytes = 64 << 10
	return &http.Client{Transport: t, Timeout: 2 * time.Minute}
}

// sharedClient is the default client, made once so that its connection
// pool is reused across syncs instead of left idle by each.
var sharedClient = sync.OnceValue(DefaultClient)

// maxRedirects is lower than net/http's 10: providers serve static files
// and at most bounce http to https or to a CDN once or twice.
const maxRedirects = 5

// run is the state of one Sync: the settings with defaults applied and
// the hosts documents may come from.
type run struct {
	client     *http.Client
	userAgent  string
	maxDoc     int64
	maxListing int64
	// hosts holds the lower-case host:port of the provider URL and of each
	// distribution the metadata lists.
	hosts map[string]bool
}

func (s *Syncer) newRun() *run {
	base := s.Client
	if base == nil {
		base = sharedClient()
	}
	r := &run{
		userAgent:  orDefault(s.UserAgent, "ward-csaf-sync/1"),
		maxDoc:     s.MaxDocument,
		maxListing: s.MaxListing,
		hosts:      map[string]bool{},
	}
	if r.maxDoc <= 0 {
		r.maxDoc = DefaultMaxDocument
	}
	if r.maxListing <= 0 {
		r.maxListing = DefaultMaxListing
	}
	// A copy, so the caller's client is not changed; http.Client holds no
	// state of its own beyond its fields.
	c := *base
	c.CheckRedirect = r.checkRedirect
	r.client = &c
	return r
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkRedirect applies the link policy to redirect targets too: without
// it a provider could bounce Ward to any host, such as an internal admin
// page, that it may not link to directly.
func (r *run) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	return r.checkURL(req.URL)
}

// parseHTTPURL parses ref relative to base (nil for an absolute URL) and
// refuses anything but http and https, and URLs carrying credentials.
func parseHTTPURL(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, ward.Errorf(ward.EINVALID, "empty URL")
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%q is not a URL", ref)
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ward.Errorf(ward.EINVALID, "%s is not an http or https URL", u.Redacted())
	}
	if u.Host == "" {
		return nil, ward.Errorf(ward.EINVALID, "%s has no host", u.Redacted())
	}
	if u.User != nil {
		return nil, ward.Errorf(ward.EINVALID, "%s carries credentials", u.Redacted())
	}
	u.Fragment = ""
	return u, nil
}

// allow adds u's host to the hosts documents may come from.
func (r *run) allow(u *url.URL) { r.hosts[strings.ToLower(u.Host)] = true }

// checkURL returns EINVALID for a non-HTTP(S) URL and EFORBIDDEN for one
// on a host the provider did not name.
func (r *run) checkURL(u *url.URL) error {
	if _, err := parseHTTPURL(nil, u.String()); err != nil {
		return err
	}
	if !r.hosts[strings.ToLower(u.Host)] {
		return ward.Errorf(ward.EFORBIDDEN, "%s is on host %s, neither the provider's nor a listed distribution's", u.Redacted(), u.Host)
	}
	return nil
}

// get fetches u and returns its body. It returns ENOTFOUND for 404 and
// 410, EFORBIDDEN for 401 and 403, EINVALID for a body over limit and
// EINTERNAL for other statuses and transport failures.
func (r *run) get(ctx context.Context, u *url.URL, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, ward.WrapError(ward.EINVALID, err, "%s", u.Redacted())
	}
	req.Header.Set("User-Agent", r.userAgent)
	resp, err := r.client.Do(req)
	if err != nil {
		// A redirect refused by checkRedirect keeps its own code.
		code := ward.EINTERNAL
		if we := (*ward.Error)(nil); errors.As(err, &we) {
			code = we.Code
		}
		return nil, ward.WrapError(code, err, "fetching %s", u.Redacted())
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusGone:
		return nil, ward.Errorf(ward.ENOTFOUND, "%s: HTTP %s", u.Redacted(), resp.Status)
	case http.StatusUnauthorized, http.StatusForbidden:
		return nil, ward.Errorf(ward.EFORBIDDEN, "%s: HTTP %s", u.Redacted(), resp.Status)
	default:
		return nil, ward.Errorf(ward.EINTERNAL, "%s: unexpected HTTP %s", u.Redacted(), resp.Status)
	}
	// Content-Length lets us refuse before reading; the LimitReader covers
	// chunked and lying responses and gzip that inflates past the cap.
	if resp.ContentLength > limit {
		return nil, tooBig(u, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "reading %s", u.Redacted())
	}
	if int64(len(body)) > limit {
		return nil, tooBig(u, limit)
	}
	return body, nil
}

func tooBig(u *url.URL, limit int64) error {
	return ward.Errorf(ward.EINVALID, "%s is larger than the %d-byte limit", u.Redacted(), limit)
}

// stopped turns an error seen after ctx ended into one that says so and
// matches context.Canceled or context.DeadlineExceeded with errors.Is.
func stopped(ctx context.Context, err error) error {
	cause := ctx.Err()
	if cause == nil {
		return err
	}
	return ward.WrapError(ward.EINTERNAL, cause, "sync stopped")
}
