// Starts Decap CMS with what `jejak build` generated (config.js) and what the project adds:
// the in-place YAML format, the Indonesian locale, the step timeline preview and the new-event code.
import * as YAML from "./decap/yaml.js";
import { jejakFormat } from "./format.js";
import { id } from "./locale-id.js";
import { registerPreview } from "./preview.js";

const settings = window.JEJAK_EDITOR;
const CMS = window.CMS;

// Nothing may leave the intranet: Decap's GitHub backend polls a public status page.
const ownFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = String(input && input.url ? input.url : input);
  if (url.includes("githubstatus.com")) return Promise.reject(new Error("status page disabled"));
  return ownFetch(input, init);
};

// The same rule as `jejak new`: year, then up to four words of the name without "pelatihan".
export function eventCode(name, start) {
  const year = /^\d{4}/.test(start || "") ? start.slice(0, 4) : String(new Date().getFullYear());
  const ascii = (name || "").normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter((w) => w && w !== "pelatihan");
  return `${year}-${words.slice(0, 4).join("-") || "kegiatan"}`;
}

// A code already used by a published event (kegiatan.json, written by `jejak build`) gets -2,
// -3, …: two events may share a name and year, never a code (`jejak new` refuses; here staff
// cannot choose). The editor has its own origin: it asks its own server, not the portal.
export async function freeCode(code) {
  const answer = await ownFetch(new URL("kegiatan.json", window.location.href), { cache: "no-store" });
  const taken = new Set(answer.ok ? await answer.json() : []);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? code : `${code}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  return code;
}

CMS.registerLocale("id", id);
for (const [sopId, order] of Object.entries(settings.order)) {
  const options = { order, modeline: settings.modeline, topLevelLists: settings.topLevelLists };
  CMS.registerCustomFormat(`jejak-yaml-${sopId}`, "yaml", jejakFormat(YAML, options));
}
CMS.registerEventListener({
  name: "preSave",
  handler: async ({ entry }) => {
    let data = entry.get("data");
    if (entry.get("newRecord")) {
      const wanted = eventCode(data.get("nama"), String(data.getIn(["jadwal", "mulai"]) || ""));
      const code = data.get("kode") || (await freeCode(wanted));
      data = data.set("kode", code).set("_jejak_tahun", code.slice(0, 4));
    }
    return data;
  },
});
registerPreview(CMS, settings);
CMS.init({ config: settings.config });
