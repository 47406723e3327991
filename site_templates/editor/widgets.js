// Our own form widgets (editor.py puts them in the configuration in place of Decap's):
// - "jejak-tanggal": a date (or date and time) typed as 02-12-2026 and 09.10, shown back as
//   "Rabu, 2 Desember 2026", with "Hari ini"/"Sekarang" in office time; the end of a span is
//   refused in place when it falls before its start. Decap's own date widget is the browser's,
//   which shows mm/dd/yyyy and AM/PM in an English browser (and its min/max are gone with it).
// - "jejak-bilangan": a whole number typed as 27000000 or 27.000.000 (Decap's is the browser's
//   number input, which read 27.000.000 as 27), read back beside it in figures and words.
// - "jejak-langkah": Decap's list of steps, which fills in the proposed plan (`rencana`) of a new
//   event from its schedule (plan.js, the copy of generator/derive.py `proposed_plan`).
import {
  clockField,
  clockProblem,
  dayField,
  dayProblem,
  longDate,
  longMoment,
  officeNow,
  parseClock,
  parseDay,
} from "./dates.js";
import { grouped, inWords, parseWhole, shownWhole } from "./numbers.js";
import { officeCalendar, proposedPlan } from "./plan.js";

// The schedule's two date fields (marked `jadwal: mulai|selesai` in the configuration) tell the
// list of steps when they change: Decap does not re-render one field when another one changes.
const schedule = new EventTarget();
// The start and end of a span (marked `rentang: mulai|selesai`: the schedule, every step, a span
// the SOP declares) tell each other, within their block (the object whose fields they are: Decap's
// `parentIds`): an end before its start is refused in place, never written into the entry.
const spans = new EventTarget();
const spanValues = new Map(); // block -> {mulai, selesai} as last written

// "2026-12-08" or "2026-12-08 09:45" as a moment to compare: a bare date starts at 00:00 and ends
// at 23:59 (generator/records/model.py parse_moment), so one day is never reversed with itself.
const startMoment = (value) => (value.length > 10 ? value : `${value} 00:00`);
const endMoment = (value) => (value.length > 10 ? value : `${value} 23:59`);
export const reversedSpan = (start, end) => Boolean(start && end && endMoment(end) < startMoment(start));

// What Decap asks a control before a save: true, or the control's problem under its label.
const validity = (control) => {
  const problem = control.problem();
  return problem ? { error: { message: `${control.props.field.get("label")}: ${problem}` } } : true;
};

