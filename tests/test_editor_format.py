"""The editor's "jejak-yaml" format (site_templates/editor/format.js), run in Node on real records:
records stay as people wrote them; a one-field edit is a one-line diff."""

from __future__ import annotations

import difflib
import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from generator.portal.editor import MODELINE
from generator.portal.editor_fields import step_key_order, top_level_lists
from generator.records.load import load_text
from generator.records.workspace import load_workspace

CLI = REPO / "tests" / "editor" / "format_cli.mjs"
SAMPLES = sorted((REPO / "records").glob("*/*.yaml")) + sorted((REPO / "tests" / "good_records").glob("*.yaml"))


@functools.cache
def order() -> list[str]:
    """The training SOP's key order, read on first use (never at import)."""
    workspace = load_workspace(REPO)
    return step_key_order(workspace.sops["penyelenggaraan-pelatihan"], workspace.schemas["penyelenggaraan-pelatihan"])


@functools.cache
def lists() -> list[str]:
    return top_level_lists(load_workspace(REPO).schemas)


def save(text: str | None, edits: list[tuple[list[Any], Any]] = (), data: dict | None = None) -> str:  # type: ignore[assignment]
    """What the editor writes after reading `text` (or starting a new entry from `data`) and making `edits`."""
    job = {"text": text, "data": data, "order": order(), "modeline": MODELINE, "edits": edits}
    job["topLevelLists"] = lists()
    done = subprocess.run(["node", str(CLI)], input=json.dumps(job), capture_output=True, text=True, check=True)
    return done.stdout


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_record_round_trips_byte_identically(path: Path):
    text = path.read_text(encoding="utf-8")
    assert save(text) == text


@pytest.mark.parametrize("path", [p for p in SAMPLES if "kantor" not in p.name], ids=lambda p: p.name)
def test_a_one_field_edit_is_a_one_line_diff(path: Path):
    text = path.read_text(encoding="utf-8")
    steps = load_text(text, path).data["langkah"]
    last = len(steps) - 1
    new_status = "berjalan" if steps[last]["status"] != "berjalan" else "belum"
    after = save(text, [(["langkah", last, "status"], new_status)])
    assert changed_lines(text, after) == [
        f"-    status: {steps[last]['status']}",
        f"+    status: {new_status}",
    ]
    assert f"  - no: {steps[last]['no']}" in after.splitlines()  # integers stay integers


BARISTA = (REPO / "records" / "2026" / "2026-barista-1.yaml").read_text(encoding="utf-8")


def test_a_new_key_takes_its_place_in_schema_order_and_a_cleared_key_goes():
    after = save(
        BARISTA,
        [
            (["langkah", 7, "mulai"], "2026-11-20 09:00"),
            (["langkah", 7, "oleh"], "dedi-kurniawan"),
            (["langkah", 5, "catatan"], ""),
            (["panitia", 4, "instansi"], ""),
        ],
    )
    assert changed_lines(BARISTA, after) == [
        "-  - {nama: Fajar Ramadhan, jabatan: Instruktur, instansi: Rumah Kopi Besemah}",
        "+  - {nama: Fajar Ramadhan, jabatan: Instruktur}",
        "-    catatan: Pengiriman menunggu kendaraan dinas yang dipakai kegiatan lain pada 30 Oktober 2026.",
        "+    mulai: 2026-11-20 09:00",
        "+    oleh: dedi-kurniawan",
    ]
    assert after.splitlines()[
        after.splitlines().index("  - no: 8") + 2 : after.splitlines().index("  - no: 8") + 5
    ] == [
        "    rencana: 2026-11-16",
        "    mulai: 2026-11-20 09:00",
        "    oleh: dedi-kurniawan",
    ]


