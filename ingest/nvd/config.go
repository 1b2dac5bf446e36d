package nvd

import (
	"strconv"
	"strings"

	"ward"
	"ward/ingest/jsonptr"
)

// configurations copies NVD's applicability statements into v as they are
// written, platform ("running on") criteria included, and adds one
// product with status known_affected to a for every distinct vulnerable
// criterion. Products are keyed by NVD's matchCriteriaId, which stays the
// same across revisions of the record, so triage decisions taken on one
// revision still name the right product in the next.
func (c conv) configurations(cfgs []config, a *ward.Advisory, v *ward.Vulnerability) error {
	a.Products = []ward.Product{}
	v.Statuses = []ward.ProductStatus{}
	seen := map[string]bool{}
	for ci, cfg := range cfgs {
		at := "/configurations/" + strconv.Itoa(ci)
		if cfg.Operator != "" && cfg.Operator != "AND" && cfg.Operator != "OR" {
			return c.errf(at+"/operator", "got %q, want AND or OR", jsonptr.Clip(cfg.Operator))
		}
		out := ward.Configuration{Operator: cfg.Operator, Negate: cfg.Negate, Nodes: make([]ward.Node, 0, len(cfg.Nodes))}
		for ni, n := range cfg.Nodes {
			at := at + "/nodes/" + strconv.Itoa(ni)
			if n.Operator != "AND" && n.Operator != "OR" {
				return c.errf(at+"/operator", "got %q, want AND or OR", jsonptr.Clip(n.Operator))
			}
			node := ward.Node{Operator: n.Operator, Negate: n.Negate, Matches: make([]ward.CPEMatch, 0, len(n.CPEMatch))}
			for mi, m := range n.CPEMatch {
				at := at + "/cpeMatch/" + strconv.Itoa(mi)
				if m.Vulnerable == nil {
					return c.errf(at+"/vulnerable", "missing, want true or false")
				}
				cpe, ok := splitCPE(m.Criteria)
				if !ok {
					return c.errf(at+"/criteria", "got %q, want a CPE 2.3 name such as cpe:2.3:o:vendor:product:*:*:*:*:*:*:*:*", jsonptr.Clip(m.Criteria))
				}
				node.Matches = append(node.Matches, ward.CPEMatch{
					Vulnerable:            *m.Vulnerable,
					Criteria:              m.Criteria,
					VersionStartIncluding: m.VersionStartIncluding,
					VersionStartExcluding: m.VersionStartExcluding,
					VersionEndIncluding:   m.VersionEndIncluding,
					VersionEndExcluding:   m.VersionEndExcluding,
				})
				if !*m.Vulnerable {
					continue
				}
				p := ward.Product{
					Key:     m.MatchCriteriaID,
					Vendor:  unescape(cpe[3]),
					Name:    unescape(cpe[4]),
					Version: versionExpr(cpe[5], &m),
					CPE:     m.Criteria,
				}
				if p.Key == "" {
					p.Key = m.Criteria + " " + p.Version
				}
				if seen[p.Key] {
					continue
				}
				seen[p.Key] = true
				a.Products = append(a.Products, p)
				v.Statuses = append(v.Statuses, ward.ProductStatus{ProductKey: p.Key, Status: ward.ProductAffected})
			}
			out.Nodes = append(out.Nodes, node)
		}
		v.Configurations = append(v.Configurations, out)
	}
	return nil
}

// versionExpr writes the versions a criterion covers: a vers range from
// its bounds, else the CPE's own version, else all versions (the CPE
// version "*", or "-" which means that versions do not apply).
func versionExpr(cpeVersion string, m *cpeMatch) string {
	var b strings.Builder
	for _, bound := range [...]struct{ op, v string }{
		{">=", m.VersionStartIncluding},
		{">", m.VersionStartExcluding},
		{"<=", m.VersionEndIncluding},
		{"<", m.VersionEndExcluding},
	} {
		if bound.v == "" {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("vers:generic/")
		} else {
			b.WriteByte('|')
		}
		b.WriteString(bound.op)
		writeVersEscaped(&b, bound.v)
	}
	if b.Len() > 0 {
		return b.String()
	}
	if cpeVersion == "*" || cpeVersion == "-" || cpeVersion == "" {
		return "vers:all/*"
	}
	return unescape(cpeVersion)
}

// writeVersEscaped writes a version into a vers constraint, percent-encoding
// (upper-case hex, as vers requires of canonical strings) every byte that
// could be read as a separator or comparator, or that is not printable ASCII.
func writeVersEscaped(b *strings.Builder, v string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.', c == '-', c == '_', c == '~', c == '+', c == ':':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
}

// splitCPE splits a CPE 2.3 formatted string into its 13 colon-separated
// fields, honouring backslash escapes. It reports false for anything else.
func splitCPE(s string) (f [13]string, ok bool) {
	if !strings.HasPrefix(s, "cpe:2.3:") {
		return f, false
	}
	n, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++ // the escaped byte is part of the value
		case ':':
			if n == 12 {
				return f, false
			}
			f[n] = s[start:i]
			n, start = n+1, i+1
		}
	}
	f[n] = s[start:]
	if n != 12 || len(f[2]) != 1 || !strings.Contains("aoh*", f[2]) || f[3] == "" || f[4] == "" {
		return f, false
	}
	return f, true
}

// unescape removes the backslash escapes of a CPE field ("1.0\:beta").
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
