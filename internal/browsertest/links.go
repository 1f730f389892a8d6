package browsertest

import (
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// refAttrs names, for each element whose attribute loads or links to
// another file, that attribute.
var refAttrs = map[string]string{
	"a":      "href",
	"area":   "href",
	"link":   "href",
	"script": "src",
	"img":    "src",
	"iframe": "src",
	"source": "src",
	"track":  "src",
	"audio":  "src",
	"video":  "src",
	"embed":  "src",
	"form":   "action", // the search box submits to the search page
}

// scannedPage is what the link check needs of a page: its start tags, and
// the ids that a fragment can name.
type scannedPage struct {
	tags []tag
	ids  map[string]bool
}

func scanPage(file string) (*scannedPage, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	p := &scannedPage{tags: startTags(string(data)), ids: map[string]bool{}}
	for _, t := range p.tags {
		if id, ok := t.attrs["id"]; ok {
			p.ids[id] = true
		}
		// A fragment may also name an <a name>, HTML's older anchor.
		if name, ok := t.attrs["name"]; ok && t.name == "a" {
			p.ids[name] = true
		}
	}
	return p, nil
}

// LinksResolve checks every relative reference of every page of the
// output: it names a file of the output, and its #fragment, if any, an id
// of that file. It also holds the theme to the README's promise that the
// site works in a subfolder and over file://: pages link relatively, never
// from the domain's root, and never to a folder (from disk, a folder opens
// as a file listing, not as its index.html). The 404 page is the exception
// the other way round: a host serves it in place of a missing page at any
// depth, so its links must be absolute.
func (u *Suite) LinksResolve(t *testing.T) {
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			scanned := map[string]*scannedPage{}
			scan := func(page string) (*scannedPage, error) {
				if p, ok := scanned[page]; ok {
					return p, nil
				}
				p, err := scanPage(filepath.Join(s.dir, filepath.FromSlash(page)))
				scanned[page] = p
				return p, err
			}
			for _, page := range s.pages {
				p, err := scan(page)
				if err != nil {
					t.Fatal(err)
				}
				checked := 0
				for _, tg := range p.tags {
					attr, ok := refAttrs[tg.name]
					if !ok {
						continue
					}
					ref, ok := tg.attrs[attr]
					if !ok {
						continue
					}
					msg, isLocal := checkRef(s, page, ref, scan)
					if isLocal {
						checked++
					}
					if msg != "" {
						t.Errorf("%s/%s:%d: <%s %s=%q>: %s", s.Name, page, tg.line, tg.name, attr, ref, msg)
					}
				}
				// Every page of the theme loads at least its stylesheet:
				// a page with no reference at all means the scanner, or
				// the page, is broken.
				if checked == 0 {
					t.Errorf("%s/%s: no reference to another file of the site found; is the page empty?", s.Name, page)
				}
			}
		})
	}
}

// checkRef checks one reference from page and says what is wrong with it,
// if anything; isLocal reports whether it points into the site at all.
func checkRef(s *builtSite, page, ref string, scan func(string) (*scannedPage, error)) (msg string, isLocal bool) {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return fmt.Sprintf("not a URL: %v", err), false
	}
	if u.Scheme != "" || u.Host != "" {
		return "", false // another site's address, or data: and mailto:
	}
	is404 := page == "404.html"
	switch {
	case is404 && u.Path != "" && !strings.HasPrefix(u.Path, "/"):
		return "the 404 page is served at any depth, where a relative link breaks; it needs an absolute path", true
	case !is404 && strings.HasPrefix(u.Path, "/"):
		return "a link from the domain's root breaks over file:// and when the site moves; it must be relative", true
	}

	// Resolve as the browser does, against the page's address on the host.
	here := &url.URL{Path: s.root + page}
	abs := here.ResolveReference(u).Path
	if !strings.HasPrefix(abs, s.root) {
		return fmt.Sprintf("resolves to %s, outside the site at %s", abs, s.root), true
	}
	target := strings.TrimPrefix(abs, s.root)
	if target == "" || strings.HasSuffix(target, "/") {
		return "links to a folder, which over file:// opens as a file listing; link to its index.html", true
	}
	info, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(target)))
	switch {
	case err != nil:
		return fmt.Sprintf("no file %s in the output", target), true
	case info.IsDir():
		return fmt.Sprintf("%s is a folder, which over file:// opens as a file listing; link to its index.html", target), true
	}

	// A text fragment (#:~:text=...) names text, not an element.
	fragment, _, _ := strings.Cut(u.Fragment, ":~:")
	if fragment == "" || path.Ext(target) != ".html" {
		return "", true
	}
	tp, err := scan(target)
	if err != nil {
		return err.Error(), true
	}
	if !tp.ids[fragment] {
		return fmt.Sprintf("no element with id %q in %s", fragment, target), true
	}
	return "", true
}
