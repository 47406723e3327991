"""Names and places are printed as typed, so they are checked as typed, for any SOP: a person's
name (`nama_orang`) carries its academic degrees after it, no salutation and capital initials
(warnings: Jejak never rewrites a name); an item that names its region (`wilayah`, an
addressee's or a delivery's) names no other region in its other fields (an addressee titled
for one city and addressed to another)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from generator.problem import WARNING
from generator.records.kinded_values import Findings, Value, values
from generator.records.kinds import DATE, NAME, NUMBER, PERSON_NAME, REGION
from generator.records.model import Event, Office, Sop

# Titles written before a name (Permendagri 1/2023 keeps them there); every other dotted token
# of two parts or more (S.Kom., A.Md., M.Si.) is an academic degree, written after it.
BEFORE = {"prof.", "dr.", "drg.", "drs.", "dra.", "ir.", "h.", "hj.", "k.h.", "kh.", "r.", "r.a.", "ns.", "apt."}
DEGREE = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}\.)+[A-Z][A-Za-z]{0,4}\.?,?$")
SALUTATIONS = {"sdr", "sdri", "saudara", "saudari", "bapak", "bpk", "ibu", "tn", "ny", "nn", "yth"}
PARTICLES = {"bin", "binti", "van", "de", "der", "al", "el", "dan"}
KIND_NAMES = re.compile(r"^(?:kabupaten|kota)\s+", re.IGNORECASE)


def check_names(event: Event, sop: Sop, office: Office, findings: Findings) -> None:
    for value in values(event, sop, PERSON_NAME):
        if isinstance(value.value, str):
            _name(value, findings)
    for value in values(event, sop, REGION):
        if isinstance(value.value, str) and len(value.at) >= 2:
            _one_region(event, office, value, findings)


# --- names ------------------------------------------------------------------------------


def _name(value: Value, findings: Findings) -> None:
    name = " ".join(value.value.split())
    words = name.split(" ")
    first = words[0].rstrip(".,").lower()
    if first in SALUTATIONS and len(words) > 1:
        findings.add(
            value.at,
            f"{findings.label(value.at)}: nama '{name}' diawali sapaan '{words[0]}'",
            f"tulis namanya saja: '{' '.join(words[1:])}'; surat menambahkan sapaannya sendiri",
            "nama-sapaan",
            WARNING,
        )
        return
    leading = [w for w in _leading(words) if _degree(w)]
    if leading:
        rest = " ".join(words[len(_leading(words)) :]) or name
        degrees = ", ".join(w.rstrip(",") for w in leading)
        findings.add(
            value.at,
            f"{findings.label(value.at)}: gelar '{degrees}' ditulis di depan nama '{name}'",
            f"gelar akademik ditulis di belakang nama, dipisah koma: '{rest}, {degrees}'",
            "nama-gelar",
            WARNING,
        )
    elif len(words) > 1 and _degree(words[-1]) and not words[-2].endswith(","):
        fixed = " ".join(words[:-1]) + ", " + words[-1]
        findings.add(
            value.at,
            f"{findings.label(value.at)}: gelar '{words[-1]}' tidak dipisah koma dari nama '{name}'",
            f"tulis '{fixed}'",
            "nama-gelar",
            WARNING,
        )
    low = [w for w in words if w[:1].islower() and w.lower() not in PARTICLES | BEFORE and not _degree(w)]
    if low:
        fixed = " ".join(w[:1].upper() + w[1:] if w in low else w for w in words)
        findings.add(
            value.at,
            f"{findings.label(value.at)}: nama '{name}' ditulis dengan huruf kecil",
            f"nama dicetak seperti ditulis; tulis huruf kapital di awal setiap kata: '{fixed}'",
            "nama-huruf-kecil",
            WARNING,
        )


def _leading(words: list[str]) -> list[str]:
    """The titles and degrees before the first word of the name itself."""
    found = []
    for word in words[:-1]:
        if word.lower().rstrip(",") not in BEFORE and not _degree(word):
            break
        found.append(word)
    return found


def _degree(word: str) -> bool:
    return word.lower().rstrip(",") not in BEFORE and bool(DEGREE.match(word)) and "." in word


# --- places -----------------------------------------------------------------------------


def _one_region(event: Event, office: Office, value: Value, findings: Findings) -> None:
    """The other fields of an item that names its region name no other region."""
    item = _at(event.source.loaded.data, value.at[:-1])
    own, key = value.value, value.at[-1]
    if not isinstance(item, Mapping) or own not in office.regions:
        return
    for sibling, text in item.items():
        if sibling in (key, NAME, NUMBER, DATE) or not isinstance(text, str):
            continue
        others = [r for r in _mentioned(text, office.regions, own) if r != own]
        if others:
            at = (*value.at[:-1], sibling)
            findings.add(
                at,
                f"{findings.label(at)} '{text}' menyebut {others[0]}, padahal '{key}' butir ini {own}",
                f"satu alamat satu Kabupaten/Kota: samakan '{sibling}' dengan '{key}', atau perbaiki '{key}'",
                "wilayah-beda",
            )


def _mentioned(text: str, regions: tuple[str, ...], own: str) -> Iterator[str]:
    """The regions a text names, by full name or without `Kabupaten`/`Kota`, longest first so that
    `Musi Rawas Utara` is not also read as `Musi Rawas` (the item's own region first among equals)."""
    # An ASCII text holds an ASCII term (ignoring case) only where its lower case holds the term's:
    # a substring test in C says no for most terms before their pattern is tried.
    lower = text.lower() if text.isascii() else None
    if lower is not None and _ascii_terms(regions):
        if not _ascii_any(regions).search(lower):
            return
    elif not _any_region(regions).search(text):  # most texts name no region: one search says so
        return
    rest = text
    for term, pattern, region in _region_patterns(regions, own):
        if lower is not None and term is not None and term not in lower:
            continue
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            lower = rest.lower() if lower is not None else None
            yield region


def _terms(regions: tuple[str, ...]) -> set[tuple[str, str]]:
    return {(term, r) for r in regions for term in {r, KIND_NAMES.sub("", r)} if term}


@functools.lru_cache(maxsize=16)
def _ascii_terms(regions: tuple[str, ...]) -> tuple[str, ...]:
    """Every term in lower case, when all are ASCII (else none: the patterns alone decide)."""
    terms = {term for term, _ in _terms(regions)}
    return tuple(sorted(t.lower() for t in terms)) if all(t.isascii() for t in terms) else ()


@functools.lru_cache(maxsize=16)
def _ascii_any(regions: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the ASCII terms as a plain substring of a lower-case text: one search in C, not a
    substring test per term (a Python step each, 34 terms for Sumatera Selatan)."""
    return re.compile("|".join(map(re.escape, _ascii_terms(regions))))


@functools.lru_cache(maxsize=16)
def _any_region(regions: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every term of every region (compiled once per office record)."""
    words = sorted({term for term, _ in _terms(regions)}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, words))})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _region_patterns(regions: tuple[str, ...], own: str) -> tuple[tuple[str | None, re.Pattern[str], str], ...]:
    """Each term (in lower case when ASCII) and its pattern with its region, longest term first, the
    item's own region first among equals."""
    terms = sorted(_terms(regions), key=lambda t: (-len(t[0]), t[1] != own, t[1], t[0]))
    return tuple(
        (
            term.lower() if term.isascii() else None,
            re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.IGNORECASE),
            r,
        )
        for term, r in terms
    )


def _at(data: Any, keys: tuple) -> Any:
    for key in keys:
        if isinstance(data, Mapping) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data
