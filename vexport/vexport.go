// Package vexport writes Ward's position on the vulnerabilities of one
// product (a model at a software version) as a VEX document: CSAF 2.0 with
// the VEX profile, or CycloneDX 1.6. The position comes from the findings
// Ward computed for the product and the triage decisions its users
// recorded, with the OEM-validated patches of the catalog as remediations.
// It is pure: a ward.VEXReport in, document bytes out.
//
// Statements are made per vulnerability (a CVE, or the tracking ID of an
// advisory that names none). When several advisories report the same CVE
// (a CISA advisory and its NVD record), a current triage decision on any
// of them decides (the latest one when several do); otherwise the most
// cautious of their statuses holds: affected, then under investigation,
// then fixed, then not affected.
package vexport

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"ward"
)

// Options say who publishes a document.
type Options struct {
	// Publisher is the organisation issuing the statements (default
	// "Ward"), Namespace a URI it controls (default "urn:x-ward:local":
	// set your organisation's URL).
	Publisher string
	Namespace string
	// TLP is the Traffic Light Protocol label of a CSAF document (WHITE,
	// GREEN, AMBER or RED); empty leaves the distribution out.
	TLP string
	// Engine is the Ward version written as the generating tool.
	Engine string
}

// Defaults for Options.
const (
	DefaultPublisher = "Ward"
	DefaultNamespace = "urn:x-ward:local"
)

func (o Options) withDefaults() Options {
	if o.Publisher = strings.TrimSpace(o.Publisher); o.Publisher == "" {
		o.Publisher = DefaultPublisher
	}
	if o.Namespace = strings.TrimSpace(o.Namespace); o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.Engine == "" {
		o.Engine = "dev"
	}
	o.TLP = strings.ToUpper(strings.TrimSpace(o.TLP))
	return o
}

// check refuses options a document could not carry.
func (o Options) check() error {
	if o.TLP != "" && !slices.Contains([]string{"WHITE", "GREEN", "AMBER", "RED"}, o.TLP) {
		return ward.Errorf(ward.EINVALID, "TLP label %q is not one of WHITE, GREEN, AMBER, RED", o.TLP)
	}
	scheme, rest, ok := strings.Cut(o.Namespace, ":")
	if !ok || rest == "" || !isScheme(scheme) || strings.ContainsFunc(o.Namespace, unicode.IsSpace) {
		return ward.Errorf(ward.EINVALID, "publisher namespace %q is not an absolute URI", o.Namespace)
	}
	if len(o.Publisher) > 200 || strings.ContainsFunc(o.Publisher, unicode.IsControl) {
		return ward.Errorf(ward.EINVALID, "publisher name is longer than 200 bytes or has control characters")
	}
	return nil
}

func isScheme(s string) bool {
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	return s != ""
}

// vuln is Ward's merged position on one vulnerability of the product.
type vuln struct {
	id    string // a CVE ID, or an advisory's tracking ID
	isCVE bool
	// status is affected, not_affected, fixed or under_investigation.
	status string
	// decision is the current triage decision that set the status, if
	// any; accepted a current risk acceptance.
	decision *ward.Triage
	accepted *ward.Triage
	sources  []*ward.VEXStatement
	// validated and pending are the catalog patches fixing it.
	validated, pending []ward.Patch
	first, last        time.Time
}

// caution orders statuses from the most cautious.
var caution = []string{ward.FindingAffected, ward.FindingUnderInvestigation, ward.FindingFixed, ward.FindingNotAffected}

// merge groups statements by vulnerability and decides each one's status.
func merge(stmts []ward.VEXStatement) []*vuln {
	byID := map[string]*vuln{}
	var out []*vuln
	add := func(id string, isCVE bool, s *ward.VEXStatement) {
		v := byID[id]
		if v == nil {
			v = &vuln{id: id, isCVE: isCVE, first: s.FirstSeen, last: s.UpdatedAt}
			byID[id] = v
			out = append(out, v)
		}
		v.sources = append(v.sources, s)
	}
	for i := range stmts {
		s := &stmts[i]
		if len(s.CVEs) == 0 {
			add(s.AdvisoryRef, false, s)
		}
		for _, c := range s.CVEs {
			add(c, true, s)
		}
	}
	for _, v := range out {
		v.decide()
	}
	slices.SortFunc(out, func(a, b *vuln) int { return cmp.Compare(a.id, b.id) })
	return out
}

