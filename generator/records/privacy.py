"""Personal data that must never be in an event record (UU 27/2022 on personal data
protection): NIK numbers, phone numbers and e-mail addresses, comments included."""

from __future__ import annotations

import re

from generator.problem import Problem
from generator.records.checks import Report
from generator.records.load import Loaded

NIK = re.compile(r"(?<!\d)(?<!\d )\d(?: ?\d){15}(?! ?\d)")
PHONE = re.compile(r"(?<![\d\w])(?:\+62|62|0)[\s-]?8\d{1,3}(?:[\s-]?\d{2,4}){2,3}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ANY_PERSONAL = re.compile("|".join(f"(?:{p.pattern})" for p in (NIK, PHONE, EMAIL)))
# Cheap first looks: the alternation above defeats the regex engine's fast scanning.
MAYBE_NIK = re.compile(r"\d\d\d\d ?\d\d\d\d ?\d\d\d\d ?\d\d\d\d|\d\d ?\d\d ?\d\d ?\d{6} ?\d{4}")
MAYBE_PHONE = re.compile(r"[02+][\s-]?8\d{1,3}[\s-]?\d{2,4}[\s-]?\d{2,4}")


def check_personal_data(loaded: Loaded, rel: str) -> list[Problem]:
    """No NIK, phone number or e-mail address anywhere in an event record, comments included
    (UU 27/2022): Git keeps every version forever."""
    report = Report(rel)
    text = loaded.text
    if not ("@" in text or MAYBE_NIK.search(text) or MAYBE_PHONE.search(text)):
        return []
    for match in ANY_PERSONAL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        where = (line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1)
        found = match.group()
        if NIK.fullmatch(found):
            report.add(
                where,
                "angka 16 digit ini menyerupai NIK",
                "catatan kegiatan tidak boleh memuat NIK "
                "(UU 27/2022 tentang Pelindungan Data Pribadi); hapus angka ini",
                code="data-pribadi",
            )
        elif EMAIL.fullmatch(found):
            report.add(
                where,
                "catatan memuat alamat surel",
                "catatan kegiatan tidak boleh memuat alamat surel peserta atau orang lain; hapus alamat ini",
                code="data-pribadi",
            )
        else:
            report.add(
                where,
                "catatan memuat nomor telepon",
                "catatan kegiatan tidak boleh memuat nomor telepon peserta atau orang lain; hapus nomor ini",
                code="data-pribadi",
            )
    return report.problems
