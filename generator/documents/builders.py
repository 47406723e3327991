"""The documents Jejak knows how to write, by document id: each builder knows its own fields.

A document an SOP names without a builder here is written by the office's own template, which
reads the whole event (documents/office.py). These are the only generic-looking modules allowed
to name an SOP's fields and documents (tests/test_neutral.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.documents import letters, reports
from generator.documents.common import Sources
from generator.records.model import SopDocument

MONEY_STYLE: dict[str, Any] = {}  # money() defaults: `Rp1.500.000,00`

Builder = Callable[[Sources, SopDocument, "str | None", bool], dict[str, Any]]


def _plan(src: Sources, doc: SopDocument, key: str | None, draft: bool) -> dict[str, Any]:
    return reports.rencana_kerja(src, doc, key, draft, money_style=MONEY_STYLE)


BUILDERS: dict[str, Builder] = {
    "rencana-kerja": _plan,
    "undangan": letters.undangan,
    "pengantar": letters.pengantar,
    "keputusan": letters.keputusan,
    "keputusan-salinan": letters.salinan,
    "tanda-terima": reports.tanda_terima,
    "rekap-calon": reports.rekap_calon,
    "notulen": reports.notulen,
    "daftar-hadir": reports.daftar_hadir,
    "laporan": reports.laporan,
}
