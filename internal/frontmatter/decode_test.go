package frontmatter

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-org/dossier/internal/diag"
)

func decoderFor(t *testing.T, yaml string) (*Decoder, *Node, *diag.List) {
	t.Helper()
	doc, err := Parse([]byte("---\n" + yaml + "---\n"))
	if err != nil {
		t.Fatal(err)
	}
	diags := &diag.List{}
	return &Decoder{Path: "n.md", Diags: diags}, doc.Front, diags
}

// One pass reports every problem of a file, each at its value.
func TestDecoder(t *testing.T) {
	d, front, diags := decoderFor(t, strings.Join([]string{
		"quote: [a, b]",       // 2: not a single value
		"date: 12 March 2024", // 3: not a date
		"updated: 2024-03-12T10:00:00+01:00",
		"rank: -2",                    // 5: below the minimum
		"url: javascript:alert(1)",    // 6: refused scheme
		"tags: trade",                 // a lone value is a list of one
		"authors: [Ana, {x: 1}, ' ']", // 8: an item that is a map
		"sources: nope",               // 9: not a list
		"verdit: false",               // 10: a typo, warned
		"claim: ''",                   // 11: required but empty
		"",
	}, "\n"))
	m := d.Fields(front, "a note", "quote", "date", "updated", "rank", "url", "tags", "authors", "sources", "claim", "verdict")
	d.Require(front, m, "a note", "claim", "verdict")
	got := []any{
		d.String(m["quote"]), d.Date(m["date"]), d.Date(m["updated"]), d.Int(m["rank"], 0), d.URL(m["url"]),
		strings.Join(d.Strings(m["tags"]), "|"), strings.Join(d.Strings(m["authors"]), "|"), len(d.Items(m["sources"])),
	}
	want := []any{"", "", "2024-03-12", 0, "", "trade", "Ana", 0}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("value %d: %v, want %v", i, got[i], want[i])
		}
	}
	diags.Sort()
	wantDiags := []string{
		"n.md:2:1: a note is missing the required key \"verdict\"",
		"n.md:2:8: \"quote\" must be a single value, found a list",
		"n.md:3:7: \"date\" must be a date written YYYY-MM-DD, found \"12 March 2024\"",
		"n.md:5:7: \"rank\" must be a whole number of at least 0, found \"-2\"",
		"n.md:6:6: \"url\": only http and https URLs are accepted, found \"javascript:alert(1)\"",
		"n.md:8:16: each item of \"authors\" must be a single value, found a map of keys",
		"n.md:9:10: \"sources\" must be a list (lines starting with \"- \"), found a single value",
		"n.md:10:1: warning: unknown key \"verdit\" in a note (did you mean \"verdict\"?)",
		"n.md:11:1: \"claim\" must not be empty",
	}
	if got := strings.TrimSpace(diags.String()); got != strings.Join(wantDiags, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, strings.Join(wantDiags, "\n"))
	}
}

