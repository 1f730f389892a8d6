// Package browsertest checks the sites that dossier builds the way their
// readers meet them: in a real browser. It has no code of its own, only
// tests.
//
// The tests build four sites with the project's own pipeline into temporary
// directories, the golden-test fixture (internal/build/testdata/fixture), the
// fixture again built with its drafts (as `build --drafts` and the preview
// build it) and a draft note added in memory, a site in Arabic
// (internal/build/testdata/rtl), and this repository's site,
// each with a base URL below a folder, as GitHub
// Pages publishes a project site. They serve each over HTTP on loopback, at
// that folder, and also open pages straight from disk over file://. They
// discover the pages by walking the output, so they follow whatever pages
// the theme produces. One headless Chromium, driven through the DevTools
// protocol by chromedp, serves every test in tabs of its own, because
// starting it is the slowest step. The tests check that:
//
//   - every page loads with no console error, uncaught exception or failed
//     load, over HTTP and over file:// (the 404 page over HTTP only, and
//     also in place of a missing page deeper in the site);
//   - no page scrolls sideways on a 390 px wide phone, right to left too;
//   - a page in Arabic runs right to left, lays every ISO date out in its
//     own order (even beside an Arabic name), puts the sidenotes to the
//     left of the article, mirrors its arrows, and shows the focused skip
//     link on the screen;
//   - every relative link, stylesheet and script points to a file of the
//     output, and every #fragment to an id of its page (in Go, no browser);
//   - clicking a highlighted passage opens its note, and search finds a note;
//   - axe-core reports no violation on any page type, light or dark, and
//     the fixture has a page of every type, its own pages (about.html)
//     included;
//   - a draft's page shows its banner, and a published page none;
//   - the W3C Nu HTML checker (vnu.jar) reports no error on any page.
//
// The checks need Chromium at /usr/bin/chromium, Java, and the npm packages
// axe-core and vnu-jar, found through DOSSIER_AXE and DOSSIER_VNU or in
// ${XDG_CACHE_HOME:-$HOME/.cache}/dossier-ci/node_modules, where .ci/run
// installs them. Without one, the tests that need it skip and say what is
// missing, unless DOSSIER_BROWSER_TESTS=require (set by .ci/run), which
// turns the skip into a failure so that CI cannot pass by checking nothing.
package browsertest
