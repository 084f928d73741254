// Sortable tables (progressive enhancement): a button in each column header of table[data-lajiteltava].
(function () {
  "use strict";
  document.querySelectorAll("table[data-lajiteltava]").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "lajittele";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = Number(a.cells[column].getAttribute("data-arvo"));
          var y = Number(b.cells[column].getAttribute("data-arvo"));
          return ascending ? x - y : y - x;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
