package build

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-org/dossier/internal/output"
	"github.com/dossier-org/dossier/internal/site"
)

// withFiles is the fixture site with files added, or removed when nil.
func withFiles(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	src := withTheme(t, nil)
	for name, data := range files {
		src[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return src
}

// pagesAndDrafts is the fixture with two pages, a draft page, a draft note
// that lacks its verdict, a finished draft note, and a draft dossier.
var pagesAndDrafts = map[string]string{
	"content/about.md":       "---\ntitle: \"About <us>\"\ndescription: What we do.\n---\nWe check [the scale](methodology.html).\n",
	"content/funding.md":     "---\ntitle: Funding\n---\nGrants.\n",
	"content/team.md":        "---\ntitle: Team\ndraft: true\n---\nTo write.\n",
	"content/sample/half.md": "---\ntitle: Half done\nquote: \"The council voted 7-2 on Tuesday\"\ndraft: true\n---\nTo write.\n",
	"content/sample/ready.md": "---\ntitle: Ready draft\nquote: \"The council voted 7-2 on Tuesday\"\nverdict: accurate\ndraft: true\n" +
		"sources:\n  - {title: Minutes, url: \"https://city.example.gov/minutes\"}\n  - {title: Bad, url: \"javascript:alert(1)\"}\n" +
		"---\nDraftword analysis. [x](javascript:alert(2)) <script>alert(3)</script> <javascript:alert(4)>\n",
	"seeds/later.txt":           "Later headline\n\nA later article.\n",
	"content/later/_index.md":   "---\nheadline: Later\ndraft: true\n---\n",
	"content/later/unplaced.md": "---\ntitle: Unplaced\nquote: \"nowhere in the seed\"\nverdict: accurate\n---\n",
	"content/later/sentence.md": "---\ntitle: Sentence\nquote: \"A later article\"\nverdict: accurate\nsources:\n  - {title: S, url: \"https://example.org/\"}\n---\n",
}

// TestPagesAndDrafts builds a site with pages and drafts: the drafts'
// problems are warnings, a build leaves every draft out, and a build with
// drafts shows the finished ones with a banner and still leaves out the
// draft that cannot be shown.
func TestPagesAndDrafts(t *testing.T) {
	src := withFiles(t, pagesAndDrafts)
	for _, drafts := range []bool{false, true} {
		l := site.NewLoader()
		l.Drafts = drafts
		var mem output.Memory
		res, err := Run(l, src, &mem)
		if err != nil {
			t.Fatalf("drafts %v: %v\n%s", drafts, err, res.Diags)
		}
		files := mem.Files()
		warned := res.Diags.String()
		for _, w := range []string{`content/sample/half.md:2:1: warning: the note is missing the required key "verdict"`} {
			if !strings.Contains(warned, w) {
				t.Errorf("drafts %v: no %q in\n%s", drafts, w, warned)
			}
		}
		about := string(files["about.html"])
		if !strings.Contains(about, "<h1>About &lt;us&gt;</h1>") || !strings.Contains(about, `<a href="methodology.html">the scale</a>`) ||
			!strings.Contains(about, `<a href="about.html" aria-current="page">About &lt;us&gt;</a>`) {
			t.Errorf("drafts %v: about.html:\n%s", drafts, about)
		}
		if sm := string(files["sitemap.xml"]); !strings.Contains(sm, "<loc>https://example.org/checks/funding.html</loc>") || strings.Contains(sm, "team.html") != drafts {
			t.Errorf("drafts %v: sitemap.xml and the pages:\n%s", drafts, sm)
		}
		// The fixture's menu names about, methodology and corrections:
		// funding is published but not in the menu.
		if home := string(files["index.html"]); !strings.Contains(home, `<a href="about.html">About &lt;us&gt;</a>`) || strings.Contains(home, `href="funding.html"`) {
			t.Errorf("drafts %v: the menu does not follow the fixture's menu:\n%s", drafts, home)
		}
		if _, ok := files["sample/half.html"]; ok {
			t.Errorf("drafts %v: the draft without a verdict was published", drafts)
		}
		for _, name := range []string{"sample/ready.html", "team.html", "later/index.html", "later/sentence.html"} {
			page, ok := files[name]
			if ok != drafts {
				t.Errorf("drafts %v: %s written: %v", drafts, name, ok)
			}
			if ok && !strings.Contains(string(page), `class="draft-banner"`) {
				t.Errorf("drafts %v: %s has no draft banner", drafts, name)
			}
		}
		// A draft's problems are warnings, but what they refuse is refused
		// all the same: a preview shows no unsafe link or raw HTML.
		if page := string(files["sample/ready.html"]); strings.Contains(page, `href="javascript`) || strings.Contains(page, "<script>alert") {
			t.Errorf("drafts %v: the draft shows what the rules refuse:\n%s", drafts, page)
		}
		for _, w := range []string{"content/sample/ready.md:8:23: warning:", "content/sample/ready.md:10:25: warning:"} {
			if !strings.Contains(warned, w) {
				t.Errorf("drafts %v: no warning at %s in\n%s", drafts, w, warned)
			}
		}
		if _, ok := files["later/unplaced.html"]; ok {
			t.Errorf("drafts %v: an unplaced note of a draft dossier was published", drafts)
		}
		for _, name := range []string{"assets/search/e0.js", "dossier.json", "feed.xml", "sitemap.xml", "index.html", "sample/index.html"} {
			if got := strings.Contains(string(files[name]), "Ready draft") || strings.Contains(string(files[name]), "later/"); got != drafts {
				t.Errorf("drafts %v: %s mentions the drafts: %v", drafts, name, got)
			}
		}
		if bytesEqual(files["sample/vote.html"], nil) {
			t.Errorf("drafts %v: a published note is missing", drafts)
		}
		if strings.Contains(string(files["sample/vote.html"]), "draft-banner") {
			t.Errorf("drafts %v: a published note has the draft banner", drafts)
		}
	}
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

// TestHostilePageTitles: a page's title and description reach the menu of
// every page, the page's heading and its meta tags escaped.
func TestHostilePageTitles(t *testing.T) {
	titles := []string{
		`</a><script>alert(1)</script>`,
		`" onmouseover="alert(1)`,
		`' autofocus onfocus='alert(1)`,
		`<img src=x onerror=alert(1)>`,
		"\u202egnp.exe",
		`{{.Site.Title}}`,
		`javascript:alert(1)`,
	}
	for _, title := range titles {
		quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(title)
		src := withFiles(t, map[string]string{
			"content/about.md": "---\ntitle: \"" + quoted + "\"\ndescription: \"" + quoted + "\"\n---\nx\n",
		})
		var mem output.Memory
		res, err := Run(site.NewLoader(), src, &mem)
		if err != nil {
			t.Fatalf("%q: %v\n%s", title, err, res.Diags)
		}
		for _, name := range []string{"index.html", "about.html"} {
			page := string(mem.Files()[name])
			for _, bad := range []string{"<script>alert", "<img", `" onmouseover="`, `' autofocus`, `href="javascript`} {
				if strings.Contains(page, bad) {
					t.Errorf("%q: %s holds %q", title, name, bad)
				}
			}
			if strings.HasPrefix(title, "{{") && !strings.Contains(page, ">{{.Site.Title}}<") {
				t.Errorf("%q: %s does not show the title as written", title, name)
			}
			if !strings.Contains(page, `<a href="about.html"`) {
				t.Errorf("%q: %s has no menu entry for the page", title, name)
			}
		}
	}
}
