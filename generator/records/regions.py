"""Regions (Kabupaten/Kota) come from a list: `Kab. Lahat`, `lahat` and `Kabupaten Lahat`
would otherwise be three rows of the yearly recap."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from difflib import get_close_matches
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.records.checks import Report
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
# Where a step's data names a region: (list key, item key), wherever the SOP puts them.
REGION_FIELDS = (("surat.undangan.kepada", "wilayah"), ("pengiriman", "tujuan"), ("jawaban", "dari"))
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


def region_values(event: Event) -> Iterator[tuple[tuple, str, str]]:
    """(key path inside the record, what the value is, the value) of every region an event names."""
    for i, person in enumerate(event.participants):
        yield ("peserta", i, "asal"), f"'peserta' butir {i + 1}, 'asal'", person.origin
    for step in event.steps:
        for path, key in REGION_FIELDS:
            items = _dig(step.data, path)
            for i, item in enumerate(items if isinstance(items, (list, tuple)) else ()):
                if isinstance(item, Mapping) and isinstance(item.get(key), str):
                    keys = (*path.split("."), i, key)
                    yield step.source.prefix + keys, f"langkah {step.no}, '{path}' butir {i + 1}, '{key}'", item[key]


def check_regions(event: Event, office: Office, report: Report) -> None:
    regions = office.regions
    for keys, label, value in region_values(event):
        if value not in regions:
            report.add(
                partial(event.source.loaded.where, keys),
                f"{label}: '{value}' tidak ada di daftar wilayah",
                suggest_region(value, regions),
                code="wilayah-tidak-dikenal",
            )


def _dig(data: object, path: str) -> object:
    for key in path.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data
