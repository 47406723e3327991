// Dates as the office writes them, whatever the browser's language: 02-12-2026 in a field,
// "Rabu, 2 Desember 2026" beside it, 09.10 for a time. Records keep 2026-12-02 and 2026-12-02 09:10.
// Office time comes from the office's fixed offset (kantor.yaml `zona_waktu`), never the browser's zone.

export const MONTHS = [
  "Januari", "Februari", "Maret", "April", "Mei", "Juni",
  "Juli", "Agustus", "September", "Oktober", "November", "Desember",
];
const DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

const pad = (n) => String(n).padStart(2, "0");

// "2026-12-02" (or the date part of "2026-12-02 09:10") -> {y, m, d}, or null.
export function isoParts(text) {
  const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(text || ""));
  if (!found) return null;
  const [y, m, d] = found.slice(1).map(Number);
  return realDate(y, m, d) ? { y, m, d } : null;
}

function realDate(y, m, d) {
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

// What a person types: 2-12-2026, 02/12/2026, 2.12.2026 or 2026-12-02 -> "2026-12-02", else null.
export function parseDay(text) {
  const t = String(text || "").trim();
  let found = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  if (found) {
    const [d, m, y] = found.slice(1).map(Number);
    return realDate(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
  }
  found = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (found) {
    const [y, m, d] = found.slice(1).map(Number);
    return realDate(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : null;
  }
  return null;
}

// Why a typed day is not taken: written as a date but not one of the calendar, or not written
// as a date at all.
export function dayProblem(text) {
  const t = String(text || "").trim();
  const dmy = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!dmy && !ymd) return "Tanggal ditulis hari-bulan-tahun, misalnya 02-12-2026.";
  const year = Number(dmy ? dmy[3] : ymd[1]);
  if (year < 2000 || year > 2099) return "Tahun ditulis empat angka, antara 2000 dan 2099.";
  return `Tanggal ${t} tidak ada di kalender; periksa hari dan bulannya.`;
}

// Why a typed time is not taken, in the same way.
export function clockProblem(text) {
  return /^(\d{1,2})[.:]?(\d{2})$/.test(String(text || "").trim())
    ? "Jam ini tidak ada: tulis antara 00.00 dan 23.59."
    : "Jam ditulis jam.menit (24 jam), misalnya 09.10.";
}

// 9.10, 09:10 or 0910 -> "09:10", else null.
export function parseClock(text) {
  const found = /^(\d{1,2})[.:]?(\d{2})$/.exec(String(text || "").trim());
  if (!found) return null;
  const [h, m] = found.slice(1).map(Number);
  return h <= 23 && m <= 59 ? `${pad(h)}:${pad(m)}` : null;
}

export const dayField = (iso) => {
  const p = isoParts(iso);
  return p ? `${pad(p.d)}-${pad(p.m)}-${p.y}` : "";
};

export const clockField = (value) => {
  const found = /(\d{2}):(\d{2})$/.exec(String(value || ""));
  return found ? `${found[1]}.${found[2]}` : "";
};

export function longDate(iso, withDay = true) {
  const p = isoParts(iso);
  if (!p) return "";
  const text = `${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
  return withDay ? `${DAYS[new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay()]}, ${text}` : text;
}

// "2 Desember 2026 pukul 09.10 WIB" for "2026-12-02 09:10"; "2 Desember 2026" for a date.
export function longMoment(value, zone, withDay = false) {
  const day = longDate(value, withDay);
  const clock = clockField(value);
  return clock ? `${day} pukul ${clock} ${zone || ""}`.trim() : day;
}

// "7 Desember 2026 pukul 08.00–15.30 WIB", or two moments joined by "s.d.".
export function momentRange(start, end, zone) {
  if (!start || !end) return longMoment(start || end, zone);
  if (start.slice(0, 10) === end.slice(0, 10) && clockField(start) && clockField(end)) {
    return `${longDate(start, false)} pukul ${clockField(start)}–${clockField(end)} ${zone || ""}`.trim();
  }
  return `${longMoment(start, zone)} s.d. ${longMoment(end, zone)}`;
}

// Office "now" as "2026-12-02 09:10" from the office's offset in minutes east of UTC.
export function officeNow(offsetMinutes, now = Date.now()) {
  const t = new Date(now + offsetMinutes * 60000);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}
