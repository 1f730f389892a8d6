package render

import (
	"fmt"
	"html/template"
	"strings"
)

// chart draws a dossier's verdict distribution as an inline SVG bar chart.
// It needs no script, and screen readers get the same numbers as text
// through the SVG's title and description.
func chart(d *DossierView) template.HTML {
	if len(d.Counts) == 0 {
		return ""
	}
	const (
		rowH   = 28
		labelW = 150
		barW   = 220
	)
	most := 0
	for _, c := range d.Counts {
		most = max(most, c.Count)
	}
	id := esc("chart-" + d.Slug)
	h := rowH * len(d.Counts)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %d %d" width="%d" height="%d">`,
		id, id, labelW+barW+40, h, labelW+barW+40, h)
	fmt.Fprintf(&b, `<title id="%s-t">Verdicts in this dossier</title><desc id="%s-d">%s</desc>`, id, id, esc(d.Summary()))
	for i, c := range d.Counts {
		y := i * rowH
		w := c.Count * barW / most
		fmt.Fprintf(&b, `<g class="v-%s"><text x="0" y="%d" class="chart-label">%s</text>`, esc(c.Rating.Key), y+18, esc(c.Rating.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" class="chart-bar"></rect>`, labelW, y+5, max(w, 2), rowH-10)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="chart-count">%d</text></g>`, labelW+max(w, 2)+6, y+18, c.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
