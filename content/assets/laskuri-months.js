// The emptying calendar as month grids, drawn as Python laid them out (calculator/months.py): a table per
// month with its caption, the ISO week in the first column, each marked day's marks as text (short on
// screen, in full for screen readers) and a legend. On screen one month at a time, with previous and
// next; in print the whole year (site.css). Every text and number is Python's; this only places them.
import {config} from "./laskuri-state.js";
import {h} from "./laskuri-dom.js";
import {announceNow} from "./laskuri-messages.js";

// A short text for the eye and its full words for a screen reader.
function both(short, full) {
  return [h("span", {ariaHidden: "true"}, short), h("span", {className: "visually-hidden"}, full)];
}

// A mark's words: a tariff's start names the tariff as the page does (by its status on the build date).
function words(mark) {
  const tariff = mark.tariff && config.labels[mark.tariff];
  return mark.text + (tariff ? ": " + tariff : "");
}

function dayCell(day, marks) {
  if (!day) { return h("td"); }
  const cell = h("td", null, h("span", {className: "paiva"}, day.day));
  cell.dataset.date = day.date;
  if (day.marks.length) {
    cell.className = "merkitty" + (day.marks.some((id) => marks.get(id).tariff) ? " taksa-vaihtuu" : "");
    cell.append(h("span", {className: "merkit", ariaHidden: "true"},
      ...day.marks.map((id) => h("span", {className: "merkki" + (marks.get(id).tariff ? " merkki-taksa" : "")},
        marks.get(id).short))),
    h("span", {className: "visually-hidden"}, ": " + day.marks.map((id) => words(marks.get(id))).join("; ")));
  }
  return cell;
}

function table(month, headers, marks) {
  const head = h("tr", null, ...headers.map((header) => h("th", {scope: "col"}, ...both(header.short, header.name))));
  const rows = month.weeks.map((week) => h("tr", null, h("th", {scope: "row"}, ...both(week.week, week.week_fi)),
    ...week.days.map((day) => dayCell(day, marks))));
  return h("table", {className: "kuukausi"}, h("caption", null, month.caption), h("thead", null, head),
    h("tbody", null, ...rows));
}

// The month the visitor chose, kept when the next result draws the grids anew (the same year).
const chosen = {year: null, index: null};

// The grids of `months` (the answer's "months"); the month of the first emptying is shown first.
export function grid(months) {
  const marks = new Map(months.marks.map((mark) => [mark.id, mark]));
  const legend = h("ul", {className: "kuukausi-merkit"}, ...months.marks.map((mark) => h("li", null,
    h("span", {className: "merkki" + (mark.tariff ? " merkki-taksa" : ""), ariaHidden: "true"}, mark.short), " ",
    words(mark))));
  const tables = months.months.map((month) => table(month, months.headers, marks));
  const hidden = (text) => h("span", {className: "visually-hidden"}, text);
  const previous = h("button", {type: "button", className: "md-button", id: "kuukausi-edellinen"}, "\u2039 Edellinen",
    hidden(" kuukausi"));
  const next = h("button", {type: "button", className: "md-button", id: "kuukausi-seuraava"}, "Seuraava",
    hidden(" kuukausi"), " \u203a");
  let shown = chosen.year === months.year ? chosen.index : months.first;
  function show(index, announce) {
    const focused = document.activeElement;
    shown = index;
    if (announce) { Object.assign(chosen, {year: months.year, index: index}); }  // the visitor's own choice
    tables.forEach((t, i) => t.classList.toggle("valittu", i === shown));
    previous.disabled = shown === 0;
    next.disabled = shown === tables.length - 1;
    if (focused && focused.disabled) { (focused === previous ? next : previous).focus(); }  // the focus stays on a button
    if (announce) { announceNow(months.months[shown].caption); }
  }
  previous.addEventListener("click", () => show(shown - 1, true));
  next.addEventListener("click", () => show(shown + 1, true));
  show(shown, false);
  return h("div", {className: "kuukaudet"}, legend, h("p", {className: "kuukausi-selaus"}, previous, " ", next),
    ...tables);
}