// Each accessor on its own: the value it returns, and what it reports,
// where. The front matter has one key, "v", starting on line 2.
func TestDecoderValues(t *testing.T) {
	str := func(d *Decoder, e *Entry) any { return d.String(e) }
	date := func(d *Decoder, e *Entry) any { return d.Date(e) }
	partial := func(d *Decoder, e *Entry) any { return d.PartialDate(e) }
	url := func(d *Decoder, e *Entry) any { return d.URL(e) }
	list := func(d *Decoder, e *Entry) any { return strings.Join(d.Strings(e), "|") }
	items := func(d *Decoder, e *Entry) any { return len(d.Items(e)) }
	atLeast := func(min int) func(*Decoder, *Entry) any {
		return func(d *Decoder, e *Entry) any { return d.Int(e, min) }
	}
	tests := []struct {
		yaml  string
		get   func(*Decoder, *Entry) any
		want  any
		diags string // one per line
	}{
		{"v:  text  ", str, "text", ""},
		{"v: 'text  '", str, "text", ""},
		{"v:", str, "", ""},
		{"w: 1", str, "", ""}, // absent
		{"v: [a]", str, "", "n.md:2:4: \"v\" must be a single value, found a list"},
		{"v:\n  x: 1", str, "", "n.md:3:3: \"v\" must be a single value, found a map of keys"},

		{"v: 007", atLeast(0), 7, ""},
		{"v: 1", atLeast(1), 1, ""},
		{"v:", atLeast(1), 0, ""},
		{"v: 0", atLeast(1), 0, "n.md:2:4: \"v\" must be a whole number of at least 1, found \"0\""},
		{"v: 1.5", atLeast(0), 0, "n.md:2:4: \"v\" must be a whole number of at least 0, found \"1.5\""},
		{"v: ten", atLeast(0), 0, "n.md:2:4: \"v\" must be a whole number of at least 0, found \"ten\""},
		{"v: [1]", atLeast(0), 0, "n.md:2:4: \"v\" must be a single value, found a list"},

		{"v: 2024-03", partial, "2024-03", ""},
		{"v: '2024'", partial, "2024", ""},
		{"v: 2024-03-12", partial, "2024-03-12", ""},
		{"v: 2024-03-12T23:30:00-05:00", partial, "2024-03-12", ""},
		{"v: 2024-3", partial, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known, found \"2024-3\""},
		{"v: 2024-13", partial, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or the year is known, found \"2024-13\""},
		{"v: 2024-03", date, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, found \"2024-03\""},
		{"v: 2024-03-12", date, "2024-03-12", ""},
		{"v: '2024-03-12'", date, "2024-03-12", ""},
		// The date is the one written, whatever the time zone.
		{"v: 2024-03-12T23:30:00-05:00", date, "2024-03-12", ""},
		{"v: 2024-03-12T00:30:00Z", date, "2024-03-12", ""},
		{"v: 2024-02-30", date, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, found \"2024-02-30\""},
		{"v: 12/03/2024", date, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, found \"12/03/2024\""},
		{"v: 2024-3-12", date, "", "n.md:2:4: \"v\" must be a date written YYYY-MM-DD, found \"2024-3-12\""},

		{"v: https://e.org/a", url, "https://e.org/a", ""},
		{"v: ' https://e.org/a '", url, "https://e.org/a", ""},
		{"v: //e.org/a", url, "", "n.md:2:4: \"v\": only http and https URLs are accepted, found \"//e.org/a\""},
		{"v: JavaScript:alert(1)", url, "", "n.md:2:4: \"v\": only http and https URLs are accepted, found \"JavaScript:alert(1)\""},
		{"v: https:///a", url, "", "n.md:2:4: \"v\": malformed URL \"https:///a\""},

		{"v: one", list, "one", ""},
		{"v: ' '", list, "", ""},
		{"v:", list, "", ""},
		{"v: [a, ' b ', '']", list, "a|b", ""},
		{"v:\n  - a\n  - [b]\n  -\n  - c", list, "a|c",
			"n.md:4:5: each item of \"v\" must be a single value, found a list\n" +
				"n.md:5:4: each item of \"v\" must be a single value, found nothing"},
		{"v: {a: 1}", list, "", "n.md:2:4: \"v\" must be a list (lines starting with \"- \"), found a map of keys"},

		{"v:\n  - a\n  - b", items, 2, ""},
		{"v:", items, 0, ""},
		{"v: a", items, 0, "n.md:2:4: \"v\" must be a list (lines starting with \"- \"), found a single value"},
	}
	for _, tt := range tests {
		d, front, diags := decoderFor(t, tt.yaml+"\n")
		got := tt.get(d, front.Get("v"))
		if got != tt.want {
			t.Errorf("%q: got %#v, want %#v", tt.yaml, got, tt.want)
		}
		if got := strings.TrimSuffix(diags.String(), "\n"); got != tt.diags {
			t.Errorf("%q: diagnostics\n%s\nwant\n%s", tt.yaml, got, tt.diags)
		}
	}
}

