// The first script of the form editor. It decides where the editor may run, then loads Decap
// (decap/decap.js and the one backend the office configured) and our own code (editor.js),
// while the page already says "Memuat formulir…" (index.html).
//
// Where: Decap keeps each user's Git token in the localStorage of the page's origin, which every
// page of that origin can read. So the editor runs only on its own origin, the address in the
// office record (`penyunting.alamat_formulir`), where the server serves nothing but this folder.
// Opened anywhere else (the portal's /ubah/), it forgets what an older version may have stored
// there and sends the browser to its own address, keeping the part after "#".

import { askEarly } from "./early.js";

const page = document.documentElement;
const own = page.dataset.formulir ? new URL(page.dataset.formulir) : null;
// `jejak serve --alamat 0.0.0.0:…` listens on every interface: the editor is on the host name
// this page was opened with, at its own port.
const everywhere = (url) => ["0.0.0.0", "[::]"].includes(url.hostname);
if (own && everywhere(own)) own.hostname = window.location.hostname;
const TOKEN_KEYS = ["decap-cms-user", "netlify-cms-user"];
const folder = (path) => path.replace(/index\.html$/, "");

function say(title, detail) {
  const box = document.querySelector(".jj-memuat");
  if (!box) {
    // start.js runs as soon as it arrives (async), possibly before the page is all read
    document.addEventListener("DOMContentLoaded", () => say(title, detail), { once: true });
    return;
  }
  box.classList.add("jj-gagal");
  box.querySelector(".jj-memuat-judul").textContent = title;
  box.querySelector(".jj-memuat-rinci").textContent = detail;
}

function forgetTokens() {
  try {
    for (const key of TOKEN_KEYS) window.localStorage.removeItem(key);
  } catch {
    // storage switched off: nothing was kept either
  }
}

// Local mode (`jejak ubah`): the backend on this computer needs no login and holds no token, and
// its "Masuk" button would only cost the clerk a click and a screen. Decap opens straight on the
// list when it finds a user of its backend stored, as on every visit after the first.
function rememberLocalUser() {
  try {
    if (!window.localStorage.getItem(TOKEN_KEYS[0])) {
      window.localStorage.setItem(TOKEN_KEYS[0], JSON.stringify({ backendName: "proxy" }));
    }
  } catch {
    // storage switched off: Decap shows its "Masuk" button, as before
  }
}

// The page is parsed and its "Memuat formulir…" on screen: a frame has been painted since. Decap's
// script runs for half a second without a break, and start.js (async) may arrive before the body.
function painted() {
  const parsed =
    document.readyState === "loading"
      ? new Promise((done) => document.addEventListener("DOMContentLoaded", done, { once: true }))
      : Promise.resolve();
  return parsed.then(
    () =>
      new Promise((done) => {
        if (document.visibilityState === "hidden") return done(); // a background tab paints nothing
        requestAnimationFrame(() => setTimeout(done, 0));
        setTimeout(done, 200); // nor one hidden meanwhile: it gets no frame until shown
      }),
  );
}

// Local mode: the records of the early list are read (format.js readEarly) while Decap's script is
// still being compiled, when the main thread has nothing else to do; one record per task, and none
// once Decap's script has run, so that Decap never waits for more than one.
async function readListEarly(decapRan) {
  try {
    const list = await window.jejakEarly.list;
    if (!Array.isArray(list) || decapRan()) return;
    const [YAML, { readEarly }] = await Promise.all([import("./decap/yaml.js"), import("./format.js")]);
    for (const entry of list) {
      await new Promise((next) => setTimeout(next, 0));
      if (decapRan()) return;
      readEarly(YAML, entry && entry.data);
      window.jejakEarly.read = (window.jejakEarly.read || 0) + 1; // bench/editor.py reports it
    }
  } catch {
    // only a head start: Decap reads the records itself
  }
}

// config.js (a deferred script) has run once the document is parsed; start.js may run before.
function configured() {
  if (window.JEJAK_EDITOR) return Promise.resolve(window.JEJAK_EDITOR);
  return new Promise((done) => document.addEventListener("DOMContentLoaded", () => done(window.JEJAK_EDITOR), { once: true }));
}

async function start() {
  // data-awal: the backend and what Decap asks first (generator/portal/editor.py early_settings).
  const early = JSON.parse(page.dataset.awal);
  const backend = early.backend.name;
  // Local mode: the backend is asked for the list at once, while Decap's script (1.4 MB,
  // modulepreload) is read and run and config.js arrives: none waits for another.
  let reached = Promise.resolve(true);
  if (backend === "proxy") {
    rememberLocalUser();
    reached = askEarly(early);
  }
  await painted(); // Decap's script is read meanwhile (modulepreload)
  performance.mark("jejak-decap"); // bench/editor.py: what was painted before this is ours
  let ran = false;
  const loading = import(`./decap/decap-${backend}.js`).finally(() => (ran = true)); // that backend only
  if (backend === "proxy") readListEarly(() => ran);
  const decap = await loading;
  if (!(await reached)) {
    say(
      "Formulir belum tersambung",
      "Di mode lokal formulir bekerja bersama perintah jejak ubah, yang belum berjalan di komputer ini. " +
        "Jalankan jejak ubah --sebagai <id-anda> di folder repositori (panduan \u201cMenyiapkan host Git\u201d, " +
        "bagian Mode lokal), lalu muat ulang halaman ini.",
    );
    return;
  }
  const settings = await configured();
  const portal = settings.config.display_url ? new URL(settings.config.display_url) : null;
  if (portal && everywhere(portal)) {
    portal.hostname = window.location.hostname;
    settings.config.display_url = portal.href;
  }
  window.CMS = decap.default;
  window.h = decap.h;
  window.createClass = decap.createClass;
  await import("./editor.js");
}

if (!own) {
  forgetTokens();
  say(
    "Formulir belum dapat dipakai di sini",
    "Formulir hanya berjalan di alamatnya sendiri, terpisah dari portal, agar token Git staf tidak " +
      "dapat dibaca halaman lain. Administrator: isi penyunting.alamat_formulir di records/kantor.yaml " +
      "(panduan \u201cKeamanan formulir\u201d).",
  );
} else if (window.location.origin !== own.origin || folder(window.location.pathname) !== folder(own.pathname)) {
  forgetTokens();
  if (window.location.origin !== own.origin) {
    window.location.replace(new URL(window.location.hash, own).href);
  } else {
    say(
      "Formulir dibuka dari alamat yang salah",
      `Server ini menyajikan formulir di bawah ${window.location.pathname}, bukan di ${own.pathname}: ` +
        "halaman lain di server yang sama dapat membaca token Git staf. Administrator: sajikan hanya " +
        "folder site/ubah/ di alamat formulir (panduan \u201cKeamanan formulir\u201d).",
    );
  }
} else {
  start().catch((error) => {
    console.error(error);
    say(
      "Formulir gagal dimuat",
      "Muat ulang halaman ini. Bila tetap gagal, beri tahu administrator, dengan rincian teknis ini: " +
        String(error.message || error),
    );
  });
}
