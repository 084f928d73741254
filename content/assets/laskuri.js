// The calculator page: connects its form, the Python worker and the result. It carries the form's text to
// Python and Python's answers back; prices, arithmetic and every number's text are Python's.
import {config, linkedScenario, share, state} from "./laskuri-state.js";
import * as form from "./laskuri-form.js";
import {connect} from "./laskuri-client.js";
import * as messages from "./laskuri-messages.js";
import * as view from "./laskuri-result.js";
import * as compare from "./laskuri-compare.js";

const root = document.getElementById("laskuri");
const shareLink = document.getElementById("jaa-linkki");
const addButton = document.getElementById("lisaa-astia");
const FAILED = "Laskuri ei käynnistynyt, joten se ei voi laskea. Voit yrittää myöhemmin uudelleen; " +
  "kaikki hinnat löytyvät myös kotitalouksien hinnastosta.";
let client = null;

// #laskuri has data-updating while an update waits for its moment or a question for its answer: without
// it, the page shows, and has announced, what the form asks (the tests wait for that, not for a fixed time).
function markUpdating() {
  root.toggleAttribute("data-updating", state.timer !== null || client.waiting);
}

// Once the calculator has answered, a service worker keeps its files for repeat and offline visits
// (not before: its download would compete with the first answer).
function keepForOffline() {
  if (state.keptOffline || !("serviceWorker" in navigator)) { return; }
  state.keptOffline = true;
  navigator.serviceWorker.register(config.serviceWorker).catch((error) => {
    console.warn("Laskuri: palvelutyöntekijää ei voitu ottaa käyttöön (" + error + ").");
  });
}

// The worker could not answer (an exception, Python's included): a Finnish message where the result
// would be, the details in the console, and the status no longer says that all is well.
function showFailure(details) {
  console.error("Laskuri: laskenta epäonnistui: " + details);
  view.hide();
  messages.showErrors([{field: "", message_fi: "laskenta epäonnistui odottamattomasti. Tarkista tiedot ja yritä " +
    "uudelleen; kaikki hinnat löytyvät myös kotitalouksien hinnastosta"}], null, false, true);
  messages.setStatus("Laskenta epäonnistui. Laskuri yrittää uudelleen, kun muutat tietoja.", null);
}

// `focus`: an explicit request (the Laske button, a shared link), whose errors take the focus.
// The first one is asked at once, before Python is ready: the worker answers it as soon as it is.
function update(focus) {
  state.linkProblem = false;
  const ticket = ++state.latest;
  const request = {action: "compare", form: form.read(), months: true};
  const alternative = compare.request();
  if (alternative) { request.alternative_form = alternative; }
  client.ask(request).then((answer) => {
    if (ticket !== state.latest || client.failed) { return; }  // a start that failed says so in the status line
    keepForOffline();
    if (answer.failure) { showFailure(answer.failure); return; }
    shareLink.href = share(answer.scenario, answer.alternative);
    form.showRead(answer.fields_fi);
    // With set-up B, the one that could be priced is shown beside the other's errors.
    const compared = compare.render(answer, view.scrollBox);
    const scenario = answer.scenario;
    const shown = view.render(compare.own(answer), () => client.ask({action: "calendar", scenario: scenario}),
      {comparison: compared.nodes, months: answer.months});
    if (answer.errors) {
      if (!compared.nodes.length) { view.hide(); }
      messages.showErrors(answer.errors, answer.errors_fi, focus);
      messages.setStatus(messages.CHECK, null);
      return;
    }
    messages.setStatus(messages.READY, null);
    messages.clearErrors();
    const chosen = state.example === null ? null : config.presets[state.example];
    view.example(chosen && chosen.note ? "Esimerkki: " + chosen.name + ". " + chosen.note : null);
    messages.announce(shown + compared.said);
    if (!window.laskuri.firstResultAt) { window.laskuri.firstResultAt = performance.now(); }
  });
}

function schedule(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => { state.timer = null; update(false); markUpdating(); }, delay === undefined ? 300 : delay);
  markUpdating();
}

