package feeds

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"time"

	"ward"
)

// hashFile is a published digest of a document.
type hashFile struct {
	url string
	hex string // lower case; 128 digits for SHA-512, 64 for SHA-256
}

// fetchDocument decides whether e is new or changed and, if so, downloads
// and verifies it. unchanged reports a document skipped because known
// already has it. Every error names the document's URL.
func (r *run) fetchDocument(ctx context.Context, e entry, known Known) (doc Document, unchanged bool, err error) {
	u, err := parseHTTPURL(nil, e.url)
	if err == nil {
		err = r.checkURL(u)
	}
	if err != nil {
		return doc, false, ward.WrapError(ward.ErrorCode(err), err, "document refused")
	}
	var knownHash string
	var knownTime time.Time
	var ok bool
	if known != nil {
		knownHash, knownTime, ok = known(e.url)
	}
	// The listing's time is the cheapest signal: trusting it saves a
	// request per document, which over CISA's hundreds of advisories is
	// most of a nightly sync.
	if ok && !e.updated.IsZero() && !knownTime.IsZero() && !e.updated.After(knownTime) {
		return doc, true, nil
	}
	published, err := r.publishedHash(ctx, u, e.hashes)
	if err != nil {
		return doc, false, err
	}
	if ok && strings.EqualFold(knownHash, published.hex) {
		return doc, true, nil
	}
	body, err := r.get(ctx, u, r.maxDoc)
	if err != nil {
		return doc, false, err
	}
	s256, s512 := sha256.Sum256(body), sha512.Sum512(body)
	doc = Document{URL: e.url, Body: body, SHA256: hex.EncodeToString(s256[:]), SHA512: hex.EncodeToString(s512[:]), Updated: e.updated}
	got := doc.SHA256
	if len(published.hex) == sha512.Size*2 {
		got = doc.SHA512
	}
	if got != published.hex {
		return Document{}, false, ward.Errorf(ward.EINVALID, "%s: hash mismatch: got %s, want %s from %s", u.Redacted(), short(got), short(published.hex), published.url)
	}
	if err := checkCSAF(body); err != nil {
		return Document{}, false, ward.WrapError(ward.EINVALID, err, "%s", u.Redacted())
	}
	return doc, false, nil
}

// publishedHash fetches the document's hash file: the ROLIE entry's hash
// links when it has any, else the conventional .sha512 and .sha256 next
// to the document. SHA-512 wins when both exist; a missing file (404) is
// skipped, any other failure is the document's failure.
func (r *run) publishedHash(ctx context.Context, doc *url.URL, links []string) (hashFile, error) {
	candidates := links
	if len(candidates) == 0 {
		candidates = []string{doc.String() + ".sha512", doc.String() + ".sha256"}
	}
	// Stable sort keeps the provider's order among links of one kind.
	candidates = slices.Clone(candidates)
	slices.SortStableFunc(candidates, func(a, b string) int { return hashRank(a) - hashRank(b) })
	for _, c := range candidates {
		if hashRank(c) > 1 {
			continue // .sha3-512 and the like: not a digest we compute
		}
		u, err := parseHTTPURL(nil, c)
		if err == nil {
			err = r.checkURL(u)
		}
		if err != nil {
			return hashFile{}, ward.WrapError(ward.ErrorCode(err), err, "%s: hash file refused", doc.Redacted())
		}
		body, err := r.get(ctx, u, maxHashFile)
		if ward.IsNotFound(err) {
			continue
		}
		if err != nil {
			return hashFile{}, err
		}
		h, err := parseHashFile(body, hashRank(c))
		if err != nil {
			return hashFile{}, ward.WrapError(ward.EINVALID, err, "%s", u.Redacted())
		}
		return hashFile{url: u.Redacted(), hex: h}, nil
	}
	return hashFile{}, ward.Errorf(ward.EINVALID, "%s: no .sha512 or .sha256 file published, so it cannot be verified", doc.Redacted())
}

// hashRank orders hash-file URLs: 0 for SHA-512, 1 for SHA-256, 2 for
// anything else.
func hashRank(u string) int {
	switch {
	case strings.HasSuffix(u, ".sha512"):
		return 0
	case strings.HasSuffix(u, ".sha256"):
		return 1
	}
	return 2
}

// parseHashFile reads a hash file per CSAF 2.0 requirement 18: the hex
// digest first, then optionally whitespace and the file name, as
// sha512sum writes it.
func parseHashFile(body []byte, rank int) (string, error) {
	fields := strings.Fields(string(body))
	want := sha512.Size * 2
	if rank == 1 {
		want = sha256.Size * 2
	}
	if len(fields) == 0 {
		return "", ward.Errorf(ward.EINVALID, "empty hash file")
	}
	h := strings.ToLower(fields[0])
	if _, err := hex.DecodeString(h); err != nil || len(h) != want {
		return "", ward.Errorf(ward.EINVALID, "got %q, want %d hex digits", short(fields[0]), want)
	}
	return h, nil
}

// short abbreviates a digest or stray text for messages.
func short(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

// csafHead is the part of a CSAF document checked before delivery.
type csafHead struct {
	Document *struct {
		CSAFVersion  string `json:"csaf_version"`
		Distribution *struct {
			TLP *struct {
				Label string `json:"label"`
			} `json:"tlp"`
		} `json:"distribution"`
	} `json:"document"`
}

// checkCSAF rejects bytes that are not a CSAF 2.0 JSON document or that
// carry a TLP label other than WHITE or CLEAR. A matching hash only
// proves the provider published these bytes; a provider that hashed its
// own HTML error page, or a restricted advisory in a public directory,
// must still not reach the importer. Full validation is ingest/csaf's job.
func checkCSAF(body []byte) error {
	var h csafHead
	if err := json.Unmarshal(body, &h); err != nil {
		return ward.WrapError(ward.EINVALID, err, "not a JSON document")
	}
	switch {
	case h.Document == nil:
		return ward.Errorf(ward.EINVALID, "not a CSAF document: /document missing")
	case h.Document.CSAFVersion != "2.0":
		return ward.Errorf(ward.EINVALID, "/document/csaf_version: got %q, want \"2.0\"", h.Document.CSAFVersion)
	}
	if d := h.Document.Distribution; d != nil && d.TLP != nil && !slices.Contains(publicLabels, strings.ToUpper(d.TLP.Label)) {
		return ward.Errorf(ward.EINVALID, "/document/distribution/tlp/label: got %q, want WHITE or CLEAR", d.TLP.Label)
	}
	return nil
}
