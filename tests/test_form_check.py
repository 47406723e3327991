"""The form's validator on the Python side, run here natively: generator/portal/form_check.py gives
`jejak validate --format json` of a record as the form would save it; the published copy it checks
against (editor_validator.py) holds the code, the data and the build's verdict on attachments, the
same bytes for the same repository; problems name the field as the form labels it."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from conftest import REPO, put
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from test_hostile_attachments import png_header

from generator.cli.main import main
from generator.portal import editor_validator, form_check
from generator.records import images
from generator.records.field_paths import keypath_at
from generator.records.labels import field_title
from generator.records.load import load_text
from generator.records.workspace import load_workspace

BAD = REPO / "tests" / "bad_records"


@pytest.fixture
def unpacked(project: Path, tmp_path: Path) -> Iterator[Path]:
    """The published copy of `project`, unpacked as the worker does, with form_check started on it."""
    bundle = editor_validator.repository_bundle(project, load_workspace(project))
    target = tmp_path / "unpacked"
    zipfile.ZipFile(io.BytesIO(bundle)).extractall(target)
    form_check.start(str(target / "data"))
    yield target / "data"
    form_check.stop()


def cli(root: Path, path: Path) -> list[dict]:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["validate", "--format", "json", "--repo", str(root), str(path)])
    return json.loads(out.getvalue() or "[]")


@pytest.mark.parametrize("name", ["2024-jadwal-terbalik", "2024-tempel-word", "2024-nomor-ganda", "2024-wilayah"])
def test_the_forms_check_is_jejak_validate(unpacked: Path, project: Path, name: str):
    data = (BAD / f"{name}.yaml").read_bytes()
    answer = json.loads(form_check.check(str(unpacked), f"records/2024/{name}.yaml", data.decode("utf-8")))
    (project / "records" / "2024" / f"{name}.yaml").write_bytes(data)
    assert answer["problems"] == cli(project, project / "records" / "2024" / f"{name}.yaml")
    assert answer["problems"] and all(p["field"] for p in answer["problems"])
    assert not (unpacked / "records" / "2024" / f"{name}.yaml").exists(), "the checked text is never left behind"


def clean_pdf(javascript: bool = False) -> bytes:
    """A one-page PDF written by pypdf; with an OpenAction running JavaScript when asked."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if javascript:
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
        writer._root_object[NameObject("/OpenAction")] = script
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_attachments_are_judged_by_the_build_and_uploads_here(project: Path, tmp_path: Path):
    scan = project / "lampiran" / "2024-menjahit-1" / "undangan.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(clean_pdf())
    fake = project / "lampiran" / "bukan.pdf"
    fake.write_bytes(b"GIF89a")
    verdicts = editor_validator.attachment_verdicts(project, load_workspace(project))
    assert verdicts["lampiran/2024-menjahit-1/undangan.pdf"] == [None, None, "PDF"]
    assert "isinya bukan PDF" in verdicts["lampiran/bukan.pdf"][0]
    bundle = zipfile.ZipFile(io.BytesIO(editor_validator.repository_bundle(project, load_workspace(project))))
    assert not [n for n in bundle.namelist() if n.endswith(".pdf")], "scans are judged, not copied"
    target = tmp_path / "unpacked"
    bundle.extractall(target)
    form_check.start(str(target / "data"))
    try:
        record = "records/2024/2024-menjahit-1.yaml"
        text = (project / record).read_text(encoding="utf-8")
        steps = "    lampiran:\n      - {berkas: lampiran/2024-menjahit-1/undangan.pdf}\n      - {berkas: lampiran/bukan.pdf}\n"
        edited = text.replace("  - no: 2\n", steps + "  - no: 2\n", 1)
        png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
        active = clean_pdf(javascript=True)
        added = "      - {berkas: lampiran/baru.png}\n      - {berkas: lampiran/aktif.pdf}\n"
        uploaded = edited.replace(steps, steps + added)
        files = {"lampiran/baru.png": png, "lampiran/aktif.pdf": active}
        answer = json.loads(form_check.check(str(target / "data"), record, uploaded, files))
        (project / record).write_text(uploaded, encoding="utf-8")
        (project / "lampiran" / "aktif.pdf").write_bytes(active)
        expected = cli(project, project / record)
        said = [p["message"] for p in answer["problems"]]
        assert said == [p["message"] for p in expected if "baru.png" not in p["message"]]  # CI decodes the PNG
        assert any("aktif.pdf' ditolak: PDF memuat" in m for m in said), said  # an uploaded PDF is judged here
        assert answer["images"] == ["lampiran/baru.png"]  # not decoded here: said in the form, CI decodes it
    finally:
        form_check.stop()


