"""The saran for a person not found in the office record: the closest ids and names first.

Staff write `dedi` or `Dedi Kurniawan` where the record wants the id `dedi-kurniawan`; the
official roster is not theirs to edit, so it is mentioned only when nothing is close."""

from __future__ import annotations

import re
from collections.abc import Mapping
from difflib import get_close_matches

NOT_FOUND_HINT = (
    "tulis id orang seperti di records/kantor.yaml (huruf kecil dan '-', misalnya rina-wulandari); bila orang "
    "ini memang belum tercatat, minta pengelola data kantor menambahkannya"
)
HONORIFICS = {"bu", "ibu", "pak", "bapak", "sdr", "sdri", "saudara", "saudari"}


def plain_name(name: str) -> str:
    """`Drs. H. Ahmad Fauzi, M.Si.` -> `ahmad fauzi`: the name without titles, in lower case."""
    words = name.split(",")[0].split()
    kept = [w for w in words if not w.endswith(".")] or words
    return " ".join(w for w in re.sub(r"[^\w ]", "", " ".join(kept).lower()).split() if w not in HONORIFICS)


def suggest_person(value: str, people: Mapping[str, str]) -> str:
    """`mungkin maksud Anda 'dedi-kurniawan' (Dedi Kurniawan, S.Kom.)?`; `people` maps id to name."""
    wanted = plain_name(value.replace("-", " "))
    words = set(wanted.split())
    keys = {pid: {plain_name(name), pid.replace("-", " ")} for pid, name in people.items()}
    found = [pid for pid, forms in keys.items() if wanted in forms]
    found = found or [pid for pid, forms in keys.items() if words and any(words <= set(f.split()) for f in forms)]
    if not found:
        every = {form: pid for pid, forms in keys.items() for form in forms}
        found = list(dict.fromkeys(every[f] for f in get_close_matches(wanted, every, n=3, cutoff=0.6)))
    if not found:
        return NOT_FOUND_HINT
    return "mungkin maksud Anda " + " atau ".join(f"'{pid}' ({people[pid]})" for pid in found[:3]) + "?"