// A link's scenario fills the form; a link that cannot (damaged, too long, too many containers) leaves
// the empty form and its message, and the address as it is, until the visitor changes something.
// True when a link filled the form: the first answer's errors then take the focus.
function fillFromLink() {
  const link = linkedScenario();
  let problem = link.problem, reason = link.reason;
  if (!problem) {
    try {
      form.write(link.scenario);
      if (link.alternative) { compare.open(link.alternative); }
      return link.scenario !== undefined;
    } catch (error) {
      problem = config.linkProblems.damaged;
      reason = String(error && error.message || error);
    }
  }
  console.warn("Laskuri: linkin laskelmaa ei voitu käyttää (" + reason + ").");
  state.linkProblem = true;
  form.write(null);
  messages.showErrors([{field: "", message_fi: problem + ", joten lomake on tyhjennetty"}], null, true);
  return false;
}

function listen() {
  const formElement = document.getElementById("laskuri-lomake");
  // The visitor's own change: the form is no longer the example chosen.
  formElement.addEventListener("input", (event) => { state.example = null; form.changed(event); schedule(); });
  formElement.addEventListener("change", () => { state.example = null; schedule(); });
  formElement.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(state.timer);
    state.timer = null;
    update(true);
  });
  addButton.addEventListener("click", () => {
    state.example = null;
    form.addContainer().querySelector("select").focus();
    schedule();
  });
  document.getElementById("astiat").addEventListener("click", (event) => {
    if (!event.target.classList.contains("poista-astia")) { return; }
    if (form.removeContainer(event.target.closest(".astia"))) {
      state.example = null;
      addButton.focus();
      schedule();
    }
  });
  document.querySelectorAll("button.esimerkki").forEach((button) => {
    button.addEventListener("click", () => {
      state.example = Number(button.getAttribute("data-esimerkki"));
      form.write(config.presets[state.example].scenario);
      messages.announceNext("Esimerkki valittu: " + config.presets[state.example].name + ". ");
      schedule(0);
    });
  });
  document.getElementById("kopioi-linkki").addEventListener("click", () => {
    if (navigator.clipboard) {
      navigator.clipboard.writeText(shareLink.href).then(() => messages.announceNow("Linkki kopioitu leikepöydälle."));
    }
  });
  document.getElementById("tulosta").addEventListener("click", () => window.print());
  compare.listen(() => schedule());
}

function unsupported() {
  const message = document.createElement("p");
  message.className = "admonition warning";
  message.append("Selaimesi ei tue laskurin tarvitsemaa WebAssemblyä. Kaikki hinnat löytyvät ",
    messages.priceListLink("kotitalouksien hinnastosta"), ".");
  root.replaceChildren(message);
  root.hidden = false;
  window.laskuri = {ask: () => Promise.resolve({failure: "selain ei tue WebAssemblyä"})};
}

// On a phone the bar at the foot of the screen covers the page's end: the page and the scrolling of a
// focused field keep clear of it by its height (site.css: --laskuri-palkki).
function keepClearOfTheBar() {
  const bar = document.getElementById("laskuri-palkki");
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--laskuri-palkki", bar.getBoundingClientRect().height + "px");
  }).observe(bar);
}

function start() {
  root.hidden = false;
  keepClearOfTheBar();
  const linked = fillFromLink();
  listen();
  client = connect(window.laskuriTyontekija, {
    progress: (text, percent) => messages.setStatus(text, percent),
    ready: (how) => {
      root.setAttribute("data-start", how.start);  // "snapshot", or "fallback" and why
      if (how.reason) { root.setAttribute("data-start-reason", how.reason); }
      if (state.linkProblem) { keepForOffline(); }  // no question was asked
      // "Ready" only with a result or a message to show; otherwise the first answer says it (update).
      const said = messages.errorsShown() ? messages.CHECK : view.shown() ? messages.READY : messages.STARTED;
      messages.setStatus(said, null);
    },
    failed: (reason) => {
      console.error("Laskuri: käynnistys epäonnistui (" + reason + ").");
      root.setAttribute("data-start", "failed");
      root.setAttribute("data-start-reason", reason);
      messages.setStatus(FAILED, null, true);
    },
    changed: () => markUpdating(),
  });
  // For tests and for anyone who wants the raw results: the same worker, the same Python.
  window.laskuri = {ask: (request) => client.ask(request)};
  if (!state.linkProblem) { update(linked); }
}

if (typeof WebAssembly !== "object" || typeof Worker !== "function") { unsupported(); } else { start(); }
