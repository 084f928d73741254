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

  // Material wraps Markdown tables in a scroll box: make a box that scrolls reachable by keyboard.
  function focusableScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var caption = box.querySelector("caption");
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (caption ? caption.textContent : "Taulukko") + ", vieritettävä");
    });
  }
  if (window.document$) { window.document$.subscribe(focusableScrollBoxes); }
  else { window.addEventListener("load", focusableScrollBoxes); }

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
