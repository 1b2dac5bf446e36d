// Package chart draws Ward's dashboard charts as SVG on the server: no
// script, no external library, readable by screen readers (role="img",
// a title and a description listing every value). It is pure.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"
)

// Bar is one bar of a bar chart.
type Bar struct {
	Label string
	Value float64
	Class string // CSS class for the bar's colour, e.g. "p-critical"
	Href  string // optional link, e.g. to the filtered list
}

// Bars draws a horizontal bar chart, one row per bar, scaled to the
// largest value, with the value printed after each bar.
func Bars(title string, bars []Bar, width int) string {
	const rowH, labelW, pad = 22, 150, 6
	h := len(bars)*rowH + 2*pad
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, b.Value)
	}
	var sb strings.Builder
	desc := make([]string, len(bars))
	for i, b := range bars {
		desc[i] = fmt.Sprintf("%s: %s", b.Label, number(b.Value))
	}
	fmt.Fprintf(&sb, `<svg class="chart" role="img" width="%d" height="%d" viewBox="0 0 %d %d" aria-labelledby="%s-t %s-d">`,
		width, h, width, h, id(title), id(title))
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id(title), esc(title), id(title),
		esc(strings.Join(desc, "; ")))
	barW := float64(width - labelW - 70)
	for i, b := range bars {
		y := pad + i*rowH
		w := 0.0
		if maxV > 0 {
			w = barW * b.Value / maxV
		}
		if b.Href != "" {
			fmt.Fprintf(&sb, `<a href="%s">`, esc(b.Href))
		}
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-6, y+15, esc(b.Label))
		fmt.Fprintf(&sb, `<rect class="%s" x="%d" y="%d" width="%.1f" height="%d" fill="currentColor" rx="2"></rect>`,
			esc(b.Class), labelW, y+3, math.Max(w, 1), rowH-6)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%d">%s</text>`, float64(labelW)+math.Max(w, 1)+6, y+15, number(b.Value))
		if b.Href != "" {
			sb.WriteString(`</a>`)
		}
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// Point is one value of a time series.
type Point struct {
	At    time.Time
	Value float64
}

// Series is a named line.
type Series struct {
	Name   string
	Class  string
	Points []Point
}

// Lines draws time series as lines on shared axes, with the first and last
// dates and the top value marked.
func Lines(title string, series []Series, width, height int) string {
	const padL, padR, padT, padB = 40, 100, 10, 24
	var t0, t1 time.Time
	maxV := 0.0
	for _, s := range series {
		for _, p := range s.Points {
			if t0.IsZero() || p.At.Before(t0) {
				t0 = p.At
			}
			if p.At.After(t1) {
				t1 = p.At
			}
			maxV = math.Max(maxV, p.Value)
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	span := t1.Sub(t0).Seconds()
	if span <= 0 {
		span = 1
	}
	x := func(t time.Time) float64 { return padL + float64(width-padL-padR)*t.Sub(t0).Seconds()/span }
	y := func(v float64) float64 { return float64(padT) + float64(height-padT-padB)*(1-v/maxV) }
	var sb strings.Builder
	var desc []string
	for _, s := range series {
		if n := len(s.Points); n > 0 {
			desc = append(desc, fmt.Sprintf("%s: %s on %s", s.Name, number(s.Points[n-1].Value), s.Points[n-1].At.Format("2006-01-02")))
		}
	}
	fmt.Fprintf(&sb, `<svg class="chart" role="img" width="%d" height="%d" viewBox="0 0 %d %d" aria-labelledby="%s-t %s-d">`,
		width, height, width, height, id(title), id(title))
	fmt.Fprintf(&sb, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id(title), esc(title), id(title),
		esc(strings.Join(desc, "; ")))
	fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8c959f"></line>`, padL, height-padB, width-padR, height-padB)
	fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%s</text>`, padL-4, padT+8, number(maxV))
	fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">0</text>`, padL-4, height-padB)
	if !t0.IsZero() {
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`, padL, height-6, t0.Format("2006-01-02"))
		fmt.Fprintf(&sb, `<text x="%d" y="%d" text-anchor="end">%s</text>`, width-padR, height-6, t1.Format("2006-01-02"))
	}
	for _, s := range series {
		if len(s.Points) == 0 {
			continue
		}
		pts := make([]string, len(s.Points))
		for i, p := range s.Points {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(p.At), y(p.Value))
		}
		last := s.Points[len(s.Points)-1]
		fmt.Fprintf(&sb, `<g class="%s"><polyline fill="none" stroke="currentColor" stroke-width="2" points="%s"></polyline>`,
			esc(s.Class), strings.Join(pts, " "))
		if len(s.Points) == 1 { // a single day is a dot, not an invisible line
			fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="3" fill="currentColor"></circle>`, x(last.At), y(last.Value))
		}
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" fill="currentColor">%s</text></g>`, x(last.At)+6, y(last.Value)+4, esc(s.Name))
	}
	sb.WriteString(`</svg>`)
	return sb.String()
}

// number prints a value without decimals when it has none.
func number(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s := fmt.Sprintf("%d", int64(v))
		return thousands(s)
	}
	return fmt.Sprintf("%.1f", v)
}

func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func esc(s string) string { return html.EscapeString(s) }

// id turns a title into an element id.
func id(title string) string {
	var b strings.Builder
	b.WriteString("c-")
	for _, r := range strings.ToLower(title) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
