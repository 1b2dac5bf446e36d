package fdaclass

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"ward"
)

// maxListed is how many problems one error spells out; beyond that a
// wrong file would bury the first, most useful, messages.
const maxListed = 20

// problems collects what is wrong with a file so that one error can report
// every bad row at once instead of one per import attempt.
type problems struct {
	name string
	list []string
	n    int
}

func (p *problems) addf(lineNo int, format string, args ...any) {
	p.n++
	if len(p.list) < maxListed {
		p.list = append(p.list, fmt.Sprintf("%s:%d: ", p.name, lineNo)+fmt.Sprintf(format, args...))
	}
}

func (p *problems) err() error {
	switch {
	case p.n == 0:
		return nil
	case p.n == 1:
		return ward.Errorf(ward.EINVALID, "%s", p.list[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems, nothing imported:", p.name, p.n)
	for _, m := range p.list {
		b.WriteString("\n\t" + m)
	}
	if more := p.n - len(p.list); more > 0 {
		fmt.Fprintf(&b, "\n\t... and %d more", more)
	}
	return ward.Errorf(ward.EINVALID, "%s", b.String())
}

// row parses one data line. It reports each problem to p and returns ok
// false if there was any.
func (c *columns) row(line []byte, lineNo int, p *problems) (pc ward.ProductCode, ok bool) {
	before := p.n
	if bytes.IndexByte(line, 0) >= 0 {
		p.addf(lineNo, "contains a NUL byte; is this a text file?")
		return pc, false
	}
	fields := strings.Split(decode(line), "|")
	if len(fields) != len(c.names) {
		p.addf(lineNo, "has %d fields, the header has %d", len(fields), len(c.names))
		return pc, false
	}
	get := func(col string) string {
		if i, ok := c.index[strings.ToUpper(col)]; ok {
			return clean(fields[i])
		}
		return ""
	}
	bad := func(col, format string, args ...any) {
		p.addf(lineNo, "field %q: %s", c.name(col), fmt.Sprintf(format, args...))
	}
	pc.Code = get(colCode)
	if !isProductCode(pc.Code) {
		bad(colCode, "%s is not a 3-letter product code", quote(pc.Code))
	}
	if pc.DeviceName = get(colName); pc.DeviceName == "" {
		bad(colName, "empty, want a device name")
	}
	switch pc.DeviceClass = strings.ToUpper(get(colClass)); pc.DeviceClass {
	case "1", "2", "3", "U", "N", "F":
	default:
		bad(colClass, "%s is not a device class (want 1, 2, 3, U, N or F)", quote(get(colClass)))
	}
	flag := func(col, allowed string) bool {
		i, present := c.index[strings.ToUpper(col)]
		if !present {
			return false // optional column: absent means no
		}
		v := strings.ToUpper(clean(fields[i]))
		if len(v) != 1 || !strings.Contains(allowed, v) {
			bad(col, "%s is not one of %s", quote(clean(fields[i])), strings.Join(strings.Split(allowed, ""), ", "))
		}
		return v == "Y"
	}
	pc.GMPExempt = flag(colGMPExempt, "YN")
	pc.ThirdPartyReview = flag(colThirdParty, "YNP")
	pc.Implant = flag(colImplant, "YN")
	pc.LifeSustaining = flag(colLifeSustain, "YN")
	pc.ReviewPanel = get(colPanel)
	pc.MedicalSpecialty = get(colSpecialty)
	pc.RegulationNumber = get(colRegulation)
	pc.SubmissionType = get(colSubmission)
	pc.Definition = get(colDefinition)
	pc.UnclassifiedReason = get(colUnclassified)
	return pc, p.n == before
}

func isProductCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// clean trims a field and replaces control characters other than tab with
// U+FFFD. FDA's own file has a stray 0x04 (row NWZ, apparently meant as a
// degree sign), so rejecting them would reject the real file, yet they must
// not reach the database or a terminal unmarked.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r != '\t' && unicode.IsControl(r) }

// quote quotes a field value for a message, shortened so that a wrong
// column or binary junk does not flood the error.
func quote(s string) string {
	const show = 40
	if r := []rune(s); len(r) > show {
		s = string(r[:show]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
