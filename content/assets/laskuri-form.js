// The calculator's form: what the visitor typed, in the scenario's shape; a scenario (a link's, an
// example's) written into the fields; the container rows. It reads no number: each field's text goes to
// Python as it is (calculator/form.py), and for a form this page wrote, Python's text comes back.
import {config} from "./laskuri-state.js";

const form = document.getElementById("laskuri-lomake");
const template = document.getElementById("astia-pohja");
const SEASONAL = "kausi";  // the interval choice that asks an interval for each season
const EMPTY = {household: {kind: "permanent"}};  // the form as it is before anything is chosen

let written = false;  // the fields are as this page wrote them, and the visitor has not changed them since

function fieldId(path) { return "field-" + path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-"); }

// The field of a scenario path. The first tank of a sludge visit is the visit's own sludge field.
export function fieldFor(path) {
  return document.getElementById(fieldId(path)) || document.getElementById(fieldId(path.replace(".tanks[0].", ".")));
}

function field(box, name) { return box.querySelector('[data-name="' + name + '"]'); }

function customer() { return form.elements.customer.value; }

// A value of a link or an example as it is, or the field's own default: Python's text follows (shown).
function put(input, value) {
  input.value = value === undefined || value === null ? input.defaultValue : String(value);
}

// Checks the radio button of `value`, or of `otherwise` when none has it.
function choose(radios, value, otherwise) {
  const all = Array.from(radios);
  (all.find((radio) => radio.value === value) || all.find((radio) => radio.value === otherwise)).checked = true;
}

// The sizes offered for the box's waste, labelled by Python; a size that none is (from a link) is kept.
function fillVolumes(box, wanted) {
  const select = field(box, "volume_l");
  const previous = wanted !== undefined ? String(wanted) : select.value;
  const offered = config.offered[customer()][field(box, "waste").value] || [];
  select.replaceChildren(...offered.map(([value, label]) => new Option(label, value)));
  if (previous && offered.some(([value]) => value === previous)) { select.value = previous; }
  else if (wanted !== undefined) { select.add(new Option(previous, previous, true, true)); }
}

// The container boxes of one set-up: the household's own (#astiat), or the one it compares with
// (#vaihtoehto-astiat), whose fields are named "alternative.containers[0]…" and labelled as its own.
function containerList(element, button, prefix, labels) {
  // Ids, labels and headings of every container box: once per change, so that building the form is linear.
  function renumber() {
    Array.from(element.children).forEach((box, index) => {
      box.querySelector(".astia-otsikko").textContent = labels[index];
      box.setAttribute("aria-label", labels[index]);
      box.querySelectorAll("[data-name]").forEach((input) => {
        const name = input.getAttribute("data-name");
        const seasonal = config.seasons.some((season) => season.field === name);
        input.id = fieldId(prefix + "containers[" + index + "]." + (seasonal ? "schedule." : "") + name);
        const hint = box.querySelector('[data-vihje="' + name + '"]');
        if (hint) { hint.id = input.id + "-vihje"; input.setAttribute("aria-describedby", hint.id); }
      });
      box.querySelectorAll("[data-for]").forEach((label) => { label.htmlFor = field(box, label.getAttribute("data-for")).id; });
      box.querySelector(".poista-astia").hidden = element.children.length === 1;
    });
    button.hidden = element.children.length >= labels.length;
  }

  // A container box from a scenario's container; the caller renumbers once it has added them all.
  function add(values) {
    const box = template.content.firstElementChild.cloneNode(true);
    element.appendChild(box);
    const set = (name, value) => { if (value !== undefined && value !== null) { put(field(box, name), value); } };
    set("waste", values.waste);
    fillVolumes(box, values.volume_l);
    set("count", values.count);
    if (values.schedule) {
      set("interval_weeks", SEASONAL);
      config.seasons.forEach((season) => {
        const period = values.schedule.find((p) => p.from === season.from);
        set(season.field, period && period.interval_weeks);
      });
    } else {
      set("interval_weeks", values.interval_weeks);
    }
    ["first_emptying", "carry_distance_m", "extra_emptyings", "extra_detour_km"].forEach((name) => set(name, values[name]));
    box.querySelector(".kausi").hidden = field(box, "interval_weeks").value !== SEASONAL;
    return box;
  }

  return {
    element: element,
    // A new container box, its fields as a new container's.
    add() {
      written = false;
      const box = add(config.newContainer);
      renumber();
      return box;
    },
    // False when the box is the last one: a property has at least one container.
    remove(box) {
      if (element.children.length < 2) { return false; }
      written = false;
      box.remove();
      renumber();
      return true;
    },
    // The containers of a scenario (none: one new container).
    write(list) {
      element.replaceChildren();
      (list && list.length ? list : [config.newContainer]).forEach((values) => add(values || config.newContainer));
      renumber();
    },
    // The containers in the scenario's shape, each field's text as it is.
    read() {
      return Array.from(element.children, (box) => {
        const get = (name) => field(box, name).value;
        const item = {waste: get("waste"), volume_l: get("volume_l"), count: get("count")};
        if (get("interval_weeks") === SEASONAL) {
          item.schedule = config.seasons.map((season) => ({from: season.from, to: season.to, interval_weeks: get(season.field)}));
        } else {
          item.interval_weeks = get("interval_weeks");
        }
        if (get("first_emptying")) { item.first_emptying = get("first_emptying"); }
        ["carry_distance_m", "extra_emptyings", "extra_detour_km"].forEach((name) => { item[name] = get(name); });
        return item;
      });
    },
  };
}

const own = containerList(document.getElementById("astiat"), document.getElementById("lisaa-astia"), "",
  config.containerLabels);
// Set-up B ("Vertaa toiseen vaihtoehtoon"): its containers, paper invoices and washings; the rest is A's.
export const alternative = containerList(document.getElementById("vaihtoehto-astiat"),
  document.getElementById("vaihtoehto-lisaa-astia"), "alternative.", config.alternativeLabels);
const alternativeExtras = ["paper_invoices", "washings"].map((name) => fieldFor("alternative.extras." + name));

export function addContainer() { return own.add(); }

export function removeContainer(box) { return own.remove(box); }

// The fields that only some choices need, shown for those.
function showDependent() {
  const kind = form.elements.asuminen.value;
  form.querySelectorAll("[data-nakyy]").forEach((el) => { el.hidden = el.getAttribute("data-nakyy") !== kind; });
  form.querySelector("[data-liete]").hidden = !form.sludge_type.value;
  form.querySelectorAll("[data-asiakas]").forEach((el) => { el.hidden = el.getAttribute("data-asiakas") !== customer(); });
}

// The visitor changed a field.
export function changed(event) {
  written = false;
  const box = event.target.closest(".astia");
  const name = event.target.getAttribute("data-name");
  if (box && name === "waste") { fillVolumes(box); }
  if (event.target.name === "customer") { form.querySelectorAll(".astia").forEach((b) => fillVolumes(b)); }
  if (box && name === "interval_weeks") { box.querySelector(".kausi").hidden = event.target.value !== SEASONAL; }
  showDependent();
}

// The scenario's shape with each field's text as it is (calculator/form.py reads it).
export function read() {
  const scenario = {containers: [], extras: {}};
  let kind = form.elements.asuminen.value;
  if (customer() !== "housing") { scenario.customer = customer(); kind = ""; }
  if (form.area && form.area.value) { scenario.area = form.area.value; }
  if (kind === "permanent") {
    scenario.household = {kind: kind, apartments: form.apartments.value, vacancy_months: form.vacancy_months.value};
  }
  if (kind === "holiday") { scenario.household = {kind: kind}; }
  if (kind === "other") { scenario.household = {kind: kind, places: form.places.value}; }
  scenario.containers = own.read();
  const extras = scenario.extras;
  extras.paper_invoices = form.paper_invoices.value;
  extras.washings = form.washings.value;
  if (form.self_washing.checked) { extras.self_washing = true; }
  if (form.area_collection.value) { extras.area_collection = form.area_collection.value; }
  if (form.block_collection.checked) { extras.block_collection = true; }
  if (form.sludge_type.value) {
    let visit = {type: form.sludge_type.value, volume_m3: form.sludge_volume.value};
    if (form.sludge_type2.value) {
      visit = {tanks: [visit, {type: form.sludge_type2.value, volume_m3: form.sludge_volume2.value}]};
    }
    visit.emptyings = form.sludge_emptyings.value;
    visit.extra_work_hours = form.sludge_hours.value;
    extras.sludge = [visit];
  }
  return scenario;
}

// Fills the form with a scenario (a link's, an example's; none: the empty form). Throws on a scenario
// whose shape it cannot follow: the caller says the link is damaged.
export function write(scenario) {
  scenario = scenario || EMPTY;
  const household = scenario.household || null;
  choose(form.elements.customer, scenario.customer || "housing", "housing");
  if (form.area) { form.area.value = scenario.area || ""; }
  choose(form.elements.asuminen, household ? household.kind : "", "");
  put(form.vacancy_months, household && household.vacancy_months || null);
  put(form.apartments, household && household.apartments);
  put(form.places, household && household.places);
  own.write(scenario.containers);
  const extras = scenario.extras || {};
  put(form.paper_invoices, extras.paper_invoices || null);
  put(form.washings, extras.washings || null);
  form.self_washing.checked = !!extras.self_washing;
  form.area_collection.value = extras.area_collection || "";
  form.block_collection.checked = !!extras.block_collection;
  const sludge = (extras.sludge || [])[0];
  const tanks = sludge ? sludge.tanks || [sludge] : [];
  form.sludge_type.value = tanks[0] ? tanks[0].type : "";
  put(form.sludge_volume, tanks[0] && tanks[0].volume_m3);
  form.sludge_type2.value = tanks[1] ? tanks[1].type : "";
  put(form.sludge_volume2, tanks[1] && tanks[1].volume_m3);
  put(form.sludge_emptyings, sludge && sludge.emptyings);
  put(form.sludge_hours, sludge && sludge.extra_work_hours);
  showDependent();
  written = true;
}

// Set-up B's own part as the page's link carries it (calculator/form.py, alternative_of): its containers,
// paper invoices and washings, each field's text as it is.
export function readAlternative() {
  const [paper, washings] = alternativeExtras;
  return {containers: alternative.read(), extras: {paper_invoices: paper.value, washings: washings.value}};
}

// Fills set-up B with its own part (a link's, written with set-up A's, or A's own copied: `read()`'s shape
// writes as well).
export function writeAlternative(own) {
  own = own || {};
  alternative.write(own.containers);
  const extras = own.extras || {};
  alternativeExtras.forEach((input) => put(input, extras[input.getAttribute("data-extra")] || null));
}

// Python's Finnish text for the numbers of a form this page wrote, once it has read them; not after the
// visitor has changed anything.
export function showRead(shown) {
  if (!written) { return; }
  written = false;
  Object.keys(shown).forEach((path) => {
    const input = fieldFor(path);
    if (input instanceof HTMLSelectElement) { Array.from(input.selectedOptions).forEach((o) => { o.textContent = shown[path]; }); }
    else if (input) { input.value = shown[path]; }
  });
}
