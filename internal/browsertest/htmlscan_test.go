package browsertest

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
)

// TestStartTags pins the scanner on the markup that could fool it: a link
// check that silently saw no links would pass every site.
func TestStartTags(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // "line name attr=value ..." with attributes sorted
	}{
		{"attributes of every kind",
			`<a href="x.html" class='c d' hidden data-n=3 TITLE="&lt;b&gt; &amp; &#39;q&#39;">`,
			[]string{`1 a class=c d data-n=3 hidden= href=x.html title=<b> & 'q'`}},
		{"upper case, self-closing and odd spacing",
			"<LINK\n REL = stylesheet\tHREF=\"s.css\"/><br/>",
			[]string{"1 link href=s.css rel=stylesheet", "2 br"}},
		{"a value may hold > and the other quote",
			`<a title="a > b" href='it"s.html'>`,
			[]string{`1 a href=it"s.html title=a > b`}},
		{"the first of two attributes wins",
			`<a href="1.html" href="2.html">`,
			[]string{"1 a href=1.html"}},
		{"comments, doctypes and end tags hold no tags",
			"<!doctype html>\n<!-- <a href=\"no.html\"> -->\n<p>a < b</p>\n<![CDATA[<a href=\"no.html\">]]><i>",
			[]string{"3 p", "4 i"}},
		{"script, style and title text holds no tags",
			"<script>if (a<b) x = '<a href=\"no.html\">';</script >\n<STYLE>a[href='<b>']{}</style><title><a></title><a id=n>",
			[]string{"1 script", "2 style", "2 title", "2 a id=n"}},
		{"a raw text element ends only at its own end tag",
			`<script>"</scripts>" "<a href=no.html>"</SCRIPT><em>`,
			[]string{"1 script", "1 em"}},
		{"lines are counted through skipped text",
			"<script>\n\n</script>\n<!--\n-->\n<a href=\"x\">",
			[]string{"1 script", "6 a href=x"}},
		{"an unclosed tag ends the document",
			`<p><a href="x.html`,
			[]string{"1 p", "1 a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tg := range startTags(tt.doc) {
				got = append(got, fmt.Sprint(tg.line, " ", tg.name)+attrString(tg.attrs))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("startTags(%q)\n got %q\nwant %q", tt.doc, got, tt.want)
			}
		})
	}
}

func attrString(attrs map[string]string) string {
	s := ""
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		s += " " + k + "=" + attrs[k]
	}
	return s
}
