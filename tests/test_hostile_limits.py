"""Hostile input, round 2 — denial of service and "valid means buildable": problems per file
are capped, dates lie near the event's year, participants beyond the quota are reported, the
logo has a size limit, every scan finishes on the worst text (timings are in bench/hostile.py,
not here), and derived file names are bounded and never collide: a record that validates builds,
and every one of its documents is written."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from conftest import NOW, REPO, put
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli.main import main
from generator.documents.render import document_pages, write_pages
from generator.portal.site import build_site
from generator.records.attachments import LOGO_MAX_BYTES
from generator.records.checks_limits import MAX_PROBLEMS
from generator.records.workspace import load_workspace

EVENT = "records/2024/2024-menjahit-1.yaml"
SAMPLE = (REPO / EVENT).read_text(encoding="utf-8")


def problems(project: Path, entrance: str = EVENT):
    return [p for p in load_workspace(project, now=NOW).problems if p.path == entrance]


# --- problems per file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "peserta: [" + ", ".join(["1"] * 200_000) + "]",  # 200,000 wrong items
        "peserta:\n" + "".join("  - {nama: x, asal: y, jenis_kelamin: Q}\n" for _ in range(20_000)),
        "langkah:\n" + "".join(f"  - {{no: {n}, status: belum, x{n}: 1}}\n" for n in range(1, 5000)),
        "# " + "0812-3456-7890 " * 30_000,  # a phone number, 30,000 times
    ],
    ids=["flow-list", "block-list", "steps", "phones"],
)
def test_problems_per_file_are_capped(project: Path, bad: str):
    path = project / "records" / "2024" / "2024-banyak.yaml"
    path.write_text(SAMPLE.replace("kode: 2024-menjahit-1", "kode: 2024-banyak") + bad + "\n", encoding="utf-8")
    found = problems(project, "records/2024/2024-banyak.yaml")
    assert 1 <= len(found) <= MAX_PROBLEMS + 1
    if len(found) == MAX_PROBLEMS + 1:
        assert found[-1].message.startswith("masih ada ") and "masalah lain di berkas ini" in found[-1].message


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("jadwal: {mulai: 2024-03-04,", "jadwal: {mulai: 0001-03-04,", "tahun 0001 di luar rentang"),
        (
            "jadwal: {mulai: 2024-03-04, selesai: 2024-03-06}",
            "jadwal: {mulai: 2024-03-04, selesai: 9999-03-06}",
            "tahun 9999 di luar rentang",
        ),
        ("jadwal: {mulai: 2024-03-04,", "jadwal: {mulai: 1949-12-31,", "tahun 1949 di luar rentang"),
        ("    mulai: 2024-03-04 08:00", "    mulai: 2100-01-01 08:00", "tahun 2100 di luar rentang"),
        (
            "jadwal: {mulai: 2024-03-04,",
            "jadwal: {mulai: 2020-03-04,",
            "tanggal 2020-03-04 terlalu jauh dari tahun kegiatan 2024",
        ),
        (
            "    mulai: 2024-03-04 08:00",
            "    mulai: 2027-03-04 08:00",
            "tanggal 2027-03-04 08:00 terlalu jauh dari tahun kegiatan 2024",
        ),
    ],
)
def test_dates_far_from_the_event_are_errors(project: Path, capsys, old: str, new: str, message: str):
    line = put(project, EVENT, old, new)
    found = [p for p in problems(project) if p.is_error]
    assert any(p.line == line and message in p.message for p in found), found
    assert main(["validate", "--repo", str(project)]) == 1
    capsys.readouterr()


def test_participants_beyond_the_quota_are_reported(project: Path):
    line = put(project, EVENT, "kuota: 12", "kuota: 3")
    found = [p for p in problems(project) if p.code == "melebihi-kuota"]
    assert [(p.severity, p.message) for p in found] == [
        ("peringatan", "jumlah peserta (12 orang) melebihi kuota (3 orang)")
    ]
    assert found[0].line > line


def test_a_logo_above_the_size_limit_is_refused(project: Path):
    logo = project / "schema" / "aset" / "logo-kota.svg"
    text = logo.read_text(encoding="utf-8")
    logo.write_text(
        text.replace("</svg>", "<g>" + "<rect width='1' height='1'/>" * 40_000 + "</g></svg>"), encoding="utf-8"
    )
    assert logo.stat().st_size > LOGO_MAX_BYTES
    found = problems(project, "records/kantor.yaml")
    assert [p.code for p in found] == ["logo"] and "terlalu besar" in found[0].message


# --- the worst text for each scan: it finishes (bench/hostile.py shows the time is linear) ----------

WORST = [
    "a" * 200_000,
    "a@" * 100_000,
    "1 " * 100_000,
    "2 " * 100_000,
    "x at y dot " * 20_000,
    "１２３４＠" * 40_000,
    "a." * 100_000,
]


@pytest.mark.parametrize(
    "text", WORST, ids=["words", "at-signs", "digits", "no-number", "at-words", "fullwidth", "dots"]
)
def test_the_worst_texts_for_each_scan_finish(project: Path, text: str):
    put(project, EVENT, "catatan: Disetujui tanpa perubahan.", f"catatan: Disetujui.  # {text}")
    put(project, EVENT, "tempat: Workshop", f"tempat: {json.dumps(text[:190], ensure_ascii=False)}  # Workshop")
    found = problems(project)
    assert len(found) <= MAX_PROBLEMS + 1


# --- derived file names ---------------------------------------------------------------------------

REGIONS = ("Kabupaten Lahat", "Kabupaten Empat Lawang", "Kabupaten Muara Enim", "Kota Pagar Alam")


def with_regions(names: list[str]) -> str:
    """The complete sample with its four invited regions renamed wherever it names them: the
    addressees (titled and placed by the region alone, which stays within 200 characters), the
    deliveries, the replies and the participants. Two addressees may share a name here, so the
    invitation asks for no quota per addressee."""
    text = re.sub(r"\n *kuota_per_tujuan: \d+", "", SAMPLE)
    for old, new in zip(REGIONS, names, strict=True):
        quoted = json.dumps(new, ensure_ascii=False)
        text = re.sub(rf"(wilayah|tujuan|dari|asal): {old}\b", lambda m, q=quoted: f"{m.group(1)}: {q}", text)
        text = re.sub(rf"(jabatan|penerima): [^,}}\n]*?{old}\b", lambda m, q=quoted: f"{m.group(1)}: {q}", text)
        text = re.sub(rf"di: {old.split(' ', 1)[1]}\b", lambda m, q=quoted: f"di: {q}", text)
    return text


def allow_regions(project: Path, names: list[str]) -> None:
    """The office's list of regions (records/kantor.yaml `wilayah`) holds the names used."""
    office = project / "records" / "kantor.yaml"
    listed = "".join(f"  - {json.dumps(n, ensure_ascii=False)}\n" for n in dict.fromkeys(names))
    office.write_text(
        office.read_text(encoding="utf-8").replace("wilayah:\n", "wilayah:\n" + listed, 1), encoding="utf-8"
    )


