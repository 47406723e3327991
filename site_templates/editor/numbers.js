// Whole numbers as the office writes them: 27000000, 27.000.000 (a dot groups thousands in
// Indonesian) or Rp27.000.000,00 in a field; "27.000.000 (dua puluh tujuh juta)" beside it, so a
// total typed a million times too small is seen at once. Records keep the number (27000000).

const GROUPED = /^\d{1,3}(?:\.\d{3})+$|^\d{1,3}(?: \d{3})+$/; // 27.000.000 or 27 000 000
const DECIMAL = /^\d+(?:[.,]\d+)+$/; // 27,5 or 27.5 or 1.2345: not a whole number in office writing

// What a person types -> {value} (a number, or "" when empty) or {problem} (Indonesian).
export function parseWhole(text) {
  let t = String(text ?? "").trim();
  if (!t) return { value: "" };
  t = t.replace(/^rp\.?\s*/i, "").replace(/,(?:0{1,2}|-)$/, "");
  const negative = t.startsWith("-");
  if (negative) t = t.slice(1).trim();
  if (!/^\d+$/.test(t) && !GROUPED.test(t)) {
    return {
      problem: DECIMAL.test(t)
        ? "Tulis bilangan bulat: titik hanya untuk memisahkan ribuan (27.000.000), tanpa angka di belakang koma."
        : "Tulis angka saja, misalnya 27000000 atau 27.000.000.",
    };
  }
  const value = Number(t.replace(/[. ]/g, "")) * (negative ? -1 : 1);
  return Number.isSafeInteger(value) ? { value } : { problem: "Bilangan ini terlalu besar." };
}

// 27000000 -> "27.000.000".
export function grouped(value) {
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return value < 0 ? `-${digits}` : digits;
}

const ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"];
const SCALES = [
  [1e12, "triliun"],
  [1e9, "miliar"],
  [1e6, "juta"],
  [1e3, "ribu"],
];

// 27000000 -> "dua puluh tujuh juta" (as num2words(n, lang="id") says it in the letters).
export function inWords(value) {
  if (value === 0) return "nol";
  if (value < 0) return `minus ${inWords(-value)}`;
  if (value >= 1e15) return "";
  return spoken(value);
}

function spoken(n) {
  if (n < 12) return ONES[n];
  if (n < 20) return `${ONES[n - 10]} belas`;
  if (n < 100) return join(`${ONES[Math.floor(n / 10)]} puluh`, n % 10);
  if (n < 1000) return join(n < 200 ? "seratus" : `${ONES[Math.floor(n / 100)]} ratus`, n % 100);
  if (n < 2000) return join("seribu", n - 1000);
  const [size, name] = SCALES.find(([s]) => n >= s);
  return join(`${spoken(Math.floor(n / size))} ${name}`, n % size);
}

const join = (head, rest) => (rest ? `${head} ${spoken(rest)}` : head);

// What the field shows for a value kept in the entry.
export const shownWhole = (value) => (typeof value === "number" && Number.isFinite(value) ? grouped(value) : "");
