"""Numbers a report prints must agree with each other, for any SOP, by the kind of each field: a
count of participants (`jumlah_peserta`) never exceeds the list of participants, and the counts
and name lists of one group (`kelompok`: passed, not yet competent) together neither; a text
that states a count by the words the SOP gives it (`disebut`) states the recorded one; a number
in figures and words ("7 (tujuh)") says the same twice; a day of the event (`hari_kegiatan`) is a
working day of its schedule; a realisation (`realisasi`) spends every line of its plan, and no
line more than planned."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache

from generator.dates import date_range, in_words, money, weekday_date
from generator.derive import Calendar, national_holidays
from generator.problem import WARNING
from generator.records.kinded_values import Findings, Value, mapping, of, text, values
from generator.records.kinds import (
    CALLED,
    COUNT,
    EVENT_DAY,
    GROUP,
    ITEM,
    LINES,
    PARTICIPANT_NAME,
    PEOPLE,
    PLAN,
    SPENDING,
    TOTAL,
    Kinded,
)
from generator.records.model import Event, Office, Sop, parse_date
from generator.records.value_texts import ValueTexts

IN_WORDS = re.compile(r"(?<![\w.,/-])(\d{1,12})\s*\(([^()\d]{1,120})\)")
# What every match of IN_WORDS holds: its probe in the joined texts. A literal, found in C at once
# (`\d\s*\(` took ~0.25 ms over a complete record); a value with a '(' but no number before it
# holds no match of IN_WORDS, so it says nothing more.
PAREN = re.compile(r"\(")
NUMBER_WORDS = {
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas",
    "belas", "puluh", "ratus", "seratus", "ribu", "seribu", "juta", "miliar", "triliun",
}  # fmt: skip


def check_counts(event: Event, sop: Sop, office: Office, findings: Findings) -> None:
    people = len(event.participants)
    if people:
        _within(event, sop, people, findings)
        _groups(event, sop, people, findings)
    _stated(event, sop, findings.texts, findings)
    _figures_and_words(findings.texts, findings)
    calendar = Calendar.of(office)
    seen: dict[tuple, set[date]] = {}
    for value in values(event, sop, EVENT_DAY):
        _event_day(event, sop, office, calendar, value, findings, seen.setdefault(value.at[:-2], set()))
    _schedule_days(event, sop, office, calendar, findings)
    for kinded in sop.of_kind(SPENDING):
        _spending(event, sop, kinded, findings)


def _people(sop: Sop) -> str:
    return sop.event_field(PEOPLE) or ""


def _noun(sop: Sop) -> str:
    """What the participants are called in a sentence: their list's title (`peserta`)."""
    people = next((k for k in sop.event_kinds if k.path == _people(sop)), None)
    return str(people.node.get("title") or people.path).lower() if people else ""


# --- counts of participants -------------------------------------------------------------


def _within(event: Event, sop: Sop, people: int, findings: Findings) -> None:
    noun = _noun(sop)
    for value in values(event, sop, COUNT):
        if isinstance(value.value, int) and value.value > people:
            findings.add(
                value.at,
                f"{findings.label(value.at)} {value.value} melebihi banyaknya {noun} ({people} orang)",
                f"jumlah ini tidak boleh lebih dari banyaknya {noun} di '{_people(sop)}'; periksa angkanya",
                "jumlah-melebihi-peserta",
            )


def _group_parts(event: Event, sop: Sop) -> dict[tuple, list[tuple[Value, int]]]:
    """(group, step) -> each count of the group with its number (a list of names counts its names)."""
    parts: dict[tuple, list[tuple[Value, int]]] = {}
    for value in values(event, sop, COUNT, PARTICIPANT_NAME):
        group = value.kinded.param(GROUP)
        if not group:
            continue
        key = (group, value.kinded.step, value.kinded.path)
        if value.kinded.kind == COUNT and isinstance(value.value, int):
            parts.setdefault(key[:2], []).append((value, value.value))
        elif value.kinded.kind == PARTICIPANT_NAME:
            listed = parts.setdefault(key[:2], [])
            if listed and listed[-1][0].kinded == value.kinded:
                listed[-1] = (listed[-1][0], listed[-1][1] + 1)
            else:
                listed.append((value, 1))
    return parts


