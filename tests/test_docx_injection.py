"""SRIKANDI parameter injection (issue 21): `${nomor_naskah}`, `${ttd_pengirim}` or any `${…}`
typed into a record never becomes a parameter in the Word file; only Jejak's marked places
(`data-srikandi`) make one. Judged the way a parser that joins runs and paragraphs sees the file
(PhpWord's does), and stricter: Unicode-normalised (NFKC), invisible characters dropped."""

from __future__ import annotations

import html as html_lib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import NOW
from lxml import html as lxml_html

from generator.cli.main import main
from generator.documents.docx import html_to_docx
from generator.documents.render import document_pages
from generator.records.workspace import load_workspace

PARAMETER = re.compile(r"\$\{([^{}$]*)\}")


def found_parameters(data: bytes) -> Counter[str]:
    """The parameters SRIKANDI would fill in, in every text part of the Word file."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if re.match(r"word/(document|header\d+|footer\d+)\.xml$", n)]
        xml = "".join(package.read(n).decode("utf-8") for n in names)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", xml))
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn", "Me"))
    return Counter(PARAMETER.findall(text))


def marked_places(html: str) -> Counter[str]:
    return Counter(lxml_html.document_fromstring(html).xpath("//*[@data-srikandi]/@data-srikandi"))


PAGE = (
    "<!DOCTYPE html><html><head><style>@page {{ size: 215mm 330mm; margin: 2cm 2cm 2.5cm 3cm }}"
    "p {{ margin: 0 0 0.6em }} .tebal {{ font-weight: bold }} .baris {{ white-space: pre-line }}</style></head>"
    "<body>{}<p>Nomor <span data-srikandi='nomor_naskah'>1/2/2024</span></p></body></html>"
)
# The same `${…}` written every way a record could carry it: in one value, split over two values,
# runs, cells, list items and paragraphs, across a line break, and with look-alike characters.
BODIES = {
    "plain": "<p>Hal: ${nomor_naskah} dan ${ttd_pengirim}</p>",
    "own name": "<p>${tanggal_naskah}${tanggal_naskah}</p>",
    "two paragraphs": "<p>biaya $</p><p>{ttd_pengirim}</p>",
    "two runs": "<p>harga <span class='tebal'>$</span>{nomor_naskah}</p>",
    "bold brace": "<p>$<strong>{ttd_pengirim}</strong></p>",
    "two cells": "<table><tr><td>$</td><td>{ttd_pengirim}</td></tr></table>",
    "cell then paragraph": "<table><tr><td>US$</td></tr></table><p>{nomor_naskah}</p>",
    "two items": "<ol><li>$</li><li>{ttd_pengirim}</li></ol>",
    "line break": "<p>$<br>{ttd_pengirim}</p>",
    "kept line break": "<div class='baris'>$\n{ttd_pengirim}</div>",
    "spaces collapsed": "<p>$   \n  </p><p>{ttd_pengirim}</p>",
    "full-width": "<p>＄｛ttd_pengirim｝</p>",
    "small forms": "<p>﹩﹛nomor_naskah﹜</p>",
    "vertical brace": "<p>$︷ttd_pengirim}</p>",
    "mixed": "<p>＄{nomor_naskah} $｛ttd_pengirim}</p>",
    "zero width": "<p>$\u200b{ttd_pengirim}</p>",
    "word joiner": "<p>$\u2060{ttd_pengirim}</p>",
    "soft hyphen": "<p>$\u00ad{nomor_naskah}</p>",
    "combining mark": "<p>$\u0301{nomor_naskah}</p>",
    "entity": "<p>&#36;&#123;ttd_pengirim&#125;</p>",
    "fake marker": "<p data-srikandi='ttd pengirim'>x</p><p data-srikandi='${x}'>y</p>",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_only_marked_places_become_parameters(body: str, tmp_path: Path) -> None:
    html = PAGE.format(body)
    data = html_to_docx(html, tmp_path)
    assert found_parameters(data) == Counter({"nomor_naskah": 1})


def test_text_still_reads_the_same(tmp_path: Path) -> None:
    """Neutralised, not deleted: the reader sees what the record says (a hair space before the brace)."""
    data = html_to_docx(PAGE.format(BODIES["plain"]), tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode()))
    assert "Hal: $\u200a{nomor_naskah} dan $\u200a{ttd_pengirim}" in text


FIELDS = {  # (line in the sample record to change, how)
    "hal": ("        hal: Undangan Pengiriman Calon Peserta Pelatihan Menjahit Pakaian Angkatan I", "        hal: {}"),
    "tentang": (
        "        tentang: Pembentukan Panitia Pelatihan Menjahit Pakaian Angkatan I Tahun Anggaran 2024",
        "        tentang: {}",
    ),
    "nama kegiatan": ("nama: Pelatihan Menjahit Pakaian Angkatan I", "nama: {}"),
    "mengingat": (
        "          - Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan (Lembaran Negara Republik Indonesia "
        "Tahun 2003 Nomor 39, Tambahan Lembaran Negara Republik Indonesia Nomor 4279) sebagaimana telah diubah "
        "dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang "
        "Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang (Lembaran Negara Republik Indonesia Tahun "
        "2023 Nomor 41, Tambahan Lembaran Negara Republik Indonesia Nomor 6856);",
        "          - {}",
    ),
}
VALUES = {
    "plain": '"Pelatihan ${nomor_naskah} dan ${ttd_pengirim}"',
    "full-width": '"Pelatihan ＄｛ttd_pengirim｝ Angkatan I"',
    "small forms": '"Pelatihan ﹩﹛nomor_naskah﹜"',
    "dollar at the end": '"Pelatihan Menjahit US$"',
    "brace at the start": '"{ttd_pengirim} Pelatihan"',
    "zero width": '"Pelatihan $\\u200b{ttd_pengirim}"',
}


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
@pytest.mark.parametrize("field", FIELDS.values(), ids=FIELDS.keys())
def test_a_record_cannot_place_a_parameter(
    field: tuple[str, str], value: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every text field, every variant: refused by validation, or harmless in every Word file."""
    record = project / "records" / "2024" / "2024-menjahit-1.yaml"
    text = record.read_text(encoding="utf-8")
    line, written = field
    assert line in text
    record.write_text(text.replace(line, written.format(value), 1), encoding="utf-8")
    if main(["validate", "--repo", str(project), str(record)]) != 0:
        out = capsys.readouterr().out
        assert "galat:" in out and "saran:" in out  # refused, with a reason and a fix
        return
    workspace = load_workspace(project, now=NOW)
    event = workspace.event("2024-menjahit-1")
    assert event is not None
    made = 0
    for _, html in document_pages(workspace, event):
        if html is not None:
            assert found_parameters(html_to_docx(html, project)) == marked_places(html)
            made += 1
    assert made >= 10
