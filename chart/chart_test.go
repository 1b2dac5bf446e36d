package chart

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// wellFormed parses the SVG as XML, as a browser's SVG parser would.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() == "EOF" {
				return
			}
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
}

func TestBars(t *testing.T) {
	svg := Bars("Findings by priority", []Bar{{Label: "critical", Value: 12, Class: "p-critical", Href: "/findings?priority=critical"},
		{Label: "high <&>", Value: 1500}, {Label: "low", Value: 0}}, 500)
	wellFormed(t, svg)
	for _, want := range []string{`role="img"`, `<title id="c-findings-by-priority-t">Findings by priority</title>`,
		"critical: 12; high &lt;&amp;&gt;: 1,500; low: 0", `href="/findings?priority=critical"`, ">1,500<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q in\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "<&>") {
		t.Error("label not escaped")
	}
}

func TestLines(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svg := Lines("Open findings", []Series{{Name: "critical", Class: "p-critical", Points: []Point{{t0, 3}, {t0.AddDate(0, 0, 7), 5}}},
		{Name: "empty"}}, 600, 200)
	wellFormed(t, svg)
	for _, want := range []string{"critical: 5 on 2026-01-08", "2026-01-01", "<polyline"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q in\n%s", want, svg)
		}
	}
	wellFormed(t, Lines("Nothing", nil, 300, 100))
}
