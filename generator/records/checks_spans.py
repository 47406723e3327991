"""A span an SOP declares (kind `rentang`: a `mulai` and a `selesai`) ends no earlier than it
starts. The schedule and every step are spans of the skeleton, said in their own words by
checks.py; the form refuses a reversed span of any kind before it reaches the record
(site_templates/editor/widgets.js)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from generator.dates import moment_text
from generator.records.kinded_values import Findings, values
from generator.records.kinds import END, SPAN, START
from generator.records.model import Event, Sop, parse_moment


def check_spans(event: Event, sop: Sop, findings: Findings) -> None:
    for value in values(event, sop, SPAN):
        span = value.value
        if not isinstance(span, Mapping):
            continue
        start, end = _moment(span.get(START)), _moment(span.get(END), end_of_day=True)
        if start and end and end < start:
            label = findings.label(value.at)
            findings.add(
                value.under(END),
                f"{label}: selesai ({moment_text(end)}) lebih awal dari mulai ({moment_text(start)})",
                "periksa urutan tanggal; 'selesai' harus sama atau setelah 'mulai'",
                "rentang-terbalik",
            )


def _moment(text: object, *, end_of_day: bool = False) -> datetime | None:
    """A span's moment as the schema let it through; None when it is absent (or the SOP declared
    it without a date format, which checks_kinds refuses)."""
    if not isinstance(text, str):
        return None
    try:
        return parse_moment(text, end_of_day=end_of_day)
    except ValueError:
        return None
