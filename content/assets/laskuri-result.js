// The calculator's result: the totals, the breakdown line by line, notes, the emptying calendar and the
// compact summary at the foot of a phone's screen. Every number arrives as Python wrote it
// (calculator/finnish.py: "<name>_fi" beside each value); this only puts the texts in their places.
import {config} from "./laskuri-state.js";
import {h} from "./laskuri-dom.js";
import {grid} from "./laskuri-months.js";

const result = document.getElementById("tulos");
const body = document.getElementById("tulos-sisalto");
const compact = document.getElementById("tiivis-tulos");
const compactList = document.getElementById("tiivis-teksti");
const exampleNote = document.getElementById("tulos-esimerkki");

// A table in the page's scrolling box (its <template>, from the macro every table of the site uses).
export function scrollBox(label, table) {
  const box = document.getElementById("vierityslaatikko").content.firstElementChild.cloneNode(false);
  box.setAttribute("aria-label", label + ", vieritettävä");
  box.append(table);
  return box;
}

// A tariff named by its status on the build date (the page's builder words it).
function label(estimate) {
  const tariff = estimate.tariffs[0];
  return config.labels[tariff.id] || tariff.title;
}

// The same in a few words, for the compact summary ("Ehdotus" and its first day).
function shortLabel(estimate) {
  return config.shortLabels[estimate.tariffs[0].id] || label(estimate);
}

// The long-run average, when the total is a range.
function typical(estimate) {
  const average = estimate.total_average_fi;
  return average ? h("span", {className: "keskiarvo"}, "keskimäärin " + average) : null;
}

// The priced row, linked to its table on this site.
function priced(line) {
  const text = line.table_fi + ": " + line.row_label;
  return h("span", {className: "lahde"}, line.url ? h("a", {href: config.root + line.url}, text) : text);
}

// A line's row to its price history page, where the row has one (the page's builder gives the addresses).
function historyLink(line) {
  const url = config.history[line.table + "--" + line.row];
  if (!url) { return null; }
  const link = h("a", {className: "historia-linkki", href: url}, "Hintahistoria",
    h("span", {className: "visually-hidden"}, ": " + line.row_label));
  return [" ", link];
}

// The rule of the text part that set a quantity: its section, linked, and its words.
function rule(data) {
  if (!data) { return null; }
  const where = data.section ? "Tekstiosan kohta " + data.section : "Hinnasto";
  const link = data.url ? [" ", h("a", {href: config.root + data.url}, "Lue kohta")] : [];
  return h("details", {className: "saanto"}, h("summary", null, "Peruste: " + where),
    h("p", null, "”" + data.quote + "”", ...link));
}

// A value published as printed that looks wrong (the row's `verify`), with the reason.
function flagged(line) {
  if (!line || !line.verify) { return null; }
  return h("span", {className: "poikkeama"}, h("span", {ariaHidden: "true"}, "⚠ "), "Tarkistettava: " + line.verify);
}

function cell(line) {
  if (!line) { return h("td", null, "–"); }
  const split = line.unit_price_split_fi ? [h("br"), h("span", {className: "osat"}, "Yksikköhinta: " +
    line.unit_price_split_fi)] : [];
  return h("td", null, line.unit_price_fi + " × " + line.quantity_fi, h("br"), "= ", h("strong", null, line.amount_fi),
    ...split);
}

function summary(data) {
  const change = data.difference_fi + (data.difference_percent_fi ? " (" + data.difference_percent_fi + ")" : "");
  const total = (estimate) => h("tr", null, h("th", {scope: "row"}, label(estimate)),
    h("td", null, estimate.total_fi + " ", typical(estimate)));
  return h("table", null, h("caption", null, "Vuosikustannus yhteensä (sis. alv)"),
    h("thead", null, h("tr", null, h("th", {scope: "col"}, "Taksa"), h("th", {scope: "col"}, "Euroa vuodessa"))),
    h("tbody", null, total(data.old), total(data.new),
      h("tr", null, h("th", {scope: "row"}, "Muutos"), h("td", null, h("strong", null, change)))));
}

