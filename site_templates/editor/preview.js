// The preview pane shows the event as the portal does: its name, dates and the step timeline.
const STATUS = { belum: "Belum", berjalan: "Sedang berjalan", selesai: "Selesai" };

export function registerPreview(CMS, settings) {
  const h = window.h;
  const people = settings.people || {};
  for (const [sopId, steps] of Object.entries(settings.sops)) {
    const Preview = ({ entry }) => {
      const data = entry.get("data");
      const get = (path) => (data && data.getIn(path)) || "";
      const records = new Map();
      for (const step of (data && data.get("langkah")) || []) records.set(String(step.get("no")), step);
      const rows = steps.map((step) => {
        const record = records.get(String(step.no));
        const status = (record && record.get("status")) || "belum";
        const when = [record && record.get("mulai"), record && record.get("selesai")].filter(Boolean).join(" s.d. ");
        const who = record && record.get("oleh") ? people[record.get("oleh")] || record.get("oleh") : "";
        return h(
          "li",
          { className: `jj-step jj-${status}`, key: step.no },
          h("span", { className: "jj-no" }, String(step.no)),
          h(
            "div",
            { className: "jj-body" },
            h("div", { className: "jj-activity" }, step.kegiatan),
            h("div", { className: "jj-meta" }, [STATUS[status] || status, when, who].filter(Boolean).join(" · ")),
            record && record.get("catatan") ? h("div", { className: "jj-note" }, record.get("catatan")) : null,
          ),
        );
      });
      const start = get(["jadwal", "mulai"]);
      const end = get(["jadwal", "selesai"]);
      return h(
        "div",
        { className: "jj-preview" },
        h("h1", {}, get(["nama"]) || "Kegiatan baru"),
        h("p", { className: "jj-dates" }, start ? `Jadwal pelatihan: ${start} s.d. ${end || "?"}` : "Jadwal belum diisi"),
        h("h2", {}, "Langkah SOP"),
        h("ol", { className: "jj-timeline" }, rows),
      );
    };
    CMS.registerPreviewTemplate(sopId, Preview);
  }
  CMS.registerPreviewStyle("preview.css");
}
