// Our own form widgets (editor.py puts them in the configuration in place of Decap's):
// - "jejak-tanggal": a date (or date and time) typed as 02-12-2026 and 09.10, shown back as
//   "Rabu, 2 Desember 2026", with "Hari ini"/"Sekarang" in office time. Decap's own date widget
//   is the browser's, which shows mm/dd/yyyy and AM/PM in an English browser.
// - "jejak-langkah": Decap's list of steps, which fills in the proposed plan (`rencana`) of a new
//   event from its schedule (plan.js, the copy of generator/derive.py `proposed_plan`).
import { clockField, dayField, longDate, longMoment, officeNow, parseClock, parseDay } from "./dates.js";
import { officeCalendar, proposedPlan } from "./plan.js";

// The schedule's two date fields (marked `jadwal: mulai|selesai` in the configuration) tell the
// list of steps when they change: Decap does not re-render one field when another one changes.
const schedule = new EventTarget();

export function registerWidgets(CMS, settings) {
  const h = window.h;
  const createClass = window.createClass;
  const zone = settings.zone || { offset: 420, name: "WIB" };

  const DateControl = createClass({
    getInitialState() {
      this.emitted = this.props.value || "";
      return this.fromValue(this.props.value);
    },
    fromValue(value) {
      return { day: dayField(value), clock: clockField(value) };
    },
    componentDidUpdate(previous) {
      // A value set from elsewhere (a draft restored, a plan filled in) replaces what is shown.
      const value = this.props.value || "";
      if (value !== (previous.value || "") && value !== this.emitted) {
        this.emitted = value;
        this.setState(this.fromValue(value));
      }
    },
    withTime() {
      return Boolean(this.props.field.get("jam"));
    },
    problem() {
      const { day, clock } = this.state;
      if (!day.trim() && !clock.trim()) return null;
      if (!parseDay(day)) return "Tanggal ditulis hari-bulan-tahun, misalnya 02-12-2026.";
      if (this.withTime() && !parseClock(clock)) return "Jam ditulis jam.menit (24 jam), misalnya 09.10.";
      return null;
    },
    isValid() {
      const problem = this.problem();
      return problem ? { error: { message: `${this.props.field.get("label")}: ${problem}` } } : true;
    },
    change(day, clock) {
      this.setState({ day, clock }, () => {
        if (!day.trim() && !clock.trim()) return this.emit("");
        const iso = parseDay(day);
        const time = this.withTime() ? parseClock(clock) : "";
        if (iso && time !== null) this.emit(time ? `${iso} ${time}` : iso);
      });
    },
    emit(value) {
      this.emitted = value;
      this.props.onChange(value);
      const part = this.props.field.get("jadwal");
      if (part) schedule.dispatchEvent(new CustomEvent("change", { detail: { part, value } }));
    },
    now() {
      const now = officeNow(zone.offset);
      const value = this.withTime() ? now : now.slice(0, 10);
      this.setState(this.fromValue(value), () => this.emit(value));
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