// decide sets a vulnerability's status, decision, patches and dates from
// its sources.
func (v *vuln) decide() {
	v.status = ward.FindingNotAffected
	for _, s := range v.sources {
		t := s.Triage
		current := t != nil && t.State == ward.TriageCurrent
		switch {
		case current && t.Status == ward.TriageRiskAccepted:
			v.accepted = later(v.accepted, t)
		case current:
			v.decision = later(v.decision, t)
		}
		if slices.Index(caution, s.Status) < slices.Index(caution, v.status) {
			v.status = s.Status
		}
		v.first = minTime(v.first, s.FirstSeen)
		v.last = maxTime(v.last, s.UpdatedAt)
		if t != nil {
			v.last = maxTime(v.last, t.At)
		}
		for _, p := range s.Patches {
			switch {
			case p.Status == ward.PatchValidated && !hasPatch(v.validated, p.ID):
				v.validated = append(v.validated, p)
			case p.Status == ward.PatchPending && !hasPatch(v.pending, p.ID):
				v.pending = append(v.pending, p)
			}
		}
	}
	if v.decision != nil {
		v.status = v.decision.Status
	}
}

func later(a, b *ward.Triage) *ward.Triage {
	if a == nil || b.At.After(a.At) {
		return b
	}
	return a
}

func hasPatch(ps []ward.Patch, id int64) bool {
	return slices.ContainsFunc(ps, func(p ward.Patch) bool { return p.ID == id })
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// span returns the earliest first-seen and the latest change over all
// vulnerabilities: the document's dates, so the same data always gives
// the same document.
func span(vs []*vuln) (first, last time.Time) {
	for _, v := range vs {
		first, last = minTime(first, v.first), maxTime(last, v.last)
	}
	return first.UTC().Truncate(time.Second), last.UTC().Truncate(time.Second)
}

// productID names the product inside a document.
func productID(p *ward.VEXProduct) string {
	return fmt.Sprintf("WARD-MODEL-%d-VERSION-%s", p.ModelID, slug(p.Version))
}

// documentID is a document's tracking ID: the product and the time of the
// latest change the statements rest on.
func documentID(p *ward.VEXProduct, last time.Time) string {
	return fmt.Sprintf("WARD-VEX-%s-%s-%s-%s", slug(p.Manufacturer), slug(p.Model), slug(p.Version), last.Format("20060102T150405Z"))
}

// slug keeps letters, digits and dots, upper-cased, with dashes between.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToUpper(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "X"
	}
	return b.String()
}

// uuidFor is a name-based (version 5, SHA-1) UUID in the URL namespace,
// so a document's CycloneDX serial number follows from its tracking ID.
func uuidFor(name string) string {
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.Sum(append(ns, name...))
	u := h[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// productName is the product as people name it.
func productName(p *ward.VEXProduct) string {
	return strings.Join([]string{p.Manufacturer, p.Model, p.Version}, " ")
}

// sourceText describes the advisory a statement comes from and Ward's
// finding, for notes and details.
func sourceText(s *ward.VEXStatement) string {
	text := fmt.Sprintf("%s (%s, revision %s)", s.AdvisoryRef, s.Source, s.AdvisoryRevision)
	if s.AdvisoryTitle != "" {
		text += ": " + s.AdvisoryTitle
	}
	text += fmt.Sprintf(". Ward's finding: %s", s.ComputedStatus)
	if s.Confidence != "" {
		text += " (" + s.Confidence + ")"
	}
	if s.Explanation != "" {
		text += "; " + s.Explanation
	}
	return text + "."
}

// decisionText describes a triage decision.
func decisionText(t *ward.Triage) string {
	text := t.Status
	if t.Justification != "" {
		text += " (" + t.Justification + ")"
	}
	text += fmt.Sprintf(", decided by %s on %s", t.Actor, t.At.UTC().Format("2006-01-02"))
	if !t.Expires.IsZero() {
		text += ", until " + t.Expires.String()
	}
	if t.Comment != "" {
		text += ": " + t.Comment
	}
	return text
}

// patchText describes a catalog patch as a remediation.
func patchText(p *ward.Patch) string {
	text := fmt.Sprintf("Install %s %s version %s (OEM validation: %s", p.Manufacturer, p.Model, p.InstallsVersion, p.Status)
	if !p.Date.IsZero() {
		text += ", " + p.Date.String()
	}
	text += ")"
	if p.Reference != "" {
		text += "; reference: " + p.Reference
		if p.ReferenceSHA256 != "" {
			text += " (SHA-256 " + p.ReferenceSHA256 + ")"
		}
	}
	if p.Notes != "" {
		text += "; notes: " + strings.TrimRight(p.Notes, ". ")
	}
	return text + "."
}

// isURL says whether a patch reference is a web address.
func isURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsFunc(s, unicode.IsSpace)
}

// encode writes v as indented JSON, leaving <, > and & as they are.
func encode(v any, what string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, ward.WrapError(ward.EINTERNAL, err, "encode %s", what)
	}
	return buf.Bytes(), nil
}