def written(project: Path) -> tuple[int, int]:
    """(ready documents of the sample, files written for them) in a real folder."""
    workspace = load_workspace(project, now=NOW)
    event = workspace.event("2024-menjahit-1")
    pages = document_pages(workspace, event)
    ready = [(info, html) for info, html in pages if html is not None]
    with tempfile.TemporaryDirectory() as folder:
        files = write_pages(ready, Path(folder))
        return len(ready), len({f.name for f in files if f.is_file()})


LONG = "Kabupaten " + "Ogan Komering Ulu Selatan Timur Raya " * 5  # ~190 characters
# Region names follow the office's list (`Kabupaten X` / `Kota X`, issue 12): still free to collide.
COLLIDING = [
    ["Kota X", "Kota X", "Kota X 2", "Kota X-2"],
    ["Kota Xa", "Kota XA", "Kota X a", "Kota X-A"],
    [LONG, LONG + "a", LONG + "b", "Kota " + LONG[10:]],
    [
        "Kabupaten Ogan Komering Ilir" + "é" * 150,
        "Kabupaten T" + "東京" * 60,
        "Kota M" + "مرحبا" * 30,
        "Kota X" + "😀" * 40,
    ],
    ["Kota A", "Kota A (Lama)", "Kota A/Baru", "Kota A Baru"],
]


@pytest.mark.parametrize("names", COLLIDING, ids=["counter", "case", "long", "multibyte", "no-letters"])
def test_similar_or_long_addressees_each_get_their_own_letter(project: Path, names: list[str]):
    (project / EVENT).write_text(with_regions(names), encoding="utf-8")
    allow_regions(project, names)
    workspace = load_workspace(project, now=NOW)
    assert workspace.ok, [p for p in workspace.problems if p.is_error]
    ready, files = written(project)
    assert ready == files >= 8


def test_a_record_with_long_and_colliding_names_builds_with_every_document(project: Path):
    (project / EVENT).write_text(with_regions(COLLIDING[3]), encoding="utf-8")
    allow_regions(project, COLLIDING[3])
    site = build_site(project, project / "site", pdf=True, now=NOW).site_dir  # the run's cache: the other events' PDFs
    folder = site / "kegiatan" / "2024-menjahit-1" / "dokumen"
    workspace = load_workspace(project, now=NOW)
    ready = [i for i, _ in document_pages(workspace, workspace.event("2024-menjahit-1"), render=False) if i.ready]
    assert {p.name for p in folder.glob("*.html")} == {f"{i.filename}.html" for i in ready}
    assert len(list(folder.glob("*.pdf"))) == len(ready)
    assert all(len(p.name.encode()) <= 100 for p in folder.iterdir())


region = st.builds(
    lambda kind, first, rest: f"{kind} {first}{rest}"[:200],
    st.sampled_from(["Kota", "Kabupaten"]),
    st.sampled_from("ABKMXÉ"),
    st.one_of(
        st.sampled_from(["", " 2", "-2", "a", "A", " a", LONG, "..."]),
        st.text(
            st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zl", "Zp", "Mn", "Lo", "So")), max_size=180
        ),
        st.text(alphabet="aAéÉ -.東😀", max_size=180),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(region, min_size=4, max_size=4))
def test_validates_implies_every_document_is_written(project: Path, names: list[str]):
    (project / EVENT).write_text(with_regions(names), encoding="utf-8")
    office = (REPO / "records" / "kantor.yaml").read_text(encoding="utf-8")
    (project / "records" / "kantor.yaml").write_text(office, encoding="utf-8")  # a fresh list each example
    allow_regions(project, names)
    workspace = load_workspace(project, now=NOW)
    if workspace.ok:
        ready, files = written(project)
        assert ready == files
