package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chartSite is a dossier written in Arabic, whose ratings have a long
// label each, in Arabic and in English, with one check of one and two of
// the other: its chart is drawn right to left.
var chartSite = map[string]string{
	"content/_index.md": `---
title: "تحقق"
language: ar
ratings:
  - {key: false, label: "خاطئ تماماً ولا يستند إلى أي دليل منشور أو وثيقة رسمية", value: 1, color: "#cf222e"}
  - {key: context, label: "Missing important context that changes the meaning of the claim", value: 2, color: "#9a6700"}
---
`,
	"content/a/_index.md": "---\nheadline: الميزانية\n---\n",
	"seeds/a.txt":         "الميزانية\n\nقال الوزير إن الميزانية زادت بنسبة عشرة في المئة هذا العام.\n",
	"content/a/one.md":    "---\ntitle: الزيادة\nquote: الميزانية زادت\nverdict: false\n---\nلا.\n",
	"content/a/two.md":    "---\ntitle: النسبة\nquote: عشرة في المئة\nverdict: context\n---\nلا.\n",
	"content/a/three.md":  "---\ntitle: العام\nquote: هذا العام\nverdict: context\n---\nلا.\n",
}

// chartRow is where the parts of one row of the chart are drawn.
type chartRow struct {
	Dir                               string
	Label                             string
	LabelLeft, LabelRight             float64
	BarLeft, BarRight                 float64
	CountLeft, CountRight             float64
	TableLeft, TableRight             float64
	LabelClipped, BarHidden, LabelOff bool
}

const chartRowsJS = `[...document.querySelectorAll('table.chart tr')].map(tr => {
	const r = el => el.getBoundingClientRect();
	const th = tr.querySelector('th'), bar = tr.querySelector('.chart-bar'), count = tr.querySelector('.chart-count'), table = tr.closest('table');
	return {
		dir: getComputedStyle(table).direction, label: th.textContent,
		labelLeft: r(th).left, labelRight: r(th).right, barLeft: r(bar).left, barRight: r(bar).right,
		countLeft: r(count).left, countRight: r(count).right, tableLeft: r(table).left, tableRight: r(table).right,
		labelClipped: th.scrollWidth > th.clientWidth + 1,
		barHidden: r(bar).width < 1 || getComputedStyle(bar).visibility !== 'visible',
		labelOff: getComputedStyle(th).visibility !== 'visible' || r(th).width < 1,
	};
})`

// TestChartMirrorsAndShowsLabels opens the verdict chart of a dossier in
// Arabic, on a phone and on a desktop, and of the English fixture, and
// checks that each row reads from the start of its line: in right to left
// the label on the right, then the bar, then the count, in left to right
// the reverse; that no label is clipped or drawn outside the chart, however
// long; and that the bars' lengths follow the counts.
func TestChartMirrorsAndShowsLabels(t *testing.T) {
	src := t.TempDir()
	for name, data := range chartSite {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arabic, err := buildSite(SiteSpec{Name: "chart", Src: src})
	if arabic != nil {
		t.Cleanup(func() {
			arabic.srv.Close()
			os.RemoveAll(filepath.Dir(arabic.dir))
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	var fixture *builtSite
	for _, s := range sites(t) {
		if s.Name == "fixture" {
			fixture = s
		}
	}
	tab := browser(t)
	for _, c := range []struct {
		site  *builtSite
		page  string
		width int64
		dir   string
	}{
		{arabic, "a/index.html", phoneWidth, "rtl"},
		{arabic, "a/index.html", 1280, "rtl"},
		{arabic, "index.html", phoneWidth, "rtl"},
		{fixture, "sample/index.html", phoneWidth, "ltr"},
		{fixture, "index.html", 1280, "ltr"},
	} {
		name := fmt.Sprintf("%s %s at %d px", c.site.Name, c.page, c.width)
		var rows []chartRow
		err := step(tab,
			emulation.SetDeviceMetricsOverride(c.width, 844, 1, c.width == phoneWidth),
			chromedp.Navigate(c.site.url(c.page)),
			chromedp.Evaluate(chartRowsJS, &rows),
		)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %d rows in the chart, want a row per rating", name, len(rows))
		}
		for _, r := range rows {
			const slack = 1 // px, for rounding
			switch {
			case r.Dir != c.dir:
				t.Errorf("%s: %q: the chart runs %s, want %s", name, r.Label, r.Dir, c.dir)
			case r.LabelClipped || r.LabelOff || r.BarHidden:
				t.Errorf("%s: %q: clipped or hidden: %+v", name, r.Label, r)
			case r.LabelLeft < r.TableLeft-slack || r.LabelRight > r.TableRight+slack:
				t.Errorf("%s: %q: drawn outside the chart: %+v", name, r.Label, r)
			case c.dir == "rtl" && !(r.LabelLeft >= r.BarRight-slack && r.BarLeft >= r.CountRight-slack):
				t.Errorf("%s: %q: not label, bar, count from the right: %+v", name, r.Label, r)
			case c.dir == "ltr" && !(r.LabelRight <= r.BarLeft+slack && r.BarRight <= r.CountLeft+slack):
				t.Errorf("%s: %q: not label, bar, count from the left: %+v", name, r.Label, r)
			}
		}
		if c.site == arabic {
			// One check of the first rating, two of the second.
			one, two := rows[0].BarRight-rows[0].BarLeft, rows[1].BarRight-rows[1].BarLeft
			if !(one < two*0.75 && one > two*0.3) {
				t.Errorf("%s: bars of %v and %v px for counts of 1 and 2", name, one, two)
			}
		}
	}
}
