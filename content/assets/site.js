// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Links that moved: the build writes window.MOVED_ANCHORS = {"path#id": "new path#id"}.
  var moved = window.MOVED_ANCHORS || {};
  var here = decodeURI(location.pathname) + location.hash;
  var key = Object.keys(moved).find(function (k) { return here.endsWith("/" + k); });
  if (key) {
    var config = JSON.parse(document.getElementById("__config").textContent);
    location.replace(new URL(moved[key], new URL(config.base + "/", location.href)).href);
  }

  // Table scroll boxes (ours, and the theme's around Markdown tables): a box that scrolls is a named,
  // keyboard-reachable region with a visible word about it; a box that fits is a plain box (no tab stop).
  var BOXES = ".table-scroll, .md-typeset__scrollwrap";
  function markScrolling(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("vierittyy", scrolls);
    if (scrolls) {
      var caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) {
        box.setAttribute("aria-label", (caption ? caption.textContent : "Taulukko") + ", vieritettävä");
      }
    } else {
      ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
    }
  }
  var resized = new ResizeObserver(function (entries) { entries.forEach(function (e) { markScrolling(e.target); }); });
  function watchBoxes(root) {
    root.querySelectorAll(BOXES).forEach(function (box) { resized.observe(box); markScrolling(box); });
  }
  if (window.document$) { window.document$.subscribe(function () { watchBoxes(document); }); }
  else { window.addEventListener("load", function () { watchBoxes(document); }); }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType !== 1) { return; }
        if (node.matches(BOXES)) { resized.observe(node); markScrolling(node); } else { watchBoxes(node); }
      });
    });
  }).observe(document.body, {childList: true, subtree: true});

  // "Copy link" buttons.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.copy-link");
    if (!link || !navigator.clipboard) { return; }
    event.preventDefault();
    var url = new URL(link.getAttribute("href"), location.href).href;
    navigator.clipboard.writeText(url).then(function () {
      history.replaceState(null, "", url);
      status.textContent = "Linkki kopioitu leikepöydälle: " + url;
      link.dataset.copied = "true";
    });
  });
})();
