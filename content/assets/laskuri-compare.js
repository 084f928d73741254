// "Vertaa toiseen vaihtoehtoon": set-up B, a copy of the household's own set-up (A) to change, and both
// set-ups under both tariffs side by side: four totals, the differences, and the lines that make them.
// Python prices both (calculator/api.py, run_compare) and writes every number; this places the texts.
import {config} from "./laskuri-state.js";
import {h} from "./laskuri-dom.js";
import * as form from "./laskuri-form.js";

const panel = document.getElementById("vaihtoehto");
const openButton = document.getElementById("vertaa");
const offer = openButton.closest(".vertaa");  // the button and its hint, hidden while set-up B is shown
const closeButton = document.getElementById("vaihtoehto-pois");
const addButton = document.getElementById("vaihtoehto-lisaa-astia");
const OWN = "Nykyinen", OTHER = "Vaihtoehto";

// Shows set-up B filled with `own` (a link's), or with a copy of set-up A's containers, paper invoices
// and washings.
export function open(own) {
  if (!own) {
    const a = form.read();
    own = {containers: a.containers, extras: {paper_invoices: a.extras.paper_invoices, washings: a.extras.washings}};
  }
  form.writeAlternative(own);
  panel.hidden = false;
  offer.hidden = true;
}

function close() {
  panel.hidden = true;
  offer.hidden = false;
  form.writeAlternative(null);
}

// What the worker is asked about set-up B: its own part while it is shown, else nothing.
export function request() {
  return panel.hidden ? null : form.readAlternative();
}

// `changed()`: the set-ups changed without an input event (a button).
export function listen(changed) {
  openButton.addEventListener("click", () => {
    open();
    panel.querySelector("select").focus();
    changed();
  });
  closeButton.addEventListener("click", () => {
    close();
    openButton.focus();
    changed();
  });
  addButton.addEventListener("click", () => {
    form.alternative.add().querySelector("select").focus();
    changed();
  });
  form.alternative.element.addEventListener("click", (event) => {
    if (event.target.classList.contains("poista-astia") && form.alternative.remove(event.target.closest(".astia"))) {
      addButton.focus();
      changed();
    }
  });
}

// Set-up A's comparison in the answer: the answer itself without set-up B, its "a" with B (none when A
// could not be priced).
export function own(answer) {
  if (answer.a || answer.b || answer.errors) { return answer.a || null; }
  return answer;
}

// A tariff in a few words (its status and first day), as the bar names it; the summary above names it in full.
function label(estimate) {
  const id = estimate.tariffs[0].id;
  return config.shortLabels[id] || config.labels[id] || estimate.tariffs[0].title;
}

// The four totals, a column per tariff: set-up A, set-up B and the difference.
function totals(answer, tariffs) {
  const cells = (side) => ["old", "new"].map((when) => h("td", null, side ? h("span", null, side[when].total_fi) :
    "ei laskettu: tarkista tiedot"));
  const rows = [h("tr", null, h("th", {scope: "row"}, OWN), ...cells(answer.a)),
    h("tr", null, h("th", {scope: "row"}, OTHER), ...cells(answer.b))];
  if (answer.switch_old) {
    const moved = (data) => h("td", null, h("strong", null, h("span", null, data.difference_fi),
      ...(data.difference_percent_fi ? [" ", h("span", null, "(" + data.difference_percent_fi + ")")] : [])));
    rows.push(h("tr", {className: "ero"}, h("th", {scope: "row"}, "Ero"), moved(answer.switch_old),
      moved(answer.switch_new)));
  }
  return h("table", null, h("caption", null, "Nykyinen ja vaihtoehto kummankin taksan mukaan, euroa vuodessa " +
    "(sis. alv). Ero: vaihtoehto \u2212 nykyinen."),
    h("thead", null, h("tr", null, h("th", {scope: "col"}, "Järjestely"),
      ...tariffs.map((estimate) => h("th", {scope: "col"}, label(estimate))))),
    h("tbody", null, ...rows));
}

// Line by line, what changing to set-up B changes under each tariff.
function madeOf(answer, tariffs) {
  const lines = new Map();
  ["switch_old", "switch_new"].forEach((when) => answer[when].lines.forEach((line) => {
    lines.set(line.label, Object.assign(lines.get(line.label) || {}, {[when]: line}));
  }));
  const cell = (line) => line ? h("td", null, h("span", null, line.old_amount_fi + " \u2192"), " ",
    h("span", null, line.new_amount_fi), h("br"), h("strong", null, line.difference_fi)) : h("td", null, "\u2013");
  return h("table", null, h("caption", null, "Mistä ero syntyy: " + OWN.toLowerCase() + " \u2192 " +
    OTHER.toLowerCase() + ", ero"),
  h("thead", null, h("tr", null, h("th", {scope: "col"}, "Erä"), ...tariffs.map((e) => h("th", {scope: "col"}, label(e))))),
  h("tbody", null, ...Array.from(lines, ([name, line]) => h("tr", null, h("th", {scope: "row"}, name),
    cell(line.switch_old), cell(line.switch_new)))));
}

// The comparison to show for an answer (nothing without set-up B) and what is announced of it.
// `box(label, table)`: a table in the page's scrolling box.
export function render(answer, box) {
  if (!answer.a && !answer.b) { return {nodes: [], said: ""}; }
  const priced = answer.a || answer.b;
  const tariffs = [priced.old, priced.new];
  const nodes = [h("h3", {id: "vertailu-otsikko"}, "Vertailu vaihtoehtoon"), box("Vertailu", totals(answer, tariffs))];
  if (answer.switch_old) { nodes.push(box("Mistä ero syntyy", madeOf(answer, tariffs))); }
  const said = answer.b ? " " + OTHER + ": " + label(answer.b.old) + " " + answer.b.old.total_fi + ", " +
    label(answer.b.new) + " " + answer.b.new.total_fi + "." : "";
  const section = h("section", {className: "vertailu"}, ...nodes);
  section.setAttribute("aria-labelledby", "vertailu-otsikko");
  return {nodes: [section], said};
}