def test_the_published_copy_is_the_same_for_the_same_repository(project: Path):
    first = editor_validator.repository_bundle(project, load_workspace(project))
    again = editor_validator.repository_bundle(project, load_workspace(project))
    assert first == again
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "kode/generator/records/load.py" in names and "kode/generator/portal/form_check.py" in names
    assert "data/records/kantor.yaml" in names and "data/schema/kegiatan.schema.json" in names
    assert "data/schema/aset/logo-kota.svg" in names and f"data/{form_check.MANIFEST}" in names
    assert not [n for n in names if "documents" in n or "history" in n or n.endswith(".pyc")]


def test_without_pyodide_the_form_says_it_cannot_check(project: Path, tmp_path: Path):
    files = editor_validator.validator_files(project, load_workspace(project), (tmp_path,))
    assert [path for path, _ in files] == ["ubah/validator/manifest.json"]
    manifest = json.loads(files[0][1]["content"])
    assert manifest["tersedia"] is False and "make install" in manifest["sebab"]


TEXT = """kode: 2024-x
jadwal: {mulai: 2024-05-06, selesai: 2024-05-01}
langkah:
  - no: 1
    status: selesai
    catatan: ada NIK di sini  # komentar
  # baris komentar
  - no: 2
   \u00a0oleh: dedi
"""


@pytest.mark.parametrize(
    ("line", "column", "keypath"),
    [
        (2, 38, ("jadwal", "selesai")),  # a value in a flow map
        (2, 9, ("jadwal",)),  # the map itself
        (4, 5, ("langkah", 0)),  # where a step's map and its first key start: the step
        (5, 13, ("langkah", 0, "status")),
        (6, 20, ("langkah", 0, "catatan")),  # inside a text
        (6, 31, ("langkah", 0, "catatan")),  # in the comment after it
        (7, 3, None),  # a comment line: no field shows it
        (9, 4, ("langkah", 1, "oleh")),  # a pasted space in front of a key
        (1, 1, None),  # where the file and its first key start: the whole file
    ],
)
def test_a_position_names_its_field(line: int, column: int, keypath: tuple | None):
    assert keypath_at(load_text(TEXT, Path("x.yaml")), line, column) == keypath


def test_problems_name_their_field_as_the_form_labels_it(project: Path):
    put(project, "records/2024/2024-menjahit-1.yaml", "selesai: 2024-03-06}", "selesai: 2024-03-01}")
    found = load_workspace(project).problems
    schedule = next(p for p in found if "jadwal selesai" in p.message)
    assert (schedule.field, schedule.keypath) == ("Jadwal pelatihan › Selesai", ("jadwal", "selesai"))
    schema = load_workspace(project).schemas["penyelenggaraan-pelatihan"]
    assert field_title(schema, ("langkah", 0, "catatan")) == "Langkah 1 › Catatan"


def test_validate_names_the_field_in_text_json_and_github(project: Path, capsys):
    line = put(
        project,
        "records/2024/2024-menjahit-1.yaml",
        "catatan: Disetujui tanpa perubahan.",
        "catatan: Disetujui \u2013 tanpa perubahan.",
    )
    record = "records/2024/2024-menjahit-1.yaml"
    main(["validate", "--repo", str(project), str(project / record)])
    text = capsys.readouterr().out.splitlines()
    at = text.index(next(t for t in text if t.startswith(f"{record}:{line}:")))
    assert text[at + 1] == "  isian: Langkah 2 › Catatan"
    main(["validate", "--format", "github", "--repo", str(project), str(project / record)])
    assert "title=jejak karakter-tempelan (Langkah 2 › Catatan)" in capsys.readouterr().out


def jpeg_header(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims `width` x `height`."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
@pytest.mark.parametrize("size", [(4000, 3000), (4473, 4473), (7000, 7000), (20000, 1001), (65000, 65000)])
def test_the_browser_refuses_an_image_too_large_from_its_header_as_ci_does(kind: str, size: tuple[int, int]):
    """No Pillow in the browser: the size its header claims is refused with the same words; what only
    decoding finds (pixels missing behind the header) is left to CI, as the form says."""
    data = png_header(*size) if kind == "PNG" else jpeg_header(*size)
    assert images.header_size(data, kind) == size

    def said() -> str | None:
        try:
            images.strip_metadata(data, kind)
        except images.ImageRefused as refused:
            return str(refused)
        return None

    in_ci = said()
    images.BROWSER = True
    try:
        in_browser = said()
    finally:
        images.BROWSER = False
    if size[0] * size[1] > images.MAX_PIXELS:
        assert in_browser == in_ci and in_ci is not None and "terlalu besar" in in_ci
    else:
        assert in_browser is None and (in_ci is None or "tidak dapat dibaca" in in_ci)
