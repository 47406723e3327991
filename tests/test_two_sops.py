"""Two SOPs side by side. The second (tests/second_sop/: "Pelayanan Izin LPK", three steps, a
person field, a numbered letter and a document reading two steps) shares no field name with the
training SOP: it proves that validation, the office's letter register, status, documents, the
portal pages, the form and the review summary follow the SOP file and its field kinds, and that
the training SOP behaves exactly as before."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import NOW, REPO

from generator.cli.main import main
from generator.documents.render import document_pages
from generator.history.semantic_diff import describe
from generator.portal.editor import editor_config
from generator.portal.site import BuildError, build_site
from generator.records.kinds import (
    ADDRESSEE,
    AT,
    BY,
    DATE,
    INSTITUTION,
    NAME,
    NUMBER,
    PER_ADDRESSEE,
    PERSON,
    POSITION,
    SEX,
)
from generator.records.load import load_file
from generator.records.workspace import load_workspace

SECOND = Path(__file__).parent / "second_sop"
LPK = "records/2026/2026-izin-lpk-maju-1.yaml"
CODE = "2026-izin-lpk-maju-1"
TRAINING_EVENTS = ("2024-menjahit-1", "2025-las-listrik-1", "2026-barista-1", "2027-tata-rias-1")
KIND_WORDS = {NUMBER, DATE, PER_ADDRESSEE, ADDRESSEE, BY, AT, NAME, SEX, POSITION, PERSON, INSTITUTION}


@pytest.fixture
def two(project: Path) -> Path:
    shutil.copytree(SECOND, project, dirs_exist_ok=True)
    return project


def finish_step_3(root: Path, number: str = "500.15.4/041/IZIN-LPK/2026") -> None:
    record = root / LPK
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(
            "    status: berjalan\n    rencana: 2026-10-15\n    mulai: 2026-10-15 08:00\n",
            "    status: selesai\n    rencana: 2026-10-15\n    mulai: 2026-10-15 08:00\n    selesai: 2026-10-15 14:00\n"
            f"    izin: {{nomor: {number}, tanggal: 2026-10-15, berlaku: 3}}\n"
            "    pengesahan: {oleh: bambang-setiawan, waktu: 2026-10-15 13:30}\n",
        ),
        encoding="utf-8",
    )


def lines(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", "--repo", str(root), *args])
    return code, [line for line in capsys.readouterr().out.splitlines() if not line.startswith("  isian: ")]


def field_names(node: Any) -> set[str]:
    """Every property name declared anywhere in a field's schema."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, child in (node.get("properties") or {}).items():
            found |= {key} | field_names(child)
        found |= field_names(node.get("items"))
    return found


def sop_names(path: Path) -> set[str]:
    data = load_file(path).data
    names: set[str] = set()
    for fields in [data.get("isian_kegiatan") or {}, *(s.get("isian") or {} for s in data["langkah"])]:
        for key, node in fields.items():
            names |= {key} | field_names(node)
    return names - {"jadwal"}  # a common key, labelled by each SOP


# --- the SOP file declares its fields: no shared schema file is edited --------------------


def test_the_second_sop_shares_no_field_name_with_the_training(two: Path) -> None:
    training = sop_names(REPO / "schema" / "sop" / "penyelenggaraan-pelatihan.yaml")
    second = sop_names(SECOND / "schema" / "sop" / "pelayanan-izin-lpk.yaml")
    assert second - KIND_WORDS and training & second <= KIND_WORDS, training & second
    shared = (REPO / "schema" / "kegiatan.schema.json").read_text(encoding="utf-8")
    assert (two / "schema" / "kegiatan.schema.json").read_text(encoding="utf-8") == shared
    assert not [name for name in second - KIND_WORDS if f'"{name}"' in shared]