def test_an_edited_folded_text_is_refolded_in_place_and_nothing_else_moves():
    text = "Jawaban dua kabupaten belum diterima; " * 5
    after = save(BARISTA, [(["langkah", 6, "catatan"], text.strip())])
    removed = [line for line in changed_lines(BARISTA, after) if line.startswith("-")]
    assert removed == [
        "-      Jawaban Kabupaten Empat Lawang dan Kabupaten Muara Enim belum diterima melewati batas",
        "-      jawaban 11 November 2026; keduanya sudah diingatkan melalui telepon kantor pada",
        "-      18 November 2026.",
    ]
    reloaded = load_text(after, Path("x.yaml")).data
    assert reloaded["langkah"][6]["catatan"] == text.strip()


NASTY = [
    "teks: dengan titik dua",
    "# bukan komentar",
    "*bukan-alias",
    "true",
    "08:30",
    "2024-01-15",
    "baris satu\nbaris dua",
    '"kutip" dan \\ garis miring',
    "  spasi di depan",
    "- seperti daftar",
    "{seperti: peta}",
]


@pytest.mark.parametrize("value", NASTY)
def test_whatever_staff_type_reads_back_as_typed(value: str):
    """The strict loader of `jejak validate` reads back exactly the text typed in the form."""
    after = save(BARISTA, [(["langkah", 7, "catatan"], value), (["nama"], value)])
    data = load_text(after, Path("x.yaml")).data
    assert data["langkah"][7]["catatan"] == value
    assert data["nama"] == value
    assert len(changed_lines(BARISTA, after)) <= 3 + 2 * (value.count("\n") + 1)  # nothing else moved


def test_a_new_event_is_written_like_jejak_new(tmp_path: Path):
    data = {
        "kode": "2027-menjahit-2",
        "sop": "penyelenggaraan-pelatihan",
        "nama": "Pelatihan Menjahit Angkatan II",
        "kejuruan": "",
        "jadwal": {"mulai": "2027-03-01", "selesai": "2027-03-05"},
        "panitia": [],
        "peserta": [],
        "langkah": [{"no": str(n), "status": "belum"} for n in range(1, 12)],
        "_jejak_tahun": "2027",
    }
    text = save(None, data=data)
    assert text.splitlines()[:8] == [
        MODELINE,
        "kode: 2027-menjahit-2",
        "sop: penyelenggaraan-pelatihan",
        "nama: Pelatihan Menjahit Angkatan II",
        "jadwal: {mulai: 2027-03-01, selesai: 2027-03-05}",
        "panitia: []",
        "peserta: []",
        "langkah:",
    ]
    assert text.splitlines()[8:10] == ["  - no: 1", "    status: belum"]
    assert "_jejak" not in text and "kejuruan" not in text


def test_emptying_a_list_of_the_event_writes_an_empty_list_and_a_steps_list_goes():
    after = save(BARISTA, [(["panitia"], []), (["langkah", 5, "pengiriman"], [])])
    lines = after.splitlines()
    assert "panitia: []" in lines and not any(line.startswith("  - {orang: ") for line in lines)
    # the comment above `peserta:` belongs to it and stays
    assert lines[lines.index("panitia: []") + 1].startswith("# Peserta ditetapkan pada rapat internal")
    assert "    pengiriman:" not in lines
    data = load_text(after, Path("x.yaml")).data
    assert data["panitia"] == [] and "pengiriman" not in data["langkah"][5]


def test_a_record_read_ahead_reads_as_decap_reads_it_and_is_handed_out_once():
    """start.js reads the early list's records while Decap's script compiles (format.js readEarly):
    Decap gets exactly what it would have read itself, each object once, and a broken file is
    still refused by fromFile with its own message."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES] + ["nama: [tidak ditutup\n", "a: 1\na: 2\n"]
    script = REPO / "tests" / "editor" / "read_ahead.mjs"
    done = subprocess.run(["node", str(script)], input=json.dumps(texts), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    *results, left = json.loads(done.stdout)
    assert left == 0
    for result in results:
        assert result["early"] == result["fresh"] == result["again"]
        assert not result["same"]  # the second read is a new object: Decap owns the first
    refused = [r["fresh"] for r in results[-2:]]
    assert all(isinstance(r, str) and r.startswith("refused: berkas YAML tidak dapat dibaca") for r in refused)
