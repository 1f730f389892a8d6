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

  // Search. The index is split (internal/render/search.go): the manifest,
  // assets/search-index.js, which the search page loads with itself; word
  // shards, of which a query loads one for each word; and entry chunks, of
  // which it loads those of the results it shows. Each is a script that
  // files its part under window.dossierSearch, rather than a JSON file,
  // because browsers refuse to fetch files over file://, where a script
  // still loads.
  var wordPattern = /[\p{L}\p{M}\p{Nd}'-]+/gu;
  function search() {
    var results = document.getElementById("search-results");
    if (!results) return;
    var store = window.dossierSearch = window.dossierSearch || {};
    var manifest = store.index || { n: 0, s: 1, c: 16, k: 2 };
    var input = document.getElementById("search-page-q");
    var status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    var fallback = document.querySelector(".search-fallback");
    if (fallback) fallback.hidden = true;
    // The parts lie beside the manifest, in its folder's search/.
    var manifestScript = document.querySelector('script[src$="search-index.js"]');
    var base = manifestScript ? manifestScript.src.replace(/search-index\.js$/, "search/") : "assets/search/";

    // The words come from the page, in its language: data-empty,
    // data-remark, data-found (the plural forms of the count, by CLDR
    // category, "{n}" for the number), data-digits (0 to 9 in the
    // language's digits), data-loading and data-failed.
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

    // load loads a part of the index once, by its name (w3, e12).
    var loading = {};
    function load(name) {
      if (!loading[name]) {
        loading[name] = new Promise(function (resolve, reject) {
          if (store[name]) return resolve(store[name]);
          var script = document.createElement("script");
          script.src = base + name + ".js";
          script.onload = function () { if (store[name]) { resolve(store[name]); } else { delete loading[name]; reject(new Error(name)); } };
          script.onerror = function () { delete loading[name]; reject(new Error(name)); };
          document.head.appendChild(script);
        });
      }
      return loading[name];
    }

    // shardOf is the shard of a folded word, as dossier's searchShard: the
    // FNV-1a hash of the UTF-8 of its first k code points.
    var utf8 = new TextEncoder();
    function runes(w) { return Array.from(w).length; }
    function shardOf(word) {
      var key = utf8.encode(Array.from(word).slice(0, manifest.k).join("")), h = 2166136261;
      for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key[i], 16777619) >>> 0;
      return h % manifest.s;
    }
    // matches tells whether an indexed word is the query's term or, for a
    // term of a shard key's length or more, begins with it.
    function matches(word, term) {
      return word === term || (runes(term) >= manifest.k && word.lastIndexOf(term, 0) === 0);
    }
    // lookup gives the entries that have a word matching term, each with
    // its worth: more when the word is in the note's title or quote, more
    // when it is the term itself rather than a longer word.
    function lookup(term) {
      return load("w" + shardOf(term)).then(function (shard) {
        var hits = new Map();
        shard.w.forEach(function (word, i) {
          if (!matches(word, term)) return;
          var exact = word === term ? 2 : 1, v = 0;
          shard.p[i].forEach(function (d) {
            v += d;
            var id = v >> 1, worth = (v & 1 ? 2 : 1) * exact;
            if ((hits.get(id) || 0) < worth) hits.set(id, worth);
          });
        });
        return hits;
      });
    }

    // On a site of several languages each run of entries has its language
    // (manifest.l): the notes in the reader's language come first, that of
    // the page the search started from (hl) or else of this page.
    var params = new URLSearchParams(location.search);
    var lang = (params.get("hl") || document.documentElement.lang).toLowerCase();
    function langOf(id) {
      var runs = manifest.l || [], at = "";
      for (var i = 0; i < runs.length && runs[i][0] <= id; i++) at = runs[i][1];
      return at.toLowerCase();
    }

    // highlight appends text to parent with each word that matches a term
    // of the query in a mark element, built with DOM methods, never
    // innerHTML: note text stays text.
    var token = /[\p{L}\p{M}\p{Nd}\p{Cf}'\u2018\u2019\u02BC\u2010-\u2015-]+/gu;
    function highlight(parent, text, terms) {
      var at = 0, m;
      token.lastIndex = 0;
      while ((m = token.exec(text))) {
        var folded = fold(m[0]).match(wordPattern) || [];
        var hit = folded.some(function (w) { return terms.some(function (t) { return matches(w, t); }); });
        if (!hit) continue;
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.append(text.slice(at, m.index), mark);
        at = m.index + m[0].length;
      }
      parent.append(text.slice(at));
    }

    function item(e, terms) {
      var li = document.createElement("li");
      var badge = document.createElement("span");
      // A remark (e.r) has no verdict: it gets the neutral badge.
      badge.className = e.r ? "badge remark" : "badge v-" + e.k;
      badge.textContent = e.r ? (words.remark || "") : e.v;
      var a = document.createElement("a");
      a.href = e.u;
      highlight(a, e.t, terms);
      if (e.l) a.lang = e.l;
      // The title, quote and dossier may run the other way than the page.
      a.dir = "auto";
      var quote = document.createElement("bdi");
      highlight(quote, e.q, terms);
      var dossier = document.createElement("bdi");
      highlight(dossier, e.d, terms);
      var meta = document.createElement("div");
      meta.className = "meta";
      if (e.l) meta.lang = e.l;
      meta.append("“", quote, "” · ", dossier);
      li.append(badge, " ", a, meta);
      return li;
    }

    // The results are shown a page at a time, each page loading the
    // chunks of its entries. A newer query makes an older one's answers
    // moot (generation).
    var pageSize = 20, generation = 0, hits = [], shown = 0, terms = [];
    function showMore(gen) {
      var page = hits.slice(shown, shown + pageSize);
      var chunks = [];
      page.forEach(function (h) {
        var name = "e" + Math.floor(h.id / manifest.c);
        if (chunks.indexOf(name) < 0) chunks.push(name);
      });
      return Promise.all(chunks.map(load)).then(function () {
        if (gen !== generation) return;
        page.forEach(function (h) {
          var e = store["e" + Math.floor(h.id / manifest.c)][h.id % manifest.c];
          if (e) results.appendChild(item(e, terms));
        });
        shown += page.length;
        if (more) more.hidden = shown >= hits.length;
      });
    }
    function fail(gen) {
      return function () { if (gen === generation) status.textContent = words.failed || ""; };
    }

    function run(q) {
      var gen = ++generation;
      // The words of the query, folded as the index's are, each once; a
      // dash or a mark alone is no word, as the index has none.
      terms = (fold(q).match(wordPattern) || []).filter(function (t, i, all) { return all.indexOf(t) === i && /[\p{L}\p{Nd}]/u.test(t); });
      results.textContent = "";
      hits = [];
      shown = 0;
      if (more) more.hidden = true;
      if (!terms.length) {
        status.textContent = words.empty || "";
        return;
      }
      status.textContent = words.loading || "";
      Promise.all(terms.map(lookup)).then(function (found) {
        if (gen !== generation) return;
        // A note is found when it has every word; the reader's language
        // first, then the notes whose titles and quotes have the words,
        // then the others, each in the site's order.
        found[0].forEach(function (worth, id) {
          for (var i = 1; i < found.length; i++) {
            var w = found[i].get(id);
            if (!w) return;
            worth += w;
          }
          hits.push({ id: id, worth: worth, other: langOf(id) === lang ? 0 : 1 });
        });
        hits.sort(function (a, b) { return a.other - b.other || b.worth - a.worth || a.id - b.id; });
        return showMore(gen).then(function () {
          // Hits are checks and editor's remarks alike.
          if (gen === generation) status.textContent = count(hits.length);
        });
      }).catch(fail(gen));
    }

    if (more) {
      // The button goes once every result is shown: the reader is taken
      // to the first of the new ones.
      more.addEventListener("click", function () {
        var gen = generation, before = results.children.length;
        showMore(gen).then(function () {
          var first = results.children[before];
          if (gen === generation && first) first.querySelector("a").focus();
        }).catch(fail(gen));
      });
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