def _groups(event: Event, sop: Sop, people: int, findings: Findings) -> None:
    """Counts of one group are parts of the participants: together no more than all of them."""
    noun = _noun(sop)
    for parts in _group_parts(event, sop).values():
        total = sum(n for _, n in parts)
        if len(parts) < 2 or total <= people:
            continue
        described = " dan ".join(
            f"'{v.kinded.path}' {n}" + (" orang" if v.kinded.kind == PARTICIPANT_NAME else "") for v, n in parts
        )
        first = parts[0][0]
        findings.add(
            first.at if first.kinded.kind == COUNT else first.at[:-1],
            f"{described} berjumlah {total}, melebihi banyaknya {noun} ({people} orang)",
            f"setiap {noun} hanya masuk salah satunya; periksa angka dan daftar nama ini",
            "kelompok-melebihi-peserta",
        )


def _phrases(kinded: Kinded) -> list[str]:
    called = kinded.param(CALLED)
    found = [called] if isinstance(called, str) else list(called or ())
    return [str(p) for p in found if p]


def _stated(event: Event, sop: Sop, texts: ValueTexts, findings: Findings) -> None:
    """`35 orang dinyatakan kompeten` in any text, against the count the SOP calls `kompeten`."""
    recorded: list[tuple[str, int, str]] = []
    for group in _group_parts(event, sop).values():
        recorded += [(p, n, v.kinded.path) for v, n in group for p in _phrases(v.kinded)]
    for value in values(event, sop, COUNT):
        if not value.kinded.param(GROUP) and isinstance(value.value, int):
            recorded += [(p, value.value, value.kinded.path) for p in _phrases(value.kinded)]
    for phrase in dict.fromkeys(p for p, _, _ in recorded):
        # Only a value holding the phrase's last word (as the pattern reads it) can state it.
        for index, written in _holding(texts, phrase):
            for said in _says(written, phrase):
                for number, path in ((n, p) for p_, n, p in recorded if p_ == phrase and said != n):
                    keys = texts.keys(index)
                    findings.add(
                        keys,
                        f"{findings.label(keys)} menyebut {said} orang {phrase}, padahal '{path}' {number}",
                        f"samakan angka di teks ini dengan '{path}', atau perbaiki '{path}'",
                        "teks-beda-jumlah",
                    )


@lru_cache(maxsize=64)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(
        rf"(?<![\w.,/-])(\d{{1,6}})(?:\s*\([a-z ]+\))?\s+(?:(?:orang|peserta)\s+)?(?:(?:yang|dinyatakan|telah)\s+)*"
        rf"{words}(?![\w-])",
        re.IGNORECASE,
    )


def _holding(texts: ValueTexts, phrase: str) -> Iterator[tuple[int, str]]:
    """The values holding the last word of a phrase, matched as `_pattern` matches it (ignoring case);
    a phrase of spaces only is probed by its whole pattern (neither crosses from one value to the next)."""
    words = phrase.split()
    return texts.holding_word(words[-1]) if words else texts.holding(_pattern(phrase))


def _says(written: str, phrase: str) -> Iterator[int]:
    for match in _pattern(phrase).finditer(written):
        yield int(match.group(1))


# --- figures and words ------------------------------------------------------------------


def _figures_and_words(texts: ValueTexts, findings: Findings) -> None:
    """`7 (delapan) lembar`: a number in figures and words says two things; one is wrong."""
    for index, written in texts.holding(PAREN):
        for match in IN_WORDS.finditer(written):
            words = " ".join(match.group(2).lower().split())
            if not words or not set(words.split()) <= NUMBER_WORDS:
                continue
            number = int(match.group(1))
            if words != in_words(number):
                keys = texts.keys(index)
                findings.add(
                    keys,
                    f"{findings.label(keys)}: '{match.group(0)}' menulis {number} dengan huruf '{words}'",
                    f"angka dan hurufnya harus sama: '{number} ({in_words(number)})', atau perbaiki angkanya",
                    "angka-beda-huruf",
                )


# --- days of the event ------------------------------------------------------------------


@lru_cache(maxsize=16)
def _holiday_names(year: int) -> Mapping[date, str]:
    return national_holidays(year, language="id")


