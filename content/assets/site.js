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
        printableLinks(node);  // links drawn later (the calculator's result) print their full address too
      });
    });
  }).observe(document.body, {childList: true, subtree: true});

  // The current change on a changes page: its row (or paragraph) marked, and in a table that scrolls sideways
  // its first changed cell scrolled into view beside the row's label (which stays put on a phone).
  function select(stop) {
    document.querySelectorAll(".muutos-valittu").forEach(function (el) { el.classList.remove("muutos-valittu"); });
    stop.classList.add("muutos-valittu");
  }
  function showChangedCell(stop) {
    var cell = stop.cells && Array.prototype.find.call(stop.cells, function (c) {
      return c.tagName === "TD" && c.querySelector("ins, del");
    });
    var box = cell && cell.closest(".table-scroll");
    if (!box) { return; }
    var label = stop.cells[0], edge = box.getBoundingClientRect();
    var left = label.tagName === "TH" && getComputedStyle(label).position === "sticky"
      ? label.getBoundingClientRect().right : edge.left;
    var place = cell.getBoundingClientRect();
    if (place.left < left || place.right > edge.right) { box.scrollLeft += place.left - left - 8; }
  }

  // Changes pages: how many changes the page has, and buttons to the previous and next one.
  function changeNavigation() {
    var legend = document.querySelector(".md-content .muutosselite");
    if (!legend || document.querySelector(".muutosnavi")) { return; }
    var stops = [];
    document.querySelectorAll(".md-content ins, .md-content del").forEach(function (mark) {
      if (legend.contains(mark)) { return; }
      var stop = mark.closest("tr") || mark.closest("p, li, h1, h2, h3, h4, h5, h6, dd, td, th, div");
      if (stops.indexOf(stop) < 0) { stops.push(stop); }
    });
    // Words left out on phones, where the bar is a short line at the bottom.
    function wideOnly(text) {
      var words = document.createElement("span");
      words.className = "muutosnavi-sana";
      words.textContent = text;
      return words;
    }
    var bar = document.createElement("nav");
    bar.className = "muutosnavi";
    bar.setAttribute("aria-label", "Muutokset tällä sivulla");
    var count = document.createElement("p");
    if (stops.length) {
      count.append("Muutoksia", wideOnly(" tällä sivulla"), ": " + stops.length + ".");
    } else {
      count.textContent = "Tällä sivulla ei ole muutoksia.";
    }
    bar.appendChild(count);
    legend.after(bar);
    if (!stops.length) { return; }
    var where = document.createElement("span");
    where.setAttribute("aria-live", "polite");
    count.append(" ", where);
    var current = -1;
    function go(step) {
      current = (current + step + stops.length) % stops.length;
      var stop = stops[current];
      select(stop);
      if (stop.tabIndex < 0) { stop.tabIndex = -1; }
      stop.scrollIntoView({block: "center"});
      stop.focus({preventScroll: true});
      showChangedCell(stop);
      where.textContent = "Muutos " + (current + 1) + "/" + stops.length + ".";
    }
    // A row linked to (#row): the current change, its changed cell in view.
    function linked() {
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      var at = stops.indexOf(target);
      if (at < 0) { return; }
      current = at;
      select(target);
      showChangedCell(target);
      where.textContent = "Muutos " + (current + 1) + "/" + stops.length + ".";
    }
    linked();
    window.addEventListener("hashchange", linked);
    [["Edellinen", -1], ["Seuraava", 1]].forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.append(item[0], wideOnly(" muutos"));
      button.addEventListener("click", function () { go(item[1]); });
      bar.appendChild(button);
    });
  }

  // In print, links show where they lead (full addresses; without JavaScript the href as written).
  var LINKS = ".md-content a[href]:not([href^='#'])";
  function printableLinks(root) {
    if (root.matches && root.matches(LINKS)) { root.setAttribute("data-osoite", root.href); }
    root.querySelectorAll(LINKS).forEach(function (link) {
      link.setAttribute("data-osoite", link.href);
    });
  }
  // On paper the status is read in full: its box opens for printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.tilanne").forEach(function (box) { box.open = true; });
  });
  function enhance() { changeNavigation(); printableLinks(document); }
  if (window.document$) { window.document$.subscribe(enhance); } else { enhance(); }

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
