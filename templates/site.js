// Progressive comfort only: every page can be read without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // fold is the search's folding of a query, the same as dossier's of the
  // index (searchFold in internal/render, which folds as the anchoring of
  // quotes does): the Arabic and Persian letters keyboards swap, digits of
  // every script as ASCII, harakat, tatweel, joiners and bidi marks
  // dropped, one quotation mark and one dash for their many forms, lower
  // case, no accents, a final sigma as any other. TestSearchFoldAgrees in
  // internal/browsertest checks that both give the same words.
  var zero = /\p{Nd}/u;
  function fold(s) {
    return s.normalize("NFC")
      .replace(/[\uFB00-\uFDFF\uFE70-\uFEFC]/g, function (c) { return c.normalize("NFKC"); })
      .replace(/[\u200B-\u200F\u2060\uFEFF\u00AD\u034F\u061C\u202A-\u202E\u2066-\u2069\u0640\u0656\u0657\u0670\u064B-\u0652]/g, "")
      .replace(/[\u06A9]/g, "\u0643")
      .replace(/[\u06CC\u0649]/g, "\u064A")
      .replace(/\u0626/g, "\u064A")
      .replace(/\u06C0/g, "\u0647")
      .replace(/\u066B/g, ".").replace(/\u066C/g, ",")
      .replace(/["\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2E42\u301D\u301E\u301F\uFF02\u300C\u300D\uFE41\uFE42\uFF62\uFF63]/g, '"')
      .replace(/['\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u02BC\uFF07\u300E\u300F\uFE43\uFE44]/g, "'")
      .replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/\p{Nd}/gu, function (d) {
        // A script's digits run 0 to 9 in a row: count back to its zero.
        var c = d.codePointAt(0), n = 0;
        while (n < 60 && zero.test(String.fromCodePoint(c - n - 1))) n++;
        return String(n % 10);
      })
      .toLowerCase().normalize("NFD").replace(/[\u0300-\u036F\u0654\u0655]/g, "").replace(/\u03C2/g, "\u03C3")
      .normalize("NFC");
  }
  window.dossierFold = fold;

  // Search: the index is a script (assets/search-index.js) rather than a
  // JSON file, because browsers refuse to fetch files over file://.
  function search() {
    var results = document.getElementById("search-results");
    if (!results) return;
    var index = window.dossierSearch || [];
    var input = document.getElementById("search-page-q");
    var status = document.getElementById("search-status");
    var fallback = document.querySelector(".search-fallback");
    if (fallback) fallback.hidden = true;

    // The words come from the page, in its language: data-empty,
    // data-remark, data-found (the plural forms of the count, by CLDR
    // category, "{n}" for the number) and data-digits (0 to 9 in the
    // language's digits).
    var words = results.dataset;
    var found = {};
    try { found = JSON.parse(words.found || "{}"); } catch (e) { found = {}; }
    var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || undefined) : null;
    function count(n) {
      var digits = words.digits || "0123456789";
      var form = (plurals && found[plurals.select(n)]) || found.other || "{n}";
      var num = String(n).replace(/[0-9]/g, function (d) { return digits.charAt(+d) || d; });
      return form.split("{n}").join(num);
    }

    // On a site of several languages each entry has its language (e.l):
    // the notes in the reader's language come first, that of the page the
    // search started from (hl) or else of this page.
    var params = new URLSearchParams(location.search);
    var lang = (params.get("hl") || document.documentElement.lang).toLowerCase();
    index = index.filter(function (e) { return (e.l || "").toLowerCase() === lang; })
      .concat(index.filter(function (e) { return (e.l || "").toLowerCase() !== lang; }));
    // An entry's text (e.x) comes folded, by dossier; its title, quote,
    // verdict and dossier, shown as they are, are folded here, the
    // verdicts and dossiers that many entries share once each.
    var folded = {};
    function foldOnce(s) {
      if (!Object.prototype.hasOwnProperty.call(folded, s)) folded[s] = fold(s);
      return folded[s];
    }
    var haystacks = index.map(function (e) {
      return [fold(e.t + " " + e.q), foldOnce(e.v || ""), foldOnce(e.d || ""), e.x || ""].join(" ");
    });

    function run(q) {
      // The words of the query, folded as the index's are.
      var terms = fold(q).match(/[\p{L}\p{M}\p{Nd}'-]+/gu) || [];
      results.textContent = "";
      if (!terms.length) {
        status.textContent = words.empty || "";
        return;
      }
      var hits = 0;
      index.forEach(function (e, i) {
        if (!terms.every(function (t) { return haystacks[i].indexOf(t) >= 0; })) return;
        hits++;
        // Built with DOM methods, never innerHTML: note text stays text.
        var li = document.createElement("li");
        var badge = document.createElement("span");
        // A remark (e.r) has no verdict: it gets the neutral badge.
        badge.className = e.r ? "badge remark" : "badge v-" + e.k;
        badge.textContent = e.r ? (words.remark || "") : e.v;
        var a = document.createElement("a");
        a.href = e.u;
        a.textContent = e.t;
        if (e.l) a.lang = e.l;
        // The title, quote and dossier may run the other way than the page.
        a.dir = "auto";
        var quote = document.createElement("bdi");
        quote.textContent = e.q;
        var dossier = document.createElement("bdi");
        dossier.textContent = e.d;
        var meta = document.createElement("div");
        meta.className = "meta";
        if (e.l) meta.lang = e.l;
        meta.append("“", quote, "” · ", dossier);
        li.append(badge, " ", a, meta);
        results.appendChild(li);
      });
      // Hits are checks and editor's remarks alike.
      status.textContent = count(hits);
    }

    var q = params.get("q") || "";
    input.value = q;
    run(q);
    input.addEventListener("input", function () {
      run(input.value);
      params.set("q", input.value);
      history.replaceState(null, "", "?" + params.toString());
    });
  }

  // Sharing (templates/share.html): the copy buttons are shown only with
  // this script. Each copies its data-copy-text, or its data-copy-url, or
  // else the page's address, and says so in the status beside it; where
  // the browser refuses (no clipboard, an insecure origin, a headless
  // browser), it says so and selects the snippet for the reader to copy.
  function share() {
    var shown = document.querySelectorAll("[data-share-js]");
    for (var i = 0; i < shown.length; i++) shown[i].hidden = false;
    var buttons = document.querySelectorAll("button.share-copy");
    for (var j = 0; j < buttons.length; j++) copyButton(buttons[j]);
  }
  function copyButton(button) {
    button.hidden = false;
    var status = button.parentNode.querySelector(".share-status");
    var details = button.closest("details");
    var field = details && details.querySelector("textarea");
    button.addEventListener("click", function () {
      var text = button.dataset.copyText || button.dataset.copyUrl || location.href.replace(/[?#].*$/, "");
      function say(ok) {
        if (status) status.textContent = ok ? button.dataset.done : button.dataset.failed;
        if (!ok && field) field.select();
      }
      // The copy command first: it answers at once, where the clipboard
      // API may wait on a permission that a browser never asks for.
      if (copyByCommand(text)) {
        say(true);
      } else if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { say(true); }, function () { say(false); });
      } else {
        say(false);
      }
    });
  }
  function copyByCommand(text) {
    var focused = document.activeElement;
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (focused && focused.focus) focused.focus();
    return ok;
  }
  share();
  // Sidenotes: in the margin, each paragraph's notes start beside it, but a
  // list taller than its paragraph would hold the next paragraph down and
  // leave a gap in the text. Here each list lets the text run on and takes
  // the margin's room below it, the next list starting after it. Without
  // the script, the lists simply sit beside their paragraphs.
  function placeSidenotes() {
    var seed = document.querySelector(".seed");
    if (!seed) return;
    var lists = seed.querySelectorAll(".sidenotes");
    var i, heights = [], tops = [];
    for (i = 0; i < lists.length; i++) lists[i].style.marginBlockStart = lists[i].style.marginBlockEnd = "";
    seed.style.paddingBlockEnd = "";
    if (!lists.length || getComputedStyle(lists[0].parentNode).display !== "grid") return;
    // First every list takes no room, so that the paragraphs alone set
    // where each block starts; then each list is pushed below the one
    // before it, still taking no room.
    for (i = 0; i < lists.length; i++) heights.push(lists[i].offsetHeight);
    for (i = 0; i < lists.length; i++) lists[i].style.marginBlockEnd = -heights[i] + "px";
    for (i = 0; i < lists.length; i++) tops.push(lists[i].getBoundingClientRect().top);
    var gap = parseFloat(getComputedStyle(document.body).fontSize) || 16;
    var below = -Infinity;
    for (i = 0; i < lists.length; i++) {
      var push = Math.max(0, below + gap / 2 - tops[i]);
      lists[i].style.marginBlockStart = push + "px";
      lists[i].style.marginBlockEnd = -(push + heights[i]) + "px";
      below = tops[i] + push + heights[i];
    }
    seed.style.paddingBlockEnd = Math.max(0, below - seed.getBoundingClientRect().bottom) + "px";
  }
  var placing = 0;
  function schedule() {
    if (placing) return;
    placing = requestAnimationFrame(function () { placing = 0; placeSidenotes(); });
  }

  // Deferred scripts run before DOMContentLoaded, so waiting for it means
  // the search index, loaded after this script, is there.
  function ready() {
    search();
    placeSidenotes();
    window.addEventListener("resize", schedule);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
  }
  if (document.readyState === "complete") {
    ready();
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
