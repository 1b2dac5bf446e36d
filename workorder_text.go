package ward

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The one-cell text forms of parts and links, used by CSV import and
// export and by command-line flags, so an exported file imports again
// unchanged.

// FormatParts writes parts as "Battery pack x2 @ 45.00; Fuse x3".
func FormatParts(parts []Part) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Name)
		b.WriteString(" x")
		b.WriteString(strconv.FormatFloat(p.Quantity, 'f', -1, 64))
		if p.UnitCost != 0 {
			b.WriteString(" @ ")
			b.WriteString(p.UnitCost.String())
		}
	}
	return b.String()
}

var partQuantity = regexp.MustCompile(`^(.*\S)\s+[x×*]\s*(\d+(?:\.\d+)?)$`)

// ParseParts reads parts separated by semicolons, each "NAME [xQTY] [@
// UNIT COST]" ("Battery pack x2 @ $45.00"; the quantity defaults to 1).
// It returns EINVALID naming the item that cannot be read.
func ParseParts(s string) ([]Part, error) {
	var out []Part
	for i, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p := Part{Quantity: 1}
		if at := strings.LastIndexByte(item, '@'); at >= 0 {
			cost, err := ParseMoney(item[at+1:])
			if err != nil {
				return nil, Errorf(EINVALID, "part %d %q: unit cost: %s", i+1, item, ErrorMessage(err))
			}
			p.UnitCost, item = cost, strings.TrimSpace(item[:at])
		}
		if m := partQuantity.FindStringSubmatch(item); m != nil && strings.TrimSpace(m[1]) != "" {
			q, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				return nil, Errorf(EINVALID, "part %d %q: bad quantity", i+1, item)
			}
			p.Quantity, item = q, m[1]
		}
		p.Name = strings.TrimSpace(item)
		if p.Name == "" {
			return nil, Errorf(EINVALID, "part %d has no name (write e.g. \"Battery pack x2 @ 45.00\")", i+1)
		}
		out = append(out, p)
	}
	return checkParts(out)
}

// FormatLinks writes links as "finding:#123 ICSMA-21-294-01; recall:Z-0359-2013".
func FormatLinks(links []WorkOrderLink) string {
	var b strings.Builder
	for i, l := range links {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(l.Kind)
		b.WriteByte(':')
		if l.ID != 0 {
			b.WriteByte('#')
			b.WriteString(strconv.FormatInt(l.ID, 10))
			if l.Ref != "" {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l.Ref)
	}
	return b.String()
}

// ParseLinks reads links separated by semicolons, each "KIND:#ID REF",
// "KIND:#ID" or "KIND:REF". It returns EINVALID naming a bad item.
func ParseLinks(s string) ([]WorkOrderLink, error) {
	var out []WorkOrderLink
	for i, item := range strings.Split(s, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		kind, rest, ok := strings.Cut(item, ":")
		if !ok {
			return nil, Errorf(EINVALID, "link %d %q: write KIND:REF or KIND:#ID, e.g. recall:Z-0359-2013", i+1, item)
		}
		l := WorkOrderLink{Kind: strings.ToLower(strings.TrimSpace(kind))}
		rest = strings.TrimSpace(rest)
		if strings.HasPrefix(rest, "#") {
			num, ref, _ := strings.Cut(rest[1:], " ")
			id, err := strconv.ParseInt(num, 10, 64)
			if err != nil || id <= 0 {
				return nil, Errorf(EINVALID, "link %d %q: %q is not an ID", i+1, item, "#"+num)
			}
			l.ID, rest = id, strings.TrimSpace(ref)
		}
		l.Ref = rest
		out = append(out, l)
	}
	return checkLinks(out)
}

// FormatHours writes hours with at most two decimals, "" for zero.
func FormatHours(h float64) string {
	if h == 0 {
		return ""
	}
	return strconv.FormatFloat(h, 'f', -1, 64)
}

// ParseHours reads hours as a decimal number ("1.5") or hours and minutes
// ("1:30"); "" is zero. It returns EINVALID otherwise, or for hours below
// 0 or above 100,000.
func ParseHours(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	bad := Errorf(EINVALID, "%q is not a number of hours from 0 to %d (write e.g. 1.5 or 1:30)", s, maxHours)
	var h float64
	if hh, mm, ok := strings.Cut(s, ":"); ok {
		hi, err1 := strconv.Atoi(hh)
		mi, err2 := strconv.Atoi(mm)
		if err1 != nil || err2 != nil || hi < 0 || mi < 0 || mi > 59 || len(mm) != 2 {
			return 0, bad
		}
		h = float64(hi) + float64(mi)/60
	} else {
		var err error
		if h, err = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(s), "h"), " "), 64); err != nil {
			return 0, bad
		}
	}
	h, err := CheckHours(h, "hours")
	if err != nil {
		return 0, bad
	}
	return h, nil
}

// WorkOrderExportColumns are the columns of a work order export: every
// field an import reads, by its canonical name, then owner_team (the
// effective team, which an import ignores: team is the order's own
// assignment, so an exported file imports again without freezing the
// matrix's choice).
var WorkOrderExportColumns = func() []string {
	var cols []string
	for _, f := range WorkOrderFields() {
		cols = append(cols, f.String())
	}
	return append(cols, "owner_team")
}()

// ExportRow returns wo's cells under WorkOrderExportColumns.
func (wo *WorkOrder) ExportRow() []string {
	return []string{wo.Number, wo.Type, wo.Status, wo.AssetTag, wo.Title, wo.Description, wo.Priority,
		explicitTeamName(wo), wo.Assignee, wo.TargetVersion, wo.Scheduled.String(), wo.Due.String(), wo.Started.String(),
		wo.Completed.String(), FormatHours(wo.EstimatedHours), FormatHours(wo.LabourHours), FormatParts(wo.Parts),
		moneyText(wo.PartsCost), moneyText(wo.LabourCost), moneyText(wo.Cost), FormatHours(wo.DowntimeHours), wo.Notes,
		FormatLinks(wo.Links), idText(wo.ScheduleID), timeText(wo.CreatedAt), string(wo.CreatedBy), wo.Team}
}

// WorkOrderHistoryColumns are the columns of a history export, which the
// history import reads.
var WorkOrderHistoryColumns = []string{"number", "at", "actor", "field", "old", "new"}

// ExportRow returns c's cells under WorkOrderHistoryColumns.
func (c *WorkOrderChange) ExportRow() []string {
	return []string{c.Number, timeText(c.At), string(c.Actor), c.Field, c.Old, c.New}
}

// timeText writes a time in RFC 3339 with its fraction, so an export
// imports to the same instant; "" for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
