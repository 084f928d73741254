// The calculator worker's client: asks the Python worker questions and settles every answer.
// The page's head has started the workers and kept what they said so far (content/overrides/laskuri.html);
// this takes them over. If the start fails, every question, asked or still to come, is answered with
// that failure at once, and the workers are stopped: nothing waits for ever.

// `on`: progress(text, percent), ready(how), failed(reason) and changed() (a question asked or answered).
export function connect(started, on) {
  const worker = started.worker;
  const pending = new Map();  // question id -> its promise's resolve
  let nextId = 1;
  let ready = false;
  let failure = null;  // why the start failed

  function settle(id, answer) {
    const resolve = pending.get(id);
    if (!resolve) { return; }
    pending.delete(id);
    resolve(answer);
    queueMicrotask(on.changed);  // after the answer's own handler, which resolve queued first
  }

  function fail(reason) {
    if (failure !== null) { return; }
    failure = reason;
    worker.terminate();
    if (started.unpacker) { started.unpacker.terminate(); }
    Array.from(pending.keys()).forEach((id) => settle(id, {failure: reason}));
    on.failed(reason);
  }

  function receive(message) {
    if (failure !== null) { return; }
    if (message.type === "progress") { on.progress(message.text, message.percent); }
    else if (message.type === "ready") { ready = true; on.ready(message); }
    else if (message.type === "failed") { fail(message.text); }
    else if (message.type === "error") { crashed(message.text); }
    else { settle(message.id, message.failure ? {failure: message.failure} : message.result); }
  }

  // The worker's script failed outside any request: before Python was ready, the start failed; after,
  // the questions it was answering are lost, and each gets the failure.
  function crashed(text) {
    const detail = text ? ": " + text : "";
    if (!ready) { fail("laskurin työntekijä ei käynnistynyt" + detail); return; }
    Array.from(pending.keys()).forEach((id) => settle(id, {failure: "työntekijä kaatui" + detail}));
  }

  worker.onmessage = (event) => receive(event.data);
  worker.onerror = (event) => { event.preventDefault(); receive({type: "error", text: event.message}); };
  started.early.splice(0).forEach(receive);

  return {
    // Resolves to the worker's answer, or to {failure} when it could not answer.
    ask(request) {
      if (failure !== null) { return Promise.resolve({failure: failure}); }
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        on.changed();
        worker.postMessage({type: "request", id: id, request: request});
      });
    },
    get waiting() { return pending.size > 0; },
    get failed() { return failure !== null; },
  };
}
