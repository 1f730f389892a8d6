// Injected by "dossier serve" only: live reload and the error overlay.
(function () {
  "use strict";
  var key = "dossier-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseInt(saved, 10);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }
  var version = null;
  var overlay = null;

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function swapCSS() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", String(Date.now()));
      link.href = url.toString();
    });
  }
  function showErrors(diags) {
    hideErrors();
    overlay = document.createElement("div");
    overlay.id = "dossier-error-overlay";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
    var h = document.createElement("h2");
    h.textContent = "dossier: the site has errors; showing the last good build";
    h.style.cssText = "color:#ff8182;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(h);
    diags.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 .75rem";
      pre.textContent = d; // text, never markup: diagnostics quote user files
      overlay.appendChild(pre);
    });
    document.body.appendChild(overlay);
  }
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  var events = new EventSource("/__dossier/events");
  events.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    document.documentElement.setAttribute("data-dossier-live", "connected");
    if (version !== null && s.version !== version && !s.errors) { reload(); return; }
    version = s.version;
    if (s.errors) { showErrors(s.errors); } else { hideErrors(); }
  });
  events.addEventListener("reload", function (e) {
    var s = JSON.parse(e.data);
    version = s.version;
    reload();
  });
  events.addEventListener("css", function (e) {
    var s = JSON.parse(e.data);
    version = s.version;
    hideErrors();
    swapCSS();
  });
})();