function breakdown(data) {
  const oldLines = new Map(data.old.lines.map((line) => [line.id, line]));
  const newLines = new Map(data.new.lines.map((line) => [line.id, line]));
  const rows = data.lines.map((change) => {
    const before = oldLines.get(change.id), after = newLines.get(change.id);
    const source = after || before;
    const oldFlag = before && (!after || before.verify !== after.verify) ? flagged(before) : null;
    return h("tr", null,
      h("th", {scope: "row"}, change.label, h("br"), priced(source), ...(historyLink(source) || []), rule(source.rule),
        flagged(after), oldFlag),
      cell(before), cell(after), h("td", null, change.difference_fi));
  });
  const heading = (text) => h("th", {scope: "col"}, text);
  return h("table", null, h("caption", null, "Erittely: yksikköhinta × määrä = summa vuodessa"),
    h("thead", null, h("tr", null, heading("Erä"), heading(label(data.old)), heading(label(data.new)), heading("Muutos"))),
    h("tbody", null, ...rows));
}

function notes(data) {
  const unique = new Map();
  data.old.notes.concat(data.new.notes).forEach((note) => unique.set(note.id + note.text, note));
  if (!unique.size) { return []; }
  return [h("h3", null, "Huomioitavaa"),
    h("ul", {className: "huomiot"}, ...Array.from(unique.values(), (note) => h("li", null, note.text, rule(note.rule))))];
}

// The emptying days as a calendar file, made by Python in the worker and saved on this device only.
function calendarFile(askCalendar) {
  const status = h("span", {className: "kalenteri-tila", role: "status"});
  const button = h("button", {type: "button", className: "md-button"}, "Lisää kalenteriin (.ics-tiedosto)");
  button.addEventListener("click", () => {
    status.textContent = "";
    askCalendar().then((answer) => {
      if (!answer || answer.failure || answer.errors) {
        status.textContent = "Kalenteritiedostoa ei voitu tehdä" +
          (answer && answer.errors ? ": " + answer.errors[0].message_fi : ".");
        return;
      }
      const url = URL.createObjectURL(new Blob([answer.ics], {type: "text/calendar;charset=utf-8"}));
      const link = h("a", {href: url, download: "tyhjennykset.ics"});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      status.textContent = "Kalenteritiedosto tallennettu (" + answer.events_fi + ").";
    });
  });
  return h("p", {className: "kalenteritiedosto"}, button, " ", status);
}

// The emptying days as month grids (laskuri-months.js), where a container has its first emptying.
function calendar(months, askCalendar) {
  if (!months) { return []; }
  return [h("h3", null, "Tyhjennyskalenteri"), calendarFile(askCalendar), grid(months)];
}

// Shows a comparison's answer; returns what is announced. `askCalendar()` resolves to the worker's
// calendar answer ({ics, events_fi}, {errors} or {failure}). `more`: the comparison with set-up B
// (laskuri-compare.js) and the month grids (the answer's "months"). Without `data` (set-up A could not
// be priced) only the comparison is shown.
export function render(data, askCalendar, more) {
  more = more || {};
  const compared = more.comparison || [];
  if (!data) {
    body.replaceChildren(...compared);
    result.hidden = false;
    compact.hidden = true;
    return "";
  }
  const focused = body.contains(document.activeElement) ? document.activeElement.id : "";
  body.replaceChildren(scrollBox("Yhteenveto", summary(data)), ...compared, h("h3", null, "Erittely"),
    scrollBox("Erittely", breakdown(data)), ...notes(data), ...calendar(more.months, askCalendar));
  if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }  // as it was
  result.hidden = false;
  const change = data.difference_fi + (data.difference_percent_fi ? " (" + data.difference_percent_fi + ")" : "");
  compactList.replaceChildren(h("dt", null, shortLabel(data.old)), h("dd", null, data.old.total_fi),
    h("dt", null, shortLabel(data.new)), h("dd", null, data.new.total_fi),
    h("dt", null, "Muutos"), h("dd", {className: "tiivis-muutos"}, change));
  compact.hidden = false;
  return "Laskelma päivitetty. " + label(data.old) + ": " + data.old.total_fi + ". " + label(data.new) + ": " +
    data.new.total_fi + ".";
}

// What the result of a chosen example includes beyond the minutes' example, and the minutes' figure
// (the page's builder words it); null: no example, or nothing to say.
export function example(text) {
  exampleNote.textContent = text || "";
  exampleNote.hidden = !text;
}

export function hide() {
  result.hidden = true;
  compact.hidden = true;
}

export function shown() { return !result.hidden; }
