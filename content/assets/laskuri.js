// The calculator page: carries form values to the Python worker and its results back.
// No prices and no arithmetic here: every number comes from the Python pricing core.
(function () {
  "use strict";

  var root = document.getElementById("laskuri");
  var config = JSON.parse(document.getElementById("laskuri-asetukset").textContent);
  var form = document.getElementById("laskuri-lomake");
  var containers = document.getElementById("astiat");
  var template = document.getElementById("astia-pohja");
  var statusText = document.getElementById("laskuri-tila-teksti");
  var progress = document.getElementById("laskuri-edistyminen");
  var announcer = document.getElementById("ilmoitus");
  var errorBox = document.getElementById("virheet");
  var errorList = document.getElementById("virhelista");
  var result = document.getElementById("tulos");
  var resultBody = document.getElementById("tulos-sisalto");
  var shareLink = document.getElementById("jaa-linkki");
  var compact = document.getElementById("tiivis-tulos");
  var compactText = document.getElementById("tiivis-teksti");

  var worker = null;
  var ready = false;
  var pending = {};
  var nextId = 1;
  var timer = null;
  var latest = 0;
  var heard = "";      // the last announcement: each update is announced once
  var prefix = "";     // said before the next update's announcement (the example chosen)
  var linkProblem = false;  // a bad link's message stays, and the URL as it is, until the user acts
  var keptOffline = false;
  var READY = "Laskuri on valmis. Tulos päivittyy, kun muutat tietoja.";
  var STARTED = "Laskuri käynnistyi. Lasketaan tulosta…";  // Python is ready, the first answer on its way

  function setStatus(text, fraction) {
    statusText.textContent = text;
    // The bar keeps its place when done, so that nothing below it moves when Python is ready.
    progress.style.visibility = fraction === null ? "hidden" : "visible";
    if (fraction !== null) { progress.value = fraction; }
  }

  // #laskuri has data-updating while an update waits for its moment or a question for its answer: without
  // it, the page shows, and has announced, what the form asks (the tests wait for that, not for a fixed time).
  function markUpdating() {
    root.toggleAttribute("data-updating", timer !== null || Object.keys(pending).length > 0);
  }

  function announce(text) {
    text = prefix + text;
    prefix = "";
    if (text !== heard) { heard = text; announcer.textContent = text; }
  }

  // --- the worker --------------------------------------------------------------------------------

  function startWorker() {
    // The inline script at the top of the page has already started the worker.
    var started = window.laskuriTyontekija;
    worker = started.worker;
    worker.onmessage = function (event) { receive(event.data); };
    worker.onerror = function (event) {
      event.preventDefault();
      Object.keys(pending).forEach(function (id) { receive({id: id, failure: "työntekijä kaatui: " + event.message}); });
    };
    started.early.splice(0).forEach(receive);
  }

  // Once the calculator has answered, a service worker keeps its files for repeat and offline visits
  // (not before: its download would compete with the first answer).
  function keepForOffline() {
    if (keptOffline || !("serviceWorker" in navigator)) { return; }
    keptOffline = true;
    navigator.serviceWorker.register(config.serviceWorker).catch(function (error) {
      console.warn("Laskuri: palvelutyöntekijää ei voitu ottaa käyttöön (" + error + ").");
    });
  }

  function receive(message) {
    if (message.type === "progress") { setStatus(message.text, message.percent); return; }
    if (message.type === "ready") {
      ready = true;
      root.setAttribute("data-start", message.start);  // "snapshot", or "fallback" and why
      if (message.reason) { root.setAttribute("data-start-reason", message.reason); }
      if (linkProblem) { keepForOffline(); }  // no question was asked
      // "Ready" only with a result or a message to show; otherwise the first answer says it (update).
      setStatus(result.hidden && errorBox.hidden ? STARTED : READY, null);
      return;
    }
    if (message.type === "failed") {
      setStatus("Laskurin lataus epäonnistui: " + message.text + " Kaikki hinnat löytyvät kotitalouksien hinnastosta.", null);
      var link = document.createElement("a");
      link.href = config.priceList;
      link.textContent = "Kotitalouksien hinnasto";
      statusText.append(" ", link);
      return;
    }
    var resolve = pending[message.id];
    delete pending[message.id];
    if (resolve) { resolve(message.failure ? {failure: message.failure} : message.result); }
    queueMicrotask(markUpdating);  // after the answer's handler (update's), which resolve queued first
  }

  function ask(request) {
    return new Promise(function (resolve) {
      var id = nextId++;
      pending[id] = resolve;
      markUpdating();
      worker.postMessage({type: "request", id: id, request: request});
    });
  }

  // For tests and for anyone who wants the raw results: the same worker, the same Python.
  window.laskuri = {
    ask: function (request) {
      return new Promise(function (resolve) {
        (function wait() { if (ready) { resolve(ask(request)); } else { setTimeout(wait, 50); } })();
      });
    }
  };

  // --- the form ----------------------------------------------------------------------------------

  function fieldId(path) { return "field-" + path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-"); }

  function fillVolumes(box, wanted) {
    var waste = box.querySelector('[data-name="waste"]').value;
    var select = box.querySelector('[data-name="volume_l"]');
    var previous = wanted !== undefined ? String(wanted) : select.value;
    select.innerHTML = "";
    (config.offered[customer()][waste] || []).forEach(function (offer) {
      var option = document.createElement("option");
      option.value = String(offer[0]);
      option.textContent = offer[1];
      select.appendChild(option);
    });
    var offered = Array.prototype.some.call(select.options, function (option) { return option.value === previous; });
    if (previous && offered) { select.value = previous; }
    else if (wanted !== undefined) {
      var option = document.createElement("option");
      option.value = previous;
      option.textContent = previous + " l";
      select.appendChild(option);
      select.value = previous;
    }
  }

  function customer() { return form.querySelector('input[name="customer"]:checked').value; }

  function decimal(text) { return String(text).trim().replace(",", "."); }

  // Ids, labels and headings of every container box: once per change, so building the form is linear.
  function renumber() {
    Array.prototype.forEach.call(containers.children, function (box, index) {
      box.querySelector(".astia-otsikko").textContent = "Jäteastia " + (index + 1);
      box.setAttribute("aria-label", "Jäteastia " + (index + 1));
      box.querySelectorAll("[data-name]").forEach(function (input) {
        var name = input.getAttribute("data-name");
        var path = ["summer", "winter"].indexOf(name) >= 0 ? "containers[" + index + "].schedule." + name
          : "containers[" + index + "]." + name;
        input.id = fieldId(path);
        var hint = box.querySelector('[data-vihje="' + name + '"]');
        if (hint) { hint.id = input.id + "-vihje"; input.setAttribute("aria-describedby", hint.id); }
      });
      box.querySelectorAll("[data-for]").forEach(function (label) {
        var name = label.getAttribute("data-for");
        label.htmlFor = box.querySelector('[data-name="' + name + '"]').id;
      });
      box.querySelector(".poista-astia").hidden = containers.children.length === 1;
    });
  }

  function given(value, otherwise) { return value === undefined || value === null ? otherwise : value; }

  // The caller renumbers the boxes once it has added them all.
  function addContainer(values) {
    var box = template.content.firstElementChild.cloneNode(true);
    containers.appendChild(box);
    values = values || {waste: "mixed", volume_l: 240, interval_weeks: 2};
    var set = function (name, value) { if (value !== undefined && value !== null) { box.querySelector('[data-name="' + name + '"]').value = String(value); } };
    set("waste", values.waste);
    fillVolumes(box, values.volume_l);
    set("count", given(values.count, 1));
    if (values.schedule) {
      set("interval_weeks", "kausi");
      var summer = values.schedule.filter(function (p) { return p.from === "04-01"; })[0];
      var winter = values.schedule.filter(function (p) { return p.from === "10-01"; })[0];
      set("summer", summer && summer.interval_weeks);
      set("winter", winter && winter.interval_weeks);
    } else {
      set("interval_weeks", values.interval_weeks);
    }
    set("first_emptying", values.first_emptying);
    set("carry_distance_m", given(values.carry_distance_m, 0));
    set("extra_emptyings", given(values.extra_emptyings, 0));
    set("extra_detour_km", String(given(values.extra_detour_km, 0)).replace(".", ","));
    box.querySelector(".kausi").hidden = box.querySelector('[data-name="interval_weeks"]').value !== "kausi";
    return box;
  }

  function number(text) {
    var trimmed = String(text).trim();
    return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  }

  function readForm() {
    var scenario = {containers: [], extras: {}};
    var kind = form.querySelector('input[name="asuminen"]:checked').value;
    if (customer() !== "housing") { scenario.customer = customer(); kind = ""; }
    if (form.area && form.area.value) { scenario.area = form.area.value; }
    if (kind === "permanent") {
      scenario.household = {kind: kind, apartments: number(form.apartments.value)};
      if (form.vacancy_months.value.trim() !== "0") { scenario.household.vacancy_months = number(form.vacancy_months.value); }
    }
    if (kind === "holiday") { scenario.household = {kind: kind}; }
    if (kind === "other") { scenario.household = {kind: kind, places: number(form.places.value)}; }
    Array.prototype.forEach.call(containers.children, function (box) {
      var get = function (name) { return box.querySelector('[data-name="' + name + '"]').value; };
      var item = {waste: get("waste"), volume_l: number(get("volume_l")), count: number(get("count"))};
      if (get("interval_weeks") === "kausi") {
        item.schedule = [{from: "04-01", to: "09-30", interval_weeks: number(get("summer"))},
                         {from: "10-01", to: "03-31", interval_weeks: number(get("winter"))}];
      } else {
        item.interval_weeks = number(get("interval_weeks"));
      }
      if (get("first_emptying")) { item.first_emptying = get("first_emptying"); }
      var carry = decimal(get("carry_distance_m"));
      if (carry && carry !== "0") { item.carry_distance_m = carry; }
      if (get("extra_emptyings").trim() !== "0") { item.extra_emptyings = number(get("extra_emptyings")); }
      var detour = decimal(get("extra_detour_km"));
      if (detour && detour !== "0") { item.extra_detour_km = detour; }
      scenario.containers.push(item);
    });
    var extras = scenario.extras;
    if (form.paper_invoices.value.trim() !== "0") { extras.paper_invoices = number(form.paper_invoices.value); }
    if (form.washings.value.trim() !== "0") { extras.washings = number(form.washings.value); }
    if (form.self_washing.checked) { extras.self_washing = true; }
    if (form.area_collection.value) { extras.area_collection = form.area_collection.value; }
    if (form.block_collection.checked) { extras.block_collection = true; }
    if (form.sludge_type.value) {
      var visit = {type: form.sludge_type.value, volume_m3: decimal(form.sludge_volume.value)};
      if (form.sludge_type2.value) {
        visit = {tanks: [visit, {type: form.sludge_type2.value, volume_m3: decimal(form.sludge_volume2.value)}]};
      }
      visit.emptyings = number(form.sludge_emptyings.value);
      var hours = decimal(form.sludge_hours.value);
      if (hours && hours !== "0") { visit.extra_work_hours = hours; }
      extras.sludge = [visit];
    }
    if (!Object.keys(extras).length) { delete scenario.extras; }
    return scenario;
  }

  function writeForm(scenario) {
    var household = scenario.household || null;
    var kind = household ? household.kind : "";
    var customerRadio = form.querySelector('input[name="customer"][value="' + (scenario.customer || "housing") + '"]');
    (customerRadio || form.querySelector('input[name="customer"][value="housing"]')).checked = true;
    if (form.area) { form.area.value = scenario.area || ""; }
    form.vacancy_months.value = household && household.vacancy_months ? household.vacancy_months : 0;
    var radio = form.querySelector('input[name="asuminen"][value="' + kind + '"]');
    (radio || form.querySelector('input[name="asuminen"][value=""]')).checked = true;
    form.apartments.value = given(household && household.apartments, 1);
    form.places.value = given(household && household.places, 20);
    containers.innerHTML = "";
    (scenario.containers && scenario.containers.length ? scenario.containers : [undefined]).forEach(function (values) {
      addContainer(values);
    });
    renumber();
    var extras = scenario.extras || {};
    form.paper_invoices.value = extras.paper_invoices || 0;
    form.washings.value = extras.washings || 0;
    form.self_washing.checked = !!extras.self_washing;
    form.area_collection.value = extras.area_collection || "";
    form.block_collection.checked = !!extras.block_collection;
    var sludge = (extras.sludge || [])[0];
    var tanks = sludge ? sludge.tanks || [sludge] : [];
    form.sludge_type.value = tanks[0] ? tanks[0].type : "";
    form.sludge_volume.value = tanks[0] ? String(tanks[0].volume_m3).replace(".", ",") : "4";
    form.sludge_type2.value = tanks[1] ? tanks[1].type : "";
    form.sludge_volume2.value = tanks[1] ? String(tanks[1].volume_m3).replace(".", ",") : "0";
    form.sludge_emptyings.value = given(sludge && sludge.emptyings, 1);
    form.sludge_hours.value = String(given(sludge && sludge.extra_work_hours, 0)).replace(".", ",");
    showDependent();
  }

  function showDependent() {
    var kind = form.querySelector('input[name="asuminen"]:checked').value;
    form.querySelectorAll("[data-nakyy]").forEach(function (el) { el.hidden = el.getAttribute("data-nakyy") !== kind; });
    form.querySelector("[data-liete]").hidden = !form.sludge_type.value;
    form.querySelectorAll("[data-asiakas]").forEach(function (el) { el.hidden = el.getAttribute("data-asiakas") !== customer(); });
  }

  // --- scenario in the URL -----------------------------------------------------------------------

  function encode(scenario) {
    var bytes = new TextEncoder().encode(JSON.stringify(scenario));
    var text = "";
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decode(text) {
    var base = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base + "===".slice((base.length + 3) % 4));
    var bytes = Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
    var scenario = JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes));
    if (!scenario || typeof scenario !== "object" || Array.isArray(scenario)) { throw new Error("not an object"); }
    return scenario;
  }

  function shareUrl(scenario) {
    return location.href.split("#")[0] + "#s=" + encode(scenario);
  }

  // --- results -----------------------------------------------------------------------------------

  // Every number arrives formatted by Python (calculator/finnish.py): "<name>_fi" beside each value.
  function typical(data, prefix) {
    var average = data[prefix + "_average_fi"];
    return average ? '<span class="keskiarvo">keskimäärin ' + average + "</span>" : "";
  }

  function scrollBox(label, tableHtml) {
    var box = document.getElementById("vierityslaatikko").content.firstElementChild.cloneNode(false);
    box.setAttribute("aria-label", label + ", vieritettävä");
    box.innerHTML = tableHtml;
    return box.outerHTML;
  }

  // A tariff named by its status on the build date (the page computes it from lifecycle data).
  function label(result) {
    var tariff = result.tariffs[0];
    return config.labels[tariff.id] || tariff.title;
  }

  // A line's row to its price history page, where the row has one (addresses come from the page).
  function historyLink(line) {
    var url = config.history[line.table + "--" + line.row];
    return url ? ' <a class="historia-linkki" href="' + escapeHtml(url) + '">Hintahistoria<span class="visually-hidden">: ' +
      escapeHtml(line.row_label) + "</span></a>" : "";
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; });
  }

  function render(data) {
    var old = data.old, neu = data.new;
    var oldLines = {}, newLines = {};
    old.lines.forEach(function (l) { oldLines[l.id] = l; });
    neu.lines.forEach(function (l) { newLines[l.id] = l; });
    var percent = data.difference_percent_fi ? " (" + data.difference_percent_fi + ")" : "";
    var html = scrollBox("Yhteenveto", "<table><caption>Vuosikustannus yhteensä (sis. alv)</caption>" +
      '<thead><tr><th scope="col">Taksa</th><th scope="col">Euroa vuodessa</th></tr></thead><tbody>' +
      '<tr><th scope="row">' + escapeHtml(label(old)) + "</th><td>" + old.total_fi + " " + typical(old, "total") + "</td></tr>" +
      '<tr><th scope="row">' + escapeHtml(label(neu)) + "</th><td>" + neu.total_fi + " " + typical(neu, "total") + "</td></tr>" +
      '<tr><th scope="row">Muutos</th><td><strong>' + data.difference_fi + percent + "</strong></td></tr></tbody></table>");
    var details = "<table><caption>Erittely: yksikköhinta × määrä = summa vuodessa</caption>" +
      '<thead><tr><th scope="col">Erä</th><th scope="col">' + escapeHtml(label(old)) + '</th><th scope="col">' + escapeHtml(label(neu)) + '</th><th scope="col">Muutos</th></tr></thead><tbody>';
    data.lines.forEach(function (change) {
      var o = oldLines[change.id], n = newLines[change.id];
      var source = n || o;
      details += '<tr><th scope="row">' + escapeHtml(change.label) + "<br>" + priced(source) + historyLink(source) + rule(source.rule) + "</th>" +
        cell(o) + cell(n) + "<td>" + change.difference_fi + "</td></tr>";
    });
    html += "<h3>Erittely</h3>" + scrollBox("Erittely", details + "</tbody></table>");
    var notes = {};
    old.notes.concat(neu.notes).forEach(function (note) { notes[note.id + note.text] = note; });
    if (Object.keys(notes).length) {
      html += '<h3>Huomioitavaa</h3><ul class="huomiot">' + Object.keys(notes).map(function (key) {
        return "<li>" + escapeHtml(notes[key].text) + rule(notes[key].rule) + "</li>";
      }).join("") + "</ul>";
    }
    var dated = neu.lines.filter(function (l) { return l.dates; });
    if (dated.length) {
      html += "<h3>Tyhjennyskalenteri</h3>";
      dated.forEach(function (line) {
        html += "<h4>" + escapeHtml(line.label) + "</h4><ol class=\"kalenteri\">" + line.dates.map(function (d) {
          return "<li>" + d.date_fi + " (viikko " + d.iso_week + ")</li>";
        }).join("") + "</ol>";
      });
    }
    resultBody.innerHTML = html;
    result.hidden = false;
    compactText.innerHTML = '<span class="visually-hidden">' + escapeHtml(label(old)) + ": </span>" + old.total_fi +
      ' \u2192 <span class="visually-hidden">' + escapeHtml(label(neu)) + ": </span>" + neu.total_fi +
      ' <span class="tiivis-muutos">(muutos ' + data.difference_fi + (data.difference_percent_fi ? ", " + data.difference_percent_fi : "") + ")</span>";
    compact.hidden = false;
    if (!window.laskuri.firstResultAt) { window.laskuri.firstResultAt = performance.now(); }
    announce("Laskelma päivitetty. " + label(old) + ": " + old.total_fi + ". " + label(neu) + ": " + neu.total_fi + ".");
  }

  // The priced row, linked to its table on this site.
  function priced(line) {
    var text = "Taulukko " + line.table_number + ": " + escapeHtml(line.row_label);
    return '<span class="lahde">' + (line.url ? '<a href="' + escapeHtml(config.root + line.url) + '">' + text + "</a>" : text) + "</span>";
  }

  // The rule of the text part that set a quantity: its section, linked, and its words.
  function rule(data) {
    if (!data) { return ""; }
    var where = data.section ? "Tekstiosan kohta " + escapeHtml(data.section) : "Hinnasto";
    var link = data.url ? ' <a href="' + escapeHtml(config.root + data.url) + '">Lue kohta</a>' : "";
    return '<details class="saanto"><summary>Peruste: ' + where + "</summary><p>”" + escapeHtml(data.quote) + "”" + link + "</p></details>";
  }

  function cell(line) {
    if (!line) { return "<td>–</td>"; }
    return "<td>" + line.unit_price_fi + " × " + line.quantity_fi + "<br>= <strong>" + line.amount_fi + "</strong></td>";
  }

  // --- errors ------------------------------------------------------------------------------------

  function clearErrors() {
    errorBox.hidden = true;
    errorList.innerHTML = "";
    form.querySelectorAll(".virhe").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      var described = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id.indexOf("-virhe") < 0; });
      if (described.length) { el.setAttribute("aria-describedby", described.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    });
  }

  function showErrors(errors, focus) {
    clearErrors();
    errors.forEach(function (error) {
      var input = document.getElementById(fieldId(error.field));
      var item = document.createElement("li");
      var text = error.message_fi.charAt(0).toUpperCase() + error.message_fi.slice(1) + ".";
      if (input) {
        var label = form.querySelector('label[for="' + input.id + '"]');
        var link = document.createElement("a");
        link.href = "#" + input.id;
        link.textContent = (label ? label.textContent.trim() + ": " : "") + text;
        item.appendChild(link);
        var message = document.createElement("p");
        message.className = "virhe";
        message.id = input.id + "-virhe";
        message.textContent = text;
        input.parentNode.insertBefore(message, input);
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
      } else {
        item.textContent = text;
      }
      errorList.appendChild(item);
    });
    errorBox.hidden = false;
    result.hidden = true;
    compact.hidden = true;
    if (focus) { errorBox.focus(); }
    announce("Lomakkeessa on " + errors.length + " virhe" + (errors.length === 1 ? "." : "ttä."));
  }

  // The worker could not answer (an exception, Python's included): a Finnish message where the result
  // would be, the details in the console, and the status no longer says that all is well.
  function showFailure(details) {
    console.error("Laskuri: laskenta epäonnistui: " + details);
    showErrors([{field: "", message_fi: "laskenta epäonnistui odottamattomasti. Tarkista tiedot ja yritä " +
                 "uudelleen; kaikki hinnat löytyvät myös kotitalouksien hinnastosta"}], false);
    var link = document.createElement("a");
    link.href = config.priceList;
    link.textContent = "Kotitalouksien hinnasto";
    errorList.lastChild.append(" ", link);
    setStatus("Laskenta epäonnistui. Laskuri yrittää uudelleen, kun muutat tietoja.", null);
  }

  // --- updating ----------------------------------------------------------------------------------

  function schedule(delay, focus) {
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; update(focus); }, delay === undefined ? 300 : delay);
    markUpdating();
  }

  // `focus`: an explicit request (the Laske button, a shared link), whose errors take the focus.
  // The first one is asked at once, before Python is ready: the worker answers it as soon as it is.
  function update(focus) {
    linkProblem = false;
    var scenario = readForm();
    var link = shareUrl(scenario);
    history.replaceState(null, "", link);
    shareLink.href = link;
    var ticket = ++latest;
    ask({action: "compare", scenario: scenario}).then(function (data) {
      if (!ready || ticket !== latest) { return; }  // a start that failed says so in the status line
      keepForOffline();
      if (data.failure) { showFailure(data.failure); return; }
      if (statusText.textContent !== READY) { setStatus(READY, null); }
      if (data.errors) { showErrors(data.errors, focus === true); } else { clearErrors(); render(data); }
    });
  }

  // A link's scenario fills the form; a link that cannot (damaged, too long, too many containers) leaves
  // the empty form and its message, and the address as it is, until the user changes something.
  function loadFromUrl() {
    var empty = {household: {kind: "permanent", apartments: 1}, containers: []};
    var match = /[#&]s=([^&]*)/.exec(location.hash);
    if (!match) { writeForm(empty); return; }
    var problem = "linkin laskelma on virheellinen tai vaurioitunut";
    try {
      if (match[1].length > config.limits.linkChars) {
        problem = "linkki on liian pitkä (yli " + config.limits.linkChars + " merkkiä)";
        throw new Error(problem);
      }
      var scenario = decode(match[1]);
      var count = Array.isArray(scenario.containers) ? scenario.containers.length : 0;
      if (count > config.limits.containers) {
        problem = "linkissä on " + count + " astiaa, ja laskuri ottaa enintään " + config.limits.containers;
        throw new Error(problem);
      }
      writeForm(scenario);
    } catch (error) {
      console.warn("Laskuri: linkin laskelmaa ei voitu käyttää (" + (error && error.message || error) + ").");
      linkProblem = true;
      writeForm(empty);
      showErrors([{field: "", message_fi: problem + ", joten lomake on tyhjennetty"}], true);
    }
  }

  // --- start -------------------------------------------------------------------------------------

  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    root.hidden = false;
    root.innerHTML = '<p class="admonition warning">Selaimesi ei tue laskurin tarvitsemaa WebAssemblyä. ' +
      'Kaikki hinnat löytyvät <a href="' + config.priceList + '">kotitalouksien hinnastosta</a>.</p>';
    return;
  }
  root.hidden = false;
  loadFromUrl();
  form.addEventListener("input", function (event) {
    var box = event.target.closest(".astia");
    if (box && event.target.getAttribute("data-name") === "waste") { fillVolumes(box); }
    if (event.target.name === "customer") { Array.prototype.forEach.call(containers.children, function (b) { fillVolumes(b); }); }
    if (box && event.target.getAttribute("data-name") === "interval_weeks") {
      box.querySelector(".kausi").hidden = event.target.value !== "kausi";
    }
    showDependent();
    schedule();
  });
  form.addEventListener("change", function () { schedule(); });
  document.getElementById("lisaa-astia").addEventListener("click", function () {
    var box = addContainer();
    renumber();
    box.querySelector("select").focus();
    schedule();
  });
  containers.addEventListener("click", function (event) {
    if (!event.target.classList.contains("poista-astia")) { return; }
    if (containers.children.length < 2) { return; }  // a household has at least one container
    event.target.closest(".astia").remove();
    renumber();
    document.getElementById("lisaa-astia").focus();
    schedule();
  });
  document.querySelectorAll("button.esimerkki").forEach(function (button) {
    button.addEventListener("click", function () {
      writeForm(config.presets[Number(button.getAttribute("data-esimerkki"))].scenario);
      prefix = "Esimerkki valittu: " + button.textContent + ". ";
      schedule(0);
    });
  });
  document.getElementById("kopioi-linkki").addEventListener("click", function () {
    if (navigator.clipboard) {
      navigator.clipboard.writeText(shareLink.href).then(function () { announcer.textContent = "Linkki kopioitu leikepöydälle."; });
    }
  });
  document.getElementById("tulosta").addEventListener("click", function () { window.print(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); timer = null; update(true); });
  // A link in the error summary moves the focus to its field, not only the view.
  errorList.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
  });
  setStatus("Ladataan laskuria: Python-ympäristö (noin 10 Mt, vain ensimmäisellä kerralla)…", 5);
  startWorker();
  if (!linkProblem) { update(/[#&]s=/.test(location.hash)); }
})();
