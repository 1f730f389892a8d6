// Package browsertest checks the sites that dossier builds the way their
// readers meet them: in a real browser. Its code is for tests only: Suite,
// a set of sites to build, serve and check, whose methods are the checks
// made in every site, each called by a test of the same name, here for the
// sites in English and in package languages (internal/browsertest/languages)
// for the others; two test binaries, so that each stays well within go
// test's time limit, and the two run side by side.
//
// The tests of this package build five sites with the project's own
// pipeline into temporary directories, the golden-test fixture
// (internal/build/testdata/fixture), the fixture again built with its drafts
// (as `build --drafts` and the preview build it) and a draft note added in
// memory, a site of two languages (internal/build/testdata/multilingual),
// a site with revised captures (internal/build/testdata/revisions), and
// this repository's site; package languages a site in Arabic
// (internal/build/testdata/rtl), the fixture with its interface in German,
// and the French, Arabic and Persian fixtures; each with a base URL below a
// folder, as GitHub
// Pages publishes a project site. They serve each over HTTP on loopback, at
// that folder, and also open pages straight from disk over file://. They
// discover the pages by walking the output, so they follow whatever pages
// the theme produces. One headless Chromium, driven through the DevTools
// protocol by chromedp, serves every test of a binary in tabs of its own,
// because starting it is slow. Each page is loaded as few times as the
// checks allow: three passes over a site (at a desktop's size, at a phone's,
// and over file://) measure, in each load, everything the checks judge
// (see visit in visits.go), and axe-core audits a page in light and dark
// mode in one load. One Java process runs the HTML checker over every page
// of a binary's sites, beside the browser. The tests check that:
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
//   - the W3C Nu HTML checker (vnu.jar) reports no error on any page;
//   - a note's page and the dossier's page of the fixture, on a laptop
//     (1280 × 800) and a phone (390 × 844), light and dark, and a note's
//     page in Arabic look as their reference screenshots in
//     testdata/screenshots do (TestScreenshots): at most 0.1 % of the
//     pixels may differ, each by more than 32 of 255 in a channel. On a
//     difference the test names a folder holding the screenshot and an
//     image of the differing pixels in red. A change to the theme that
//     is meant to show rewrites the references with
//     `go test ./internal/browsertest -run TestScreenshots -update`; look
//     at every changed PNG before committing it. The references are drawn
//     by Debian's Chromium with the fonts it recommends, as .ci/run
//     installs them, and posterized to 16 levels a channel to stay small.
//
// The checks need Chromium at /usr/bin/chromium, Java, and the npm packages
// axe-core and vnu-jar, found through DOSSIER_AXE and DOSSIER_VNU or in
// ${XDG_CACHE_HOME:-$HOME/.cache}/dossier-ci/node_modules, where .ci/run
// installs them. Without one, the tests that need it skip and say what is
// missing, unless DOSSIER_BROWSER_TESTS=require (set by .ci/run), which
// turns the skip into a failure so that CI cannot pass by checking nothing.
//
// The French, Arabic and Persian fixtures (internal/build/testdata/fixture-fr,
// fixture-ar and fixture-fa) are checked, in package languages, with one
// page of each kind audited, their remark's page too.
package browsertest
