// The preview pane shows the event as the portal does: its name, dates and the step timeline,
// with the planned day of every step (the proposed plan of a new event shows here at once).
import { longDate, momentRange } from "./dates.js";

const STATUS = { belum: "Belum", berjalan: "Sedang berjalan", selesai: "Selesai" };

export function registerPreview(CMS, settings) {
  const h = window.h;
  const people = settings.people || {};
  const zone = (settings.zone && settings.zone.name) || "WIB";
  for (const [sopId, steps] of Object.entries(settings.sops)) {
    const Preview = ({ entry }) => {
      const data = entry.get("data");
      const get = (path) => (data && data.getIn(path)) || "";
      const records = new Map();
      for (const step of (data && data.get("langkah")) || []) records.set(String(step.get("no")), step);
      const rows = steps.map((step) => {
        const record = records.get(String(step.no));
        const value = (key) => (record && record.get(key)) || "";
        const status = value("status") || "belum";
        const planned = value("rencana") ? `rencana ${longDate(value("rencana"), false)}` : "";
        const when = value("mulai") || value("selesai") ? momentRange(value("mulai"), value("selesai"), zone) : "";
        const who = value("oleh") ? people[value("oleh")] || value("oleh") : "";
        return h(
          "li",
          { className: `jj-step jj-${status}`, key: step.no },
          h("span", { className: "jj-no" }, String(step.no)),
          h(
            "div",
            { className: "jj-body" },
            h("div", { className: "jj-activity" }, step.kegiatan),
            h("div", { className: "jj-meta" }, [STATUS[status] || status, planned, when, who].filter(Boolean).join(" · ")),
            value("catatan") ? h("div", { className: "jj-note" }, value("catatan")) : null,
          ),
        );
      });
      const start = get(["jadwal", "mulai"]);
      const end = get(["jadwal", "selesai"]);
      const title = (settings.schedule && settings.schedule[sopId]) || "Jadwal";
      const dates = start ? `${title}: ${longDate(start, false)} s.d. ${end ? longDate(end, false) : "?"}` : `${title} belum diisi`;
      return h(
        "div",
        { className: "jj-preview" },
        h("h1", {}, get(["nama"]) || "Kegiatan baru"),
        h("p", { className: "jj-dates" }, dates),
        h("h2", {}, "Langkah SOP"),
        h("ol", { className: "jj-timeline" }, rows),
      );
    };
    CMS.registerPreviewTemplate(sopId, Preview);
  }
  CMS.registerPreviewStyle("preview.css");
}
