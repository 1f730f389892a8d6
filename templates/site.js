// Progressive comfort only: every page can be read without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

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

    function norm(s) {
      return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    }
    // On a site of several languages each entry has its language (e.l):
    // the notes in the reader's language come first, that of the page the
    // search started from (hl) or else of this page.
    var params = new URLSearchParams(location.search);
    var lang = (params.get("hl") || document.documentElement.lang).toLowerCase();
    index = index.filter(function (e) { return (e.l || "").toLowerCase() === lang; })
      .concat(index.filter(function (e) { return (e.l || "").toLowerCase() !== lang; }));
    var haystacks = index.map(function (e) {
      return norm([e.t, e.q, e.v || "", e.d, e.x].join(" "));
    });

    function run(q) {
      var terms = norm(q).split(/\s+/).filter(Boolean);
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
