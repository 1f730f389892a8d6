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
        status.textContent = "Type words to find in the checks' findings, quotes and analyses.";
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
        badge.textContent = e.r ? "Editor’s remark" : e.v;
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
      status.textContent = hits === 1 ? "1 note found." : hits + " notes found.";
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

  // Deferred scripts run before DOMContentLoaded, so waiting for it means
  // the search index, loaded after this script, is there.
  if (document.readyState === "complete") {
    search();
  } else {
    document.addEventListener("DOMContentLoaded", search);
  }
})();
