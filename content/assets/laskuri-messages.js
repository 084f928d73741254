// What the calculator says besides its result: the status line, the announcements for screen readers,
// and the error summary with a message next to each field it names.
import {config} from "./laskuri-state.js";
import {fieldFor} from "./laskuri-form.js";

const form = document.getElementById("laskuri-lomake");
const statusText = document.getElementById("laskuri-tila-teksti");
const progress = document.getElementById("laskuri-edistyminen");
const announcer = document.getElementById("ilmoitus");
const errorBox = document.getElementById("virheet");
const errorList = document.getElementById("virhelista");

export const READY = "Laskuri on valmis. Tulos päivittyy, kun muutat tietoja.";
export const STARTED = "Laskuri käynnistyi. Lasketaan tulosta…";  // Python is ready, the first answer on its way
export const CHECK = "Laskuri on valmis, mutta tiedoissa on korjattavaa.";  // the answer was errors

let said = "";    // the status line's text
let heard = "";   // the last announcement: each update is announced once
let prefix = "";  // said before the next announcement (the example chosen)

export function priceListLink(text) {
  const link = document.createElement("a");
  link.href = config.priceList;
  link.textContent = text || "Kotitalouksien hinnasto";
  return link;
}

// `fraction` null: no bar. The bar keeps its place, so that nothing below it moves when Python is ready.
// `link`: the price list after the text; CHECK links to the error summary (on a phone it is far up).
// A text said already is not said again (a screen reader would).
export function setStatus(text, fraction, link) {
  if (text === said && fraction === null) { return; }
  said = text;
  statusText.textContent = text;
  if (link) { statusText.append(" ", priceListLink()); }
  if (text === CHECK) {
    const jump = document.createElement("a");
    jump.href = "#virheet";
    jump.textContent = "Katso virheet";
    statusText.append(" ", jump);
  }
  progress.style.visibility = fraction === null ? "hidden" : "visible";
  if (fraction !== null) { progress.value = fraction; }
}

export function announceNext(text) { prefix = text; }

export function announce(text) {
  text = prefix + text;
  prefix = "";
  if (text !== heard) { heard = text; announcer.textContent = text; }
}

export function announceNow(text) { announcer.textContent = text; }

export function errorsShown() { return !errorBox.hidden; }

export function clearErrors() {
  errorBox.hidden = true;
  errorList.replaceChildren();
  form.querySelectorAll(".virhe").forEach((el) => el.remove());
  form.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    const described = (el.getAttribute("aria-describedby") || "").split(" ").filter((id) => id.indexOf("-virhe") < 0);
    if (described.length) { el.setAttribute("aria-describedby", described.join(" ")); } else { el.removeAttribute("aria-describedby"); }
  });
}

// Each error ({field, message_fi}) in the summary, linked to its field, and next to that field. `said`: what
// is announced (Python's count of them; null: their own words); `focus`: an explicit request's errors take
// the focus; `link`: the price list after the last one.
export function showErrors(errors, said, focus, link) {
  clearErrors();
  const texts = errors.map((error) => error.message_fi.charAt(0).toUpperCase() + error.message_fi.slice(1) + ".");
  errors.forEach((error, index) => {
    const input = fieldFor(error.field);
    const item = document.createElement("li");
    const text = texts[index];
    if (input) {
      const label = form.querySelector('label[for="' + input.id + '"]');
      const jump = document.createElement("a");
      jump.href = "#" + input.id;
      jump.textContent = (label ? label.textContent.trim() + ": " : "") + text;
      item.appendChild(jump);
      const message = document.createElement("p");
      message.className = "virhe";
      message.id = input.id + "-virhe";
      message.textContent = text;
      input.before(message);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
    } else {
      item.textContent = text;
    }
    errorList.appendChild(item);
  });
  if (link) { errorList.lastChild.append(" ", priceListLink()); }
  errorBox.hidden = false;
  if (focus) { errorBox.focus(); }
  announce(said || texts.join(" "));
}

// A link in the error summary moves the focus to its field, not only the view.
errorList.addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='#']");
  const field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
});
