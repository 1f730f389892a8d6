package browsertest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// axeViolation is the part of an axe-core violation that a theme's author
// needs to find and fix it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"` // selectors; an array for a node in a frame or shadow root
		// Summary lists the checks that failed, with figures such as
		// the contrast ratio and the colours.
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// pagesToAudit picks the pages to run axe-core in: every page of a site
// that asks for it, otherwise the first page of each kind (see pageKind), as
// the templates differ by kind and pages of a kind mostly in text, and the
// pages the site lists in audit. The
// search page is opened with a query, so that its results are audited
// too.
func pagesToAudit(s *builtSite) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range s.pages {
		if k := pageKind(p); s.AuditAll || !seen[k] || slices.Contains(s.Audit, p) {
			seen[k] = true
			if p == "search.html" {
				// A query found in every note: the longest list of results.
				q := s.AuditQuery
				if q == "" {
					q = "a"
				}
				p += "?q=" + url.QueryEscape(q)
			}
			out = append(out, p)
		}
	}
	return out
}

// Accessibility runs axe-core with its default rules in every kind of
// page (see pagesToAudit), in light and in dark mode (prefers-color-scheme),
// at a desktop width, and reports every violation with the selectors of the
// elements at fault. The pages are audited in the desktop pass (see visit).
func (u *Suite) Accessibility(t *testing.T) {
	tool(t, "DOSSIER_AXE", "axe-core/axe.min.js")
	for _, s := range u.sites(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			visits := s.desktopVisits(t)
			for _, scheme := range colorSchemes {
				t.Run(scheme, func(t *testing.T) {
					for _, page := range pagesToAudit(s) {
						v := visits[page]
						r := v.axe[scheme]
						switch {
						case v.err != nil:
							t.Errorf("%s: loading: %v", page, v.err)
							continue
						case r.err != nil:
							t.Errorf("%s: running axe-core: %v", page, r.err)
							continue
						case r.seen != scheme:
							t.Errorf("%s: the page sees prefers-color-scheme %q, want %s", page, r.seen, scheme)
							continue
						}
						for _, v := range r.violations {
							for _, n := range v.Nodes {
								t.Errorf("%s (%s): %s: %s [%s]\n\tat %s\n\t%s", page, scheme, v.ID, v.Help, v.Impact,
									selectors(n.Target), strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n\t"))
							}
						}
					}
				})
			}
		})
	}
}

// selectors renders axe's target, a list of selectors that goes one level
// deeper into a frame or shadow root at each step.
func selectors(target []any) string {
	var parts []string
	for _, sel := range target {
		parts = append(parts, fmt.Sprint(sel))
	}
	return strings.Join(parts, " >>> ")
}
