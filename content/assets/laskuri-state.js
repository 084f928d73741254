// The calculator page's settings and state, and its shareable link.
// A link carries the scenario as JSON, UTF-8, base64url without padding after "#s=" (sitebuild/urls.py
// makes the same links). Old links must keep working: this format never changes. A comparison adds
// "&b=" and set-up B's own part the same way (its containers, paper invoices and washings).

// From the page's builder (sitebuild/pages/calculator_page.py): addresses, labels and every text with a
// number in it.
export const config = JSON.parse(document.getElementById("laskuri-asetukset").textContent);

// All that the page itself remembers between events.
export const state = {
  latest: 0,           // the ticket of the question asked last: an older answer is not shown
  timer: null,         // an update waiting for the visitor to pause
  linkProblem: false,  // a bad link's message stays, and the address as it is, until the visitor acts
  keptOffline: false,  // the service worker is registered once, after the first answer
  example: null,       // the example the form holds as chosen (its index), until the visitor changes the form
};

function encode(scenario) {
  let binary = "";
  new TextEncoder().encode(JSON.stringify(scenario)).forEach((byte) => { binary += String.fromCharCode(byte); });
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(text) {
  const base = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base + "===".slice((base.length + 3) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const scenario = JSON.parse(new TextDecoder("utf-8", {fatal: true}).decode(bytes));
  if (!scenario || typeof scenario !== "object" || Array.isArray(scenario)) { throw new Error("not an object"); }
  return scenario;
}

// The scenario of the address's link: {scenario, alternative}, {} without a link, or {problem} (Finnish)
// with its reason. `alternative` (set-up B's own part) only where the link has one.
export function linkedScenario() {
  const match = /[#&]s=([^&]*)/.exec(location.hash);
  if (!match) { return {}; }
  const other = /[#&]b=([^&]*)/.exec(location.hash);
  const problems = config.linkProblems, limits = config.limits;
  if (match[1].length > limits.linkChars || other && other[1].length > limits.linkChars) {
    return {problem: problems.tooLong, reason: "too long"};
  }
  let scenario, alternative;
  try {
    scenario = decode(match[1]);
    alternative = other ? decode(other[1]) : undefined;
  } catch (error) {
    return {problem: problems.damaged, reason: String(error && error.message || error)};
  }
  if ([scenario, alternative].some((s) => s && Array.isArray(s.containers) && s.containers.length > limits.containers)) {
    return {problem: problems.tooMany, reason: "too many containers"};
  }
  return {scenario, alternative};
}

// The address of a scenario (and of set-up B's own part, when compared), now in the address bar too.
export function share(scenario, alternative) {
  const link = location.href.split("#")[0] + "#s=" + encode(scenario) + (alternative ? "&b=" + encode(alternative) : "");
  history.replaceState(null, "", link);
  return link;
}
