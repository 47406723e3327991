// Local mode (`jejak ubah`): the first requests Decap makes to the backend, made while Decap's own
// script (1.4 MB) is still being read, so that the list of events is there when Decap asks for it.
// start.js asks (`askEarly`); editor.js wraps the backend's requests (`useEarlyAnswers`) so that
// each early answer is handed, once, to the same request. A failed or refused early answer is
// dropped and Decap asks again itself, with its own error handling: nothing else changes. Early
// answers are only for Decap's start: the first request that is not one of them (an entry opened
// by its address, a save), or a minute gone by, drops the rest, so nothing is ever served stale.

const FRESH = 60000; // ms
const SLOW = 10000; // ms

// What Decap asks first: the list of the first collection, the proposals, the attachments.
// Resolves to whether the backend answered at all, as soon as the first request is through.
export function askEarly(config) {
  const { branch, proxy_url: url } = config.backend;
  const listed = config.collections.find((c) => c.folder && !c.hide);
  // The list first: the guard of `jejak ubah` answers one request at a time, in the order asked.
  const payloads = [];
  if (listed) {
    const [folder, extension, depth] = [listed.folder, listed.extension, listed.path ? listed.path.split("/").length : 1];
    payloads.push({ action: "entriesByFolder", params: { branch, folder, extension, depth } });
  }
  if (config.publish_mode === "editorial_workflow") payloads.push({ action: "unpublishedEntries", params: { branch } });
  payloads.push({ action: "getMedia", params: { branch, mediaFolder: config.media_folder } });
  const early = new Map();
  const reached = [];
  for (const payload of payloads) {
    const body = JSON.stringify({ branch, ...payload });
    const headers = { "Content-Type": "application/json; charset=utf-8" };
    const sent = fetch(url, { method: "POST", headers, body });
    reached.push(sent.then(() => true, () => false));
    early.set(canonical({ branch, ...payload }), sent.then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  // list: the records of the list, for start.js to read ahead (format.js readEarly)
  const list = listed ? early.get(canonical({ branch, ...payloads[0] })) : Promise.resolve(null);
  window.jejakEarly = { answers: early, used: [], asked: Date.now(), list };
  // false: nothing answers at that address (`jejak ubah` is not running). A backend that is only
  // slow is left to Decap after a while, as if nothing had been asked early.
  const slow = new Promise((done) => setTimeout(() => done(true), SLOW));
  return Promise.race([...reached, slow]);
}

// The same request written with its keys in any order gives the same text.
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// Every other request, and one whose early answer was dropped, goes to the backend as usual.
export function useEarlyAnswers(backend) {
  const request = backend.request.bind(backend);
  backend.request = async (payload) => {
    const early = window.jejakEarly;
    const key = early && canonical({ branch: backend.branch, ...payload });
    const answer = key && Date.now() - early.asked < FRESH && early.answers.get(key);
    if (!answer) {
      if (early) early.answers.clear();
      return request(payload);
    }
    early.answers.delete(key);
    const json = await answer;
    if (json === null) return request(payload);
    early.used.push(payload.action);
    return json;
  };
}