func TestFields(t *testing.T) {
	known := []string{"verdict", "claim", "sources"}
	tests := []struct {
		yaml  string // "" for no front matter at all
		keys  string // the keys returned, in the order of known
		diags string
	}{
		{"", "", ""},
		{"claim: x\nverdict: false\n", "verdict claim", ""},
		// A typo is a warning: the rest of the file still tells a reviewer
		// something.
		{"verdcit: false\n", "", "n.md:2:1: warning: unknown key \"verdcit\" in a note (did you mean \"verdict\"?)"},
		{"Claim: x\n", "", "n.md:2:1: warning: unknown key \"Claim\" in a note (did you mean \"claim\"?)"},
		{"claim: x\nrating: 3\n", "claim", "n.md:3:1: warning: unknown key \"rating\" in a note (known keys: verdict, claim, sources)"},
	}
	for _, tt := range tests {
		var front *Node
		d := &Decoder{Path: "n.md", Diags: &diag.List{}}
		if tt.yaml != "" {
			d, front, _ = decoderFor(t, tt.yaml)
		}
		m := d.Fields(front, "a note", known...)
		var keys []string
		for _, k := range known {
			if m[k] != nil {
				keys = append(keys, k)
			}
		}
		if got := strings.Join(keys, " "); got != tt.keys {
			t.Errorf("%q: keys %q, want %q", tt.yaml, got, tt.keys)
		}
		if got := strings.TrimSuffix(d.Diags.String(), "\n"); got != tt.diags {
			t.Errorf("%q: diagnostics\n%s\nwant\n%s", tt.yaml, got, tt.diags)
		}
	}

	// A value that should hold keys but does not is an error at the value.
	d, front, diags := decoderFor(t, "sources:\n  - a\n")
	if m := d.Fields(front.Get("sources").Value, "sources", "url"); len(m) != 0 {
		t.Errorf("Fields of a list = %v, want none", m)
	}
	if got, want := diags.String(), "n.md:3:3: sources must be a map of keys, found a list\n"; got != want {
		t.Errorf("Fields of a list: diagnostics %q, want %q", got, want)
	}
}

func TestRequire(t *testing.T) {
	tests := []struct {
		yaml  string // "" for no front matter at all
		diags string
	}{
		{"claim: x\nverdict: false\n", ""},
		// A missing key has no place of its own: the map's first key, or
		// the file's start, stands in.
		{"claim: x\n", "n.md:2:1: a note is missing the required key \"verdict\""},
		{"", "n.md:1:1: a note is missing the required key \"claim\"\nn.md:1:1: a note is missing the required key \"verdict\""},
		{"verdict: false\nclaim:\n", "n.md:3:1: \"claim\" must not be empty"},
		{"verdict: false\nclaim: '   '\n", "n.md:3:1: \"claim\" must not be empty"},
		{"verdict: false\nclaim: ~\n", "n.md:3:1: \"claim\" must not be empty"},
		// A list is not empty, and is left to the accessor to judge.
		{"verdict: false\nclaim: [x]\n", ""},
	}
	for _, tt := range tests {
		var front *Node
		d := &Decoder{Path: "n.md", Diags: &diag.List{}}
		if tt.yaml != "" {
			d, front, _ = decoderFor(t, tt.yaml)
		}
		d.Require(front, d.Fields(front, "a note", "claim", "verdict"), "a note", "claim", "verdict")
		if got := strings.TrimSuffix(d.Diags.String(), "\n"); got != tt.diags {
			t.Errorf("%q: diagnostics\n%s\nwant\n%s", tt.yaml, got, tt.diags)
		}
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://e.org/a?b=c#d", true},
		{"http://e.org", true},
		{"HTTPS://E.ORG/", true},
		{"https://e.org:8443/a", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"javascript://e.org/%0Aalert(1)", false},
		{"vbscript:msgbox", false},
		{"data:text/html,x", false},
		{"ftp://e.org/a", false},
		{"mailto:desk@e.org", false},
		{"//e.org/a", false},
		{"https:///a", false},
		{"https:e.org", false},
		{" https://e.org", false},
		{"https://e.org/a b", false},
		{"https://e.org/a\tb", false},
		{"https://e.org/<script>", false},
		{"https://e.org/\"onmouseover=x", false},
		{"e.org/a", false},
		{"", false},
	}
	for _, tt := range tests {
		if err := CheckURL(tt.url); (err == nil) != tt.ok {
			t.Errorf("CheckURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
	if err := CheckURL("ftp://e.org"); err == nil || err.Error() != `only http and https URLs are accepted, found "ftp://e.org"` {
		t.Errorf("CheckURL(ftp) = %v", err)
	}
	if err := CheckURL("https://"); err == nil || err.Error() != fmt.Sprintf("malformed URL %q", "https://") {
		t.Errorf("CheckURL(https://) = %v", err)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"claim", "claim", 0},
		{"", "claim", 5},
		{"verdcit", "verdict", 1}, // a swap is one edit
		{"claimant", "claim", 3},
		{"sourses", "sources", 1},
		{"évidence", "evidence", 1}, // letters, not bytes
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := distance(tt.b, tt.a); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}