def test_both_sops_validate(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    finish_step_3(two)
    code, out = lines(two, capsys)
    assert code == 0, out
    assert "8 berkas diperiksa: 0 galat" in out[-1]


def test_meaning_checks_follow_the_second_sop(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = two / LPK
    text = record.read_text(encoding="utf-8").replace("petugas: sri-lestari", "petugas: sri-lestary")
    record.write_text(text.replace("    status: berjalan\n", "    status: selesai\n    selesai: 2026-10-15 14:00\n"))
    code, out = lines(two, capsys, str(record))
    assert code == 1
    assert out[:6] == [
        f"{LPK}:26:16: galat: 'sri-lestary' tidak ada di data kantor (records/kantor.yaml)",
        "  saran: mungkin maksud Anda 'sri-lestari' (Sri Lestari, S.Pd.)?",
        f"{LPK}:30:13: galat: langkah 3 sudah selesai tetapi 'izin' belum diisi (dibutuhkan untuk output: Surat izin)",
        "  saran: isi 'izin' di blok langkah 3, atau ubah status menjadi 'berjalan'",
        f"{LPK}:30:13: galat: langkah 3 sudah selesai tetapi 'pengesahan' belum diisi (dibutuhkan untuk output: "
        "Surat izin)",
        "  saran: isi 'pengesahan' di blok langkah 3, atau ubah status menjadi 'berjalan'",
    ]


def test_its_signature_is_held_by_the_role_its_kind_names(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    finish_step_3(two)
    record = two / LPK
    record.write_text(
        record.read_text(encoding="utf-8").replace("oleh: bambang-setiawan, waktu", "oleh: yusuf-hidayat, waktu")
    )
    code, out = lines(two, capsys, str(record))
    assert code == 1
    assert (
        f"{LPK}:35:24: galat: 'pengesahan.oleh' diisi Yusuf Hidayat, S.T., M.M., padahal harus Kepala Dinas " in out[0]
    )
    assert not [line for line in out if re.search(r"tanda_tangan|penomoran|langkah 5", line)]


def test_an_unknown_key_is_named_from_its_own_sop(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = two / LPK
    record.write_text(record.read_text(encoding="utf-8").replace("    permohonan:\n", "    permohonnan:\n"))
    code, out = lines(two, capsys, str(record))
    assert code == 1
    assert out[:2] == [
        f"{LPK}:16:5: galat: langkah 1: kunci 'permohonnan' tidak dikenal",
        "  saran: mungkin maksud Anda 'permohonan'?",
    ]


# --- its letter is one of the office's letters ----------------------------------------------


def test_its_number_is_refused_when_reused_anywhere_in_the_office(two: Path, capsys) -> None:
    finish_step_3(two, number="500.15.4/021/BLK/2024")  # the 2024 invitation's number
    code, out = lines(two, capsys)
    assert code == 1
    assert (
        f"{LPK}:34:19: galat: nomor surat '500.15.4/021/BLK/2024' sudah dipakai di records/2024/2024-menjahit-1.yaml:112"
        in out
    )


def test_its_number_is_in_the_register_and_found_by_search(two: Path) -> None:
    finish_step_3(two)
    site = build_site(two, two / "site", pdf=False, now=NOW).site_dir
    page = (site / "kegiatan" / CODE / "index.html").read_text(encoding="utf-8")
    register = page[page.index("Nomor surat") :]
    assert re.search(
        r"Surat Izin Penyelenggaraan Pelatihan</td>\s*<td[^>]*>500.15.4/041/IZIN-LPK/2026</td>\s*"
        r"<td[^>]*>15 Oktober 2026</td>",  # cells carry their column's label (cards on a phone)
        register,
    )
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "500.15.4/041/IZIN-LPK/2026" in index


# --- its pages, form, documents and summary ---------------------------------------------------


def test_its_pages_show_only_its_own_fields(two: Path) -> None:
    finish_step_3(two)
    site = build_site(two, two / "site", pdf=False, now=NOW).site_dir
    page = (site / "kegiatan" / CODE / "index.html").read_text(encoding="utf-8")
    identity = page[page.index('id="identitas"') : page.index('id="linimasa-langkah-sop"')]
    for shown in ("Nama lembaga", "LPK Maju Terampil", "Program pelatihan", "Jangka waktu layanan"):
        assert shown in identity
    for training in ("Kejuruan", "Kuota", "Peserta", "Panitia", "Jadwal pelatihan", "Tempat"):
        assert training not in page
    assert "Meninjau lembaga di lapangan" in page and "Membuat rencana kerja" not in page
    training = (site / "kegiatan" / "2024-menjahit-1" / "index.html").read_text(encoding="utf-8")
    assert "Kejuruan" in training and "Panitia" in training and "Jadwal pelatihan" in training
    home = (site / "index.html").read_text(encoding="utf-8")  # both SOPs' events: a word both fit
    assert "<th>Jadwal</th>" in home and "Jadwal pelatihan" not in home
    recap = (site / "rekap" / "2026" / "index.html").read_text(encoding="utf-8")
    assert "<th>Jadwal</th>" in recap or "Jadwal pelatihan" not in recap


def test_its_documents_print_resolved_people(two: Path) -> None:
    finish_step_3(two)
    ws = load_workspace(two, now=NOW)
    pages = document_pages(ws, ws.event(CODE))
    assert [(info.kind, info.ready, info.draft) for info, _ in pages] == [
        ("berita-acara-tinjau", True, False),
        ("surat-izin", True, False),
    ]
    minutes, permit = (html or "" for _, html in pages)
    # step 1 and step 2 in one document; the person field printed as a person, with office and NIP
    assert "diterima pada 12 Oktober 2026" in minutes and "ditinjau di lapangan pada\n14 Oktober 2026" in minutes
    assert "oleh Sri Lestari, S.Pd. (Staf Bidang Balai Latihan Kerja, NIP 19881123 201402 2 002)" in minutes
    assert "sri-lestari" not in minutes
    # its own number and date, the event's fields, and the signer of step 3 on that date
    assert "NOMOR 500.15.4/041/IZIN-LPK/2026" in permit and "selama 3 tahun sejak 15 Oktober 2026" in permit
    assert "LPK Maju Terampil diberi izin menyelenggarakan program Menjahit Pakaian Dasar" in permit
    assert "Bambang Setiawan" in permit


def test_a_broken_template_is_a_file_line_galat(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    finish_step_3(two)
    template = two / "site_templates" / "dokumen" / "surat-izin.html"
    template.write_text(template.read_text(encoding="utf-8").replace("isian.program", "isian.progam"))
    code, out = lines(two, capsys)
    assert code == 1
    start = next(i for i, line in enumerate(out) if line.startswith("site_templates/"))
    assert out[start : start + 2] == [
        "site_templates/dokumen/surat-izin.html:5:1: galat: templat dokumen tidak dapat dibuat: isian 'progam' tidak ada",
        "  saran: periksa nama isian di templat; yang tersedia: isian (semua isian kegiatan menurut namanya), "
        "langkah, nomor, tanggal, judul, kegiatan, dated, ttd (lihat Panduan, dokumen kantor)",
    ]
    with pytest.raises(BuildError) as refused:
        build_site(two, two / "site", pdf=False, now=NOW)
    assert [p.path for p in refused.value.problems] == ["site_templates/dokumen/surat-izin.html"]
    assert main(["dokumen", CODE, "--repo", str(two), "--keluar", str(two / "out")]) == 1
    err = capsys.readouterr().err
    assert "surat-izin.html:5" in err and "Traceback" not in err


def test_the_form_asks_for_its_own_fields(two: Path) -> None:
    ws = load_workspace(two, now=NOW)
    collection = next(c for c in editor_config(ws)["collections"] if c["name"] == "pelayanan-izin-lpk")
    names = [f["name"] for f in collection["fields"]]
    assert names == ["kode", "sop", "nama", "lembaga", "program", "jadwal", "langkah"]
    assert [f["label"] for f in collection["fields"][3:6]] == [
        "Nama lembaga",
        "Program pelatihan",
        "Jangka waktu layanan",
    ]
    step2 = next(t for t in collection["fields"][-1]["types"] if t["name"] == "2")
    inspection = next(f for f in step2["fields"] if f["name"] == "peninjauan")
    assert next(f for f in inspection["fields"] if f["name"] == "petugas")["widget"] == "relation"


MOMENT = "format: tanggal-waktu, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}[:.][0-9]{2})?$'"
VISIT = (  # a span of the SOP's own (kind `rentang`): the inspectors' visit
    "      kunjungan:\n"
    "        title: Kunjungan lapangan\n"
    "        type: object\n"
    "        jenis: rentang\n"
    "        properties:\n"
    f"          mulai: {{title: Tiba, type: string, {MOMENT}}}\n"
    f"          selesai: {{title: Pulang, type: string, {MOMENT}}}\n"
    "        additionalProperties: false\n"
)


def test_a_span_the_sop_declares_ends_after_it_starts(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Any start/end pair an SOP declares (kind `rentang`) is checked like the schedule and the
    steps: `jejak validate` refuses it reversed, and the form's date widget is told which is which."""
    sop = two / "schema" / "sop" / "pelayanan-izin-lpk.yaml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace(
            "    wajib_bila_selesai: [peninjauan]\n", VISIT + "    wajib_bila_selesai: [peninjauan]\n"
        ),
        encoding="utf-8",
    )
    record = two / LPK
    visit = "    kunjungan: {mulai: 2026-10-13 09:30, selesai: 2026-10-13 08:15}\n"
    record.write_text(
        record.read_text(encoding="utf-8").replace("    peninjauan:\n", visit + "    peninjauan:\n"), encoding="utf-8"
    )
    code, out = lines(two, capsys)
    assert code == 1
    mine = [line for line in out if line.startswith(f"{LPK}:")]
    assert mine == [
        f"{LPK}:25:51: galat: langkah 2, 'kunjungan': selesai (2026-10-13 08:15) lebih awal dari mulai "
        "(2026-10-13 09:30)"
    ], out
    assert "  saran: periksa urutan tanggal; 'selesai' harus sama atau setelah 'mulai'" in out
    collection = next(
        c for c in editor_config(load_workspace(two, now=NOW))["collections"] if c["name"] == "pelayanan-izin-lpk"
    )
    step2 = next(t for t in collection["fields"][-1]["types"] if t["name"] == "2")
    visit_fields = next(f for f in step2["fields"] if f["name"] == "kunjungan")["fields"]
    assert [(f["name"], f["widget"], f.get("rentang")) for f in visit_fields] == [
        ("mulai", "jejak-tanggal", "mulai"),
        ("selesai", "jejak-tanggal", "selesai"),
    ]
    assert [f.get("rentang") for f in step2["fields"] if f["name"] in ("mulai", "selesai")] == ["mulai", "selesai"]
    jadwal = next(f for f in collection["fields"] if f["name"] == "jadwal")
    assert [f.get("rentang") for f in jadwal["fields"]] == ["mulai", "selesai"]


def test_status_names_the_second_sops_step(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--repo", str(two), "--pada", "2026-10-15T10:00"]) == 0
    out = capsys.readouterr().out
    block = out[out.index(CODE) :].split("\n\n")[0]
    assert "langkah 3/3: Menerbitkan surat izin penyelenggaraan" in block
    assert "giliran: Ir. Bambang Setiawan, M.T." in block


def test_review_summary_names_its_steps_and_its_letter(two: Path) -> None:
    ws = load_workspace(two, now=NOW)
    old = (two / LPK).read_text(encoding="utf-8")
    finish_step_3(two)
    new = (two / LPK).read_text(encoding="utf-8")
    result = describe(old, new, LPK, sops=ws.sops, office=ws.office)
    assert result.sop == "pelayanan-izin-lpk"
    assert result.lines[0].startswith("langkah 3 'Menerbitkan surat izin penyelenggaraan': berjalan → selesai")
    assert "nomor Surat Izin Penyelenggaraan Pelatihan diisi: 500.15.4/041/IZIN-LPK/2026" in result.lines
    assert "langkah 3: pengesahan diisi: Ir. Bambang Setiawan, M.T. (15 Oktober 2026 13.30 WIB)" in result.lines


def test_new_writes_the_second_sops_own_fields(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Izin LPK Cahaya", "--tahun", "2027", "--repo", str(two)]) == 2
    err = capsys.readouterr().err
    assert "ada 2 SOP; pilih salah satu dengan --sop" in err
    assert "SOP yang ada: pelayanan-izin-lpk, penyelenggaraan-pelatihan" in err
    assert main(["new", "Izin LPK Cahaya", "--tahun", "2027", "--sop", "pelayanan-izin-lpk", "--repo", str(two)]) == 0
    created = (two / "records" / "2027" / "2027-izin-lpk-cahaya.yaml").read_text(encoding="utf-8")
    assert "sop: pelayanan-izin-lpk" in created and created.count("status: belum") == 3
    assert 'lembaga: "ISI: nama lembaga"' in created and "kejuruan" not in created and "peserta" not in created


# --- the training SOP is unchanged beside it ----------------------------------------------------


def test_the_training_sop_is_unchanged(two: Path, tmp_path: Path) -> None:
    """The same training documents, byte for byte, with and without the second SOP beside it."""
    alone = tmp_path / "sendiri"
    for folder in ("schema", "records", "site_templates"):
        shutil.copytree(REPO / folder, alone / folder)
    before, after = load_workspace(alone, now=NOW), load_workspace(two, now=NOW)
    for code in TRAINING_EVENTS:
        assert document_pages(before, before.event(code)) == document_pages(after, after.event(code))
    assert len(after.sops["penyelenggaraan-pelatihan"].documents) == 10  # nine and the SALINAN Keputusan
    assert before.schemas["penyelenggaraan-pelatihan"] == after.schemas["penyelenggaraan-pelatihan"]


# --- an SOP's fields are checked before any record is read against them ------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    wajib_bila_selesai: [permohonan]\n",
            "      keterangan_lain: {title: Keterangan lain, description: tanpa skema}\n"
            "    wajib_bila_selesai: [permohonan]\n",
            "isian 'keterangan_lain' tanpa skema: tulis setidaknya jenis nilainya",
        ),
        (
            "jenis: orang, pattern",
            "jenis: pegawai, pattern",
            "isian 'peninjauan.petugas': jenis 'pegawai' tidak dikenal",
        ),
        ("dokumen: surat-izin\n", "dokumen: surat-ijin\n", "isian 'izin': dokumen 'surat-ijin' tidak ada di SOP ini"),
        (
            "          nomor: {title: Nomor izin,",
            "          nomer: {title: Nomor izin,",
            "isian 'izin' berjenis surat tetapi tidak memuat 'nomor'",
        ),
        ("type: integer, minimum: 1}", "type: integer, minimum: satu}", "skema isian 'izin' tidak sah"),
        (
            "    wajib_bila_selesai: [peninjauan]\n",
            "      kunjungan: {type: object, jenis: rentang, properties: {mulai: {type: string}, "
            "selesai: {type: string, format: date}}}\n    wajib_bila_selesai: [peninjauan]\n",
            "'kunjungan.mulai' berjenis rentang harus bertanggal",
        ),
    ],
)
def test_an_sops_fields_are_checked(two: Path, capsys, old: str, new: str, message: str) -> None:
    path = two / "schema" / "sop" / "pelayanan-izin-lpk.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out = lines(two, capsys)
    assert code == 1
    assert any(line.startswith("schema/sop/pelayanan-izin-lpk.yaml:") and message in line for line in out), out
    assert not any(line.startswith(f"{LPK}:") for line in out)  # the SOP's own problems say what to fix


def test_a_fields_schema_is_judged_by_its_exact_value_on_every_read(two: Path, capsys) -> None:
    """The metaschema's verdict is kept per process under the schema's exact value: the integer 1
    accepted, then the string "1" and the float 1.5 (as a YAML writer might) refused in the same
    process, then 1 accepted again."""
    path = two / "schema" / "sop" / "pelayanan-izin-lpk.yaml"
    text = path.read_text(encoding="utf-8")
    assert "type: integer, minimum: 1}" in text
    for minimum, refused in (("1", False), ('"1"', True), ("1.5", False), ("'1'", True), ("1", False)):
        path.write_text(
            text.replace("type: integer, minimum: 1}", f"type: integer, minimum: {minimum}}}", 1), encoding="utf-8"
        )
        code, out = lines(two, capsys)
        found = [line for line in out if "skema isian 'izin' tidak sah" in line]
        assert bool(found) is refused, (minimum, out)
        assert code == (1 if refused else 0), (minimum, out)


def test_the_assembled_schema_is_the_skeleton_and_the_sops_fields(two: Path) -> None:
    ws = load_workspace(two, now=NOW)
    schema = ws.schemas["pelayanan-izin-lpk"]
    assert list(schema["properties"]) == ["kode", "sop", "contoh", "nama", "lembaga", "program", "jadwal", "langkah"]
    assert schema["properties"]["jadwal"]["title"] == "Jangka waktu layanan"
    steps = schema["definitions"]["langkah"]["properties"]
    assert {"permohonan", "peninjauan", "izin", "pengesahan"} <= set(steps) and "penomoran" not in steps
    assert schema["additionalProperties"] is False and json.dumps(schema)