def _event_day(
    event: Event, sop: Sop, office: Office, calendar: Calendar, value: Value, findings: Findings, seen: set[date]
) -> None:
    try:
        day = parse_date(text(value.value))
    except ValueError:
        return
    noun, where = sop.event_noun, findings.label(value.at)
    if day < event.start or day > event.end:
        why = f"di luar jadwal {noun} ({date_range(event.start, event.end)})"
    elif not calendar.is_working_day(day):
        why = f"bukan hari kerja ({_day_off(office, day)})"
    elif day in seen:
        why = "sudah dicatat di butir lain"
    else:
        seen.add(day)
        return
    findings.add(
        value.at,
        f"{where} {weekday_date(day)} {why}",
        f"{noun} berjalan pada hari kerja di dalam 'jadwal', satu butir untuk setiap hari; periksa tanggal ini",
        "hari-bukan-jadwal",
    )


def _schedule_days(event: Event, sop: Sop, office: Office, calendar: Calendar, findings: Findings) -> None:
    """The schedule's first and last day are working days. The office works on working days and
    the attendance lists count only those, so a first or last day off (Nyepi, a Sunday) is most
    often a date typed wrong; a warning, since the office may have its reasons."""
    if event.end < event.start:
        return  # said by check_frame
    noun = sop.event_noun
    ends = [("mulai", event.start, "dimulai"), ("selesai", event.end, "berakhir")]
    for key, day, verb in ends[: 2 if event.end > event.start else 1]:
        if calendar.is_working_day(day):
            continue
        named = _holiday(office, day)  # a weekend's day is named by its date already
        findings.add(
            ("jadwal", key),
            f"{noun} {verb} {weekday_date(day)}, bukan hari kerja" + (f" ({named})" if named else ""),
            f"periksa tanggal {key} jadwal; daftar hadir hanya memuat hari kerja kantor",
            "jadwal-hari-libur",
            WARNING,
        )


def _day_off(office: Office, day: date) -> str:
    return _holiday(office, day) or ("hari Sabtu" if day.weekday() == 5 else "hari Minggu")


def _holiday(office: Office, day: date) -> str | None:
    """The name of the office's own day off or of the national holiday on `day`, if any."""
    if day in office.days_off:
        return str(office.days_off[day])
    return _holiday_names(day.year).get(day)


# --- money ------------------------------------------------------------------------------


def _spending(event: Event, sop: Sop, kinded: Kinded, findings: Findings) -> None:
    """A realisation has a row for every line of its plan (a dropped line would print Rp0), each
    written once, and no row above its line (a negative remainder)."""
    plan = sop.kinded(str(kinded.param(PLAN) or ""))
    rows = of(event, sop, kinded)
    budgets = of(event, sop, plan) if plan else []
    planned = {text(line.get(ITEM)): line.get(TOTAL) for budget in budgets for line in _lines(budget)}
    if plan is None or not planned or not rows:
        return
    key, written = kinded.path.rpartition(".")[2], set()
    for row in rows:
        what, used = text(mapping(row.value).get(ITEM)), mapping(row.value).get(TOTAL)
        limit = planned.get(what)
        if what in written:
            findings.add(row.under(ITEM), f"{key} '{what}' ditulis dua kali", "satukan jumlahnya", "realisasi-ganda")
        elif isinstance(used, int) and isinstance(limit, int) and used > limit:
            findings.add(
                row.under(TOTAL),
                f"{key} '{what}' {money(used)} melebihi rencananya {money(limit)}",
                f"{key} tidak boleh melebihi anggaran; periksa jumlah ini, atau rincian '{plan.path}' langkah "
                f"{plan.step} bila anggarannya memang sudah diubah",
                "realisasi-melebihi",
            )
        written.add(what)
    for what in (w for w in planned if w not in written):
        findings.add(
            rows[0].at[:-1],
            f"{findings.label(rows[0].at[:-1])} tidak memuat rincian '{what}' dari '{plan.path}'",
            f"tulis setiap rincian anggaran; yang tidak terpakai ditulis `- {{{ITEM}: {what}, {TOTAL}: 0}}`",
            "realisasi-kurang",
        )


def _lines(value: Value) -> list[Mapping]:
    return [line for line in mapping(value.value).get(LINES, ()) if isinstance(line, Mapping)]