export function registerWidgets(CMS, settings) {
  const h = window.h;
  const createClass = window.createClass;
  const zone = settings.zone || { offset: 420, name: "WIB" };

  const DateControl = createClass({
    getInitialState() {
      this.emitted = this.props.value || "";
      this.block = this.spanPart() ? JSON.stringify(this.props.parentIds || []) : null;
      const known = this.block ? spanValues.get(this.block) || {} : {};
      return { ...this.fromValue(this.props.value), start: known.mulai || "" };
    },
    fromValue(value) {
      return { day: dayField(value), clock: clockField(value) };
    },
    spanPart() {
      return this.props.field.get("rentang") || null;
    },
    componentDidMount() {
      if (!this.block) return;
      this.heard = (event) => {
        const { block, part, value } = event.detail;
        if (block !== this.block || part !== "mulai" || this.spanPart() !== "selesai") return;
        this.setState({ start: value }, () => this.settle());
      };
      spans.addEventListener("change", this.heard);
      this.tellSpan(this.emitted);
      // The start mounted first (it comes first in the block) and spoke before this end listened.
      const known = spanValues.get(this.block) || {};
      if (this.spanPart() === "selesai" && (known.mulai || "") !== this.state.start) {
        this.setState({ start: known.mulai || "" });
      }
    },
    componentWillUnmount() {
      if (this.heard) spans.removeEventListener("change", this.heard);
    },
    componentDidUpdate(previous) {
      // A value set from elsewhere (a draft restored, a plan filled in) replaces what is shown.
      const value = this.props.value || "";
      if (value !== (previous.value || "") && value !== this.emitted) {
        this.emitted = value;
        this.setState(this.fromValue(value));
        this.tellSpan(value);
      }
    },
    withTime() {
      return Boolean(this.props.field.get("jam"));
    },
    // What the fields say now: "2026-12-08 09:45", "" (empty), or null (not a date yet).
    typed() {
      const { day, clock } = this.state;
      if (!day.trim() && !clock.trim()) return "";
      const iso = parseDay(day);
      const time = this.withTime() ? parseClock(clock) : "";
      if (!iso || time === null) return null;
      return time ? `${iso} ${time}` : iso;
    },
    // An end before its start: the typed text stays, this says why it is not taken.
    reversal() {
      const value = this.typed();
      if (this.spanPart() !== "selesai" || !value || !reversedSpan(this.state.start, value)) return null;
      const what = this.withTime() ? "Waktu" : "Tanggal";
      const start = this.withTime() ? longMoment(this.state.start, zone.name, true) : longDate(this.state.start);
      const tail =
        value === this.emitted
          ? `ubah ${what.toLowerCase()} selesai atau ${what.toLowerCase()} mulai.`
          : `yang diketik belum dicatat; perbaiki ${what.toLowerCase()}nya.`;
      return `${what} selesai tidak boleh sebelum ${what.toLowerCase()} mulai (${start}): ${tail}`;
    },
    problem() {
      const { day, clock } = this.state;
      if (!day.trim() && !clock.trim()) return null;
      if (!parseDay(day)) return dayProblem(day);
      if (this.withTime() && !parseClock(clock)) return clockProblem(clock);
      return this.reversal();
    },
    isValid() {
      return validity(this);
    },
    change(day, clock) {
      this.setState({ day, clock }, () => this.settle());
    },
    // Writes what the fields say into the entry when it is a date, in order with its start.
    settle() {
      const value = this.typed();
      if (value === null || value === this.emitted) return;
      if (this.spanPart() === "selesai" && reversedSpan(this.state.start, value)) return;
      this.emit(value);
    },
    emit(value) {
      this.emitted = value;
      this.props.onChange(value);
      const part = this.props.field.get("jadwal");
      if (part) schedule.dispatchEvent(new CustomEvent("change", { detail: { part, value } }));
      this.tellSpan(value);
    },
    tellSpan(value) {
      const part = this.spanPart();
      if (!this.block || !part) return;
      spanValues.set(this.block, { ...(spanValues.get(this.block) || {}), [part]: value });
      spans.dispatchEvent(new CustomEvent("change", { detail: { block: this.block, part, value } }));
    },
    now() {
      const now = officeNow(zone.offset);
      const value = this.withTime() ? now : now.slice(0, 10);
      this.change(dayField(value), clockField(value));
    },
    render() {
      const { forID, classNameWrapper, setActiveStyle, setInactiveStyle, value } = this.props;
      const { day, clock } = this.state;
      const problem = this.problem();
      const shown = problem || (value ? (this.withTime() ? longMoment(value, zone.name, true) : longDate(value)) : "");
      const focus = { onFocus: setActiveStyle, onBlur: setInactiveStyle };
      return h(
        "div",
        { className: `${classNameWrapper} jj-date` },
        h("input", {
          id: forID, className: "jj-day", type: "text", inputMode: "numeric", autoComplete: "off",
          placeholder: "HH-BB-TTTT", "aria-label": "tanggal (hari-bulan-tahun)", value: day,
          "aria-invalid": problem ? "true" : undefined,
          onChange: (e) => this.change(e.target.value, clock), ...focus,
        }),
        this.withTime()
          ? h("input", {
              className: "jj-clock", type: "text", inputMode: "numeric", autoComplete: "off",
              placeholder: "JJ.MM", "aria-label": `jam (${zone.name})`, value: clock,
              onChange: (e) => this.change(day, e.target.value), ...focus,
            })
          : null,
        h("button", { type: "button", className: "jj-now", onClick: () => this.now() },
          this.withTime() ? "Sekarang" : "Hari ini"),
        day || clock
          ? h("button", { type: "button", className: "jj-clear", onClick: () => this.change("", "") }, "Kosongkan")
          : null,
        h("span", { className: problem ? "jj-date-text jj-date-problem" : "jj-date-text", "aria-live": "polite" }, shown),
      );
    },
  });
  const DatePreview = ({ value }) => h("span", {}, value ? longMoment(value, zone.name) : "");
  CMS.registerWidget("jejak-tanggal", DateControl, DatePreview);

  const NumberControl = createClass({
    getInitialState() {
      this.emitted = this.props.value ?? "";
      return { text: shownWhole(this.props.value) };
    },
    componentDidUpdate(previous) {
      // A value set from elsewhere (a draft restored) replaces what is shown.
      const value = this.props.value ?? "";
      if (value !== (previous.value ?? "") && value !== this.emitted) {
        this.emitted = value;
        this.setState({ text: shownWhole(value) });
      }
    },
    // The typed text read once: {value} or {problem}, the schema's minimum included.
    reading() {
      const read = parseWhole(this.state.text);
      const min = this.props.field.get("min");
      const low = !read.problem && typeof min === "number" && read.value !== "" && read.value < min;
      return low ? { problem: `Paling kecil ${grouped(min)}.` } : read;
    },
    problem() {
      return this.reading().problem || null;
    },
    isValid() {
      return validity(this);
    },
    // Writes the number into the entry when the text is one; the text stays as typed.
    change(text) {
      this.setState({ text }, () => {
        const { value, problem } = this.reading();
        if (problem || value === this.emitted) return;
        this.emitted = value;
        this.props.onChange(value);
      });
    },
    render() {
      const { forID, classNameWrapper, setActiveStyle, setInactiveStyle, field } = this.props;
      const { value, problem } = this.reading();
      const words = problem || value === "" ? "" : inWords(value);
      const shown = problem || (value === "" ? "" : `${grouped(value)}${words ? ` (${words})` : ""}`);
      return h(
        "div",
        { className: `${classNameWrapper} jj-date jj-number` },
        h("input", {
          id: forID, className: "jj-whole", type: "text", inputMode: "numeric", autoComplete: "off",
          "aria-label": field.get("label"), value: this.state.text,
          "aria-invalid": problem ? "true" : undefined,
          onChange: (e) => this.change(e.target.value), onFocus: setActiveStyle, onBlur: setInactiveStyle,
        }),
        h("span", { className: problem ? "jj-date-text jj-date-problem" : "jj-date-text", "aria-live": "polite" }, shown),
      );
    },
  });
  const NumberPreview = ({ value }) => h("span", {}, shownWhole(value));
  CMS.registerWidget("jejak-bilangan", NumberControl, NumberPreview);

  const list = CMS.getWidget("list");
  const calendar = settings.calendar ? officeCalendar(settings.calendar) : null;

  const StepsControl = createClass({
    componentDidMount() {
      const jadwal = this.props.entry.getIn(["data", "jadwal"]);
      this.dates = { mulai: (jadwal && jadwal.get("mulai")) || "", selesai: (jadwal && jadwal.get("selesai")) || "" };
      // An event already saved keeps its plan: only a schedule changed here re-plans it.
      this.seen = this.props.entry.get("newRecord") ? null : `${this.dates.mulai},${this.dates.selesai}`;
      this.proposed = {};
      this.listener = (event) => {
        this.dates[event.detail.part] = event.detail.value;
        this.propose();
      };
      schedule.addEventListener("change", this.listener);
      this.propose();
    },
    componentWillUnmount() {
      schedule.removeEventListener("change", this.listener);
    },
    shouldComponentUpdate(next) {
      return this.inner && this.inner.shouldComponentUpdate ? this.inner.shouldComponentUpdate(next) : true;
    },
    isValid() {
      return this.inner && this.inner.isValid ? this.inner.isValid() : true;
    },
    // Decap's save validates a top-level field through its control's `validate`: without this one
    // the steps' own fields (a date refused in place) were never asked, and the save went through.
    validate() {
      if (this.inner && this.inner.validate) this.inner.validate();
      else this.props.validate();
    },
    propose() {
      const { mulai: start, selesai: end } = this.dates;
      const key = `${start},${end}`;
      if (key === this.seen || !calendar || !parseDay(start) || !parseDay(end) || end < start) return;
      this.seen = key;
      const steps = settings.sops[this.props.collection.get("name")] || [];
      const plan = proposedPlan(steps, calendar, start, end, officeNow(zone.offset).slice(0, 10));
      if (!plan) return;
      const before = this.props.value;
      const after = before.map((step) => {
        const no = String(step.get("no"));
        const current = step.get("rencana");
        const untouched = !current || current === this.proposed[no];
        return untouched && plan[no] ? step.set("rencana", plan[no]) : step;
      });
      this.proposed = plan;
      if (!after.equals(before)) this.props.onChange(after);
    },
    render() {
      return h(list.control, { ...this.props, ref: (inner) => (this.inner = inner) });
    },
  });
  CMS.registerWidget("jejak-langkah", StepsControl, list.preview);
}
