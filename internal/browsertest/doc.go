// Package browsertest checks built sites in a real browser: headless
// Chromium driven by chromedp, axe-core run inside each page type in light
// and dark mode, and the W3C Nu HTML checker run over every page. It has
// no code of its own beyond its tests.
//
// The checks need /usr/bin/chromium, Java, axe-core and vnu.jar (see
// .ci/run). Where one is missing the tests skip with a message, unless
// DOSSIER_BROWSER_TESTS=require, which CI sets so that a missing tool fails.
package browsertest
