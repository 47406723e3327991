// The proposed plan of a new event, in the browser: a copy of generator/derive.py
// (`Calendar.next_open/previous_close/after/before` and `proposed_plan`), run on the office
// calendar `jejak build` exports (settings.calendar: office hours, every weekday off in a span of
// years). tests/test_plan_parity.py runs both on thousands of dates and compares them: change
// both or neither. A moment is minutes since 1970-01-01 00:00 office time; a day is its number.

const DAY = 1440;
const SEARCH_DAYS = 3660;

export const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
export const isoOf = (day) => new Date(day * 86400000).toISOString().slice(0, 10);
const weekday = (day) => (((day + 3) % 7) + 7) % 7; // 0 = Monday: 1 January 1970 was a Thursday

export function officeCalendar({ buka, tutup, libur, tahun }) {
  const off = new Set(libur.map(dayOf));
  const known = [dayOf(`${tahun[0]}-01-01`), dayOf(`${tahun[1]}-12-31`)];
  const working = (day) => {
    if (day < known[0] || day > known[1]) throw new RangeError(`hari libur ${isoOf(day).slice(0, 4)} tidak diketahui`);
    return weekday(day) < 5 && !off.has(day);
  };
  const minute = (m) => m - Math.floor(m / DAY) * DAY;

  function nextOpen(m) {
    let day = Math.floor(m / DAY);
    if (working(day) && minute(m) < tutup) return Math.max(m, day * DAY + buka);
    for (let i = 0; i < SEARCH_DAYS; i++) if (working(++day)) return day * DAY + buka;
    throw new RangeError("tidak ada hari kerja");
  }

  function previousClose(m) {
    let day = Math.floor(m / DAY);
    if (working(day) && minute(m) > buka) return Math.min(m, day * DAY + tutup);
    for (let i = 0; i < SEARCH_DAYS; i++) if (working(--day)) return day * DAY + tutup;
    throw new RangeError("tidak ada hari kerja");
  }

  function standard({ nilai, satuan, kerja }) {
    const perDay = kerja ? tutup - buka : DAY;
    return nilai * { menit: 1, jam: 60, hari: perDay, minggu: perDay * (kerja ? 5 : 7) }[satuan];
  }

  function after(start, waktu) {
    let minutes = standard(waktu);
    if (!waktu.kerja) return start + minutes;
    let m = nextOpen(start);
    for (;;) {
      const left = tutup - minute(m);
      if (minutes <= left) return m + minutes;
      minutes -= left;
      m = nextOpen(Math.floor(m / DAY) * DAY + tutup);
    }
  }

  function before(end, waktu) {
    let minutes = standard(waktu);
    if (!waktu.kerja) return end - minutes;
    let m = previousClose(end);
    for (;;) {
      const used = minute(m) - buka;
      if (minutes <= used) return m - minutes;
      minutes -= used;
      m = previousClose(Math.floor(m / DAY) * DAY + buka);
    }
  }

  return { buka, tutup, nextOpen, after, before };
}

function forward(cal, steps, moment, plan) {
  for (const step of steps) {
    moment = cal.nextOpen(moment);
    plan[step.no] = isoOf(Math.floor(moment / DAY));
    moment = cal.after(moment, step.waktu);
  }
  return moment;
}

// steps: [{no, waktu: {nilai, satuan, kerja}, jadwal}] in SOP order; dates as TTTT-BB-HH.
// Returns {no: "TTTT-BB-HH"}, or null when a date falls outside the years the calendar knows.
export function proposedPlan(steps, cal, start, end, today) {
  try {
    const anchor = steps.findIndex((s) => s.jadwal);
    const beforeSteps = anchor < 0 ? steps : steps.slice(0, anchor);
    const plan = {};
    let moment = forward(cal, beforeSteps, dayOf(today) * DAY + cal.buka, plan);
    if (anchor < 0) return plan;
    const begins = dayOf(start) * DAY + cal.buka;
    if (moment > begins) {
      moment = begins;
      for (const step of [...beforeSteps].reverse()) {
        moment = cal.before(moment, step.waktu);
        plan[step.no] = isoOf(Math.floor(moment / DAY));
      }
    }
    plan[steps[anchor].no] = start;
    forward(cal, steps.slice(anchor + 1), dayOf(end) * DAY + cal.tutup, plan);
    return plan;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
