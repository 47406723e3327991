"""Regions (Kabupaten/Kota) come from a list: `Kab. Lahat`, `lahat` and `Kabupaten Lahat`
would otherwise be three rows of the yearly recap."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import get_close_matches
from functools import partial
from typing import TYPE_CHECKING

from generator.records.labels import field_label

if TYPE_CHECKING:
    from generator.records.checks import Report
    from generator.records.kinded_values import Value
    from generator.records.model import Event, Office

# The 13 kabupaten and 4 kota of Sumatera Selatan: the default when the office record names none.
SUMATERA_SELATAN = (
    "Kabupaten Banyuasin",
    "Kabupaten Empat Lawang",
    "Kabupaten Lahat",
    "Kabupaten Muara Enim",
    "Kabupaten Musi Banyuasin",
    "Kabupaten Musi Rawas",
    "Kabupaten Musi Rawas Utara",
    "Kabupaten Ogan Ilir",
    "Kabupaten Ogan Komering Ilir",
    "Kabupaten Ogan Komering Ulu",
    "Kabupaten Ogan Komering Ulu Selatan",
    "Kabupaten Ogan Komering Ulu Timur",
    "Kabupaten Penukal Abab Lematang Ilir",
    "Kota Lubuklinggau",
    "Kota Pagar Alam",
    "Kota Palembang",
    "Kota Prabumulih",
)
PREFIX = re.compile(r"^(?:kabupaten|kab|kota|kodya|kotamadya)\b\.?\s*")


def core(name: str) -> str:
    """`Kab. Lahat` -> `lahat`: the name without its kind, case and spacing."""
    return PREFIX.sub("", " ".join(name.lower().replace(".", ". ").split())).replace(" ", "")


def suggest_region(text: str, regions: tuple[str, ...]) -> str:
    """The saran for a region not on the list: the closest names first, else where the list is."""
    wanted = core(text)
    same = [r for r in regions if core(r) == wanted]
    close = same or get_close_matches(wanted, {core(r): r for r in regions}, n=3, cutoff=0.7)
    names = same or [r for r in regions if core(r) in close]
    if names:
        return "mungkin maksud Anda " + " atau ".join(f"'{n}'" for n in names) + "?"
    return f"tulis nama Kabupaten/Kota seperti pada daftar 'wilayah' di records/kantor.yaml, misalnya '{regions[0]}'"


def check_regions(event: Event, office: Office, report: Report, found: Iterable[Value]) -> None:
    """Every value of a field of kind `wilayah` (`found`: kinded_values.values) is on the office's list."""
    regions = office.regions
    for keys, value in ((v.at, v.value) for v in found if isinstance(v.value, str)):
        if value not in regions:
            label = field_label(keys, event.source.loaded.data)
            report.add(
                partial(event.source.loaded.where, keys),
                f"{label}: '{value}' tidak ada di daftar wilayah",
                suggest_region(value, regions),
                code="wilayah-tidak-dikenal",
            )
